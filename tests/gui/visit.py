"""Walking through the app's pages in tests."""

from __future__ import annotations

from collections.abc import Iterator

from inspector_app.gui.workspace import Page, Workspace


def every_page(workspace: Workspace) -> Iterator[tuple[str, Page]]:
    """Show each page in turn, with every narrative section and every standard built, and
    yield it; what a test then checks sees everything a user could open."""
    for page_id in workspace.page_ids():
        page = workspace.show_page(page_id)
        if page_id == "narrative":
            for key, _title in page.SECTIONS:
                page.show_section(key)
        if page_id == "standards":
            for standard in workspace.editor.framework.standards:
                page.show_standard(standard.id)
        yield page_id, page
