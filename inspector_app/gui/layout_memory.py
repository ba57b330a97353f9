"""Splitter positions and table columns, remembered from one session to the next.

A page marks the splitters and table headers whose layout the user sets (`remember`); the
main window restores each as its page is built and saves them when the inspection closes or
the app quits, in the settings' layout group. A header's key should name its columns
(`columns_key`), so that a state is never applied to a table with other columns.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Iterator

from PySide6.QtCore import QByteArray
from PySide6.QtWidgets import QHeaderView, QSplitter, QTableView, QWidget

from inspector_app.gui.settings import AppSettings

_KEY_PROPERTY = "rememberedLayoutKey"


def remember(widget: QSplitter | QHeaderView, key: str) -> None:
    """Keep ``widget``'s layout between sessions under ``key``."""
    widget.setProperty(_KEY_PROPERTY, key)


def columns_key(keys: Iterable[str]) -> str:
    """A short name for a set of columns, in order, to key a header's layout by."""
    return f"{zlib.crc32('|'.join(keys).encode()):08x}"


def _remembered(root: QWidget) -> Iterator[tuple[str, QSplitter | QHeaderView]]:
    for kind in (QSplitter, QHeaderView):
        for widget in root.findChildren(kind):
            key = widget.property(_KEY_PROPERTY)
            if key:
                yield key, widget


def restore_layout(root: QWidget, settings: AppSettings) -> None:
    for key, widget in _remembered(root):
        state = settings.restore_bytes(key)
        if state is None or not widget.restoreState(state):
            continue
        view = widget.parentWidget()
        # A sorted table takes the order it was left in, not only the header's arrow.
        if (
            isinstance(view, QTableView)
            and view.isSortingEnabled()
            and widget is view.horizontalHeader()
        ):
            view.sortByColumn(widget.sortIndicatorSection(), widget.sortIndicatorOrder())


def save_layout(root: QWidget, settings: AppSettings) -> None:
    for key, widget in _remembered(root):
        settings.save_bytes(key, QByteArray(widget.saveState()))
