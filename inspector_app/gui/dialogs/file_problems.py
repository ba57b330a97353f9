"""What the app asks when a file cannot be used as planned.

* another instance has the file open: open it read-only, take over a lock that looks
  abandoned, or cancel;
* the file changed on disk (or vanished) since it was opened: Save As, overwrite, or cancel;
* a save failed, or the file can only be saved under another name: Save As, or not now.

Each question is a `QMessageBox` built by a ``*_box`` function (so that it can be rendered and
inspected without running it) and asked by an ``ask_*`` function, which tests replace.
"""

from __future__ import annotations

import html
import time
from enum import Enum
from pathlib import Path

from PySide6.QtWidgets import QAbstractButton, QMessageBox, QWidget

from inspector_app.core.fingerprint import DiskState
from inspector_app.core.locking import HEARTBEAT_SECONDS, FileLockedError
from inspector_app.core.storage import backup_path

# A holder refreshes its lock every minute; one silent for three has probably gone (a crash,
# a laptop shut), though the core waits longer before calling the lock stale on its own.
SILENT_HOLDER_SECONDS = 3 * HEARTBEAT_SECONDS

NOTHING_LOST = (
    "Nothing is lost: your work is still open in this window. Save it somewhere else now, "
    "for example another folder, another drive or a memory stick."
)


class LockChoice(Enum):
    READ_ONLY = "read-only"
    TAKE_OVER = "take-over"
    CANCEL = "cancel"


class OverwriteChoice(Enum):
    SAVE_AS = "save-as"
    OVERWRITE = "overwrite"
    CANCEL = "cancel"


Choices = dict[QAbstractButton, Enum]


def _bold(text: str) -> str:
    return f"<b>{html.escape(text)}</b>"


def _minutes(seconds: float) -> str:
    minutes = max(1, round(seconds / 60))
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


def _message_box(parent: QWidget | None, title: str, heading: str = "") -> QMessageBox:
    box = QMessageBox(QMessageBox.Icon.Warning, title, heading, parent=parent)
    # Wide enough that a name, a computer or a path is not broken across lines.
    box.setStyleSheet(
        "QLabel#qt_msgbox_label, QLabel#qt_msgbox_informativelabel { min-width: 440px; }"
    )
    return box


def _ask(box: QMessageBox, choices: Choices, default: Enum) -> Enum:
    box.exec()
    return choices.get(box.clickedButton(), default)


# -- a file open elsewhere ---------------------------------------------------------------------


def file_locked_box(
    parent: QWidget | None, error: FileLockedError, now: float | None = None
) -> tuple[QMessageBox, Choices]:
    name = error.path.name
    holder = error.holder
    box = _message_box(parent, "File in use")
    choices: Choices = {}
    if holder is None:
        box.setText(_bold(f"{name} cannot be opened for editing here."))
        box.setInformativeText(error.message)
    else:
        box.setText(_bold(f"{name} is open for editing by {holder.describe()}."))
        if holder.is_ours:
            info = "Edit it in the other window, or open it read-only here."
        else:
            who = f"{holder.user} has" if holder.readable else "they have"
            info = (
                "Open it read-only to read it, or to save a copy under another name. While "
                f"{who} it open, only their changes can be saved into it."
            )
        silent = (time.time() if now is None else now) - holder.heartbeat_at
        if not holder.readable or silent >= SILENT_HOLDER_SECONDS:
            info += (
                f"\n\nTheir copy of the app has not been heard from for {_minutes(silent)}. If "
                "you know it has closed (the computer crashed or was switched off), take over "
                "the file to edit it here. Anything they had not saved will not be in it."
            )
            take = box.addButton("Take Over", QMessageBox.ButtonRole.DestructiveRole)
            take.setToolTip("Edit the file here; the other copy of the app can no longer save it")
            choices[take] = LockChoice.TAKE_OVER
        box.setInformativeText(info)
    read_only = box.addButton("Open Read-Only", QMessageBox.ButtonRole.AcceptRole)
    choices[read_only] = LockChoice.READ_ONLY
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    choices[cancel] = LockChoice.CANCEL
    box.setDefaultButton(read_only)
    box.setEscapeButton(cancel)
    return box, choices


