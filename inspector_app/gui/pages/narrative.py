"""The report's narrative: foreword, recommendations, background, feedback, diversity and
inclusion, outcomes, and progress on the previous inspection's recommendations."""

from __future__ import annotations

from collections.abc import Hashable

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QScrollArea,
    QSplitter,
    QTableView,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from inspector_app.core.document import ProgressCategory
from inspector_app.gui.editing import DocumentEditor
from inspector_app.gui.item_models.dashboard import (
    COUNTS,
    NAME,
    PERCENT,
    DashboardModel,
    OutcomeHeaders,
)
from inspector_app.gui.item_models.lists import StringListModel
from inspector_app.gui.item_models.previous import (
    ACTION,
    PROGRESS,
    RECOMMENDATION,
    STILL_REQUIRED,
    PreviousRecommendationsModel,
)
from inspector_app.gui.item_models.recommendations import RecommendationsModel
from inspector_app.gui.layout_memory import remember
from inspector_app.gui.pages.dashboard import ROW_HEIGHT, DashboardNameDelegate
from inspector_app.gui.widgets.bound import (
    BoundLineEdit,
    BoundTextEdit,
    CallableBinding,
    ValueBinding,
)
from inspector_app.gui.widgets.bullet_list import BulletListEditor
from inspector_app.gui.widgets.keyboard import leave_on_tab, no_tab_stop
from inspector_app.gui.widgets.layout import add_list_and_panels, muted, section_title
from inspector_app.gui.widgets.text_delegate import WrappedTextDelegate, WrappingTreeView
from inspector_app.gui.workspace import Page, Workspace

PARAGRAPH_HINT = "Separate paragraphs with a blank line; start a line with “- ” for a bullet point."


