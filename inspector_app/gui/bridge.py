"""The session's changes as typed Qt signals.

`InspectionSession` tells its listeners about every change just before and just after it is
made. `SessionBridge` turns those calls into signals that item models and views connect to, so
that each view hears only about what concerns it: one answer of one case, a field of a case,
cases inserted or removed, or a value somewhere else in the document. Signals carrying
"about to" go out while the document still holds the old state, which is what Qt's
beginInsertRows/beginRemoveRows need.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from PySide6.QtCore import QObject, Signal

from inspector_app.core.session import (
    Change,
    CompoundChange,
    InsertCases,
    InspectionSession,
    RemoveCases,
    SetAnswer,
    SetCaseField,
    SetDocumentValue,
)


class _Unknown:
    """Stands for a value a listener cannot be told in advance: treat it as a reset."""

    def __repr__(self) -> str:
        return "UNKNOWN"


UNKNOWN: Any = _Unknown()


def paths_related(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """True when one path lies inside the other (or they are the same)."""
    shorter = min(len(a), len(b))
    return a[:shorter] == b[:shorter]


def descend(value: Any, keys: tuple[str, ...]) -> Any:
    """Follow ``keys`` into a value the way the session reads document paths."""
    for key in keys:
        if value is None or value is UNKNOWN:
            return value
        value = value.get(key) if isinstance(value, dict) else getattr(value, key, None)
    return value


def leaves(change: Change, forward: bool = True) -> Iterator[Change]:
    if isinstance(change, CompoundChange):
        parts = change.changes if forward else tuple(reversed(change.changes))
        for part in parts:
            yield from leaves(part, forward)
    else:
        yield change


class SessionBridge(QObject):
    # One answer (value or note) of one case: (case id, question id).
    answerChanged = Signal(object, str)
    # One field of a case: (case id, field name, e.g. "inspector" or "attributes.gender").
    caseFieldChanged = Signal(object, str)
    # Cases inserted at, or removed from, these positions (ascending).
    casesAboutToBeInserted = Signal(object)
    casesInserted = Signal(object)
    casesAboutToBeRemoved = Signal(object)
    casesRemoved = Signal(object)
    # Several structural changes at once: listeners start again from the document.
    casesAboutToBeReset = Signal()
    casesReset = Signal()
    # A value outside the cases: (path, the value it is about to take or UNKNOWN).
    valueAboutToChange = Signal(object, object)
    valueChanged = Signal(object)
    # After any change, once every specific signal has gone out.
    documentChanged = Signal()

    def __init__(self, session: InspectionSession, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._unsubscribe = [
            session.subscribe_before(self._before),
            session.subscribe(self._after),
        ]

    def detach(self) -> None:
        for unsubscribe in self._unsubscribe:
            unsubscribe()
        self._unsubscribe = []

    # -- before -------------------------------------------------------------------------------

    def _before(self, change: Change, applied: bool) -> None:
        parts = list(leaves(change, applied))
        structural = [p for p in parts if isinstance(p, InsertCases | RemoveCases)]
        if len(structural) > 1 or (structural and len(parts) > 1):
            self.casesAboutToBeReset.emit()
        elif structural:
            part = structural[0]
            inserting = isinstance(part, InsertCases) == applied
            signal = self.casesAboutToBeInserted if inserting else self.casesAboutToBeRemoved
            signal.emit(part.positions)
        for path, value in self._value_targets(parts, applied).items():
            self.valueAboutToChange.emit(path, value)

    @staticmethod
    def _value_targets(parts: list[Change], applied: bool) -> dict[tuple[str, ...], Any]:
        targets: dict[tuple[str, ...], Any] = {}
        for part in parts:
            if not isinstance(part, SetDocumentValue):
                continue
            value = part.after if applied else part.before
            related = [p for p in targets if p != part.path and paths_related(p, part.path)]
            for path in related:
                targets[path] = UNKNOWN
            targets[part.path] = UNKNOWN if related else value
        return targets

    # -- after --------------------------------------------------------------------------------

    def _after(self, change: Change, applied: bool) -> None:
        parts = list(leaves(change, applied))
        structural = [p for p in parts if isinstance(p, InsertCases | RemoveCases)]
        reset = len(structural) > 1 or (structural and len(parts) > 1)
        if reset:
            self.casesReset.emit()
        elif structural:
            part = structural[0]
            inserting = isinstance(part, InsertCases) == applied
            (self.casesInserted if inserting else self.casesRemoved).emit(part.positions)
        announced: set[tuple[str, ...]] = set()
        for part in parts:
            if isinstance(part, SetAnswer):
                if not reset:
                    self.answerChanged.emit(part.case_id, part.question_id)
            elif isinstance(part, SetCaseField):
                if not reset:
                    self.caseFieldChanged.emit(part.case_id, part.field)
            elif isinstance(part, SetDocumentValue) and part.path not in announced:
                announced.add(part.path)
                self.valueChanged.emit(part.path)
        self.documentChanged.emit()