def ask_file_locked(parent: QWidget | None, error: FileLockedError) -> LockChoice:
    box, choices = file_locked_box(parent, error)
    return _ask(box, choices, LockChoice.CANCEL)  # type: ignore[return-value]


# -- a file changed on disk ----------------------------------------------------------------------


def changed_on_disk_box(
    parent: QWidget | None, path: Path, state: DiskState, *, replaced: bool = False
) -> tuple[QMessageBox, Choices]:
    name = path.name
    box = _message_box(parent, "File changed on disk")
    choices: Choices = {}
    save_as = box.addButton("Save As…", QMessageBox.ButtonRole.AcceptRole)
    choices[save_as] = OverwriteChoice.SAVE_AS
    if replaced:
        box.setText(_bold(f"{name} now holds a different inspection."))
        box.setInformativeText(
            "Saving there would replace it. Save your work under another name instead."
        )
    elif state is DiskState.MISSING:
        box.setWindowTitle("File not found")
        box.setText(_bold(f"{name} is no longer where it was opened from."))
        box.setInformativeText(
            f"It was moved, renamed or deleted, or its drive is not connected ({path.parent}). "
            "Save it there again, or choose another place."
        )
        again = box.addButton("Save There Again", QMessageBox.ButtonRole.DestructiveRole)
        choices[again] = OverwriteChoice.OVERWRITE
    else:
        box.setText(_bold(f"{name} has been changed since you opened it."))
        box.setInformativeText(
            "Someone else, or another copy of the app, saved it in the meantime (on a shared "
            "drive, say). Overwriting replaces their version with yours; theirs is kept beside "
            f"it as {backup_path(path).name}. Save As… keeps both versions."
        )
        overwrite = box.addButton("Overwrite", QMessageBox.ButtonRole.DestructiveRole)
        choices[overwrite] = OverwriteChoice.OVERWRITE
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    choices[cancel] = OverwriteChoice.CANCEL
    box.setDefaultButton(save_as)
    box.setEscapeButton(cancel)
    return box, choices


def ask_changed_on_disk(
    parent: QWidget | None, path: Path, state: DiskState, *, replaced: bool = False
) -> OverwriteChoice:
    box, choices = changed_on_disk_box(parent, path, state, replaced=replaced)
    return _ask(box, choices, OverwriteChoice.CANCEL)  # type: ignore[return-value]


# -- saving somewhere else -------------------------------------------------------------------------


def save_elsewhere_box(
    parent: QWidget | None, title: str, heading: str, message: str
) -> tuple[QMessageBox, Choices]:
    box = _message_box(parent, title, _bold(heading))
    box.setInformativeText(message)
    save_as = box.addButton("Save As…", QMessageBox.ButtonRole.AcceptRole)
    later = box.addButton("Not Now", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(save_as)
    box.setEscapeButton(later)
    return box, {save_as: OverwriteChoice.SAVE_AS, later: OverwriteChoice.CANCEL}


def ask_save_elsewhere(parent: QWidget | None, title: str, heading: str, message: str) -> bool:
    """Offer Save As (True) after a save that could not go where it was meant to."""
    box, choices = save_elsewhere_box(parent, title, heading, message)
    return _ask(box, choices, OverwriteChoice.CANCEL) is OverwriteChoice.SAVE_AS


def save_failed_box(parent: QWidget | None, name: str, reason: str) -> tuple[QMessageBox, Choices]:
    return save_elsewhere_box(
        parent, "Not saved", f"{name} was not saved.", f"{reason}\n\n{NOTHING_LOST}"
    )


def ask_save_failed(parent: QWidget | None, name: str, reason: str) -> bool:
    """A save failed: say why, and offer Save As (True)."""
    box, choices = save_failed_box(parent, name, reason)
    return _ask(box, choices, OverwriteChoice.CANCEL) is OverwriteChoice.SAVE_AS
