"""The dashboard's figures on the cases of chosen review statuses ("QA-checked cases only").

`StatusFigures` is a `FigureSource` for `DashboardModel.set_source`. It keeps its own rating
engine over the cases whose status is chosen, and follows the session's changes the way the
session's engine does: an answer change in one of those cases moves one tally (O(1)), so typing
never walks the cases. A change that moves cases in or out of the chosen set (a review status,
a sample, cases added or removed) marks the engine stale; it is rebuilt, once, the next time
figures are asked for. The figures are those of `inspector_app.core.qa.rate_cases_with_status`:
the same rules on the subset, judgement ratings kept, overrides left out.
"""

from __future__ import annotations

from collections.abc import Callable, Collection

from PySide6.QtCore import QObject, Signal

from inspector_app.core.document import Inspection, ReviewStatus
from inspector_app.core.engine import InspectionResult, QuestionFigure, RatingEngine
from inspector_app.core.qa import cases_with_status
from inspector_app.core.session import (
    Change,
    InsertCases,
    RemoveCases,
    SetAnswer,
    SetCaseField,
)
from inspector_app.gui.bridge import leaves
from inspector_app.gui.editing import DocumentEditor

# Case fields that can move a case into or out of the chosen set, or change what it counts in.
_MEMBERSHIP_FIELDS = frozenset({"status", "sample"})

# The choices the dashboard offers: (label, statuses); None shows every case.
STATUS_FILTERS: tuple[tuple[str, frozenset[ReviewStatus] | None], ...] = (
    ("All cases", None),
    ("QA-checked cases only", frozenset({ReviewStatus.QA_CHECKED})),
    ("Complete and QA-checked cases", frozenset({ReviewStatus.COMPLETE, ReviewStatus.QA_CHECKED})),
    ("Complete cases only", frozenset({ReviewStatus.COMPLETE})),
    ("Cases with a query raised", frozenset({ReviewStatus.QUERY_RAISED})),
    ("Draft cases only", frozenset({ReviewStatus.DRAFT})),
)


def describe_statuses(statuses: Collection[ReviewStatus]) -> str:
    """How the dashboard names a set of statuses: "QA-checked", "complete or QA-checked"."""
    names = {
        ReviewStatus.DRAFT: "draft",
        ReviewStatus.COMPLETE: "complete",
        ReviewStatus.QA_CHECKED: "QA-checked",
        ReviewStatus.QUERY_RAISED: "queried",
    }
    ordered = [names[s] for s in ReviewStatus if s in statuses]
    if len(ordered) == 1:
        return ordered[0]
    return ", ".join(ordered[:-1]) + " or " + ordered[-1]


def _drain(unsubscribers: list[Callable[[], None]]) -> None:
    while unsubscribers:
        unsubscribers.pop()()


class StatusFigures(QObject):
    """Figures on the cases whose review status is one of ``statuses``."""

    # The set of cases changed (a status, a sample, cases added or removed): every figure
    # may have moved. Answer changes are reported by the session bridge as usual.
    membershipChanged = Signal()

    def __init__(
        self,
        editor: DocumentEditor,
        statuses: Collection[ReviewStatus],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.editor = editor
        self.session = editor.session
        self.framework = editor.framework
        self.statuses = frozenset(ReviewStatus(s) for s in statuses)
        self._engine = RatingEngine(self.framework)
        self._count = 0
        self._stale = True
        self._membership_moved = False
        self._unsubscribe: list[Callable[[], None]] = [
            self.session.subscribe_before(self._before),
            self.session.subscribe(self._after),
        ]
        # The dashboard page owns this object; if it goes first, the session must not call it.
        self.destroyed.connect(lambda *_args, pending=self._unsubscribe: _drain(pending))

    def detach(self) -> None:
        """Stop following the session (the dashboard shows another source)."""
        _drain(self._unsubscribe)

    # -- FigureSource ----------------------------------------------------------------------

    def result(self) -> InspectionResult:
        return self._current().result(self._view())

    def prompt_figures(self, key_question_id: str) -> list[QuestionFigure]:
        return self._current().prompt_figures(key_question_id)

    def outcome_figures(self) -> list[QuestionFigure]:
        return self._current().outcome_figures()

    @property
    def case_count(self) -> int:
        """How many cases the figures come from."""
        self._current()
        return self._count

    # -- keeping in step ---------------------------------------------------------------------

    def _view(self) -> Inspection:
        # Overrides are decisions about the whole sample; a subset shows what it says alone.
        # A shallow copy: nothing is read from it but the ratings of the judgement standards.
        return self.session.document.model_copy(update={"overrides": {}})

    def _current(self) -> RatingEngine:
        if self._stale:
            cases = cases_with_status(self.session.cases, self.statuses)
            self._engine.rebuild(cases)
            self._count = len(cases)
            self._stale = False
        return self._engine

    def _before(self, change: Change, applied: bool) -> None:
        # Told before the document changes, so that answers move the tallies before any view
        # asks for figures; the change itself carries the values before and after.
        for part in leaves(change, applied):
            if isinstance(part, SetAnswer):
                if self._stale:
                    continue
                case = self.session.case(part.case_id)
                if case.status not in self.statuses:
                    continue
                old, new = (part.before, part.after) if applied else (part.after, part.before)
                self._engine.change_answer(
                    part.question_id,
                    old.value if old is not None else None,
                    new.value if new is not None else None,
                )
            elif isinstance(part, SetCaseField) and part.field in _MEMBERSHIP_FIELDS:
                self._stale = True
                self._membership_moved = True
            elif isinstance(part, InsertCases | RemoveCases):
                # The dashboard model refreshes itself on cases added or removed.
                self._stale = True

    def _after(self, _change: Change, _applied: bool) -> None:
        if self._membership_moved:
            self._membership_moved = False
            self.membershipChanged.emit()
