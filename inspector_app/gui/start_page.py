"""The start page: new inspection, open, the example, and recent files."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QKeySequence, QPainter, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from inspector_app import APP_NAME, __version__
from inspector_app.gui.formatting import home_relative
from inspector_app.gui.settings import AppSettings
from inspector_app.gui.theme import TEXT, TEXT_MUTED, scaled_font
from inspector_app.gui.widgets.layout import Card, muted, section_title

PATH_ROLE = Qt.ItemDataRole.UserRole + 1
FOLDER_ROLE = Qt.ItemDataRole.UserRole + 2


class RecentFileDelegate(QStyledItemDelegate):
    """A recent file: its name, and the folder it is in beneath."""

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        return QSize(200, option.fontMetrics.lineSpacing() * 2 + 16)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        name = opt.text
        opt.text = ""
        style = opt.widget.style() if opt.widget else QStyle()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        rect = opt.rect.adjusted(10, 7, -10, -7)
        line = opt.fontMetrics.lineSpacing()
        painter.save()
        bold = QFont(opt.font)
        bold.setWeight(QFont.Weight.DemiBold)
        painter.setFont(bold)
        painter.setPen(QColor(TEXT))
        painter.drawText(rect.adjusted(0, 0, 0, -line), int(Qt.AlignmentFlag.AlignLeft), name)
        painter.setFont(opt.font)
        painter.setPen(QColor(TEXT_MUTED))
        folder = opt.fontMetrics.elidedText(
            str(index.data(FOLDER_ROLE) or ""), Qt.TextElideMode.ElideMiddle, rect.width()
        )
        painter.drawText(rect.adjusted(0, line, 0, 0), int(Qt.AlignmentFlag.AlignLeft), folder)
        painter.restore()


class StartPage(QWidget):
    newRequested = Signal()
    openRequested = Signal()
    exampleRequested = Signal()
    recentRequested = Signal(object)

    def __init__(self, settings: AppSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        outer = QVBoxLayout(self)
        outer.setContentsMargins(40, 40, 40, 24)
        outer.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        body = QWidget()
        body.setMaximumWidth(980)
        body.setMinimumWidth(760)
        row.addWidget(body, 8)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)
        layout = QVBoxLayout(body)
        layout.setSpacing(6)
        title = QLabel(APP_NAME)
        title.setFont(scaled_font(self.font(), 2.5, bold=True))
        title.setAccessibleName(APP_NAME)
        layout.addWidget(title)
        tagline = muted(
            "Review the case sample, watch the ratings as the answers go in, and draft the "
            "report's narrative. Everything stays on this computer."
        )
        tagline.setFont(scaled_font(self.font(), 1.12))
        layout.addWidget(tagline)
        layout.addSpacing(22)
        columns = QHBoxLayout()
        columns.setSpacing(24)
        layout.addLayout(columns)

        actions = QVBoxLayout()
        actions.setSpacing(10)
        actions.addWidget(section_title("Start", scale=1.15))
        self.new_button = self._action(
            "New inspection…", "Choose the framework, the unit and the team", self.newRequested
        )
        self.open_button = self._action("Open…", "Open an inspection file", self.openRequested)
        self.example_button = self._action(
            "Open the example inspection",
            "A fictional PDU with 40 reviewed cases",
            self.exampleRequested,
        )
        for button in (self.new_button, self.open_button, self.example_button):
            actions.addWidget(button)
        actions.addStretch(1)
        columns.addLayout(actions, 2)

        recent_card = Card(margins=14)
        header = QHBoxLayout()
        header.addWidget(section_title("Recent inspections", scale=1.15))
        header.addStretch(1)
        self.clear_button = QPushButton("Clear list")
        self.clear_button.setAccessibleName("Clear the list of recent inspections")
        self.clear_button.clicked.connect(self._clear_recent)
        header.addWidget(self.clear_button)
        recent_card.body.addLayout(header)
        self.recent = QListWidget()
        self.recent.setAccessibleName("Recent inspections")
        self.recent.setFrameShape(QFrame.Shape.NoFrame)
        self.recent.setItemDelegate(RecentFileDelegate(self.recent))
        self.recent.itemActivated.connect(self._recent_activated)
        recent_card.body.addWidget(self.recent, 1)
        self.recent_empty = muted("Inspections you open or save appear here.")
        recent_card.body.addWidget(self.recent_empty)
        recent_card.setMinimumHeight(300)
        columns.addWidget(recent_card, 3)
        layout.addSpacing(16)
        footer = muted(
            f"Version {__version__} · Shortcuts: Ctrl+N new, Ctrl+O open, F1 keyboard help"
        )
        layout.addWidget(footer)
        shortcut = QShortcut(QKeySequence(Qt.Key.Key_Delete), self.recent)
        shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        shortcut.activated.connect(self._forget_current)
        self.refresh()

    def _action(self, text: str, detail: str, signal: Signal) -> QPushButton:
        button = QPushButton()
        button.setObjectName("StartAction")
        button.setAccessibleName(text.rstrip("…"))
        button.setAccessibleDescription(detail)
        layout = QVBoxLayout(button)
        layout.setContentsMargins(16, 10, 16, 10)
        layout.setSpacing(2)
        title = QLabel(text)
        title.setObjectName("StartActionTitle")
        title.setFont(scaled_font(self.font(), 1.15, bold=True))
        description = QLabel(detail)
        description.setObjectName("StartActionDetail")
        description.setWordWrap(True)
        for label in (title, description):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            layout.addWidget(label)
        layout.addStretch(1)
        button.setFixedHeight(78)
        button.setMinimumWidth(320)
        button.clicked.connect(lambda _checked=False: signal.emit())
        return button

    def refresh(self) -> None:
        self.recent.clear()
        for path in self.settings.recent_files():
            name = path.name if path.exists() else f"{path.name} (not found)"
            item = QListWidgetItem(name)
            item.setData(PATH_ROLE, path)
            item.setData(FOLDER_ROLE, home_relative(path.parent))
            item.setToolTip(str(path))
            item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{name}, in {path.parent}")
            self.recent.addItem(item)
        has_recent = self.recent.count() > 0
        self.recent.setVisible(has_recent)
        self.recent_empty.setVisible(not has_recent)
        self.clear_button.setEnabled(has_recent)
        if has_recent:
            self.recent.setCurrentRow(0)

    def focus_target(self) -> QWidget:
        return self.recent if self.recent.count() else self.new_button

    def _recent_activated(self, item: QListWidgetItem) -> None:
        self.recentRequested.emit(Path(item.data(PATH_ROLE)))

    def _clear_recent(self) -> None:
        self.settings.clear_recent_files()
        self.refresh()

    def _forget_current(self) -> None:
        item = self.recent.currentItem()
        if item is not None:
            self.settings.remove_recent_file(Path(item.data(PATH_ROLE)))
            self.refresh()
