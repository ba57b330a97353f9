"""The recovery dialog: work left behind by a crash, and what to do with it.

It says which file (the full path), from when, how many changes, and how the file on disk
relates to the work (unchanged, saved again since, replaced, gone), and offers Restore,
Save As…, Discard… and Decide Later. Nothing is restored without one of these being chosen;
closing the dialog is Decide Later, which leaves the work for the next start.
"""

from __future__ import annotations

import html
from datetime import UTC, datetime
from enum import Enum

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from inspector_app.core.liveness import this_host
from inspector_app.core.recovery import FileStatus, RecoveryCandidate
from inspector_app.gui.formatting import home_relative
from inspector_app.gui.theme import ATTENTION, ATTENTION_SOFT, BORDER, SURFACE_ALT, scaled_font


class RecoveryChoice(Enum):
    RESTORE = "restore"
    SAVE_AS = "save-as"
    DISCARD = "discard"
    LATER = "later"


# How the file on disk relates to the recovered work, and what each button does about it.
STATUS_TEXT = {
    FileStatus.NEVER_SAVED: (
        "This inspection had not been saved to a file yet. Restore it and save it, or use "
        "Save As… to choose where it goes."
    ),
    FileStatus.UNCHANGED: (
        "The file has not changed since this work was recorded. Restore brings the changes "
        "back into it; save to keep them."
    ),
    FileStatus.CHANGED: (
        "The file has been saved again since this work was recorded (from this computer or "
        "another one). Restore brings this work back as it was, and asks before saving over "
        "the newer file; Save As… keeps both versions."
    ),
    FileStatus.REPLACED: (
        "The file at that place now holds a different inspection. Restore brings this work "
        "back; save it under another name with Save As…"
    ),
    FileStatus.MISSING: (
        "The file is no longer there: it was moved or deleted, or it is on a drive that is not "
        "connected. Restore brings this work back; save it somewhere with Save As…"
    ),
}


