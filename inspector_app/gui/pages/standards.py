"""Standards: rate the judgement standards, write summaries and bullets, and override a
computed rating with a written rationale."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSplitter,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from inspector_app.core.engine import format_percent
from inspector_app.core.framework import Standard
from inspector_app.core.ratings import RATING_ORDER, Rating
from inspector_app.gui.item_models.dashboard import rating_tooltip
from inspector_app.gui.item_models.lists import StringListModel
from inspector_app.gui.item_models.roles import (
    IdRole,
    OverrideRole,
    ProvisionalRole,
    RatingRole,
    as_rating,
)
from inspector_app.gui.item_models.standards import StandardsListModel
from inspector_app.gui.layout_memory import remember
from inspector_app.gui.theme import TEXT, TEXT_MUTED, rating_text, scaled_font
from inspector_app.gui.widgets.bound import BoundTextEdit, ValueBinding
from inspector_app.gui.widgets.bullet_list import BulletListEditor
from inspector_app.gui.widgets.chips import RatingChip, chip_font, chip_marks, paint_chip
from inspector_app.gui.widgets.keyboard import no_tab_stop
from inspector_app.gui.widgets.layout import Card, add_list_and_panels, muted, section_title
from inspector_app.gui.workspace import Page, Workspace

Index = QModelIndex | QPersistentModelIndex


class StandardItemDelegate(QStyledItemDelegate):
    """A standard in the list: its id and title, its rating chip, and any marks beneath."""

    @staticmethod
    def _marks(index: Index) -> str:
        rating = as_rating(index.data(RatingRole))
        return chip_marks(
            bool(index.data(ProvisionalRole)) and rating is not None,
            index.data(OverrideRole) is not None,
        )

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        lines = 3 if self._marks(index) else 2
        return QSize(200, option.fontMetrics.height() * lines + 24)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        title = opt.text
        opt.text = ""
        style = opt.widget.style() if opt.widget else QStyle()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        rect = opt.rect.adjusted(10, 6, -8, -6)
        line = opt.fontMetrics.height()
        painter.save()
        bold = QFont(opt.font)
        bold.setWeight(QFont.Weight.DemiBold)
        painter.setFont(bold)
        painter.setPen(QColor(TEXT))
        title = QFontMetrics(bold).elidedText(title, Qt.TextElideMode.ElideRight, rect.width())
        painter.drawText(
            QRect(rect.left(), rect.top(), rect.width(), line),
            int(Qt.AlignmentFlag.AlignLeft),
            title,
        )
        rating = as_rating(index.data(RatingRole))
        chip_rect = QRect(rect.left(), rect.top() + line + 2, rect.width(), line + 8)
        paint_chip(painter, chip_rect, rating, chip_font(opt.font, 0.88))
        marks = self._marks(index)
        if marks:
            italic = QFont(opt.font)
            italic.setItalic(True)
            painter.setFont(italic)
            painter.setPen(QColor(TEXT_MUTED))
            marks_rect = QRect(rect.left() + 2, chip_rect.bottom() + 2, rect.width(), line)
            painter.drawText(marks_rect, int(Qt.AlignmentFlag.AlignLeft), marks.capitalize())
        painter.restore()


class RatingChoice(QWidget):
    """The inspectors' rating of a judgement standard: one Tab stop, arrow keys to choose."""

    def __init__(self, page: StandardsPage, standard: Standard) -> None:
        super().__init__()
        self.page = page
        self.standard = standard
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(14)
        self.group = QButtonGroup(self)
        self.buttons: dict[Rating | None, QRadioButton] = {}
        for rating in (*RATING_ORDER, None):
            button = QRadioButton(rating_text(rating))
            button.setAccessibleName(f"Rate {standard.id} {rating_text(rating)}")
            self.group.addButton(button)
            self.buttons[rating] = button
            layout.addWidget(button)
            button.toggled.connect(lambda checked, r=rating: checked and self._chosen(r))
        layout.addStretch(1)
        self._loading = False
        self.refresh()

    def refresh(self) -> None:
        rating = self.page.editor.document.judgement_rating(self.standard.id)
        self._loading = True
        self.buttons[rating].setChecked(True)
        self._loading = False

    def _chosen(self, rating: Rating | None) -> None:
        if not self._loading and not self.page.editor.rate_judgement(self.standard.id, rating):
            self.refresh()