def _scrolling(content: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    no_tab_stop(area)
    content.setObjectName("FormSurface")
    area.setWidget(content)
    return area


class Section(QWidget):
    """A narrative section: a title, a line on what belongs there, then its editors."""

    def __init__(self, title: str, description: str) -> None:
        super().__init__()
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(4, 0, 16, 16)
        self.body.setSpacing(8)
        self.body.addWidget(section_title(title, scale=1.45))
        self.body.addWidget(muted(description))

    def text_field(
        self,
        editor: DocumentEditor,
        path: tuple[str, ...],
        label: str,
        *,
        lines: int = 10,
        placeholder: str = "",
        expand: bool = False,
    ) -> BoundTextEdit:
        """A paragraph field. ``expand`` lets the section's main text take the spare height."""
        title = QLabel(label)
        title.setObjectName("SectionTitle")
        font = title.font()
        font.setWeight(font.Weight.DemiBold)
        title.setFont(font)
        binding = ValueBinding(editor, path, f"Edit {label.lower()}", parent=self)
        field = (
            BoundTextEdit(binding, min_lines=lines)
            if expand
            else BoundTextEdit(binding, lines=lines)
        )
        field.setAccessibleName(label)
        field.setPlaceholderText(placeholder or PARAGRAPH_HINT)
        title.setBuddy(field)
        self.body.addWidget(title)
        self.body.addWidget(field, 1 if expand else 0)
        return field


class NarrativePage(Page):
    SECTIONS = (
        ("foreword", "Foreword"),
        ("recommendations", "Recommendations"),
        ("background", "Background"),
        ("feedback", "Feedback from people on probation"),
        ("diversity", "Diversity and inclusion"),
        ("outcomes", "Outcomes"),
        ("previous", "Previous recommendations"),
    )

    def __init__(self, workspace: Workspace) -> None:
        super().__init__(workspace)
        outer = QHBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        remember(splitter, "narrative/splitter")
        outer.addWidget(splitter)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(14, 16, 6, 12)
        left_layout.addWidget(section_title("Report narrative", scale=1.1))
        self.sections = QListWidget()
        self.sections.setObjectName("SectionList")
        self.sections.setAccessibleName("Narrative sections")
        for _key, title in self.SECTIONS:
            self.sections.addItem(title)
        for row in range(self.sections.count()):
            self.sections.item(row).setSizeHint(QSize(180, 34))
        left_layout.addWidget(self.sections, 1)
        self.stack = add_list_and_panels(splitter, left, width=(280, 320), initial=296)
        self._builders = {
            "foreword": self._foreword,
            "recommendations": self._recommendations,
            "background": self._background,
            "feedback": self._feedback,
            "diversity": lambda: self._findings(
                "diversity",
                "Diversity and inclusion",
                "How well the unit meets the needs of people with protected characteristics, "
                "and how it supports a diverse workforce.",
            ),
            "outcomes": self._outcomes,
            "previous": self._previous,
        }
        self.built: dict[str, QWidget] = {}
        self.sections.currentRowChanged.connect(self._section_changed)
        self.sections.setCurrentRow(0)

    def focus_target(self) -> QWidget:
        return self.sections

    def show_section(self, key: str) -> QWidget:
        row = [k for k, _ in self.SECTIONS].index(key)
        self.sections.setCurrentRow(row)
        return self.built[key]

    def _section_changed(self, row: int) -> None:
        if row < 0:
            return
        key = self.SECTIONS[row][0]
        widget = self.built.get(key)
        if widget is None:
            widget = self.built[key] = self._builders[key]()
            self.stack.addWidget(widget)
        self.stack.setCurrentWidget(widget)

    # -- sections ------------------------------------------------------------------------------

    def _foreword(self) -> QWidget:
        section = Section(
            "Foreword", "The chief inspector's introduction to the report, and who signs it."
        )
        section.text_field(
            self.editor, ("narrative", "foreword"), "Foreword", lines=12, expand=True
        )
        signatory = QLabel("Signed by")
        field = BoundLineEdit(
            ValueBinding(
                self.editor, ("narrative", "foreword_signatory"), "Edit signatory", parent=section
            )
        )
        field.setAccessibleName("Foreword signed by")
        field.setPlaceholderText("Name and title")
        signatory.setBuddy(field)
        row = QFormLayout()
        row.addRow(signatory, field)
        section.body.addLayout(row)
        section.text_field(
            self.editor, ("narrative", "acknowledgements"), "Acknowledgements", lines=4
        )
        return _scrolling(section)

    def _background(self) -> QWidget:
        section = Section(
            "Background",
            "The unit, its area and caseload, and how the inspection was carried out.",
        )
        facts = muted("")
        section.body.addWidget(facts)

        def update_facts(*_args: object) -> None:
            facts.setText(background_facts(self.editor))

        # Only changes that can alter the facts; never every answer.
        bridge = self.editor.bridge
        bridge.casesInserted.connect(update_facts)
        bridge.casesRemoved.connect(update_facts)
        bridge.casesReset.connect(update_facts)
        bridge.caseFieldChanged.connect(
            lambda _case, field: field == "attributes.sentence_type" and update_facts()
        )
        bridge.valueChanged.connect(lambda path: path[0] == "meta" and update_facts())
        update_facts()
        section.text_field(
            self.editor, ("narrative", "background"), "Background", lines=12, expand=True
        )
        return _scrolling(section)

    def _feedback(self) -> QWidget:
        section = Section(
            "Feedback from people on probation",
            "What people on probation told the inspection about the service they received.",
        )
        section.text_field(
            self.editor, ("narrative", "feedback"), "Feedback", lines=12, expand=True
        )
        return _scrolling(section)

    def _findings(
        self, key: str, title: str, description: str, extra: QWidget | None = None
    ) -> QWidget:
        section = Section(title, description)
        if extra is not None:
            section.body.addWidget(extra)
        section.text_field(self.editor, ("narrative", key, "summary"), "Summary", lines=6)
        for field, label, item in (
            ("strengths", "Strengths", "strength"),
            ("areas_for_improvement", "Areas for improvement", "area for improvement"),
        ):
            model = StringListModel(self.editor, ("narrative", key, field), item, section)
            section.body.addWidget(BulletListEditor(model, label))
        section.body.addStretch(1)
        return _scrolling(section)

    def _outcomes(self) -> QWidget:
        model: DashboardModel = self.workspace.dashboard_model
        outcomes = model.index_of("outcomes", "outcomes")
        figures: QTreeView | None = None
        if outcomes.isValid():
            headers = OutcomeHeaders(self)
            headers.setSourceModel(model)
            figures = QTreeView()
            figures.setAccessibleName("Outcome figures")
            figures.setModel(headers)
            figures.setRootIndex(headers.mapFromSource(outcomes))
            figures.setRootIsDecorated(False)
            figures.setUniformRowHeights(True)
            figures.setItemDelegate(DashboardNameDelegate(figures))
            figures.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            figures.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            for column in range(model.columnCount()):
                figures.setColumnHidden(column, column not in (NAME, PERCENT, COUNTS))
            header = figures.header()
            header.setStretchLastSection(False)
            header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
            header.resizeSection(PERCENT, 70)
            header.resizeSection(COUNTS, 130)
            rows = model.rowCount(outcomes)
            figures.setFixedHeight(ROW_HEIGHT * rows + header.sizeHint().height() + 6)
        return self._findings(
            "outcomes",
            "Outcomes",
            "Whether the people on probation in the sample made progress. Outcomes are reported "
            "as strengths and areas for improvement; they are not rated.",
            figures,
        )

    def _recommendations(self) -> QWidget:
        section = Section(
            "Recommendations",
            "Grouped by who they are addressed to and numbered within each group, as in the "
            "report. Enter or double-click edits; Alt+Up and Alt+Down move.",
        )
        self.recommendations = RecommendationsModel(self.editor, section)
        tree = WrappingTreeView()
        tree.setModel(self.recommendations)
        tree.setAccessibleName("Recommendations")
        tree.setHeaderHidden(True)
        tree.setUniformRowHeights(False)
        tree.setWordWrap(True)
        tree.setIndentation(22)
        tree.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        tree.setRootIsDecorated(False)
        tree.setItemDelegate(
            WrappedTextDelegate(
                tree,
                placeholder="(empty)",
                # Numbered within each group, with the number hanging beside the text.
                bullet=lambda index: f"{index.row() + 1}." if index.parent().isValid() else "",
                gap_above=lambda index: 10 if not index.parent().isValid() and index.row() else 0,
                text=lambda index: (
                    str(index.data(Qt.ItemDataRole.EditRole) or "")
                    if index.parent().isValid()
                    else str(index.data(Qt.ItemDataRole.DisplayRole) or "")
                ),
            )
        )
        tree.expandAll()
        self.recommendations.rowsInserted.connect(
            lambda parent, *_: tree.expand(parent) if parent.isValid() else tree.expandAll()
        )
        self.recommendations.modelReset.connect(tree.expandAll)
        self.recommendations_view = tree
        tools = QHBoxLayout()
        tools.setSpacing(2)

        def tool(text: str, tip: str, slot) -> QToolButton:
            button = QToolButton()
            button.setObjectName("ListTool")
            button.setText(text)
            button.setToolTip(tip)
            button.setAccessibleName(text)
            button.clicked.connect(slot)
            tools.addWidget(button)
            return button

        tool("Add addressee", "A new group of recommendations for another body", self._add_group)
        tool(
            "Add recommendation",
            "A recommendation in the selected group (Insert)",
            self._add_recommendation,
        )
        tool(
            "Remove",
            "Remove the selected recommendation or group (Delete)",
            self._remove_recommendation,
        )
        tool("Move up", "Alt+Up", lambda: self._move_recommendation(-1))
        tool("Move down", "Alt+Down", lambda: self._move_recommendation(1))
        tools.addStretch(1)
        section.body.addLayout(tools)
        section.body.addWidget(tree, 1)
        for sequence, slot in (
            ("Insert", self._add_recommendation),
            ("Delete", self._remove_recommendation),
            ("Alt+Up", lambda: self._move_recommendation(-1)),
            ("Alt+Down", lambda: self._move_recommendation(1)),
        ):
            shortcut = QShortcut(QKeySequence(sequence), tree)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(slot)
        if self.recommendations.rowCount():
            tree.setCurrentIndex(self.recommendations.index(0, 0))
        return section

    def _add_group(self) -> None:
        model = self.recommendations
        addressee = "" if model.rowCount() else self.editor.document.meta.unit
        if model.add_group(model.rowCount(), addressee):
            index = model.index(model.rowCount() - 1, 0)
            self.recommendations_view.setCurrentIndex(index)
            self.recommendations_view.edit(index)

    def _add_recommendation(self) -> None:
        model, view = self.recommendations, self.recommendations_view
        current = view.currentIndex()
        if model.rowCount() == 0:
            model.add_group(0, self.editor.document.meta.unit)
            current = model.index(0, 0)
        group_row = model.group_row(current) if current.isValid() else model.rowCount() - 1
        group = model.index(group_row, 0)
        at = (
            current.row() + 1
            if current.isValid() and not model.is_group(current)
            else model.rowCount(group)
        )
        if model.add_recommendation(group_row, at):
            view.expand(group)
            index = model.index(at, 0, model.index(group_row, 0))
            view.setCurrentIndex(index)
            view.edit(index)

    def _remove_recommendation(self) -> None:
        index = self.recommendations_view.currentIndex()
        if index.isValid():
            self.recommendations.remove(index)

    def _move_recommendation(self, delta: int) -> None:
        view, model = self.recommendations_view, self.recommendations
        index = view.currentIndex()
        if not index.isValid():
            return
        group = model.is_group(index)
        group_row = model.group_row(index)
        row = index.row()
        if model.move(index, delta):
            if group:
                view.setCurrentIndex(model.index(row + delta, 0))
            else:
                view.setCurrentIndex(model.index(row + delta, 0, model.index(group_row, 0)))

    def _previous(self) -> QWidget:
        section = Section(
            "Progress on previous recommendations",
            "For each recommendation of the last inspection: what was done and its impact, how "
            "much progress was made, and whether improvement is still required.",
        )
        section.text_field(
            self.editor,
            ("narrative", "previous_inspection"),
            "The previous inspection",
            lines=3,
            placeholder="When the unit was last inspected, and what that inspection found",
        )
        model = PreviousRecommendationsModel(self.editor, section)
        self.previous_model = model
        table = QTableView()
        leave_on_tab(table)
        table.setModel(model)
        table.setAccessibleName("Previous recommendations")
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setWordWrap(False)
        table.setAlternatingRowColors(True)
        table.verticalHeader().hide()
        table.verticalHeader().setDefaultSectionSize(30)
        header = table.horizontalHeader()
        header.setSectionResizeMode(RECOMMENDATION, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(ACTION, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(PROGRESS, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(STILL_REQUIRED, QHeaderView.ResizeMode.ResizeToContents)
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self._fit_previous_table = lambda: table.setFixedHeight(
            table.horizontalHeader().height() + 30 * max(3, model.rowCount() + 1) + 4
        )
        self.previous_table = table
        tools = QHBoxLayout()
        for text, slot in (
            ("Add", lambda: self._previous_add()),
            ("Remove", lambda: self._previous_remove()),
            ("Move up", lambda: self._previous_move(-1)),
            ("Move down", lambda: self._previous_move(1)),
        ):
            button = QToolButton()
            button.setObjectName("ListTool")
            button.setText(text)
            button.setAccessibleName(f"{text} (previous recommendation)")
            button.clicked.connect(slot)
            tools.addWidget(button)
        tools.addStretch(1)
        section.body.addLayout(tools)
        section.body.addWidget(table)
        detail = QWidget()
        form = QFormLayout(detail)
        form.setContentsMargins(0, 6, 0, 0)

        def row_of() -> int:
            return table.currentIndex().row()

        def binding(field: str) -> CallableBinding:
            def key() -> Hashable:
                items = model.items()
                row = row_of()
                return ("previous", items[row].id if 0 <= row < len(items) else None, field)

            def read() -> str:
                items = model.items()
                row = row_of()
                return str(getattr(items[row], field)) if 0 <= row < len(items) else ""

            def write(text: str, merge_key: Hashable) -> bool:
                return model.set_field(row_of(), field, text, merge_key)

            bound = CallableBinding(
                self.editor,
                key,
                read,
                write,
                available=lambda: 0 <= row_of() < model.rowCount(),
                parent=section,
            )
            return bound

        self.previous_bindings = [binding("recommendation"), binding("action_and_impact")]
        recommendation = BoundTextEdit(self.previous_bindings[0], lines=3)
        recommendation.setAccessibleName("Previous recommendation")
        action = BoundTextEdit(self.previous_bindings[1], lines=5)
        action.setAccessibleName("Action taken and impact")
        progress = QComboBox()
        progress.setAccessibleName("Progress made")
        progress.addItem("Not assessed", "")
        for category in ProgressCategory:
            progress.addItem(category.label, category.value)
        still = QComboBox()
        still.setAccessibleName("Improvement still required")
        for label, value in (("Not assessed", ""), ("Yes", True), ("No", False)):
            still.addItem(label, value)
        form.addRow("Recommendation", recommendation)
        form.addRow("Action and impact", action)
        choices = QHBoxLayout()
        choices.addWidget(progress)
        choices.addSpacing(16)
        still_label = QLabel("Improvement still required")
        still_label.setBuddy(still)
        choices.addWidget(still_label)
        choices.addWidget(still)
        choices.addStretch(1)
        form.addRow("Progress", choices)
        section.body.addWidget(detail)
        section.body.addStretch(1)
        self.previous_detail = detail

        def refresh_detail(*_args: object) -> None:
            items = model.items()
            row = row_of()
            detail.setEnabled(0 <= row < len(items))
            for bound in self.previous_bindings:
                bound.changed.emit()
            progress.blockSignals(True)
            still.blockSignals(True)
            if 0 <= row < len(items):
                item = items[row]
                progress.setCurrentIndex(
                    progress.findData(item.progress.value if item.progress else "")
                )
                still.setCurrentIndex(
                    still.findData(
                        ""
                        if item.improvement_still_required is None
                        else item.improvement_still_required
                    )
                )
            progress.blockSignals(False)
            still.blockSignals(False)

        def commit_before_switch(*_args: object) -> None:
            self.editor.commit_pending()

        progress.activated.connect(
            lambda _i: model.set_field(row_of(), "progress", progress.currentData())
        )
        still.activated.connect(
            lambda _i: model.set_field(row_of(), "improvement_still_required", still.currentData())
        )
        table.selectionModel().currentRowChanged.connect(commit_before_switch)
        table.selectionModel().currentRowChanged.connect(refresh_detail)
        for signal in (
            model.dataChanged,
            model.rowsInserted,
            model.rowsRemoved,
            model.modelReset,
            model.rowsMoved,
        ):
            signal.connect(refresh_detail)
        for signal in (model.rowsInserted, model.rowsRemoved, model.modelReset):
            signal.connect(lambda *_: self._fit_previous_table())
        self._fit_previous_table()
        if model.rowCount():
            table.setCurrentIndex(model.index(0, 0))
        refresh_detail()
        return _scrolling(section)

    def _previous_add(self) -> None:
        model, table = self.previous_model, self.previous_table
        at = table.currentIndex().row() + 1 if table.currentIndex().isValid() else model.rowCount()
        if model.add(at):
            table.setCurrentIndex(model.index(at, 0))

    def _previous_remove(self) -> None:
        row = self.previous_table.currentIndex().row()
        if row >= 0:
            self.previous_model.remove(row)

    def _previous_move(self, delta: int) -> None:
        row = self.previous_table.currentIndex().row()
        if row >= 0 and self.previous_model.move(row, row + delta):
            self.previous_table.setCurrentIndex(self.previous_model.index(row + delta, 0))


def background_facts(editor) -> str:
    """What the data says for the background section, to check the prose against."""
    document = editor.document
    framework = editor.framework
    meta = document.meta
    parts = []
    if meta.fieldwork_start:
        when = f"{meta.fieldwork_start.day} {meta.fieldwork_start:%B %Y}"
        if meta.fieldwork_end:
            when += f" to {meta.fieldwork_end.day} {meta.fieldwork_end:%B %Y}"
        parts.append(f"Fieldwork: {when}.")
    attribute = framework.attributes_by_id.get("sentence_type")
    if attribute is not None and attribute.values:
        counts = {value: 0 for value in attribute.values}
        for case in document.cases:
            value = case.attributes.get("sentence_type")
            if value in counts:
                counts[value] += 1
        described = ", ".join(
            f"{n} {value.lower()}{'s' if n != 1 else ''}" for value, n in counts.items()
        )
        parts.append(f"Cases inspected: {len(document.cases)} ({described}).")
    else:
        parts.append(f"Cases inspected: {len(document.cases)}.")
    if meta.practitioner_interviews is not None:
        parts.append(f"Practitioner interviews: {meta.practitioner_interviews}.")
    return "From the data: " + " ".join(parts)
