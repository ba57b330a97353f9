"""The workspace's pages, in the order the sidebar lists them."""

from __future__ import annotations

from inspector_app.gui.workspace import PageSpec


def default_pages() -> list[PageSpec]:
    from inspector_app.gui.pages.cases import CasesPage
    from inspector_app.gui.pages.dashboard import DashboardPage
    from inspector_app.gui.pages.details import DetailsPage
    from inspector_app.gui.pages.narrative import NarrativePage
    from inspector_app.gui.pages.review import ReviewPage
    from inspector_app.gui.pages.standards import StandardsPage

    return [
        PageSpec("dashboard", "Ratings", DashboardPage, "The ratings, the score and the figures"),
        PageSpec("cases", "Cases", CasesPage, "The case sample"),
        PageSpec("review", "Case review", ReviewPage, "Review one case, question by question"),
        PageSpec("standards", "Standards", StandardsPage, "Rate, summarise and override standards"),
        PageSpec(
            "narrative", "Report narrative", NarrativePage, "Foreword, recommendations and more"
        ),
        PageSpec("details", "Inspection details", DetailsPage, "Unit, dates, team and sample"),
    ]
