"""The questions the app asks: save changes?, which file?, and error reports."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from inspector_app.core.storage import FILE_EXTENSION, FILE_FILTER


class SaveChoice(Enum):
    SAVE = "save"
    DISCARD = "discard"
    CANCEL = "cancel"


def ask_save_changes(parent: QWidget | None, name: str) -> SaveChoice:
    buttons = (
        QMessageBox.StandardButton.Save
        | QMessageBox.StandardButton.Discard
        | QMessageBox.StandardButton.Cancel
    )
    answer = QMessageBox.question(
        parent,
        "Save changes?",
        f"Do you want to save the changes to {name}?\n\n"
        "Your changes will be lost if you don't save them.",
        buttons,
        QMessageBox.StandardButton.Save,
    )
    if answer == QMessageBox.StandardButton.Save:
        return SaveChoice.SAVE
    if answer == QMessageBox.StandardButton.Discard:
        return SaveChoice.DISCARD
    return SaveChoice.CANCEL


def choose_file_to_open(parent: QWidget | None, folder: str) -> Path | None:
    name, _filter = QFileDialog.getOpenFileName(
        parent, "Open inspection", folder, f"{FILE_FILTER};;All files (*)"
    )
    return Path(name) if name else None


def choose_file_to_save(parent: QWidget | None, suggested: Path) -> Path | None:
    name, _filter = QFileDialog.getSaveFileName(
        parent, "Save inspection as", str(suggested), FILE_FILTER
    )
    if not name:
        return None
    path = Path(name)
    if path.suffix.lower() != FILE_EXTENSION:
        path = path.with_name(path.name + FILE_EXTENSION)
    return path


def choose_csv_file(parent: QWidget | None, folder: str) -> Path | None:
    name, _filter = QFileDialog.getOpenFileName(
        parent, "Import cases from CSV", folder, "CSV files (*.csv);;All files (*)"
    )
    return Path(name) if name else None


def show_error(parent: QWidget | None, title: str, message: str) -> None:
    QMessageBox.warning(parent, title, message)


def confirm(parent: QWidget | None, title: str, message: str, action: str) -> bool:
    box = QMessageBox(QMessageBox.Icon.Question, title, message, parent=parent)
    accept = box.addButton(action, QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(accept)
    box.exec()
    return box.clickedButton() is accept
