"""The four ratings and their spellings."""

from __future__ import annotations

from enum import StrEnum

from inspector_app.core.errors import InspectorError


class Rating(StrEnum):
    OUTSTANDING = "Outstanding"
    GOOD = "Good"
    REQUIRES_IMPROVEMENT = "Requires improvement"
    INADEQUATE = "Inadequate"

    @property
    def slug(self) -> str:
        """The command-line spelling: ``requires-improvement``."""
        return self.value.lower().replace(" ", "-")

    @classmethod
    def from_text(cls, text: str) -> Rating:
        """Accept the slug, the words, or the enum name, in any case."""
        key = text.strip().lower().replace("_", " ").replace("-", " ")
        for rating in cls:
            if rating.value.lower() == key:
                return rating
        choices = ", ".join(r.slug for r in cls)
        raise InspectorError(f"'{text}' is not a rating; use one of: {choices}")


# Best first: the order ratings are listed in, and the order used when comparing them.
RATING_ORDER: tuple[Rating, ...] = (
    Rating.OUTSTANDING,
    Rating.GOOD,
    Rating.REQUIRES_IMPROVEMENT,
    Rating.INADEQUATE,
)
