"""The ratings dashboard: score and overall rating, every standard and key question with its
95% interval, and the breakdown of the selected question by a case attribute.

The page can show the ratings on the cases of some review statuses only ("QA-checked cases
only"): its own `DashboardModel` then takes its figures from a `StatusFigures` source, and a
banner says plainly that these are not the inspection's ratings. The workspace's shared
model, which the status bar, the standards page and the report follow, always counts every
case.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from inspector_app.core import stats
from inspector_app.core.document import ReviewStatus
from inspector_app.core.engine import QuestionFigure, format_percent
from inspector_app.gui.item_models.breakdown import (
    BAND,
    GROUP,
    NOT_APPLICABLE,
    UNANSWERED,
    BreakdownModel,
)
from inspector_app.gui.item_models.breakdown import (
    COUNTS as B_COUNTS,
)
from inspector_app.gui.item_models.breakdown import (
    PERCENT as B_PERCENT,
)
from inspector_app.gui.item_models.dashboard import (
    COUNTS,
    INTERVAL,
    NAME,
    NOTES,
    PERCENT,
    RATING,
    DashboardModel,
    SessionFigures,
    describe_borderline,
    describe_interval,
    rating_tooltip,
    standard_notes,
)
from inspector_app.gui.item_models.roles import (
    IdRole,
    KindRole,
    OverrideRole,
    ProvisionalRole,
    RatingRole,
    ShortNameRole,
)
from inspector_app.gui.item_models.status_figures import (
    STATUS_FILTERS,
    StatusFigures,
    describe_statuses,
)
from inspector_app.gui.layout_memory import remember
from inspector_app.gui.theme import TEXT_MUTED, rating_text, scaled_font
from inspector_app.gui.widgets.chips import RatingChip, RatingDelegate, chip_marks
from inspector_app.gui.widgets.keyboard import leave_on_tab
from inspector_app.gui.widgets.layout import PageHeader, muted, page_layout, section_title
from inspector_app.gui.workspace import Page, Workspace

ROW_HEIGHT = 26


class DashboardNameDelegate(QStyledItemDelegate):
    """Names in the tree. A question shows its id, then its wording, or where that does not
    fit the few words its framework gives for it ("Keeping people safe"), else the end of its
    wording ("...keeping other people safe?", what tells it from its siblings); a standard's
    name carries its provisional and overridden marks."""

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(size.width(), max(size.height(), ROW_HEIGHT))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        kind = index.data(KindRole)
        if index.column() != NAME or kind not in ("standard", "key_question", "prompt", "outcome"):
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text = opt.text
        opt.text = ""
        style = opt.widget.style() if opt.widget else QStyle()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, opt.widget)
        rect = rect.adjusted(3, 0, -3, 0)
        metrics = QFontMetrics(opt.font)
        painter.save()
        painter.setFont(opt.font)
        painter.setPen(opt.palette.color(QPalette.ColorRole.Text))
        centre = int(Qt.AlignmentFlag.AlignVCenter)
        if kind == "standard":
            marks = chip_marks(
                bool(index.data(ProvisionalRole)) and index.data(RatingRole) is not None,
                index.data(OverrideRole) is not None,
            )
            title = metrics.elidedText(text, Qt.TextElideMode.ElideRight, rect.width())
            painter.drawText(rect, centre, title)
            if marks:
                italic = QFont(option.font)
                italic.setItalic(True)
                painter.setFont(italic)
                painter.setPen(QColor(TEXT_MUTED))
                used = metrics.horizontalAdvance(title) + 10
                painter.drawText(rect.adjusted(used, 0, 0, 0), centre, marks)
        else:
            ident, _, wording = text.partition("  ")
            id_width = metrics.horizontalAdvance(ident) + metrics.horizontalAdvance("  ")
            painter.drawText(rect, centre, ident)
            rest = rect.adjusted(id_width, 0, 0, 0)
            short = index.data(ShortNameRole)
            if metrics.horizontalAdvance(wording) <= rest.width() or not short:
                shown = elide_words_left(wording, metrics, rest.width())
            else:
                shown = metrics.elidedText(short, Qt.TextElideMode.ElideRight, rest.width())
            painter.drawText(rest, centre, shown)
        painter.restore()


def elide_words_left(text: str, metrics: QFontMetrics, width: int) -> str:
    """The end of ``text`` that fits in ``width``, cut at a word: "…keeping other people safe?"."""
    if metrics.horizontalAdvance(text) <= width:
        return text
    words = text.split()
    kept: list[str] = []
    for word in reversed(words):
        candidate = "…" + " ".join([word, *kept])
        if metrics.horizontalAdvance(candidate) > width:
            break
        kept.insert(0, word)
    if not kept:
        return metrics.elidedText(text, Qt.TextElideMode.ElideLeft, width)
    return "…" + " ".join(kept)


class ScoreSummary(QWidget):
    """The score and overall rating, and in words what still makes them provisional."""

    def __init__(self, model: DashboardModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(22)
        score_box = QVBoxLayout()
        score_box.setSpacing(0)
        self.score_caption = muted("Score", wrap=False)
        score_box.addWidget(self.score_caption)
        self.score = QLabel()
        self.score.setFont(scaled_font(self.font(), 2.3, bold=True))
        self.score.setAccessibleName("Score")
        score_box.addWidget(self.score)
        row.addLayout(score_box)
        rating_box = QVBoxLayout()
        rating_box.setSpacing(4)
        self.rating_caption = muted("Overall rating", wrap=False)
        rating_box.addWidget(self.rating_caption)
        self.chip = RatingChip(scale=1.25)
        self.chip.setAccessibleName("Overall rating")
        rating_box.addWidget(self.chip)
        rating_box.addStretch(1)
        row.addLayout(rating_box)
        # Shown by the page beneath its header.
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Whether the ratings are final")
        self.warnings = QLabel()
        self.warnings.setObjectName("Banner")
        self.warnings.setWordWrap(True)
        self.warnings.setContentsMargins(10, 6, 10, 6)
        self.warnings.setAccessibleName("Rounding warnings")
        # What the figures are drawn from when not every case: "QA-checked cases only".
        self.scope: str | None = None
        model.resultChanged.connect(self.refresh)
        self.refresh()

    def set_scope(self, scope: str | None) -> None:
        self.scope = scope
        suffix = f" · {scope}" if scope else ""
        self.score_caption.setText("Score" + suffix)
        self.rating_caption.setText("Overall rating" + suffix)
        self.refresh()

    def refresh(self) -> None:
        result = self.model.result()
        set_text(self.score, result.score_text)
        self.score.setAccessibleDescription(f"Score {result.score_text}")
        self.chip.set_rating(result.overall_rating, provisional=result.provisional)
        unrated = [s for s in result.standards if not s.rated]
        waiting = [s for s in result.standards if s.provisional]
        overridden = [s for s in result.standards if s.overridden]
        if self.scope:
            parts = [f"<b>{_escape(self.scope)}:</b>"]
            if result.provisional:
                parts.append("some standards are not rated or some answers are missing.")
        elif not result.provisional:
            parts = ["<b>Final:</b> every standard is rated and every answer is in."]
        else:
            parts = ["<b>Provisional:</b> the score may still change."]
            if unrated:
                parts.append(
                    "Not yet rated: "
                    + ", ".join(f"{s.id} {s.standard.title}" for s in unrated)
                    + "."
                )
            if waiting:
                parts.append(
                    "Waiting for answers: "
                    + ", ".join(f"{s.id} {s.standard.title}" for s in waiting)
                    + "."
                )
        if overridden:
            names = ", ".join(f"{s.id} {s.standard.title}" for s in overridden)
            parts.append(f"Overridden: {names}.")
        borderline = [s.id for s in result.standards if self.model.borderline(s.id)]
        if borderline:
            parts.append(
                f"Borderline (could differ within the 95% intervals): {', '.join(borderline)}."
            )
        set_text(self.status, " ".join(_escape(p) if not p.startswith("<b>") else p for p in parts))
        warnings = list(result.warnings)
        self.warnings.setVisible(bool(warnings))
        if warnings:
            set_text(self.warnings, "Rounding: " + " ".join(warnings))


def set_text(label: QLabel, text: str) -> None:
    """Set a label's text only when it differs: a new text lays the label out again."""
    if label.text() != text:
        label.setText(text)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class QuestionDetail(QWidget):
    """What the selected row of the dashboard is, and a breakdown of its figures."""

    def __init__(self, page: DashboardPage) -> None:
        super().__init__(page)
        self.page = page
        self.model = page.model
        self.breakdown = BreakdownModel(page.editor, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 0, 0, 0)
        layout.setSpacing(8)
        self.title = section_title("Select a key question")
        self.title.setAccessibleName("Selected item")
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.figures = muted("")
        self.rating = RatingChip()
        self.rating.setAccessibleName("Rating of the selected standard")
        self.notes = muted("")
        self.certainty = muted("")
        self.certainty.setAccessibleName("How sure the figure is")
        self.open_button = QPushButton("Rate or override this standard…")
        self.open_button.setAccessibleName("Open the selected standard")
        self.open_button.clicked.connect(self._open_standard)
        layout.addWidget(self.title)
        layout.addWidget(self.text)
        layout.addWidget(self.rating)
        layout.addWidget(self.figures)
        layout.addWidget(self.certainty)
        layout.addWidget(self.notes)
        layout.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.breakdown_title = section_title("Breakdown", scale=1.0)
        by = QHBoxLayout()
        by.addWidget(self.breakdown_title)
        by.addStretch(1)
        by_label = QLabel("by")
        self.by_label = by_label
        by.addWidget(by_label)
        self.grouping = QComboBox()
        self.grouping.setAccessibleName("Break the figures down by")
        for grouping, label in self.breakdown.groupings():
            self.grouping.addItem(label, grouping)
        by_label.setBuddy(self.grouping)
        self.grouping.currentIndexChanged.connect(
            lambda _i: self.breakdown.set_grouping(self.grouping.currentData())
        )
        by.addWidget(self.grouping)
        layout.addLayout(by)
        self.table = QTableView()
        leave_on_tab(self.table)
        self.table.setModel(self.breakdown)
        self.table.setAccessibleName("Breakdown of the selected question")
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        for column in (GROUP, B_PERCENT, NOT_APPLICABLE, UNANSWERED, BAND):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(B_COUNTS, QHeaderView.ResizeMode.Stretch)
        # Not applicable counts are in the Yes / applicable tooltip and the text above.
        self.table.setColumnHidden(NOT_APPLICABLE, True)
        # The band of each group follows from its percentage; it is in the tooltip.
        self.table.setColumnHidden(BAND, True)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.verticalHeader().setDefaultSectionSize(28)
        layout.addWidget(self.table)
        self.prompts_title = section_title("Prompts", scale=1.0)
        self.prompts = QLabel()
        self.prompts.setTextFormat(Qt.TextFormat.RichText)
        self.prompts.setWordWrap(True)
        self.prompts.setAccessibleName("Prompt figures")
        layout.addWidget(self.prompts_title)
        layout.addWidget(self.prompts)
        layout.addStretch(1)
        self.breakdown.modelReset.connect(self._breakdown_shape)
        self.breakdown.dataChanged.connect(lambda *_: self._breakdown_shape())
        self._standard_id: str | None = None
        self._question: tuple[str, str] | None = None
        # Figures change in bursts (a standard's row and its key questions): refresh the text
        # once, after the burst, and only when the row on show is part of it.
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(0)
        self._refresh_timer.timeout.connect(self._refresh_shown)
        self.model.dataChanged.connect(self._model_changed)
        self.show_nothing()

    def show_nothing(self) -> None:
        self._standard_id = None
        self._question = None
        self.title.setText("Select a standard or key question")
        self.text.setText(
            "The figures, notes and a breakdown by case attribute of the row you select "
            "appear here."
        )
        for widget in (self.rating, self.figures, self.notes, self.certainty, self.open_button):
            widget.hide()
        self._show_breakdown(False)
        self._show_prompts(None)

    def show_index(self, index: QModelIndex) -> None:
        kind = index.data(KindRole)
        ident = index.data(IdRole)
        if kind == "standard":
            self._show_standard(ident)
        elif kind in ("key_question", "prompt", "outcome"):
            self._show_question(kind, ident)
        else:
            self.show_nothing()

    def _shown_index(self) -> QModelIndex:
        if self._standard_id is not None:
            return self.model.index_of("standard", self._standard_id)
        if self._question is not None:
            kind, ident = self._question
            return self.model.index_of(kind, ident)
        return QModelIndex()

    def _model_changed(
        self, top_left: QModelIndex, bottom_right: QModelIndex, *_roles: object
    ) -> None:
        shown = self._shown_index()
        if not shown.isValid():
            return
        prompts_of_shown = (
            self._question is not None
            and self._question[0] == "key_question"
            and top_left.parent() == shown
        )
        in_range = (
            top_left.parent() == shown.parent()
            and top_left.row() <= shown.row() <= bottom_right.row()
        )
        if in_range or prompts_of_shown:
            self._refresh_timer.start()

    def _refresh_shown(self) -> None:
        if self._standard_id is not None:
            self._show_standard(self._standard_id)
        elif self._question is not None:
            kind, question_id = self._question
            node = self.model.nodes[self.model.index_of(kind, question_id).internalId()]
            figure = self.model.figure_for(node)
            if figure is not None:
                set_text(self.figures, describe_figure(figure))
                set_text(self.certainty, self._interval_text(figure))
                set_text(self.notes, figure.rounding_warning or "")
                self.notes.setVisible(bool(figure.rounding_warning))
            self._show_prompts(question_id if kind == "key_question" else None)

    def _show_standard(self, standard_id: str) -> None:
        self._standard_id, self._question = standard_id, None
        result = self.model.standard_result(standard_id)
        standard = result.standard
        self.title.setText(f"{standard.id} {standard.title}")
        self.text.setText(standard.statement)
        self.rating.set_rating(
            result.rating, provisional=result.provisional, overridden=result.overridden
        )
        self.rating.setToolTip(rating_tooltip(result))
        set_text(self.notes, standard_notes(result, tooltip=True))
        certainty = self.model.certainty(standard_id)
        set_text(self.certainty, _standard_certainty_text(certainty))
        self.certainty.setVisible(certainty is not None)
        self.figures.hide()
        for widget in (self.rating, self.notes, self.open_button):
            widget.show()
        self._show_breakdown(False)
        self._show_prompts(None)

    def _show_question(self, kind: str, question_id: str) -> None:
        self._standard_id, self._question = None, (kind, question_id)
        node = self.model.nodes[self.model.index_of(kind, question_id).internalId()]
        figure = self.model.figure_for(node)
        assert figure is not None
        self.title.setText(question_id)
        self.text.setText(figure.text)
        set_text(self.figures, describe_figure(figure))
        set_text(self.certainty, self._interval_text(figure))
        set_text(self.notes, figure.rounding_warning or "")
        self.notes.setVisible(bool(figure.rounding_warning))
        self.figures.show()
        self.certainty.show()
        self.rating.hide()
        self.open_button.hide()
        self.breakdown.set_question(question_id)
        self._show_breakdown(True)
        self._show_prompts(question_id if kind == "key_question" else None)

    def _interval_text(self, figure: QuestionFigure) -> str:
        return describe_interval(stats.question_certainty(self.model.framework, figure))

    def _show_prompts(self, key_question_id: str | None) -> None:
        kq = self.model.framework.key_questions_by_id.get(key_question_id or "")
        visible = kq is not None and bool(kq.prompts)
        self.prompts_title.setVisible(visible)
        self.prompts.setVisible(visible)
        if not visible:
            return
        assert kq is not None
        rows = []
        for prompt in kq.prompts:
            figure = self.model.prompt_figure(kq.id, prompt.id)
            letter = prompt.id.rsplit(".", 1)[-1]
            rows.append(
                f"<tr><td style='padding:2px 6px 2px 0; color:{TEXT_MUTED}'>{letter})</td>"
                f"<td style='padding:2px 8px 2px 0' align='right'><b>"
                f"{format_percent(figure.percent)}</b></td>"
                f"<td style='padding:2px 0'>{_escape(figure.text)}</td></tr>"
            )
        set_text(self.prompts, f"<table>{''.join(rows)}</table>")

    def _show_breakdown(self, visible: bool) -> None:
        for widget in (self.breakdown_title, self.by_label, self.grouping, self.table):
            widget.setVisible(visible)
        self.breakdown.set_active(visible and self.isVisible())
        if not visible:
            self.breakdown.set_question(None)

    def _breakdown_shape(self) -> None:
        rows = self.breakdown.rowCount()
        any_unanswered = any(
            self.breakdown.index(r, UNANSWERED).data() not in ("0", None) for r in range(rows)
        )
        self.table.setColumnHidden(UNANSWERED, not any_unanswered)
        header = self.table.horizontalHeader().height() or 30
        self.table.setFixedHeight(header + rows * 28 + 4)

    def _open_standard(self) -> None:
        if self._standard_id is not None:
            self.page.workspace.open_standard(self._standard_id)


