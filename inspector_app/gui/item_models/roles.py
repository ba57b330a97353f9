"""Item data roles shared by the models and their delegates."""

from __future__ import annotations

from PySide6.QtCore import Qt

from inspector_app.core.document import AnswerValue, ReviewStatus
from inspector_app.core.ratings import Rating

_USER = Qt.ItemDataRole.UserRole.value

# The rating a chip shows (a Rating, or None for "not yet rated").
RatingRole = _USER + 1
# True where a figure or rating may still change because answers are missing.
ProvisionalRole = _USER + 2
# The RatingOverride behind a rating, or None.
OverrideRole = _USER + 3
# Sort key for proxy models (numbers sort as numbers).
SortRole = _USER + 4
# The id (UUID or str) of the thing a row stands for.
IdRole = _USER + 5
# What kind of row this is, for delegates ("domain", "standard", "key_question", ...).
KindRole = _USER + 6
# (answered, total) for progress bars.
ProgressRole = _USER + 7
# An AnswerValue or None.
AnswerRole = _USER + 8
# Whether Not applicable is allowed, and when (the framework's rule, or "").
NotApplicableRole = _USER + 9
# A case's ReviewStatus.
StatusRole = _USER + 10
# A case standard's computed rating, where an override replaced it.
ComputedRatingRole = _USER + 11
# The evidence note of an answer.
NoteRole = _USER + 12
# True for a case standard whose rating could differ within its key questions' intervals.
BorderlineRole = _USER + 13
# A few words naming a key question, where its wording does not fit ("Keeping people safe").
ShortNameRole = _USER + 14


def as_rating(value: object) -> Rating | None:
    """A Rating read back from item data (Qt hands string enums back as plain str)."""
    return None if value in (None, "") else Rating(str(value))


def as_answer(value: object) -> AnswerValue | None:
    return None if value in (None, "") else AnswerValue(str(value))


def as_status(value: object) -> ReviewStatus | None:
    return None if value in (None, "") else ReviewStatus(str(value))
