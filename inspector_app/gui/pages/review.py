"""Case review, keyboard first.

The form walks the case standards and their key questions in the framework's order. Each
question is one Tab stop: Y, N and A (or 1, 2 and 3) answer it and move on to the next;
Delete clears it. Ctrl+Enter or Ctrl+PgDn goes to the next case, Ctrl+PgUp to the previous
one, F8 to the next unanswered question; after any of these the focus lands on a question, never
nowhere. Unanswered questions carry a bar and the words "Not answered".

Beside the questions, two more tabs serve quality assurance: the case's QA comments (add,
reply, resolve) and its change history (who changed what, when, from what to what, and why),
which follows every edit and exports to CSV. The review status (Draft, Complete, QA checked,
Query raised) is chosen in the header; each move is one undoable change.
"""

from __future__ import annotations

import itertools
from uuid import UUID

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from inspector_app.core.document import AnswerValue, ReviewStatus
from inspector_app.core.errors import EditError
from inspector_app.core.qa import open_comments
from inspector_app.core.session import CompoundChange
from inspector_app.gui.dialogs import ask, choose
from inspector_app.gui.dialogs.mark_complete import MarkCompleteDialog
from inspector_app.gui.item_models.answers import CaseAnswersModel
from inspector_app.gui.item_models.cases import NOT_COMPLETE, OPEN_COMMENTS, CaseFilterProxy
from inspector_app.gui.item_models.roles import (
    AnswerRole,
    IdRole,
    ProgressRole,
    StatusRole,
    as_answer,
    as_status,
)
from inspector_app.gui.layout_memory import remember
from inspector_app.gui.theme import ACCENT, ATTENTION, BORDER, TEXT, TEXT_MUTED, scaled_font
from inspector_app.gui.widgets.answer_selector import AnswerSelector
from inspector_app.gui.widgets.bound import BoundLineEdit, BoundTextEdit, CaseFieldBinding
from inspector_app.gui.widgets.case_fields import CaseFieldCombo
from inspector_app.gui.widgets.case_history import CaseHistoryPanel
from inspector_app.gui.widgets.keyboard import no_tab_stop
from inspector_app.gui.widgets.layout import Card, muted, section_title
from inspector_app.gui.widgets.progress import COMPLETE_COLOUR
from inspector_app.gui.widgets.qa_comments import QaCommentsPanel
from inspector_app.gui.widgets.questions import KeyQuestionCard, QuestionRow
from inspector_app.gui.workspace import Page, Workspace

Index = QModelIndex | QPersistentModelIndex

QUESTIONS_TAB, QA_TAB, HISTORY_TAB = range(3)


class NavigatorDelegate(QStyledItemDelegate):
    """A case in the navigator: its reference, status and progress."""

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        return QSize(180, option.fontMetrics.height() * 2 + 16)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        reference = opt.text
        opt.text = ""
        style = opt.widget.style() if opt.widget else QStyle()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        answered, total = index.data(ProgressRole) or (0, 0)
        status = as_status(index.data(StatusRole))
        rect = opt.rect.adjusted(10, 6, -10, -6)
        line = opt.fontMetrics.height()
        counts = f"{answered}/{total}"
        counts_width = opt.fontMetrics.horizontalAdvance("00/00")
        first = QRect(rect.left(), rect.top(), rect.width(), line)
        second = QRect(rect.left(), rect.top() + line + 2, rect.width(), line)
        painter.save()
        bold = QFont(opt.font)
        bold.setWeight(QFont.Weight.DemiBold)
        painter.setFont(bold)
        painter.setPen(QColor(TEXT))
        painter.drawText(
            first.adjusted(0, 0, -counts_width - 8, 0), int(Qt.AlignmentFlag.AlignLeft), reference
        )
        painter.setFont(opt.font)
        painter.setPen(QColor(TEXT_MUTED))
        painter.drawText(first, int(Qt.AlignmentFlag.AlignRight), counts)
        painter.drawText(second, int(Qt.AlignmentFlag.AlignLeft), status.label if status else "")
        bar = QRect(second.right() - 60, second.center().y() - 2, 60, 5)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(BORDER))
        painter.drawRoundedRect(bar, 2, 2)
        if total and answered:
            done = QRect(bar)
            done.setWidth(max(4, int(bar.width() * answered / total)))
            painter.setBrush(QColor(COMPLETE_COLOUR if answered == total else ACCENT))
            painter.drawRoundedRect(done, 2, 2)
        painter.restore()


