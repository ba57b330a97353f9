"""Add many cases at once from a pasted column of case references."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from inspector_app.core.framework import Framework
from inspector_app.gui.references import PastedReferences, read_pasted_references


class PasteCasesDialog(QDialog):
    def __init__(
        self,
        framework: Framework,
        taken: list[str],
        inspectors: list[str],
        text: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add cases from a list of references")
        self.setMinimumWidth(460)
        self._taken = taken
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Paste one case reference per line, for example a column copied from a "
            "spreadsheet. Each new reference becomes a case; references already in the "
            "inspection are skipped."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.text = QPlainTextEdit()
        self.text.setAccessibleName("Case references, one per line")
        self.text.setPlaceholderText("BRK-041\nBRK-042\nBRK-043")
        self.text.setTabChangesFocus(True)
        self.text.setPlainText(text)
        layout.addWidget(self.text, 1)
        form = QFormLayout()
        self.sample = QComboBox()
        self.sample.setAccessibleName("Sample of the new cases")
        for sample in framework.samples:
            self.sample.addItem(sample.title, sample.id)
        self.inspector = QComboBox()
        self.inspector.setEditable(True)
        self.inspector.setAccessibleName("Inspector reviewing the new cases")
        self.inspector.addItem("")
        self.inspector.addItems(inspectors)
        if len(framework.samples) > 1:
            form.addRow("&Sample:", self.sample)
        form.addRow("&Inspector:", self.inspector)
        layout.addLayout(form)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("What will be added")
        layout.addWidget(self.summary)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.text.textChanged.connect(self._update)
        self._update()

    def references(self) -> PastedReferences:
        return read_pasted_references(self.text.toPlainText(), self._taken)

    def _update(self) -> None:
        found = self.references()
        count = len(found.new)
        parts = [f"{count} new case{'s' if count != 1 else ''}"]
        if found.already_present:
            shown = ", ".join(found.already_present[:5])
            more = "…" if len(found.already_present) > 5 else ""
            parts.append(f"{len(found.already_present)} already in the inspection ({shown}{more})")
        if found.repeated:
            parts.append(f"{len(found.repeated)} repeated in the list")
        self.summary.setText("; ".join(parts) + ".")
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(f"Add {count} case{'s' if count != 1 else ''}")
        ok.setEnabled(count > 0)
