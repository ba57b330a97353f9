"""Inspection details: the unit, provider and region, dates, the team and the sample windows."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QScrollArea,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from inspector_app.gui.item_models.lists import StringListModel
from inspector_app.gui.item_models.windows import SampleWindowsModel
from inspector_app.gui.widgets.bound import BoundLineEdit, ValueBinding
from inspector_app.gui.widgets.bullet_list import BulletListEditor
from inspector_app.gui.widgets.keyboard import leave_on_tab, no_tab_stop
from inspector_app.gui.widgets.layout import Card, PageHeader, muted, section_title
from inspector_app.gui.widgets.optional_fields import OptionalCountField, OptionalDateField
from inspector_app.gui.workspace import Page, Workspace


class DetailsPage(Page):
    def __init__(self, workspace: Workspace) -> None:
        super().__init__(workspace)
        editor = self.editor
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        area = QScrollArea()
        area.setWidgetResizable(True)
        area.setFrameShape(QFrame.Shape.NoFrame)
        no_tab_stop(area)
        outer.addWidget(area)
        content = QWidget()
        content.setObjectName("FormSurface")
        layout = QVBoxLayout(content)
        layout.setContentsMargins(24, 18, 24, 18)
        layout.setSpacing(12)
        area.setWidget(content)
        self.header = PageHeader("Inspection details", "")
        layout.addWidget(self.header)
        columns = QHBoxLayout()
        columns.setSpacing(16)
        layout.addLayout(columns)
        left = QVBoxLayout()
        right = QVBoxLayout()
        columns.addLayout(left, 3)
        columns.addLayout(right, 2)

        unit_card = Card()
        unit_card.body.addWidget(section_title("The inspected unit", scale=1.05))
        form = QFormLayout()
        form.setHorizontalSpacing(14)
        form.setVerticalSpacing(8)

        def line(path: str, label: str, placeholder: str = "") -> BoundLineEdit:
            field = BoundLineEdit(
                ValueBinding(editor, ("meta", path), f"Edit {label.lower()}", parent=self)
            )
            field.setAccessibleName(label)
            field.setPlaceholderText(placeholder)
            form.addRow(f"{label}:", field)
            return field

        self.unit = line("unit", "Inspected unit", "e.g. Wakefield PDU")
        line("provider", "Provider", "e.g. The Probation Service")
        line("region", "Region", "e.g. Yorkshire and the Humber region")
        framework = editor.framework
        framework_label = QLabel(f"{framework.title}\n{framework.id}, version {framework.version}")
        framework_label.setAccessibleName("Framework")
        form.addRow("Framework:", framework_label)
        unit_card.body.addLayout(form)
        left.addWidget(unit_card)

        dates_card = Card()
        dates_card.body.addWidget(section_title("Fieldwork and report", scale=1.05))
        dates = QFormLayout()
        dates.setHorizontalSpacing(14)
        dates.setVerticalSpacing(8)
        for path, label, display in (
            ("fieldwork_start", "Fieldwork started", "d MMMM yyyy"),
            ("fieldwork_end", "Fieldwork ended", "d MMMM yyyy"),
            ("report_date", "Report published", "MMMM yyyy"),
        ):
            field = OptionalDateField(editor, ("meta", path), label, display=display)
            field.setAccessibleName(label)
            dates.addRow(f"{label}:", field)
        interviews = OptionalCountField(
            editor, ("meta", "practitioner_interviews"), "Practitioner interviews"
        )
        interviews.setAccessibleName("Practitioner interviews")
        dates.addRow("Practitioner interviews:", interviews)
        dates_card.body.addLayout(dates)
        left.addWidget(dates_card)

        windows_card = Card()
        windows_card.body.addWidget(section_title("Sample windows", scale=1.05))
        windows_card.body.addWidget(muted("The weeks in which the inspected cases started."))
        self.windows = SampleWindowsModel(editor, self)
        table = QTableView()
        leave_on_tab(table)
        table.setModel(self.windows)
        table.setAccessibleName("Sample windows")
        table.verticalHeader().hide()
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.verticalHeader().setDefaultSectionSize(28)
        self.windows_table = table

        def fit(*_args: object) -> None:
            rows = max(1, self.windows.rowCount())
            table.setFixedHeight(table.horizontalHeader().sizeHint().height() + 28 * rows + 10)

        for signal in (
            self.windows.rowsInserted,
            self.windows.rowsRemoved,
            self.windows.modelReset,
        ):
            signal.connect(fit)
        fit()
        tools = QHBoxLayout()
        add = QToolButton()
        add.setObjectName("ListTool")
        add.setText("Add window")
        add.setAccessibleName("Add a sample window")
        add.clicked.connect(lambda: self.windows.add())
        remove = QToolButton()
        remove.setObjectName("ListTool")
        remove.setText("Remove")
        remove.setAccessibleName("Remove the selected sample window")
        remove.clicked.connect(lambda: self.windows.remove(table.currentIndex().row()))
        tools.addWidget(add)
        tools.addWidget(remove)
        tools.addStretch(1)
        windows_card.body.addLayout(tools)
        windows_card.body.addWidget(table)
        left.addWidget(windows_card)
        left.addStretch(1)

        team_card = Card()
        team_card.body.addWidget(section_title("The inspection team", scale=1.05))
        lead_form = QFormLayout()
        lead = BoundLineEdit(
            ValueBinding(editor, ("meta", "lead_inspector"), "Edit lead inspector", parent=self)
        )
        lead.setAccessibleName("Lead inspector")
        lead.setPlaceholderText("Name of the lead inspector")
        lead_form.addRow("Lead inspector:", lead)
        team_card.body.addLayout(lead_form)
        team = StringListModel(editor, ("meta", "team"), "team member", self)
        team_card.body.addWidget(BulletListEditor(team, "Team members"))
        right.addWidget(team_card)
        self.record = muted("")
        record_card = Card()
        record_card.body.addWidget(section_title("File", scale=1.05))
        record_card.body.addWidget(self.record)
        right.addWidget(record_card)
        right.addStretch(1)
        editor.bridge.valueChanged.connect(lambda _path: self._update())
        self._update()

    def focus_target(self) -> QWidget:
        return self.unit

    def _update(self) -> None:
        document = self.editor.document
        meta = document.meta
        self.header.set_subtitle(f"{meta.unit} · {self.editor.framework.title}")
        lines = [f"Created {document.created_at:%d %B %Y}"]
        if document.saved_at is not None:
            lines.append(f"Last saved {document.saved_at:%d %B %Y at %H:%M} UTC")
        lines.append(f"File format version {document.schema_version}")
        self.record.setText("\n".join(lines))
