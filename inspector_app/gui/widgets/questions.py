"""The rows of the case review form: a question, its Yes / No / N/A, and its evidence note."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt, Signal
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from inspector_app.core.document import AnswerValue
from inspector_app.gui.editing import DocumentEditor
from inspector_app.gui.item_models.answers import AnswerNode
from inspector_app.gui.theme import ACCENT_SOFT, ATTENTION, scaled_font
from inspector_app.gui.widgets.answer_selector import AnswerSelector
from inspector_app.gui.widgets.bound import AnswerNoteBinding, AutoHeightTextEdit

UNANSWERED_MARK = "Not answered"


class QuestionRow(QWidget):
    """One answerable question. Unanswered rows carry a bar and the words "Not answered"."""

    answerChosen = Signal(str, object)  # question id, AnswerValue | None

    def __init__(self, node: AnswerNode, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.node = node
        self._current = False
        self._answered = False
        prompt = node.kind == "prompt"
        layout = QHBoxLayout(self)
        layout.setContentsMargins(28 if prompt else 12, 5 if prompt else 7, 6, 5 if prompt else 7)
        layout.setSpacing(10)
        label_text = node.id.rsplit(".", 1)[-1] + ")" if prompt else node.id
        self.id_label = QLabel(label_text)
        self.id_label.setFixedWidth(22 if prompt else 58)
        self.id_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.text = QLabel(node.text)
        self.text.setWordWrap(True)
        self.text.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        if not prompt:
            bold = scaled_font(self.font(), 1.08, bold=True)
            self.id_label.setFont(bold)
            self.text.setFont(bold)
        self.state = QLabel(UNANSWERED_MARK)
        italic = self.state.font()
        italic.setItalic(True)
        self.state.setFont(italic)
        self.state.setStyleSheet(f"color: {ATTENTION};")
        self.state.setFixedWidth(self.state.fontMetrics().horizontalAdvance(UNANSWERED_MARK) + 4)
        self.state.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.selector = AnswerSelector(node.id, compact=prompt, parent=self)
        self.selector.set_not_applicable(node.allows_not_applicable, node.not_applicable_rule)
        self.selector.setAccessibleDescription(node.text)
        self.selector.answerChosen.connect(lambda value: self.answerChosen.emit(node.id, value))
        layout.addWidget(self.id_label, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.state, 0, Qt.AlignmentFlag.AlignVCenter)
        layout.addWidget(self.selector, 0, Qt.AlignmentFlag.AlignVCenter)
        self.set_value(None)

    def set_value(self, value: AnswerValue | None) -> None:
        self.selector.set_value(value)
        self._answered = value is not None
        self.state.setText("" if self._answered else UNANSWERED_MARK)
        kind = {"key_question": "Key question", "prompt": "Prompt", "outcome": "Outcome"}[
            self.node.kind
        ]
        state = value.label if value is not None else UNANSWERED_MARK.lower()
        self.selector.setAccessibleName(f"{kind} {self.node.id}, {state}")
        self.update()

    def set_current(self, current: bool) -> None:
        if current != self._current:
            self._current = current
            self.update()

    def paintEvent(self, event: object) -> None:
        painter = QPainter(self)
        if self._current:
            painter.fillRect(self.rect(), QColor(ACCENT_SOFT))
        if not self._answered:
            left = 20 if self.node.kind == "prompt" else 2
            painter.fillRect(QRect(left, 4, 4, self.height() - 8), QColor(ATTENTION))


class KeyQuestionCard(QFrame):
    """A key question with its prompts and evidence note, or an outcome with its note."""

    def __init__(
        self,
        editor: DocumentEditor,
        node: AnswerNode,
        prompts: list[AnswerNode],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("Card")
        # The section title shown above the first card of each standard (set by the form).
        self.heading: QWidget | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 10)
        layout.setSpacing(0)
        self.rows = [QuestionRow(node, self)]
        layout.addWidget(self.rows[0])
        if prompts:
            caption = QLabel("Prompts")
            caption.setObjectName("Muted")
            caption.setContentsMargins(28, 2, 0, 0)
            layout.addWidget(caption)
        for prompt in prompts:
            row = QuestionRow(prompt, self)
            self.rows.append(row)
            layout.addWidget(row)
        note_row = QHBoxLayout()
        note_row.setContentsMargins(28, 6, 12, 0)
        note_label = QLabel("Evidence:")
        note_label.setObjectName("Muted")
        note_label.setAlignment(Qt.AlignmentFlag.AlignTop)
        note_label.setContentsMargins(0, 5, 0, 0)
        self.note_binding = AnswerNoteBinding(editor, node.id, self)
        self.note = AutoHeightTextEdit(self.note_binding, self, min_lines=2, max_lines=10)
        self.note.setAccessibleName(f"Evidence note for {node.id}")
        self.note.setPlaceholderText("Evidence for this judgement")
        note_label.setBuddy(self.note)
        note_row.addWidget(note_label, 0, Qt.AlignmentFlag.AlignTop)
        note_row.addWidget(self.note, 1)
        layout.addLayout(note_row)
