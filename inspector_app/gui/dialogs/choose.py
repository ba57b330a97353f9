"""File choices and short questions for exports, merges and QA: one function each, so that
tests answer them by patching rather than by clicking a modal dialog."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox, QWidget

from inspector_app.core.storage import FILE_FILTER

WORD_FILTER = "Word documents (*.docx)"
TEMPLATE_FILTER = "Word documents and templates (*.docx *.dotx)"
WORKBOOK_FILTER = "Excel workbooks (*.xlsx)"
CSV_FILTER = "CSV files (*.csv)"


def save_path(parent: QWidget | None, title: str, suggested: Path, filter_: str) -> Path | None:
    """Where to save a file; the suffix of ``suggested`` is added if the name lacks it."""
    name, _filter = QFileDialog.getSaveFileName(parent, title, str(suggested), filter_)
    if not name:
        return None
    path = Path(name)
    if path.suffix.lower() != suggested.suffix.lower():
        path = path.with_name(path.name + suggested.suffix)
    return path


def open_path(parent: QWidget | None, title: str, folder: str, filter_: str) -> Path | None:
    name, _filter = QFileDialog.getOpenFileName(parent, title, folder, f"{filter_};;All files (*)")
    return Path(name) if name else None


def inspection_copies(parent: QWidget | None, folder: str) -> list[Path]:
    """The inspectors' copies to merge into the open inspection (one or more)."""
    dialog = QFileDialog(parent, "Merge inspectors' files", folder)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
    dialog.setNameFilters([FILE_FILTER, "All files (*)"])
    if dialog.exec() != QFileDialog.DialogCode.Accepted:
        return []
    return [Path(name) for name in dialog.selectedFiles()]


class AfterExport(Enum):
    OPEN = "open"
    SHOW_FOLDER = "folder"
    CLOSE = "close"


def offer_to_open(parent: QWidget | None, title: str, message: str, open_label: str) -> AfterExport:
    """Tell the user the file is written and offer to open it or its folder."""
    box = QMessageBox(QMessageBox.Icon.Information, title, message, parent=parent)
    opener = box.addButton(open_label, QMessageBox.ButtonRole.AcceptRole)
    folder = box.addButton("Show in Folder", QMessageBox.ButtonRole.ActionRole)
    box.addButton(QMessageBox.StandardButton.Close)
    box.setDefaultButton(opener)
    box.exec()
    clicked = box.clickedButton()
    if clicked is opener:
        return AfterExport.OPEN
    if clicked is folder:
        return AfterExport.SHOW_FOLDER
    return AfterExport.CLOSE


def open_externally(path: Path) -> bool:
    """Open a file (or folder) in the program the computer uses for it."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def inform(parent: QWidget | None, title: str, message: str) -> None:
    QMessageBox.information(parent, title, message)


def text(parent: QWidget | None, title: str, label: str) -> str | None:
    """A line or two of text from the user (a QA query, say); None if cancelled or empty."""
    dialog = QInputDialog(parent)
    dialog.setWindowTitle(title)
    dialog.setLabelText(label)
    dialog.setOption(QInputDialog.InputDialogOption.UsePlainTextEditForTextInput)
    if dialog.exec() != QInputDialog.DialogCode.Accepted:
        return None
    value = dialog.textValue().strip()
    return value or None
