"""Date and number fields for optional document values: blank until set, and clearable."""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QDateEdit, QHBoxLayout, QSpinBox, QToolButton, QWidget

from inspector_app.gui.bridge import paths_related
from inspector_app.gui.editing import DocumentEditor

NOT_SET = "Not set"
_EARLIEST = QDate(2000, 1, 1)
_sittings = itertools.count(1)


class _ValueField(QWidget):
    """A value at a document path, written as it changes; one undo step per visit."""

    def __init__(self, editor: DocumentEditor, path: tuple[str, ...], description: str) -> None:
        super().__init__()
        self.editor = editor
        self.path = path
        self.description = description
        self._loading = False
        self._sitting = next(_sittings)
        editor.bridge.valueChanged.connect(self._value_changed)

    def _value_changed(self, path: tuple[str, ...]) -> None:
        if paths_related(path, self.path):
            self.refresh()

    def read(self) -> Any:
        return self.editor.session.read_path(self.path)

    def write(self, value: Any) -> None:
        if self._loading or value == self.read():
            return
        key = ("field", self.path, self._sitting)
        if not self.editor.set_value(self.path, value, self.description, key):
            self.refresh()

    def new_sitting(self) -> None:
        self._sitting = next(_sittings)

    def refresh(self) -> None:
        raise NotImplementedError


class _FocusDateEdit(QDateEdit):
    def __init__(self, owner: _ValueField) -> None:
        super().__init__(owner)
        self._owner = owner

    def focusInEvent(self, event: QFocusEvent) -> None:
        self._owner.new_sitting()
        super().focusInEvent(event)


class OptionalDateField(_ValueField):
    def __init__(
        self,
        editor: DocumentEditor,
        path: tuple[str, ...],
        description: str,
        *,
        display: str = "d MMMM yyyy",
    ) -> None:
        super().__init__(editor, path, description)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.edit = _FocusDateEdit(self)
        self.edit.setCalendarPopup(True)
        self.edit.setDisplayFormat(display)
        self.edit.setMinimumDate(_EARLIEST)
        self.edit.setSpecialValueText(NOT_SET)
        self.edit.setMinimumWidth(170)
        self.edit.dateChanged.connect(self._changed)
        self.clear_button = QToolButton()
        self.clear_button.setObjectName("ListTool")
        self.clear_button.setText("Clear")
        self.clear_button.setAccessibleName(f"Clear {description.lower()}")
        self.clear_button.clicked.connect(self.clear)
        layout.addWidget(self.edit)
        layout.addWidget(self.clear_button)
        layout.addStretch(1)
        self.setFocusProxy(self.edit)
        self.refresh()

    def setAccessibleName(self, name: str) -> None:
        super().setAccessibleName(name)
        self.edit.setAccessibleName(name)

    def clear(self) -> None:
        """Clearing is its own undo step, apart from any date picked before it."""
        self.new_sitting()
        self.write(None)

    def refresh(self) -> None:
        value = self.read()
        self._loading = True
        try:
            if value is None:
                self.edit.setDate(_EARLIEST)
            else:
                self.edit.setDate(QDate(value.year, value.month, value.day))
        finally:
            self._loading = False
        self.clear_button.setEnabled(value is not None)

    def _changed(self, qdate: QDate) -> None:
        if self._loading:
            return
        value = None if qdate == _EARLIEST else date(qdate.year(), qdate.month(), qdate.day())
        self.write(value)


class OptionalCountField(_ValueField):
    """A whole number that may be unknown (shown as "Not recorded")."""

    def __init__(self, editor: DocumentEditor, path: tuple[str, ...], description: str) -> None:
        super().__init__(editor, path, description)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.spin = QSpinBox(self)
        self.spin.setRange(-1, 100000)
        self.spin.setSpecialValueText("Not recorded")
        self.spin.setMinimumWidth(130)
        self.spin.valueChanged.connect(lambda value: self.write(None if value < 0 else value))
        layout.addWidget(self.spin)
        layout.addStretch(1)
        self.setFocusProxy(self.spin)
        self.refresh()

    def setAccessibleName(self, name: str) -> None:
        super().setAccessibleName(name)
        self.spin.setAccessibleName(name)

    def refresh(self) -> None:
        value = self.read()
        self._loading = True
        try:
            self.spin.setValue(-1 if value is None else int(value))
        finally:
            self._loading = False