class ReviewPage(Page):
    def __init__(self, workspace: Workspace) -> None:
        super().__init__(workspace)
        self.framework = self.editor.framework
        self.session = self.editor.session
        self.answers = CaseAnswersModel(self.editor, self)
        self.proxy = CaseFilterProxy(workspace.case_model)
        self.case_id: UUID | None = None
        self._sample: str | None = None
        self.rows: dict[str, QuestionRow] = {}
        self.cards: list[KeyQuestionCard] = []
        self.selectors: list[AnswerSelector] = []
        self.jump_buttons: dict[str, QToolButton] = {}
        self.section_widgets: dict[str, QWidget] = {}
        self._current_row: QuestionRow | None = None

        outer = QHBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        outer.addWidget(splitter)
        splitter.addWidget(self._build_navigator())
        splitter.addWidget(self._build_form())
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([236, 800])
        remember(splitter, "review/splitter")

        self.answers.dataChanged.connect(self._answers_changed)
        self.answers.modelReset.connect(self._answers_reset)
        self.editor.bridge.caseFieldChanged.connect(self._case_field_changed)
        self.editor.bridge.valueChanged.connect(self._value_changed)
        QApplication.instance().focusChanged.connect(self._focus_changed)  # type: ignore[union-attr]
        self.proxy.modelReset.connect(self._ensure_case)
        self.proxy.rowsRemoved.connect(lambda *_: self._ensure_case())
        self.proxy.rowsInserted.connect(lambda *_: self._ensure_case())
        self._ensure_case()

    # -- building ----------------------------------------------------------------------------

    def _build_navigator(self) -> QWidget:
        panel = QFrame()
        panel.setMinimumWidth(210)
        panel.setMaximumWidth(320)
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(14, 16, 6, 12)
        layout.setSpacing(6)
        layout.addWidget(section_title("Cases", scale=1.1))
        self.find = QLineEdit()
        self.find.setPlaceholderText("Find a case")
        self.find.setAccessibleName("Find a case")
        self.find.setClearButtonEnabled(True)
        self.find.textChanged.connect(self.proxy.set_text)
        layout.addWidget(self.find)
        self.show_filter = QComboBox()
        self.show_filter.setAccessibleName("Show cases")
        self.show_filter.addItem("All cases", None)
        self.show_filter.addItem("Not yet complete", NOT_COMPLETE)
        for status in ReviewStatus:
            if status is not ReviewStatus.DRAFT:
                self.show_filter.addItem(status.label, status.value)
        self.show_filter.addItem("Open QA comments", OPEN_COMMENTS)
        self.show_filter.currentIndexChanged.connect(
            lambda _i: self.proxy.set_status(self.show_filter.currentData())
        )
        layout.addWidget(self.show_filter)
        self.navigator = QListView()
        self.navigator.setModel(self.proxy)
        self.navigator.setAccessibleName("Cases to review")
        self.navigator.setItemDelegate(NavigatorDelegate(self.navigator))
        self.navigator.setUniformItemSizes(True)
        self.navigator.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.navigator.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.navigator.selectionModel().currentChanged.connect(self._navigator_changed)
        layout.addWidget(self.navigator, 1)
        return panel

    def _build_form(self) -> QWidget:
        panel = QWidget()
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(10, 16, 20, 10)
        layout.setSpacing(10)
        header = Card(margins=12, spacing=8)
        top = QHBoxLayout()
        top.setSpacing(10)
        self.title = QLabel("No case")
        self.title.setFont(scaled_font(self.font(), 1.55, bold=True))
        self.title.setAccessibleName("Case")
        self.status_combo = QComboBox()
        self.status_combo.setAccessibleName("Review status")
        self.status_combo.setToolTip(
            "Draft, Complete, QA checked or Query raised. A query is added as a QA comment; "
            "a case is QA checked once it is complete and its comments are resolved."
        )
        for status in ReviewStatus:
            self.status_combo.addItem(status.label, status.value)
        self.status_combo.activated.connect(
            lambda row: self.set_status(ReviewStatus(self.status_combo.itemData(row)))
        )
        top.addWidget(self.title)
        top.addWidget(self.status_combo, 0, Qt.AlignmentFlag.AlignVCenter)
        top.addSpacing(8)
        self.progress_label = QLabel()
        self.progress_label.setAccessibleName("Progress")
        # Wraps rather than squeezing the case list when the window is narrow.
        self.progress_label.setWordWrap(True)
        top.addWidget(self.progress_label, 1)
        self.previous_button = QPushButton("◀ Previous")
        self.previous_button.setToolTip("Previous case (Ctrl+PgUp)")
        self.previous_button.setAccessibleName("Previous case")
        self.previous_button.clicked.connect(self.previous_case)
        self.next_button = QPushButton("Next ▶")
        self.next_button.setToolTip("Next case (Ctrl+PgDn or Ctrl+Enter)")
        self.next_button.setAccessibleName("Next case")
        self.next_button.clicked.connect(self.next_case)
        self.complete_button = QPushButton("Mark complete")
        self.complete_button.setProperty("primary", True)
        self.complete_button.setAccessibleName("Mark the case complete")
        self.complete_button.clicked.connect(self.toggle_complete)
        for button in (self.previous_button, self.next_button, self.complete_button):
            top.addWidget(button)
        header.body.addLayout(top)
        self.completion_note = muted("")
        self.completion_note.setStyleSheet(f"color: {ATTENTION};")
        header.body.addWidget(self.completion_note)
        header.body.addLayout(self._build_details())
        chips = QHBoxLayout()
        chips.setSpacing(6)
        self.chips_layout = chips
        chips_row = QHBoxLayout()
        chips_row.addLayout(chips)
        chips_row.addStretch(1)
        header.body.addLayout(chips_row)
        layout.addWidget(header)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        no_tab_stop(self.scroll)
        self.qa_panel = QaCommentsPanel(self.editor)
        self.history_panel = CaseHistoryPanel(self.editor)
        self.history_panel.message.connect(self.workspace.message)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.tabBar().setAccessibleName("Questions, QA comments or history")
        self.tabs.addTab(self.scroll, "&Questions")
        self.tabs.addTab(self.qa_panel, "QA co&mments")
        self.tabs.addTab(self.history_panel, "Hi&story")
        self.tabs.currentChanged.connect(self._tab_changed)
        layout.addWidget(self.tabs, 1)
        self.empty = muted("There are no cases to review yet. Add cases on the Cases page.")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.empty)
        self.form_panel = panel
        return panel

    def _build_details(self) -> QGridLayout:
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(2)
        self.reference_binding = CaseFieldBinding(self.editor, "reference", self)
        self.reference = BoundLineEdit(self.reference_binding)
        self.reference.setAccessibleName("Case reference")
        self.inspector = CaseFieldCombo(self.editor, "inspector", None, editable=True)
        self.inspector.setAccessibleName("Reviewing inspector")
        self.inspector.set_choices(self._team())
        fields: list[tuple[str, QWidget]] = [
            ("&Reference", self.reference),
            ("&Inspector", self.inspector),
        ]
        self.attribute_combos: dict[str, CaseFieldCombo] = {}
        for attribute in self.framework.attributes:
            combo = CaseFieldCombo(
                self.editor,
                f"attributes.{attribute.id}",
                attribute.values,
                editable=attribute.values is None,
            )
            combo.setAccessibleName(attribute.label)
            self.attribute_combos[attribute.id] = combo
            fields.append((attribute.label, combo))
        per_row = 3
        for number, (label_text, widget) in enumerate(fields):
            row, column = divmod(number, per_row)
            label = QLabel(label_text)
            label.setObjectName("Muted")
            label.setBuddy(widget)
            grid.addWidget(label, row * 2, column)
            grid.addWidget(widget, row * 2 + 1, column)
        for column in range(per_row):
            grid.setColumnStretch(column, 1)
        self.detail_fields = [widget for _, widget in fields]
        return grid

    def _team(self) -> list[str]:
        meta = self.editor.document.meta
        return [n for n in dict.fromkeys(x.strip() for x in [meta.lead_inspector, *meta.team]) if n]

    def _build_questions(self, sample: str | None) -> None:
        """The question cards for a sample; rebuilt only when the sample changes."""
        self._sample = sample
        old = self.scroll.takeWidget()
        if old is not None:
            old.deleteLater()
        for button in self.jump_buttons.values():
            self.chips_layout.removeWidget(button)
            button.deleteLater()
        self.rows, self.cards, self.selectors = {}, [], []
        self.jump_buttons, self.section_widgets = {}, {}
        self._current_row = None
        content = QWidget()
        content.setObjectName("FormSurface")
        layout = QVBoxLayout(content)
        layout.setContentsMargins(0, 0, 6, 12)
        layout.setSpacing(10)
        if sample is not None:
            model = self.answers
            for number in model.top:
                group = model.nodes[number]
                heading = self._section_heading(group.id, group.kind)
                layout.addWidget(heading)
                self.section_widgets[group.id] = heading
                for child in group.children:
                    node = model.nodes[child]
                    prompts = [model.nodes[p] for p in node.children]
                    card = KeyQuestionCard(self.editor, node, prompts, content)
                    # The first card of a section scrolls into view with the section's title.
                    card.heading = heading if child == group.children[0] else None
                    for row in card.rows:
                        row.answerChosen.connect(self._answer_chosen)
                        row.selector.advanceRequested.connect(
                            lambda s=row.selector: self.focus_after(s)
                        )
                        row.selector.refused.connect(self.workspace.message)
                        self.rows[row.node.id] = row
                        self.selectors.append(row.selector)
                    self.cards.append(card)
                    layout.addWidget(card)
                button = QToolButton()
                button.setObjectName("JumpChip")
                button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
                button.setToolTip(f"Go to {heading.accessibleName()}")
                button.clicked.connect(lambda _c=False, g=group.id: self.jump_to(g))
                self.jump_buttons[group.id] = button
                self.chips_layout.addWidget(button)
            notes_heading = section_title("Case notes", scale=1.1)
            layout.addWidget(notes_heading)
            self.notes_binding = CaseFieldBinding(self.editor, "notes", self)
            self.case_notes = BoundTextEdit(self.notes_binding, content, min_lines=3)
            self.case_notes.setAccessibleName("Case notes")
            self.case_notes.setPlaceholderText("Anything about the case as a whole")
            layout.addWidget(self.case_notes)
        layout.addStretch(1)
        self.scroll.setWidget(content)
        self._set_tab_order()

    def _section_heading(self, group_id: str, kind: str) -> QWidget:
        widget = QWidget()
        layout = QVBoxLayout(widget)
        layout.setContentsMargins(2, 8, 0, 0)
        layout.setSpacing(2)
        if kind == "outcomes":
            title = "Outcomes"
            statement = "Recorded for every case and reported in the narrative; not rated."
        else:
            standard = self.framework.standards_by_id[group_id]
            title = f"{standard.id} {standard.title}"
            statement = standard.statement
        widget.setAccessibleName(title)
        layout.addWidget(section_title(title, scale=1.2))
        layout.addWidget(muted(statement))
        return widget

    def _set_tab_order(self) -> None:
        chain: list[QWidget] = [self.find, self.show_filter, self.navigator]
        chain += [self.reference, self.inspector, *self.attribute_combos.values()]
        chain += [self.status_combo, self.previous_button, self.next_button, self.complete_button]
        chain += list(self.jump_buttons.values())
        chain.append(self.tabs.tabBar())
        for card in self.cards:
            chain += [row.selector for row in card.rows]
            chain.append(card.note)
        if self._sample is not None:
            chain.append(self.case_notes)
        qa, history = self.qa_panel, self.history_panel
        chain += [qa.table, qa.resolve_button, qa.new_comment, qa.add_button]
        chain += [history.export_button, history.table]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    # -- showing a case ------------------------------------------------------------------------

    def focus_target(self) -> QWidget | None:
        if self.case_id is None:
            return self.navigator
        if self.tabs.currentIndex() == QA_TAB:
            return self.qa_panel.new_comment
        if self.tabs.currentIndex() == HISTORY_TAB:
            return self.history_panel.table
        return self.first_unanswered() or (self.selectors[0] if self.selectors else self.navigator)

    def _ensure_case(self) -> None:
        """Keep a case on show whenever there is one."""
        if self.case_id is not None:
            try:
                self.session.case(self.case_id)
                self._select_in_navigator(self.case_id)
                return
            except EditError:
                self.case_id = None
        if self.proxy.rowCount():
            self.show_case(self.proxy.index(0, 0).data(IdRole), focus=False)
        elif self.session.cases:
            self.show_case(self.session.cases[0].id, focus=False)
        else:
            self._show_nothing()

    def _show_nothing(self) -> None:
        self.case_id = None
        self.answers.set_case(None)
        self._build_questions(None)
        self.title.setText("No case")
        self.reference_binding.set_case(None)
        self.inspector.set_case(None)
        for combo in self.attribute_combos.values():
            combo.set_case(None)
        self.qa_panel.set_case(None)
        self.history_panel.set_case(None)
        self.tabs.hide()
        self.empty.show()
        self._refresh_header()

    def show_case(
        self, case_id: UUID, question_id: str | None = None, *, focus: bool = True
    ) -> None:
        self.editor.commit_pending()
        case = self.session.case(case_id)
        self.case_id = case_id
        if case.sample != self._sample:
            self.answers.set_case(case_id)
            self._build_questions(case.sample)
        else:
            self.answers.set_case(case_id)
        self.tabs.show()
        self.empty.hide()
        if question_id is not None:
            self.tabs.setCurrentIndex(QUESTIONS_TAB)
        self.qa_panel.set_case(case_id)
        self.history_panel.set_case(case_id)
        self.reference_binding.set_case(case_id)
        self.inspector.set_choices(self._team())
        self.inspector.set_case(case_id)
        applicable = {a.id for a in self.framework.attributes_for_sample(case.sample)}
        for attribute_id, combo in self.attribute_combos.items():
            combo.set_case(case_id if attribute_id in applicable else None)
        for card in self.cards:
            card.note_binding.set_case(case_id)
        self.notes_binding.set_case(case_id)
        self._refresh_rows()
        self._refresh_header()
        self._select_in_navigator(case_id)
        if focus:
            target = (
                self.rows[question_id].selector
                if question_id in self.rows and self.tabs.currentIndex() == QUESTIONS_TAB
                else self.focus_target()
            )
            if target is not None:
                target.setFocus(Qt.FocusReason.OtherFocusReason)
                self._ensure_visible(target)
        else:
            self.scroll.verticalScrollBar().setValue(0)

    def _select_in_navigator(self, case_id: UUID) -> None:
        index = self.proxy.mapFromSource(self.workspace.case_model.index_of(case_id))
        if index.isValid() and self.navigator.currentIndex() != index:
            self.navigator.selectionModel().blockSignals(True)
            self.navigator.setCurrentIndex(index)
            self.navigator.selectionModel().blockSignals(False)
            self.navigator.viewport().update()
        if index.isValid():
            self.navigator.scrollTo(index)

    def _navigator_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        case_id = current.data(IdRole) if current.isValid() else None
        if case_id is not None and case_id != self.case_id:
            self.show_case(case_id, focus=False)

    # -- from the document ---------------------------------------------------------------------

    def _refresh_rows(self) -> None:
        case = self.answers.case
        for question_id, row in self.rows.items():
            row.set_value(case.value_of(question_id) if case is not None else None)

    def _answers_changed(self, top_left: QModelIndex, bottom_right: QModelIndex) -> None:
        parent = top_left.parent()
        for row_number in range(top_left.row(), bottom_right.row() + 1):
            index = self.answers.index(row_number, 0, parent)
            node = self.answers.node(index)
            if node is not None and node.id in self.rows:
                self.rows[node.id].set_value(as_answer(index.data(AnswerRole)))
        self._refresh_header()

    def _answers_reset(self) -> None:
        if self.answers.case_id is None and self.case_id is not None:
            self.case_id = None
            self._ensure_case()

    def _case_field_changed(self, case_id: UUID, _field: str) -> None:
        if case_id == self.case_id:
            self._refresh_header()

    def _value_changed(self, path: tuple[str, ...]) -> None:
        if path[0] == "meta":
            self.inspector.set_choices(self._team())
            self.inspector.refresh()

    def _refresh_header(self) -> None:
        case = self.answers.case
        has_case = case is not None
        for widget in (self.previous_button, self.next_button, self.complete_button):
            widget.setEnabled(has_case)
        self._refresh_tab_titles()
        if case is None:
            self.status_combo.hide()
            self.progress_label.setText("")
            self.completion_note.hide()
            return
        self.title.setText(case.reference)
        self.title.setAccessibleDescription(f"Case {case.reference}")
        self.status_combo.show()
        row = self.status_combo.findData(case.status.value)
        if self.status_combo.currentIndex() != row:
            self.status_combo.setCurrentIndex(row)
        answered, total = self.session.case_progress(case)
        remaining = total - answered
        text = f"{answered} of {total} answered"
        if remaining:
            text += f"\u00a0·\u00a0{remaining}\u00a0to\u00a0go"
        self.progress_label.setText(text)
        self.progress_label.setToolTip(f"{answered} of {total} key questions answered")
        self.completion_note.setVisible(bool(case.completion_note))
        self.completion_note.setText(f"Marked complete with gaps. Reason: {case.completion_note}")
        if case.status is ReviewStatus.DRAFT:
            self.complete_button.setText("Mark complete")
            self.complete_button.setToolTip("Mark the case complete (Ctrl+Shift+M)")
        else:
            self.complete_button.setText("Reopen")
            self.complete_button.setToolTip("Set the case back to draft to keep working on it")
        for group_id, button in self.jump_buttons.items():
            index = self.answers.question_index(group_id)
            done, count = index.data(ProgressRole) or (0, 0)
            label = self.section_widgets[group_id].accessibleName()
            short = label.split(" ", 1)[1] if group_id != "outcomes" else label
            button.setText(f"{short} {done}/{count}")
            button.setAccessibleName(f"{label}: {done} of {count} answered")
            complete = count > 0 and done == count
            if button.property("complete") != complete:
                button.setProperty("complete", complete)
                button.style().unpolish(button)
                button.style().polish(button)

    def _refresh_tab_titles(self) -> None:
        case = self.answers.case
        comments = case.qa_comments if case is not None else []
        still_open = len(open_comments(case)) if case is not None else 0
        if still_open:
            qa_title = f"QA co&mments ({still_open} open)"
        elif comments:
            qa_title = f"QA co&mments ({len(comments)})"
        else:
            qa_title = "QA co&mments"
        if self.tabs.tabText(QA_TAB) != qa_title:
            self.tabs.setTabText(QA_TAB, qa_title)

    def _tab_changed(self, index: int) -> None:
        if index == QUESTIONS_TAB:
            return
        target = self.focus_target()
        if target is not None and not self.tabs.tabBar().hasFocus():
            target.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_tab(self, index: int) -> None:
        self.tabs.setCurrentIndex(index)

    # -- review status ---------------------------------------------------------------------

    def set_status(self, status: ReviewStatus) -> bool:
        """Move the case on show to ``status``, asking what each move needs: a reason for gaps
        (Complete), the query (Query raised), or leave to resolve open comments (QA checked)."""
        case = self.answers.case
        if case is None or case.status is status:
            self._refresh_header()
            return False
        if status is ReviewStatus.DRAFT:
            done = self.reopen()
        elif status is ReviewStatus.COMPLETE:
            done = self.mark_complete()
        elif status is ReviewStatus.QA_CHECKED:
            done = self._mark_qa_checked(case.id, case.reference, len(open_comments(case)))
        else:
            done = self._raise_query(case.id, case.reference)
        self._refresh_header()
        if done:
            self.workspace.message.emit(f"{case.reference}: {status.label}")
        return done

    def _mark_qa_checked(self, case_id: UUID, reference: str, still_open: int) -> bool:
        resolve = False
        if still_open:
            plural = "s" if still_open != 1 else ""
            if not ask.confirm(
                self,
                "Mark the case QA checked?",
                f"{reference} has {still_open} open QA comment{plural}. Mark the case QA "
                f"checked and the comment{plural} resolved? Undo reverses both.",
                "Resolve and mark QA checked",
            ):
                return False
            resolve = True
        session = self.session
        return self.editor.run(
            lambda: session.review_status_change(
                case_id, ReviewStatus.QA_CHECKED, resolve_open_comments=resolve
            )
        )

    def _raise_query(self, case_id: UUID, reference: str) -> bool:
        query = choose.text(
            self,
            f"Raise a query on {reference}",
            "The query, for the inspector who reviewed the case (it is added as a QA comment):",
        )
        if query is None:
            return False
        session = self.session
        if self.editor.run(
            lambda: session.review_status_change(case_id, ReviewStatus.QUERY_RAISED, query)
        ):
            self.tabs.setCurrentIndex(QA_TAB)
            return True
        return False

    # -- answering -----------------------------------------------------------------------------

    def _answer_chosen(self, question_id: str, value: AnswerValue | None) -> None:
        index = self.answers.question_index(question_id, 1)
        self.answers.setData(index, value, AnswerRole)

    def focus_after(self, selector: AnswerSelector) -> None:
        """After an answer from the keyboard: the next question, or Mark complete at the end."""
        try:
            position = self.selectors.index(selector)
        except ValueError:
            return
        if position + 1 < len(self.selectors):
            target: QWidget = self.selectors[position + 1]
        else:
            target = self.complete_button
        target.setFocus(Qt.FocusReason.TabFocusReason)
        self._ensure_visible(target)

    def first_unanswered(self, after: int = -1) -> AnswerSelector | None:
        """The first unanswered key question or outcome after position ``after``, wrapping."""
        case = self.answers.case
        if case is None:
            return None
        order = self.selectors[after + 1 :] + self.selectors[: after + 1]
        for selector in order:
            row = self.rows[selector.question_id]
            if row.node.kind != "prompt" and case.value_of(selector.question_id) is None:
                return selector
        return None

    def next_unanswered(self) -> bool:
        self.tabs.setCurrentIndex(QUESTIONS_TAB)
        current = QApplication.focusWidget()
        position = self.selectors.index(current) if current in self.selectors else -1
        target = self.first_unanswered(position)
        if target is None:
            self.workspace.message.emit("Every key question and outcome of this case is answered")
            return False
        target.setFocus(Qt.FocusReason.OtherFocusReason)
        self._ensure_visible(target)
        return True

    def jump_to(self, group_id: str) -> None:
        self.tabs.setCurrentIndex(QUESTIONS_TAB)
        group = self.answers.question_index(group_id)
        node = self.answers.node(group)
        if node is None:
            return
        ids = [self.answers.nodes[c].id for c in node.children]
        case = self.answers.case
        target = next(
            (i for i in ids if case is not None and case.value_of(i) is None),
            ids[0] if ids else None,
        )
        if target in self.rows:
            selector = self.rows[target].selector
            self.scroll.ensureWidgetVisible(self.section_widgets[group_id], 0, 0)
            selector.setFocus(Qt.FocusReason.OtherFocusReason)
            self._ensure_visible(selector)

    # -- moving between cases ------------------------------------------------------------------

    def _step(self, delta: int) -> bool:
        if self.case_id is None:
            return False
        index = self.proxy.mapFromSource(self.workspace.case_model.index_of(self.case_id))
        row = index.row() + delta if index.isValid() else 0
        if not 0 <= row < self.proxy.rowCount():
            self.workspace.message.emit(
                "This is the last case" if delta > 0 else "This is the first case"
            )
            return False
        self.show_case(self.proxy.index(row, 0).data(IdRole))
        return True

    def next_case(self) -> bool:
        return self._step(1)

    def previous_case(self) -> bool:
        return self._step(-1)

    def toggle_complete(self) -> None:
        case = self.answers.case
        if case is None:
            return
        if case.status is not ReviewStatus.DRAFT:
            self.reopen()
            return
        self.mark_complete()

    def mark_complete(self) -> bool:
        case = self.answers.case
        if case is None:
            return False
        gaps = self.session.case_gaps(case)
        reason = ""
        if gaps:
            answer = MarkCompleteDialog.ask_reason(case.reference, gaps, self)
            if answer is None:
                return False
            reason = answer
        if self.editor.mark_complete(case.id, reason):
            self.workspace.message.emit(f"{case.reference} marked complete")
            return True
        return False

    def reopen(self) -> bool:
        case = self.answers.case
        if case is None:
            return False
        parts = [
            change
            for change in (
                self.session.case_field_change(case.id, "status", ReviewStatus.DRAFT),
                self.session.case_field_change(case.id, "completion_note", ""),
            )
            if change is not None
        ]
        if not parts:
            return False
        return self.editor.push(CompoundChange(tuple(parts), f"Reopen {case.reference}"))

    # -- focus -----------------------------------------------------------------------------

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        row = None
        widget = new
        while widget is not None and widget is not self:
            if isinstance(widget, QuestionRow):
                row = widget
                break
            if isinstance(widget, KeyQuestionCard):
                row = widget.rows[0]
                break
            widget = widget.parentWidget()
        if widget is None:
            return  # focus went somewhere outside this page
        if row is not self._current_row:
            if self._current_row is not None:
                self._current_row.set_current(False)
            self._current_row = row
            if row is not None:
                row.set_current(True)
        if row is not None:
            question = self.framework.questions.get(row.node.id)
            group = (
                question.standard_id
                if question is not None and question.standard_id
                else "outcomes"
            )
            for group_id, button in self.jump_buttons.items():
                current = group_id == group
                if button.property("current") != current:
                    button.setProperty("current", current)
                    button.style().unpolish(button)
                    button.style().polish(button)
            if new is not None:
                self._ensure_visible(new)

    def _ensure_visible(self, widget: QWidget) -> None:
        row = widget
        while row is not None and not isinstance(row, QuestionRow | KeyQuestionCard):
            row = row.parentWidget()
        target = row if isinstance(row, QuestionRow) else widget
        content = self.scroll.widget()
        if content is None or not content.isAncestorOf(target):
            return
        card = target.parentWidget()
        if isinstance(card, KeyQuestionCard) and target is card.rows[0]:
            # A key question: show its card from the top, prompts and evidence with it.
            top = card.mapTo(content, card.rect().topLeft()).y()
            heading = card.heading
            if heading is not None:
                top = heading.mapTo(content, heading.rect().topLeft()).y()
            bar = self.scroll.verticalScrollBar()
            if (
                top < bar.value()
                or top + min(card.height(), bar.pageStep()) > bar.value() + bar.pageStep()
            ):
                bar.setValue(max(0, top - 8))
            return
        self.scroll.ensureWidgetVisible(target, 0, 40)
