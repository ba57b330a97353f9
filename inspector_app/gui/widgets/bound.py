"""Text fields bound to one text value of the document.

A bound field shows the document's value and writes back what the user types: after a short
pause, when the field loses focus, and whenever the app needs every edit in the document
(before Undo, Save or Close). Consecutive writes while the field keeps focus share a merge key,
so a paragraph typed in one sitting is one undo step. When the value changes elsewhere (Undo,
another view) the field shows the new value.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Hashable
from typing import Any
from uuid import UUID

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QKeySequence, QTextCursor
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QWidget

from inspector_app.core.errors import EditError
from inspector_app.gui.bridge import paths_related
from inspector_app.gui.editing import DocumentEditor

IDLE_COMMIT_MS = 700
_sittings = itertools.count(1)


class TextBinding(QObject):
    """Where a text field's value lives in the document."""

    changed = Signal()

    def __init__(self, editor: DocumentEditor, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.editor = editor

    @property
    def key(self) -> Hashable:
        raise NotImplementedError

    @property
    def available(self) -> bool:
        return True

    def read(self) -> str:
        raise NotImplementedError

    def write(self, text: str, merge_key: Hashable) -> bool:
        raise NotImplementedError


class ValueBinding(TextBinding):
    """A text value at a document path (meta, narrative, standards...)."""

    def __init__(
        self,
        editor: DocumentEditor,
        path: tuple[str, ...],
        description: str,
        *,
        optional: bool = False,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(editor, parent)
        self.path = path
        self.description = description
        # Optional values are stored as None when blank (an unset date, say).
        self.optional = optional
        editor.bridge.valueChanged.connect(self._value_changed)

    @property
    def key(self) -> Hashable:
        return ("value", self.path)

    def read(self) -> str:
        value = self.editor.session.read_path(self.path)
        return "" if value is None else str(value)

    def write(self, text: str, merge_key: Hashable) -> bool:
        value: Any = None if self.optional and not text.strip() else text
        return self.editor.set_value(self.path, value, self.description, merge_key)

    def _value_changed(self, path: tuple[str, ...]) -> None:
        if paths_related(path, self.path):
            self.changed.emit()


class _ShownCaseBinding(TextBinding):
    """Text belonging to the case the form is showing, which `set_case` changes."""

    def __init__(self, editor: DocumentEditor, parent: QObject | None = None) -> None:
        super().__init__(editor, parent)
        self.case_id: UUID | None = None

    def set_case(self, case_id: UUID | None) -> None:
        self.case_id = case_id
        self.changed.emit()

    @property
    def available(self) -> bool:
        return self.case_id is not None


class CaseFieldBinding(_ShownCaseBinding):
    """A text field of the case the form is showing (reference, notes...)."""

    def __init__(self, editor: DocumentEditor, field: str, parent: QObject | None = None) -> None:
        super().__init__(editor, parent)
        self.field = field
        editor.bridge.caseFieldChanged.connect(self._field_changed)

    @property
    def key(self) -> Hashable:
        return ("case", self.case_id, self.field)

    def read(self) -> str:
        if self.case_id is None:
            return ""
        try:
            case = self.editor.session.case(self.case_id)
        except EditError:
            return ""
        if self.field.startswith("attributes."):
            return case.attributes.get(self.field.split(".", 1)[1], "")
        return str(getattr(case, self.field))

    def write(self, text: str, merge_key: Hashable) -> bool:
        if self.case_id is None:
            return False
        return self.editor.set_case_field(self.case_id, self.field, text, merge_key)

    def _field_changed(self, case_id: UUID, field: str) -> None:
        if case_id == self.case_id and field == self.field:
            self.changed.emit()


class AnswerNoteBinding(_ShownCaseBinding):
    """The evidence note of one question of the case the form is showing."""

    def __init__(
        self, editor: DocumentEditor, question_id: str, parent: QObject | None = None
    ) -> None:
        super().__init__(editor, parent)
        self.question_id = question_id
        editor.bridge.answerChanged.connect(self._answer_changed)

    @property
    def key(self) -> Hashable:
        return ("note", self.case_id, self.question_id)

    def read(self) -> str:
        if self.case_id is None:
            return ""
        try:
            answer = self.editor.session.case(self.case_id).answers.get(self.question_id)
        except EditError:
            return ""
        return answer.note if answer is not None else ""

    def write(self, text: str, merge_key: Hashable) -> bool:
        if self.case_id is None:
            return False
        return self.editor.set_note(self.case_id, self.question_id, text, merge_key)

    def _answer_changed(self, case_id: UUID, question_id: str) -> None:
        if case_id == self.case_id and question_id == self.question_id:
            self.changed.emit()


class CallableBinding(TextBinding):
    """Any other text: read and write functions, and the signals that mean it may have changed."""

    def __init__(
        self,
        editor: DocumentEditor,
        key: Callable[[], Hashable],
        read: Callable[[], str],
        write: Callable[[str, Hashable], bool],
        *,
        available: Callable[[], bool] = lambda: True,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(editor, parent)
        self._key, self._read, self._write, self._available = key, read, write, available

    @property
    def key(self) -> Hashable:
        return self._key()

    @property
    def available(self) -> bool:
        return self._available()

    def read(self) -> str:
        return self._read()

    def write(self, text: str, merge_key: Hashable) -> bool:
        return self._write(text, merge_key)


class _BoundText:
    """What the bound line and paragraph fields share. Mixed in before a QWidget subclass."""

    binding: TextBinding

    def _bind(self, binding: TextBinding) -> None:
        self.binding = binding
        self._dirty = False
        self._loading = False
        self._committing = False
        self._sitting = next(_sittings)
        self._timer = QTimer(self)  # type: ignore[arg-type]
        self._timer.setSingleShot(True)
        self._timer.setInterval(IDLE_COMMIT_MS)
        self._timer.timeout.connect(self.commit)
        binding.changed.connect(self.refresh)
        binding.editor.commitPendingRequested.connect(self.commit)
        self.refresh()

    # -- from the document -------------------------------------------------------------------

    def refresh(self) -> None:
        if self._committing:
            return
        widget: QWidget = self  # type: ignore[assignment]
        available = self.binding.available
        widget.setEnabled(available)
        read_only = self.binding.editor.read_only_reason is not None
        self._set_read_only(read_only)
        text = self.binding.read() if available else ""
        if text != self._text():
            self._loading = True
            try:
                self._show(text)
            finally:
                self._loading = False
        self._dirty = False
        self._timer.stop()

    # -- to the document ---------------------------------------------------------------------

    def _edited(self) -> None:
        if self._loading:
            return
        self._dirty = True
        self._timer.start()

    def commit(self) -> bool:
        """Write pending text now. False if the document refused it."""
        self._timer.stop()
        if not self._dirty or not self.binding.available:
            return True
        self._dirty = False
        self._committing = True
        try:
            text = self._text()
            accepted = self.binding.write(text, (self.binding.key, self._sitting))
        finally:
            self._committing = False
        return accepted or self.binding.read() == self._text()

    def _focus_in(self) -> None:
        self._sitting = next(_sittings)

    def _focus_out(self) -> None:
        self._dirty = self._dirty or self._text() != self.binding.read()
        if not self.commit():
            # A refused value (a blank required field, say) is put back as the document has it.
            self.refresh()

    def _shortcut_override(self, event: QKeyEvent) -> bool:
        """Undo and Redo belong to the document, not to the field's own editing history."""
        if event.matches(QKeySequence.StandardKey.Undo) or event.matches(
            QKeySequence.StandardKey.Redo
        ):
            self.commit()
            event.ignore()
            return True
        return False

    def _text(self) -> str:
        raise NotImplementedError

    def _show(self, text: str) -> None:
        raise NotImplementedError

    # The Qt overrides both fields share; the mixin comes first among the bases, so that
    # these are the methods Qt calls, and super() reaches the Qt class.

    def _set_read_only(self, read_only: bool) -> None:
        self.setReadOnly(read_only)  # type: ignore[attr-defined]

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and self._shortcut_override(event):  # type: ignore[arg-type]
            return True
        return super().event(event)  # type: ignore[misc]

    def focusInEvent(self, event: QFocusEvent) -> None:
        self._focus_in()
        super().focusInEvent(event)  # type: ignore[misc]

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)  # type: ignore[misc]
        self._focus_out()


class BoundLineEdit(_BoundText, QLineEdit):
    def __init__(self, binding: TextBinding, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.textEdited.connect(lambda _text: self._edited())
        self.editingFinished.connect(self.commit)
        self._bind(binding)

    def _text(self) -> str:
        return self.text()

    def _show(self, text: str) -> None:
        position = self.cursorPosition()
        self.setText(text)
        if self.hasFocus():
            self.setCursorPosition(min(position, len(text)))


class BoundTextEdit(_BoundText, QPlainTextEdit):
    """A paragraph field. Tab moves focus on (as in a form) rather than typing a tab."""

    def __init__(
        self,
        binding: TextBinding,
        parent: QWidget | None = None,
        *,
        min_lines: int = 3,
        lines: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self.setUndoRedoEnabled(False)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.textChanged.connect(self._edited)
        line = self.fontMetrics().lineSpacing()
        if lines is not None:  # a fixed height, for fields in a scrolling page
            self.setFixedHeight(int(line * lines + 16))
        else:
            self.setMinimumHeight(int(line * min_lines + 14))
        self._bind(binding)

    def _text(self) -> str:
        return self.toPlainText()

    def _show(self, text: str) -> None:
        position = self.textCursor().position()
        self.setPlainText(text)
        if self.hasFocus():
            cursor = self.textCursor()
            cursor.setPosition(min(position, len(text)))
            self.setTextCursor(cursor)
        else:
            self.moveCursor(QTextCursor.MoveOperation.Start)


class AutoHeightTextEdit(BoundTextEdit):
    """A paragraph field that grows with its text, between a minimum and a maximum height."""

    def __init__(
        self,
        binding: TextBinding,
        parent: QWidget | None = None,
        *,
        min_lines: int = 2,
        max_lines: int = 12,
    ) -> None:
        self._min_lines, self._max_lines = min_lines, max_lines
        super().__init__(binding, parent, min_lines=min_lines)
        self.document().documentLayout().documentSizeChanged.connect(lambda _size: self._fit())

    def _fit(self) -> None:
        line = self.fontMetrics().lineSpacing()
        # A plain-text document measures its height in lines.
        wanted = int(self.document().size().height())
        lines = max(self._min_lines, min(self._max_lines, wanted))
        margins = self.contentsMargins().top() + self.contentsMargins().bottom()
        height = int(lines * line + margins + self.document().documentMargin() * 2 + 4)
        policy = (
            Qt.ScrollBarPolicy.ScrollBarAsNeeded
            if wanted > self._max_lines
            else Qt.ScrollBarPolicy.ScrollBarAlwaysOff
        )
        self.setVerticalScrollBarPolicy(policy)
        if self.height() != height:
            self.setFixedHeight(height)

    def resizeEvent(self, event: object) -> None:
        super().resizeEvent(event)  # type: ignore[arg-type]
        self._fit()
