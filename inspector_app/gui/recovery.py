"""Keeping the inspector told about the safety of their work, without interrupting them.

Installed on every main window (`main_window.FEATURES`): a notice bar above the pages
shows the controller's `notices` (recovery data that cannot be written, the file's lock taken
over by another instance, the file changed or gone on disk, a read-only or recovered
document), each with the button that deals with it (Save or Save As…) and Dismiss. Whenever
the window becomes active, the file on disk is compared with the one opened or last saved.

The questions that do need an answer (the recovery dialog at start-up and on opening, a file
in use, a failed save) are asked by `DocumentController` through `dialogs.recovery` and
`dialogs.file_problems`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from inspector_app.gui.documents import DocumentController, FileNotice
from inspector_app.gui.theme import ATTENTION, ATTENTION_SOFT, TEXT

if TYPE_CHECKING:
    from inspector_app.gui.main_window import MainWindow

# Most pressing first: work not protected, then work that cannot go where it came from.
NOTICE_ORDER = ("recovery", "lock-lost", "disk", "recovered", "read-only")
ACTION_TEXT = {"save": "Save", "save_as": "Save As…"}


class NoticeBar(QFrame):
    """The controller's notices, one row each, above the pages."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__()
        self.window = window
        self.controller: DocumentController = window.controller
        self.setObjectName("FileNotices")
        self.setAccessibleName("Notices about the open file")
        self.setStyleSheet(
            f"QFrame#FileNotices {{ background: {ATTENTION_SOFT}; "
            f"border-bottom: 1px solid {ATTENTION}; }}"
            f"QFrame#FileNotices QLabel {{ color: {TEXT}; }}"
        )
        self.rows = QVBoxLayout(self)
        self.rows.setContentsMargins(16, 8, 12, 8)
        self.rows.setSpacing(6)
        self.labels: dict[str, QLabel] = {}
        self.controller.noticesChanged.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        while self.rows.count():
            item = self.rows.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()  # at once: the deletion waits for the event loop
                widget.deleteLater()
        self.labels = {}
        notices = sorted(
            self.controller.notices.values(),
            key=lambda n: NOTICE_ORDER.index(n.kind) if n.kind in NOTICE_ORDER else 99,
        )
        for notice in notices:
            self.rows.addWidget(self._row(notice))
        self.setVisible(bool(notices))

    def _row(self, notice: FileNotice) -> QWidget:
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        label = QLabel(f"⚠  {notice.text}")
        label.setWordWrap(True)
        label.setAccessibleName("Notice")
        layout.addWidget(label, 1)
        self.labels[notice.kind] = label
        if notice.action in ACTION_TEXT:
            button = QPushButton(ACTION_TEXT[notice.action])
            button.clicked.connect(lambda _c=False, a=notice.action: self._act(a))
            layout.addWidget(button)
        dismiss = QPushButton("Dismiss")
        dismiss.setToolTip("Hide this notice")
        dismiss.clicked.connect(lambda _c=False, k=notice.kind: self.controller.clear_notice(k))
        layout.addWidget(dismiss)
        return row

    def _act(self, action: str | None) -> None:
        if action == "save":
            self.window.save()
        elif action == "save_as":
            self.window.save_as()


class _ActivationWatcher(QObject):
    """Checks the file on disk each time the window becomes active (the user comes back from
    elsewhere, where a colleague's save or a file manager may have changed it)."""

    def __init__(self, controller: DocumentController, parent: QObject) -> None:
        super().__init__(parent)
        self.controller = controller

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.WindowActivate:
            self.controller.check_file_on_disk()
        return False


def install(window: MainWindow) -> None:
    bar = NoticeBar(window)
    pages = window.takeCentralWidget()
    container = QWidget()
    layout = QVBoxLayout(container)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(0)
    layout.addWidget(bar)
    layout.addWidget(pages, 1)
    window.setCentralWidget(container)
    if window.isVisible():
        container.show()  # installed on a window already on screen (tests, mostly)
        pages.show()
    watcher = _ActivationWatcher(window.controller, window)
    window.installEventFilter(watcher)
    window.notice_bar = bar  # type: ignore[attr-defined]
