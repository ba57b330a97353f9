"""Small building blocks for pages: headers, cards, section titles, hints."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from inspector_app.gui.theme import scaled_font


class PageHeader(QWidget):
    """A page's title and subtitle, with room for actions on the right."""

    def __init__(self, title: str, subtitle: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        texts = QVBoxLayout()
        texts.setSpacing(2)
        self.title = QLabel(title)
        self.title.setObjectName("PageTitle")
        self.title.setFont(scaled_font(self.font(), 1.55, bold=True))
        self.title.setAccessibleName(title)
        self.subtitle = QLabel(subtitle)
        self.subtitle.setObjectName("PageSubtitle")
        self.subtitle.setVisible(bool(subtitle))
        texts.addWidget(self.title)
        texts.addWidget(self.subtitle)
        layout.addLayout(texts, 1)
        self.actions = QHBoxLayout()
        self.actions.setSpacing(6)
        layout.addLayout(self.actions)

    def set_subtitle(self, text: str) -> None:
        self.subtitle.setText(text)
        self.subtitle.setVisible(bool(text))

    def add_action(self, widget: QWidget) -> None:
        self.actions.addWidget(widget, 0, Qt.AlignmentFlag.AlignBottom)


class Card(QFrame):
    def __init__(
        self, parent: QWidget | None = None, *, margins: int = 14, spacing: int = 8
    ) -> None:
        super().__init__(parent)
        self.setObjectName("Card")
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(margins, margins, margins, margins)
        self.body.setSpacing(spacing)


def section_title(text: str, parent: QWidget | None = None, *, scale: float = 1.15) -> QLabel:
    label = QLabel(text, parent)
    label.setObjectName("SectionTitle")
    label.setFont(scaled_font(label.font(), scale, bold=True))
    label.setWordWrap(True)
    return label


def muted(text: str, parent: QWidget | None = None, *, wrap: bool = True) -> QLabel:
    label = QLabel(text, parent)
    label.setObjectName("Muted")
    label.setWordWrap(wrap)
    return label


def page_layout(
    widget: QWidget, *, margins: tuple[int, int, int, int] = (24, 18, 24, 14)
) -> QVBoxLayout:
    layout = QVBoxLayout(widget)
    layout.setContentsMargins(*margins)
    layout.setSpacing(12)
    return layout


def add_list_and_panels(
    splitter: QSplitter, left: QWidget, *, width: tuple[int, int], initial: int
) -> QStackedWidget:
    """Put ``left`` (a list, ``width`` its least and greatest width) on the left of
    ``splitter`` and a stack of panels, one shown at a time, on its right; returns the stack."""
    left.setMinimumWidth(width[0])
    left.setMaximumWidth(width[1])
    splitter.addWidget(left)
    right = QWidget()
    right_layout = QVBoxLayout(right)
    right_layout.setContentsMargins(10, 16, 12, 0)
    stack = QStackedWidget()
    right_layout.addWidget(stack)
    splitter.addWidget(right)
    splitter.setStretchFactor(1, 1)
    splitter.setSizes([initial, 800])
    return stack
