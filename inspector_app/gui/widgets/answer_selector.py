"""Yes / No / Not applicable for one question, answerable from the keyboard.

The selector is a single Tab stop. Y, N and A (or 1, 2 and 3) answer and ask the form to move
on; Delete clears the answer. The buttons are for the mouse and never take focus themselves,
so Tab moves from question to question rather than from button to button.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFocusEvent, QKeyEvent, QPainter, QPen
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QSizePolicy, QWidget

from inspector_app.core.document import AnswerValue
from inspector_app.gui.theme import ACCENT

YES, NO, NA = AnswerValue.YES, AnswerValue.NO, AnswerValue.NOT_APPLICABLE

KEYS = {
    Qt.Key.Key_Y: YES,
    Qt.Key.Key_1: YES,
    Qt.Key.Key_N: NO,
    Qt.Key.Key_2: NO,
    Qt.Key.Key_A: NA,
    Qt.Key.Key_3: NA,
}
CLEAR_KEYS = (Qt.Key.Key_Delete, Qt.Key.Key_Backspace, Qt.Key.Key_0)

_BUTTON_STYLE = """
QPushButton {{ border: 1px solid #AEB6C1; border-radius: 0; background: #FFFFFF;
    padding: {pad}; min-width: {width}px; color: #1D232B; }}
QPushButton:hover {{ background: #EEF2F7; }}
QPushButton:checked {{ background: {checked}; border-color: {checked}; color: #FFFFFF;
    font-weight: 600; }}
QPushButton:disabled {{ color: #9AA3AD; background: #F1F2F4; border-color: #D5DAE1; }}
"""
_CHECKED = {YES: "#1E6B3A", NO: "#A8221A", NA: "#4B5563"}
_SHORTCUTS = {YES: "Y or 1", NO: "N or 2", NA: "A or 3"}


class AnswerSelector(QWidget):
    answerChosen = Signal(object)  # AnswerValue, or None to clear
    advanceRequested = Signal()
    refused = Signal(str)

    def __init__(
        self, question_id: str, *, compact: bool = False, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.question_id = question_id
        self._value: AnswerValue | None = None
        self._na_allowed = True
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(3, 3, 3, 3)
        layout.setSpacing(0)
        pad = "2px 6px" if compact else "4px 10px"
        width = 34 if compact else 44
        self.buttons: dict[AnswerValue, QPushButton] = {}
        for value in (YES, NO, NA):
            button = QPushButton(value.short_label, self)
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setStyleSheet(
                _BUTTON_STYLE.format(pad=pad, width=width, checked=_CHECKED[value])
            )
            button.setAccessibleName(f"{value.label} for {question_id}")
            button.setToolTip(f"{value.label} ({_SHORTCUTS[value]})")
            button.clicked.connect(lambda _checked=False, v=value: self._clicked(v))
            layout.addWidget(button)
            self.buttons[value] = button
        self.setAccessibleName(f"Answer to {question_id}")
        self._describe()

    # -- state from the document -------------------------------------------------------------

    @property
    def value(self) -> AnswerValue | None:
        return self._value

    def set_value(self, value: AnswerValue | None) -> None:
        self._value = value
        for option, button in self.buttons.items():
            button.setChecked(option is value)
        self._describe()

    def set_not_applicable(self, allowed: bool, rule: str) -> None:
        self._na_allowed = allowed
        button = self.buttons[NA]
        button.setEnabled(allowed)
        if allowed:
            button.setToolTip(
                f"Not applicable ({_SHORTCUTS[NA]}): {rule}" if rule else "Not applicable"
            )
        else:
            button.setToolTip(
                "This question must be answered Yes or No: Not applicable is not allowed."
            )

    def _describe(self) -> None:
        answer = self._value.label if self._value is not None else "not answered"
        self.setAccessibleDescription(
            f"{self.question_id}: {answer}. Press Y for Yes, N for No"
            + (", A for Not applicable" if self._na_allowed else "")
        )

    # -- input ---------------------------------------------------------------------------------

    def _clicked(self, value: AnswerValue) -> None:
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        # Clicking the chosen answer again clears it.
        chosen = None if self._value is value else value
        self.buttons[value].setChecked(self._value is value)  # the document decides
        self.answerChosen.emit(chosen)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if modifiers not in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ShiftModifier):
            super().keyPressEvent(event)
            return
        key = Qt.Key(event.key())
        if key in KEYS:
            value = KEYS[key]
            if value is NA and not self._na_allowed:
                self.refused.emit(f"{self.question_id} cannot be answered 'Not applicable'")
                event.accept()
                return
            self.answerChosen.emit(value)
            self.advanceRequested.emit()
            event.accept()
            return
        if key in CLEAR_KEYS:
            self.answerChosen.emit(None)
            event.accept()
            return
        super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.update()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.update()

    def paintEvent(self, event: object) -> None:
        super().paintEvent(event)
        if self.hasFocus():
            painter = QPainter(self)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(QPen(QColor(ACCENT), 2))
            painter.drawRoundedRect(QRectF(self.rect()).adjusted(1, 1, -1, -1), 4, 4)