class OverridePanel(Card):
    """The override of a standard's rating: only with a rationale, shown in full when set."""

    def __init__(self, page: StandardsPage, standard: Standard) -> None:
        super().__init__(margins=12)
        self.page = page
        self.editor = page.editor
        self.standard = standard
        self.body.addWidget(section_title("Override", scale=1.0))
        self.state = QLabel()
        self.state.setWordWrap(True)
        self.state.setTextFormat(Qt.TextFormat.PlainText)
        self.body.addWidget(self.state)
        self.form = QWidget()
        form = QVBoxLayout(self.form)
        form.setContentsMargins(0, 4, 0, 0)
        row = QHBoxLayout()
        label = QLabel("Override &rating:")
        self.rating = QComboBox()
        self.rating.setAccessibleName(f"Override rating of {standard.id}")
        for rating in RATING_ORDER:
            self.rating.addItem(rating.value, rating)
        label.setBuddy(self.rating)
        row.addWidget(label)
        row.addWidget(self.rating)
        row.addStretch(1)
        form.addLayout(row)
        rationale_label = QLabel("Rationale (required; it is shown wherever the rating appears):")
        self.rationale = QPlainTextEdit()
        self.rationale.setAccessibleName(f"Rationale for overriding {standard.id}")
        self.rationale.setTabChangesFocus(True)
        self.rationale.setFixedHeight(70)
        rationale_label.setBuddy(self.rationale)
        form.addWidget(rationale_label)
        form.addWidget(self.rationale)
        buttons = QHBoxLayout()
        self.apply_button = QPushButton("Apply override")
        self.apply_button.setProperty("primary", True)
        self.apply_button.clicked.connect(self.apply)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.clicked.connect(self.cancel)
        buttons.addWidget(self.apply_button)
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        form.addLayout(buttons)
        self.body.addWidget(self.form)
        actions = QHBoxLayout()
        self.start_button = QPushButton("Override the rating…")
        self.start_button.clicked.connect(self.start)
        self.clear_button = QPushButton("Remove override")
        self.clear_button.clicked.connect(self.clear)
        actions.addWidget(self.start_button)
        actions.addWidget(self.clear_button)
        actions.addStretch(1)
        self.body.addLayout(actions)
        self.rationale.textChanged.connect(self._update_apply)
        self.form.hide()
        self.refresh()

    def refresh(self) -> None:
        result = self.page.workspace.dashboard_model.standard_result(self.standard.id)
        override = result.override
        computed = rating_text(result.computed_rating)
        if override is None:
            self.state.setText(
                f"The rating from the evidence is {computed}. Override it only where the "
                "team agrees the evidence supports another rating, and say why."
            )
            self.start_button.setText("Override the rating…")
            self.clear_button.hide()
        else:
            who = f" by {override.set_by}" if override.set_by else ""
            when = f" on {override.set_at.day} {override.set_at:%B %Y}" if override.set_at else ""
            self.state.setText(
                f"Overridden to {override.rating.value}{who}{when}; the rating from the "
                f"evidence is {computed}. The rationale is shown above and wherever the rating "
                "appears."
            )
            self.start_button.setText("Change the override…")
            self.clear_button.show()
        self._update_apply()

    def start(self) -> None:
        override = self.page.editor.document.overrides.get(self.standard.id)
        if override is not None:
            self.rating.setCurrentIndex(self.rating.findData(override.rating))
            self.rationale.setPlainText(override.rationale)
        else:
            self.rationale.clear()
        self.form.show()
        self.start_button.hide()
        self.rating.setFocus()

    def cancel(self) -> None:
        self.form.hide()
        self.start_button.show()
        self.start_button.setFocus()

    def apply(self) -> None:
        if self.editor.override(
            self.standard.id, self.rating.currentData(), self.rationale.toPlainText()
        ):
            self.form.hide()
            self.start_button.show()
            self.page.workspace.message.emit(
                f"{self.standard.id} overridden to {self.rating.currentText()}"
            )

    def clear(self) -> None:
        if self.editor.override(self.standard.id, None):
            self.page.workspace.message.emit(f"Override of {self.standard.id} removed")

    def _update_apply(self) -> None:
        self.apply_button.setEnabled(bool(self.rationale.toPlainText().strip()))


