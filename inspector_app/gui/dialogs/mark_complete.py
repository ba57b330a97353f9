"""Marking a case complete although something it needs is missing: only with a reason."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from inspector_app.core.session import CaseGap


class MarkCompleteDialog(QDialog):
    def __init__(self, reference: str, gaps: list[CaseGap], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Mark {reference} complete?")
        self.setMinimumWidth(480)
        layout = QVBoxLayout(self)
        intro = QLabel(
            f"Case {reference} is not finished. Mark it complete only if these gaps are "
            "intended, and say why: the reason stays on record with the case."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        gap_list = QListWidget()
        gap_list.setAccessibleName("What the case is missing")
        gap_list.addItems([gap.message for gap in gaps])
        gap_list.setMaximumHeight(150)
        layout.addWidget(gap_list)
        label = QLabel("&Reason for marking it complete:")
        layout.addWidget(label)
        self.reason = QPlainTextEdit()
        self.reason.setAccessibleName("Reason for marking the case complete")
        self.reason.setTabChangesFocus(True)
        self.reason.setPlaceholderText("For example: the practitioner could not be interviewed.")
        self.reason.setMaximumHeight(90)
        label.setBuddy(self.reason)
        layout.addWidget(self.reason)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.ok = self.buttons.addButton("Mark complete", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.reason.textChanged.connect(self._update)
        self._update()
        self.reason.setFocus()

    def _update(self) -> None:
        self.ok.setEnabled(bool(self.reason.toPlainText().strip()))

    @staticmethod
    def ask_reason(
        reference: str, gaps: list[CaseGap], parent: QWidget | None = None
    ) -> str | None:
        """The reason typed, or None if the user cancelled."""
        dialog = MarkCompleteDialog(reference, gaps, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.reason.toPlainText().strip()