def _standard_certainty_text(certainty: stats.StandardCertainty | None) -> str:
    if certainty is None:
        return ""
    if certainty.borderline:
        return describe_borderline(certainty)
    if certainty.worst is None:
        return "No applicable answers yet: no intervals."
    return (
        f"Not borderline: within the 95% intervals of its key questions the rating stays "
        f"{certainty.worst.value}."
    )


def describe_figure(figure: QuestionFigure) -> str:
    exact = "" if figure.percent is None else f" ({figure.percent_value:.1f}% exactly)"
    band = "" if figure.band is None else f" · {figure.band.value} band"
    unanswered = f" · {figure.unanswered} unanswered" if figure.unanswered else ""
    parts = [
        f"{format_percent(figure.percent)} Yes{exact}{band}",
        f"Yes {figure.yes} · No {figure.no} · Not applicable {figure.not_applicable}{unanswered}",
    ]
    return "\n".join(parts)


class DashboardPage(Page):
    def __init__(self, workspace: Workspace) -> None:
        super().__init__(workspace)
        # The page's own model: filtering it by review status never changes the figures the
        # rest of the app shows (the status bar, the standards page, the report).
        self.model = DashboardModel(self.editor, parent=self)
        self.statuses: frozenset[ReviewStatus] | None = None
        self._status_source: StatusFigures | None = None
        layout = page_layout(self)
        meta = self.editor.document.meta
        self.header = PageHeader("Ratings", "")
        self.score = ScoreSummary(self.model)
        self.header.add_action(self.score)
        layout.addWidget(self.header)
        status_row = QHBoxLayout()
        status_row.setSpacing(8)
        status_row.addWidget(self.score.status, 1)
        filter_label = QLabel("&Ratings from")
        self.status_filter = QComboBox()
        self.status_filter.setAccessibleName("Show the ratings from")
        self.status_filter.setToolTip(
            "Rate the cases of some review statuses only, such as the QA-checked cases"
        )
        for label, _statuses in STATUS_FILTERS:
            self.status_filter.addItem(label)
        filter_label.setBuddy(self.status_filter)
        self.status_filter.currentIndexChanged.connect(
            lambda row: self.set_status_filter(STATUS_FILTERS[row][1])
        )
        status_row.addWidget(filter_label, 0, Qt.AlignmentFlag.AlignTop)
        status_row.addWidget(self.status_filter, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(status_row)
        self.filter_banner = QLabel()
        self.filter_banner.setObjectName("Banner")
        self.filter_banner.setWordWrap(True)
        self.filter_banner.setContentsMargins(10, 6, 10, 6)
        self.filter_banner.setTextFormat(Qt.TextFormat.RichText)
        self.filter_banner.setAccessibleName("These are not the inspection's ratings")
        self.filter_banner.linkActivated.connect(lambda _link: self.set_status_filter(None))
        self.filter_banner.hide()
        layout.addWidget(self.filter_banner)
        layout.addWidget(self.score.warnings)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        remember(splitter, "dashboard/splitter")
        self.tree = QTreeView()
        self.tree.setModel(self.model)
        self.tree.setAccessibleName("Standards and key questions")
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(False)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setItemDelegate(DashboardNameDelegate(self.tree))
        self.tree.setItemDelegateForColumn(RATING, RatingDelegate(self.tree))
        self.tree.setIndentation(14)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        for column, width in (
            (RATING, RatingDelegate.column_width(self.tree.font())),
            (PERCENT, 58),
            (INTERVAL, 92),
            (COUNTS, 80),
            (NOTES, 170),
        ):
            # Wide enough for the column's title in the header's bold face, on any platform.
            title = str(self.model.headerData(column, Qt.Orientation.Horizontal))
            bold = QFont(header.font())
            bold.setWeight(QFont.Weight.DemiBold)
            widest = max(QFontMetrics(bold).horizontalAdvance(line) for line in title.split("\n"))
            width = max(width, widest + 16)
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            header.resizeSection(column, width)
        # The notes repeat, in words, what the chips, bold and marks show; the side panel and
        # tooltips carry them, and screen readers get them from the accessible text.
        self.tree.setColumnHidden(NOTES, True)
        splitter.addWidget(self.tree)
        self.detail = QuestionDetail(self)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 0)
        splitter.setSizes([730, 290])
        layout.addWidget(splitter, 1)
        self._expand()
        self.tree.selectionModel().currentRowChanged.connect(self._current_changed)
        self.tree.activated.connect(self._activated)
        self.model.resultChanged.connect(self._update_subtitle)
        self.editor.bridge.valueChanged.connect(lambda path: self._update_subtitle())
        self.editor.bridge.casesInserted.connect(lambda _p: self._update_subtitle())
        self.editor.bridge.casesRemoved.connect(lambda _p: self._update_subtitle())
        workspace.dashboard_model.resultChanged.connect(self._update_banner)
        del meta
        self._update_subtitle()

    # -- ratings on some review statuses only ------------------------------------------------

    def set_status_filter(self, statuses: frozenset[ReviewStatus] | None) -> None:
        """Show the ratings on the cases of these review statuses only (None: every case)."""
        statuses = frozenset(statuses) if statuses is not None else None
        if statuses == self.statuses:
            return
        self.statuses = statuses
        previous = self._status_source
        if statuses is None:
            self._status_source = None
            self.model.set_source(SessionFigures(self.editor))
            self.score.set_scope(None)
            self.detail.breakdown.set_statuses(None)
        else:
            source = StatusFigures(self.editor, statuses, self)
            source.membershipChanged.connect(self.model.refresh)
            source.membershipChanged.connect(self._update_banner)
            self._status_source = source
            self.model.set_source(source)
            cases = f"{describe_statuses(statuses)} cases"
            self.score.set_scope(f"{cases[0].upper()}{cases[1:]} only")
            self.detail.breakdown.set_statuses(statuses, f"All {cases}")
        if previous is not None:
            previous.detach()
            previous.deleteLater()
        row = next(i for i, (_label, s) in enumerate(STATUS_FILTERS) if s == statuses)
        if self.status_filter.currentIndex() != row:
            self.status_filter.blockSignals(True)
            self.status_filter.setCurrentIndex(row)
            self.status_filter.blockSignals(False)
        self._update_banner()

    def _update_banner(self) -> None:
        source = self._status_source
        self.filter_banner.setVisible(source is not None)
        if source is None or self.statuses is None:
            return
        total = len(self.editor.session.cases)
        count = source.case_count
        whole = self.workspace.dashboard_model.result()
        cases = f"{count} {describe_statuses(self.statuses)} case{'s' if count != 1 else ''}"
        set_text(
            self.filter_banner,
            "<b>Filtered: these are not the inspection's ratings.</b> The figures below come "
            f"from the {_escape(cases)} only (of {total}), with the judgement standards as "
            "rated and no overrides. The inspection's ratings, on every case: "
            f"<b>Score {whole.score_text}, {_escape(rating_text(whole.overall_rating))}</b>"
            f"{' (provisional)' if whole.provisional else ''}. "
            "<a href='all'>Show every case</a>",
        )

    def _expand(self) -> None:
        model = self.model
        for row in range(model.rowCount()):
            top = model.index(row, 0)
            # Domain and outcome headings run across the figures' columns.
            self.tree.setFirstColumnSpanned(row, QModelIndex(), True)
            if top.data(KindRole) == "outcomes":
                continue
            self.tree.expand(top)
            for child_row in range(model.rowCount(top)):
                self.tree.expand(model.index(child_row, 0, top))

    def _update_subtitle(self) -> None:
        meta = self.editor.document.meta
        parts = [meta.unit]
        if meta.fieldwork_start:
            parts.append(f"fieldwork from {meta.fieldwork_start.day} {meta.fieldwork_start:%B %Y}")
        count = len(self.editor.session.cases)
        parts.append(f"{count} case{'s' if count != 1 else ''}")
        self.header.set_subtitle(" · ".join(parts))

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.detail.show_index(current)

    def _activated(self, index: QModelIndex) -> None:
        if index.data(KindRole) == "standard":
            self.workspace.open_standard(index.data(IdRole))

    def select(self, kind: str, ident: str) -> None:
        index = self.model.index_of(kind, ident)
        if index.isValid():
            self.tree.setCurrentIndex(index)
            self.tree.scrollTo(index)

    def activated(self) -> None:
        self.detail.breakdown.set_active(True)
        super().activated()

    def deactivated(self) -> None:
        self.detail.breakdown.set_active(False)

    def focus_target(self) -> QWidget:
        return self.tree
