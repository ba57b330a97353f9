"""Keyboard conventions shared by the app's item views."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QAbstractScrollArea


def leave_on_tab(view: QAbstractItemView) -> QAbstractItemView:
    """Tab and Shift+Tab move on to the next control, as everywhere else in the app.

    A Qt table walks its own cells on Tab, so the controls after it (filters, buttons, the
    editors below a table) cannot be reached from the keyboard; the arrow keys already move
    between cells."""
    view.setTabKeyNavigation(False)
    return view


def no_tab_stop(area: QAbstractScrollArea) -> QAbstractScrollArea:
    """A scroll area around a form is not a Tab stop of its own: Tab goes straight to the
    controls inside, and the area scrolls each one into view as it takes the focus."""
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    return area
