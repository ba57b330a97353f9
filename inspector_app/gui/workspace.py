"""What the window shows while an inspection is open: a sidebar of pages and the pages.

Pages are registered by `PageSpec` and built the first time they are shown, so opening a
large inspection builds only the page in view. Features added later (a conflict view for
merges, a QA page) register their own pages the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from uuid import UUID

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from inspector_app.gui.editing import DocumentEditor
from inspector_app.gui.item_models.cases import CaseTableModel
from inspector_app.gui.item_models.dashboard import DashboardModel
from inspector_app.gui.theme import scaled_font

PAGE_ID_ROLE = Qt.ItemDataRole.UserRole + 1


class Page(QWidget):
    """A page of the workspace. Subclasses build their widgets in __init__."""

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace
        self.editor = workspace.editor

    def activated(self) -> None:
        """Shown: put the focus somewhere useful."""
        target = self.focus_target()
        if target is not None:
            target.setFocus(Qt.FocusReason.OtherFocusReason)

    def deactivated(self) -> None:
        """Hidden: stop work that only matters while visible."""

    def focus_target(self) -> QWidget | None:
        return None


@dataclass(frozen=True)
class PageSpec:
    id: str
    title: str
    factory: Callable[[Workspace], Page]
    description: str = ""


class Workspace(QWidget):
    pageChanged = Signal(str)
    # A page was built (pages are built when first shown).
    pageCreated = Signal(QWidget)
    # A short message for the status bar.
    message = Signal(str)

    def __init__(self, editor: DocumentEditor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        self.case_model = CaseTableModel(editor, self)
        self.dashboard_model = DashboardModel(editor, parent=self)
        self.specs: dict[str, PageSpec] = {}
        self.pages: dict[str, Page] = {}
        self.current_id: str | None = None

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.sidebar = QFrame(self)
        self.sidebar.setObjectName("Sidebar")
        self.sidebar.setFixedWidth(212)
        side = QVBoxLayout(self.sidebar)
        side.setContentsMargins(0, 16, 0, 12)
        side.setSpacing(2)
        meta = editor.document.meta
        self.unit_label = QLabel(meta.unit)
        self.unit_label.setObjectName("SidebarTitle")
        self.unit_label.setFont(scaled_font(self.font(), 1.2, bold=True))
        self.unit_label.setWordWrap(True)
        self.unit_label.setContentsMargins(16, 0, 12, 0)
        self.framework_label = QLabel(editor.framework.title)
        self.framework_label.setObjectName("SidebarSubtitle")
        self.framework_label.setWordWrap(True)
        self.framework_label.setContentsMargins(16, 0, 12, 10)
        side.addWidget(self.unit_label)
        side.addWidget(self.framework_label)
        self.nav = QListWidget(self.sidebar)
        self.nav.setObjectName("SidebarList")
        self.nav.setAccessibleName("Pages")
        self.nav.setFont(scaled_font(self.font(), 1.05))
        self.nav.setIconSize(QSize(0, 0))
        self.nav.currentItemChanged.connect(self._nav_changed)
        side.addWidget(self.nav, 1)
        self.footer = QLabel("")
        self.footer.setObjectName("SidebarFooter")
        self.footer.setWordWrap(True)
        self.footer.setContentsMargins(16, 0, 12, 0)
        side.addWidget(self.footer)
        layout.addWidget(self.sidebar)
        self.stack = QStackedWidget(self)
        layout.addWidget(self.stack, 1)
        editor.bridge.valueChanged.connect(self._value_changed)

    # -- pages -------------------------------------------------------------------------------

    def register_page(self, spec: PageSpec) -> None:
        self.specs[spec.id] = spec
        item = QListWidgetItem(spec.title)
        item.setData(PAGE_ID_ROLE, spec.id)
        item.setSizeHint(QSize(200, 38))
        number = self.nav.count() + 1
        if number <= 9:
            item.setToolTip(f"{spec.description or spec.title} (Ctrl+{number})")
        self.nav.addItem(item)

    def page_ids(self) -> list[str]:
        return list(self.specs)

    def page(self, page_id: str) -> Page:
        page = self.pages.get(page_id)
        if page is None:
            page = self.specs[page_id].factory(self)
            page.setAccessibleName(self.specs[page_id].title)
            self.pages[page_id] = page
            self.stack.addWidget(page)
            self.pageCreated.emit(page)
        return page

    def show_page(self, page_id: str) -> Page:
        page = self.page(page_id)
        if self.current_id != page_id:
            previous = self.pages.get(self.current_id or "")
            if previous is not None:
                previous.deactivated()
            self.current_id = page_id
            self.stack.setCurrentWidget(page)
            row = list(self.specs).index(page_id)
            if self.nav.currentRow() != row:
                self.nav.blockSignals(True)
                self.nav.setCurrentRow(row)
                self.nav.blockSignals(False)
            self.pageChanged.emit(page_id)
        page.activated()
        return page

    def current_page(self) -> Page | None:
        return self.pages.get(self.current_id or "")

    def _nav_changed(self, item: QListWidgetItem | None, _previous: QListWidgetItem | None) -> None:
        if item is None:
            return
        page_id = item.data(PAGE_ID_ROLE)
        page = self.page(page_id)
        if self.current_id != page_id:
            previous = self.pages.get(self.current_id or "")
            if previous is not None:
                previous.deactivated()
            self.current_id = page_id
            self.stack.setCurrentWidget(page)
            self.pageChanged.emit(page_id)
        # Keep focus in the sidebar while the user browses it with the arrow keys.
        if not self.nav.hasFocus():
            page.activated()

    # -- navigation between pages ------------------------------------------------------------

    def review_case(self, case_id: UUID, question_id: str | None = None) -> None:
        page = self.show_page("review")
        page.show_case(case_id, question_id)  # type: ignore[attr-defined]

    def open_standard(self, standard_id: str) -> None:
        page = self.show_page("standards")
        page.show_standard(standard_id)  # type: ignore[attr-defined]

    def _value_changed(self, path: tuple[str, ...]) -> None:
        if path[:2] == ("meta", "unit") or path == ("meta",):
            self.unit_label.setText(self.editor.document.meta.unit)