class StandardPanel(QScrollArea):
    """Everything about one standard."""

    def __init__(self, page: StandardsPage, standard: Standard) -> None:
        super().__init__()
        self.page = page
        self.standard = standard
        editor = page.editor
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        no_tab_stop(self)
        content = QWidget()
        content.setObjectName("FormSurface")
        layout = QVBoxLayout(content)
        layout.setContentsMargins(4, 0, 12, 16)
        layout.setSpacing(12)
        head = QHBoxLayout()
        title = section_title(f"{standard.id} {standard.title}", scale=1.45)
        head.addWidget(title, 1)
        self.chip = RatingChip(scale=1.15)
        self.chip.setAccessibleName(f"Rating of {standard.id}")
        head.addWidget(self.chip, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(head)
        statement = QLabel(standard.statement)
        statement.setWordWrap(True)
        statement.setFont(scaled_font(self.font(), 1.05))
        layout.addWidget(statement)
        self.override_note = QLabel()
        self.override_note.setObjectName("Banner")
        self.override_note.setWordWrap(True)
        self.override_note.setContentsMargins(10, 6, 10, 6)
        layout.addWidget(self.override_note)
        self.rating_choice: RatingChoice | None = None
        self.figures: QLabel | None = None
        self.override_panel: OverridePanel | None = None
        if standard.is_case:
            card = Card(margins=12)
            card.body.addWidget(section_title("Rated from the cases", scale=1.0))
            self.figures = QLabel()
            self.figures.setTextFormat(Qt.TextFormat.RichText)
            self.figures.setWordWrap(True)
            card.body.addWidget(self.figures)
            layout.addWidget(card)
        else:
            card = Card(margins=12)
            card.body.addWidget(section_title("The inspectors' rating", scale=1.0))
            self.rating_choice = RatingChoice(page, standard)
            card.body.addWidget(self.rating_choice)
            if standard.guidance:
                card.body.addWidget(muted("What to consider: " + " ".join(standard.guidance)))
            layout.addWidget(card)
        if standard.is_case or standard.id in editor.document.overrides:
            self.override_panel = OverridePanel(page, standard)
            layout.addWidget(self.override_panel)
        summary_title = section_title("Summary", scale=1.0)
        layout.addWidget(summary_title)
        self.summary = BoundTextEdit(
            ValueBinding(
                editor,
                ("standards", standard.id, "summary"),
                f"Edit summary of {standard.id}",
                parent=self,
            ),
            min_lines=4,
        )
        self.summary.setAccessibleName(f"Summary of {standard.id}")
        self.summary.setPlaceholderText(
            "The inspectors' summary of their findings on this standard"
        )
        self.summary.setFixedHeight(self.summary.fontMetrics().lineSpacing() * 6 + 16)
        summary_title.setBuddy(self.summary)
        layout.addWidget(self.summary)
        self.lists: list[BulletListEditor] = []
        if standard.is_case:
            lists = [("findings", "Findings", "finding")]
        else:
            lists = [
                ("strengths", "Strengths", "strength"),
                ("areas_for_improvement", "Areas for improvement", "area for improvement"),
            ]
        for key, label, item in lists:
            model = StringListModel(editor, ("standards", standard.id, key), item, self)
            bullets = BulletListEditor(model, label)
            self.lists.append(bullets)
            layout.addWidget(bullets)
        layout.addStretch(1)
        self.setWidget(content)
        editor.bridge.valueChanged.connect(self._value_changed)
        page.workspace.dashboard_model.resultChanged.connect(self.refresh)
        self.refresh()

    def _value_changed(self, path: tuple[str, ...]) -> None:
        if (len(path) >= 2 and path[1] == self.standard.id) or (
            path[0] in ("standards", "overrides") and len(path) == 1
        ):
            if self.rating_choice is not None:
                self.rating_choice.refresh()
            self.refresh()

    def refresh(self) -> None:
        result = self.page.workspace.dashboard_model.standard_result(self.standard.id)
        self.chip.set_rating(
            result.rating, provisional=result.provisional, overridden=result.overridden
        )
        self.chip.setToolTip(rating_tooltip(result))
        override = result.override
        self.override_note.setVisible(override is not None)
        if override is not None:
            computed = rating_text(result.computed_rating)
            self.override_note.setText(
                f"Overridden from {computed} to {override.rating.value}. "
                f"Rationale: {override.rationale}"
            )
        if self.figures is not None:
            rows = []
            for figure in result.key_questions:
                weight = "font-weight:600;" if figure.lowest else ""
                lowest = " &nbsp;<i>lowest</i>" if figure.lowest else ""
                provisional = (
                    f" &nbsp;<i>({figure.unanswered} unanswered)</i>" if figure.unanswered else ""
                )
                cell = f"style='padding:2px 12px 2px 0;{weight}'"
                counts = f"{figure.yes}/{figure.applicable}{lowest}{provisional}"
                rows.append(
                    f"<tr><td {cell}>{figure.id}</td><td {cell}>{_escape(figure.text)}</td>"
                    f"<td align='right' style='padding:2px 8px;{weight}'>"
                    f"{format_percent(figure.percent)}</td>"
                    f"<td style='padding:2px 0;color:{TEXT_MUTED}'>{counts}</td></tr>"
                )
            computed = rating_text(result.computed_rating)
            self.figures.setText(
                f"<table>{''.join(rows)}</table><p style='color:{TEXT_MUTED}'>The standard takes "
                f"the band of its lowest key question: {computed}.</p>"
            )
        if self.override_panel is not None:
            self.override_panel.refresh()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class StandardsPage(Page):
    def __init__(self, workspace: Workspace) -> None:
        super().__init__(workspace)
        self.list_model = StandardsListModel(workspace.dashboard_model, self)
        outer = QHBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        remember(splitter, "standards/splitter")
        outer.addWidget(splitter)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(14, 16, 6, 12)
        left_layout.addWidget(section_title("Standards", scale=1.1))
        self.list = QListView()
        self.list.setModel(self.list_model)
        self.list.setAccessibleName("Standards")
        self.list.setItemDelegate(StandardItemDelegate(self.list))
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        left_layout.addWidget(self.list, 1)
        self.stack = add_list_and_panels(splitter, left, width=(262, 320), initial=276)
        self.panels: dict[str, StandardPanel] = {}
        self.list.selectionModel().currentChanged.connect(self._current_changed)
        # Marks under a chip change an item's height; lay the list out again when they may.
        self.list_model.dataChanged.connect(lambda *_: self.list.doItemsLayout())
        if self.list_model.rowCount():
            self.list.setCurrentIndex(self.list_model.index(0, 0))

    def focus_target(self) -> QWidget:
        return self.list

    def panel(self, standard_id: str) -> StandardPanel:
        panel = self.panels.get(standard_id)
        if panel is None:
            standard = self.editor.framework.standards_by_id[standard_id]
            panel = self.panels[standard_id] = StandardPanel(self, standard)
            self.stack.addWidget(panel)
        return panel

    def show_standard(self, standard_id: str) -> None:
        index = self.list_model.index(self.list_model.row_of(standard_id), 0)
        self.list.setCurrentIndex(index)
        self.stack.setCurrentWidget(self.panel(standard_id))

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.stack.setCurrentWidget(self.panel(current.data(IdRole)))