def format_moment(moment: datetime | None, now: datetime | None = None) -> str:
    """ "14:32 on 3 May 2025 (12 minutes ago)", in the computer's time zone."""
    if moment is None:
        return "unknown"
    local = moment.astimezone()
    text = f"{local:%H:%M} on {local.day} {local:%B %Y}"
    seconds = ((now or datetime.now(UTC)) - moment).total_seconds()
    if seconds < 0:
        return text
    for size, unit in ((86400, "day"), (3600, "hour"), (60, "minute")):
        if seconds >= size:
            count = int(seconds // size)
            return f"{text} ({count} {unit}{'s' if count != 1 else ''} ago)"
    return f"{text} (just now)"


def changes_text(candidate: RecoveryCandidate) -> str:
    count = candidate.change_count
    if count:
        return f"{count} change{'s' if count != 1 else ''} not saved to the file"
    if candidate.file_status is FileStatus.NEVER_SAVED:
        return "a new inspection, never saved"
    if not candidate.base_is_file:
        return "work not saved to the file (restored after an earlier crash)"
    return "none"


def heading_text(candidate: RecoveryCandidate) -> str:
    if candidate.path is None:
        unit = candidate.unit or "an inspection"
        return f"Unsaved work: a new inspection of {unit}"
    return f"Unsaved work on {candidate.path.name}"


class RecoveryDialog(QDialog):
    def __init__(
        self,
        candidate: RecoveryCandidate,
        *,
        number: int = 1,
        total: int = 1,
        later_text: str = "Decide Later",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.candidate = candidate
        # Escape and the window's close button leave the work for later, as the button does.
        self.choice = RecoveryChoice.LATER
        title = "Recover Unsaved Work"
        if total > 1:
            title += f" ({number} of {total})"
        self.setWindowTitle(title)
        self.setMinimumWidth(620)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(22, 20, 22, 16)
        layout.setSpacing(12)

        self.heading = QLabel(heading_text(candidate))
        self.heading.setFont(scaled_font(self.font(), 1.3, bold=True))
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)
        intro = QLabel(
            "The app closed without saving this work: the computer crashed or lost power, or "
            "the app was stopped. Every change was kept on this computer and can be brought "
            "back."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)

        form = QFormLayout()
        form.setHorizontalSpacing(16)
        form.setVerticalSpacing(6)
        self.details: dict[str, QLabel] = {}

        def row(key: str, label: str, value: str) -> None:
            field = QLabel(value)
            field.setWordWrap(True)
            field.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            field.setAccessibleName(label)
            name = QLabel(f"{label}:")
            name.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            form.addRow(name, field)
            self.details[key] = field

        if candidate.path is not None:
            row("file", "File", home_relative(candidate.path))
        if candidate.unit:
            row("inspection", "Inspection", candidate.unit)
        row("changes", "Unsaved changes", changes_text(candidate))
        row("last_change", "Last worked on", format_moment(candidate.when))
        if candidate.base_at is not None and candidate.path is not None:
            row("base", "File opened or last saved", format_moment(candidate.base_at))
        if candidate.host and candidate.host != this_host():
            row("where", "Recorded on", f"{candidate.user} on {candidate.host}")
        layout.addLayout(form)

        safe = candidate.restorable and candidate.file_status in (
            FileStatus.UNCHANGED,
            FileStatus.NEVER_SAVED,
        )
        self.status = QLabel(self._status_text())
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.RichText)
        self.status.setAccessibleName("The file on disk")
        frame = QFrame()
        frame.setObjectName("RecoveryStatus")
        border, background = (BORDER, SURFACE_ALT) if safe else (ATTENTION, ATTENTION_SOFT)
        frame.setStyleSheet(
            f"QFrame#RecoveryStatus {{ background: {background}; border: 1px solid {border}; "
            "border-radius: 6px; }"
        )
        inner = QVBoxLayout(frame)
        inner.setContentsMargins(12, 10, 12, 10)
        inner.addWidget(self.status)
        layout.addWidget(frame)

        # Discard on its own at the left, away from the rest; Restore, the default, last.
        buttons = QHBoxLayout()
        buttons.setSpacing(8)
        self.discard_button = self._button("Discard…", RecoveryChoice.DISCARD)
        self.discard_button.setToolTip("Delete this unsaved work for good (asks first)")
        buttons.addWidget(self.discard_button)
        buttons.addStretch(1)
        self.later_button = self._button(later_text, RecoveryChoice.LATER)
        self.later_button.setToolTip("Keep this work; it is offered again at the next start")
        buttons.addWidget(self.later_button)
        self.save_as_button: QPushButton | None = None
        self.restore_button: QPushButton | None = None
        if candidate.restorable:
            self.save_as_button = self._button("Save As…", RecoveryChoice.SAVE_AS)
            self.save_as_button.setToolTip("Bring the work back and save it under a new name")
            buttons.addWidget(self.save_as_button)
            self.restore_button = self._button("Restore", RecoveryChoice.RESTORE)
            self.restore_button.setToolTip("Bring the work back into the window, not yet saved")
            buttons.addWidget(self.restore_button)
            default = self.restore_button
        else:
            default = self.later_button
        default.setDefault(True)
        self._default = default
        layout.addSpacing(4)
        layout.addLayout(buttons)
        # As tall as the text needs at the dialog's width (wrapped labels ask for more).
        self.resize(self.minimumWidth(), layout.heightForWidth(self.minimumWidth()))

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._default.setFocus()

    @property
    def buttons(self) -> list[QPushButton]:
        return [
            b
            for b in (
                self.discard_button,
                self.later_button,
                self.save_as_button,
                self.restore_button,
            )
            if b is not None
        ]

    def _button(self, text: str, choice: RecoveryChoice) -> QPushButton:
        button = QPushButton(text)
        button.setAutoDefault(False)
        button.clicked.connect(lambda _checked=False: self._choose(choice))
        return button

    def _choose(self, choice: RecoveryChoice) -> None:
        self.choice = choice
        if choice is RecoveryChoice.LATER:
            self.reject()
        else:
            self.accept()

    def _status_text(self) -> str:
        candidate = self.candidate
        if candidate.problem is not None:
            parts = [
                "<b>This work cannot be restored</b>: "
                f"{html.escape(candidate.problem)}. Discard it, or keep it for later."
            ]
        else:
            parts = [html.escape(STATUS_TEXT[candidate.file_status])]
        if candidate.unreadable_tail:
            parts.append(
                "The very last change was being written when the app stopped and cannot be "
                "restored; everything before it can."
            )
        return "<br><br>".join(parts)

    @property
    def summary(self) -> str:
        """Everything the dialog says, as plain text (for tests and screen readers)."""
        lines = [self.heading.text()]
        for key, label in self.details.items():
            lines.append(f"{key}: {label.text()}")
        lines.append(self.status.text())
        return "\n".join(lines)


def ask_recovery(
    parent: QWidget | None,
    candidate: RecoveryCandidate,
    *,
    number: int = 1,
    total: int = 1,
    later_text: str = "Decide Later",
) -> RecoveryChoice:
    """Show the dialog for one candidate and return what the user chose."""
    dialog = RecoveryDialog(
        candidate, number=number, total=total, later_text=later_text, parent=parent
    )
    dialog.exec()
    return dialog.choice
