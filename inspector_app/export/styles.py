"""The Word styles the report uses, and the colours it gives each rating.

The report sets no fonts or sizes itself: every paragraph, run and table takes a named style,
so a house template restyles the whole report. `REQUIRED_STYLES` is what a template must hold;
`templates/report-base.docx` (built by `inspector_app.export.build_template`) holds them all.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from inspector_app.core.ratings import Rating

StyleKind = Literal["paragraph", "character", "table"]


@dataclass(frozen=True, slots=True)
class RequiredStyle:
    name: str
    kind: StyleKind
    purpose: str


# Built-in Word styles keep their Word names, so that any house template already has most of
# them; the rest are the report's own.
NORMAL = "Normal"
TITLE = "Title"
SUBTITLE = "Subtitle"
HEADING_1 = "Heading 1"
HEADING_2 = "Heading 2"
HEADING_3 = "Heading 3"
LIST_BULLET = "List Bullet"
LIST_NUMBER = "List Number"
CAPTION = "Caption"
CONTENTS_HEADING = "TOC Heading"
STATEMENT = "Statement"
RATING = "Rating"
NOTE = "Note"
TABLE_TEXT = "Table Text"
PLACEHOLDER = "Placeholder"
REPORT_TABLE = "Report Table"

# Used when present (Word creates it when the contents are updated); Normal otherwise.
CONTENTS_ENTRY = "TOC 1"

REQUIRED_STYLES: tuple[RequiredStyle, ...] = (
    RequiredStyle(NORMAL, "paragraph", "body text"),
    RequiredStyle(TITLE, "paragraph", "the unit's name on the cover"),
    RequiredStyle(SUBTITLE, "paragraph", "the other cover lines and the ratings page's unit"),
    RequiredStyle(HEADING_1, "paragraph", "chapters: foreword, ratings, domains, annexes"),
    RequiredStyle(HEADING_2, "paragraph", "standards and front-matter sections"),
    RequiredStyle(HEADING_3, "paragraph", "strengths, areas for improvement, addressees"),
    RequiredStyle(LIST_BULLET, "paragraph", "bulleted findings"),
    RequiredStyle(LIST_NUMBER, "paragraph", "numbered recommendations"),
    RequiredStyle(CAPTION, "paragraph", "chart and table captions"),
    RequiredStyle(CONTENTS_HEADING, "paragraph", "the contents page's heading"),
    RequiredStyle(STATEMENT, "paragraph", "a standard's published statement"),
    RequiredStyle(RATING, "paragraph", "rating and score lines"),
    RequiredStyle(NOTE, "paragraph", "footnote-like notes on method, overrides and figures"),
    RequiredStyle(TABLE_TEXT, "paragraph", "text inside tables"),
    RequiredStyle(PLACEHOLDER, "character", "text still to be drafted"),
    RequiredStyle(REPORT_TABLE, "table", "every table"),
)

# Light tints that keep black text legible in print, one per rating, best first.
RATING_TINTS: dict[Rating, str] = {
    Rating.OUTSTANDING: "B7DDB0",
    Rating.GOOD: "DCEFD6",
    Rating.REQUIRES_IMPROVEMENT: "FCE4C4",
    Rating.INADEQUATE: "F6CACA",
}
DOMAIN_ROW_TINT = "E1E8F0"
ACCENT = "1B3A5C"
