"""A new inspection: framework, inspected unit, provider and region, fieldwork, team."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from inspector_app.core.document import Inspection, InspectionMeta
from inspector_app.core.errors import FrameworkError
from inspector_app.core.framework import available_frameworks, get_framework
from inspector_app.gui.theme import scaled_font


class NewInspectionDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("New inspection")
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        title = QLabel("New inspection")
        title.setFont(scaled_font(self.font(), 1.4, bold=True))
        layout.addWidget(title)
        intro = QLabel("You can change any of these later under Inspection details.")
        intro.setObjectName("Muted")
        layout.addWidget(intro)
        form = QFormLayout()
        form.setVerticalSpacing(8)
        self.framework = QComboBox()
        self.framework.setAccessibleName("Framework")
        for framework_id in available_frameworks():
            try:
                framework = get_framework(framework_id)
            except FrameworkError:
                continue  # a broken user framework must not stop new inspections
            self.framework.addItem(framework.title, framework.id)
        index = self.framework.findData("pdu-2023")
        if index >= 0:
            self.framework.setCurrentIndex(index)
        form.addRow("&Framework:", self.framework)
        self.unit = QLineEdit()
        self.unit.setAccessibleName("Inspected unit")
        self.unit.setPlaceholderText("e.g. Wakefield PDU")
        form.addRow("Inspected &unit:", self.unit)
        self.provider = QLineEdit("The Probation Service")
        self.provider.setAccessibleName("Provider")
        form.addRow("&Provider:", self.provider)
        self.region = QLineEdit()
        self.region.setAccessibleName("Region")
        self.region.setPlaceholderText("e.g. Yorkshire and the Humber region")
        form.addRow("&Region:", self.region)
        dates = QHBoxLayout()
        self.has_start = QCheckBox("Known")
        self.has_start.setAccessibleName("Fieldwork start date known")
        self.has_start.setChecked(True)
        self.start = QDateEdit(QDate.currentDate())
        self.start.setAccessibleName("Fieldwork start")
        self.start.setCalendarPopup(True)
        self.start.setDisplayFormat("d MMMM yyyy")
        self.has_start.toggled.connect(self.start.setEnabled)
        dates.addWidget(self.start)
        dates.addWidget(self.has_start)
        dates.addStretch(1)
        start_label = QLabel("Fieldwork &start:")
        start_label.setBuddy(self.start)
        form.addRow(start_label, dates)
        self.lead = QLineEdit()
        self.lead.setAccessibleName("Lead inspector")
        form.addRow("&Lead inspector:", self.lead)
        self.team = QPlainTextEdit()
        self.team.setAccessibleName("Team, one name per line")
        self.team.setPlaceholderText("One name per line")
        self.team.setTabChangesFocus(True)
        self.team.setFixedHeight(90)
        form.addRow("&Team:", self.team)
        layout.addLayout(form)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.create_button = self.buttons.addButton(
            "Create inspection", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.create_button.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.unit.textChanged.connect(self._update)
        self._update()
        self.unit.setFocus()

    def _update(self) -> None:
        self.create_button.setEnabled(bool(self.unit.text().strip()) and self.framework.count() > 0)

    def document(self) -> Inspection:
        framework = get_framework(self.framework.currentData())
        start = None
        if self.has_start.isChecked():
            qdate = self.start.date()
            start = date(qdate.year(), qdate.month(), qdate.day())
        team = [line.strip() for line in self.team.toPlainText().splitlines() if line.strip()]
        meta = InspectionMeta(
            unit=self.unit.text().strip(),
            provider=self.provider.text().strip(),
            region=self.region.text().strip(),
            framework_id=framework.id,
            framework_version=framework.version,
            fieldwork_start=start,
            lead_inspector=self.lead.text().strip(),
            team=team,
        )
        return Inspection(meta=meta)

    @staticmethod
    def ask(parent: QWidget | None = None) -> Inspection | None:
        dialog = NewInspectionDialog(parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.document()
