"""The error types a user can meet, and how validation problems are put into words.

Every error here carries a message written for the person using the app: what is wrong and,
where it helps, what to do. The command line prints the message and exits with status 2; the
desktop app shows it in a dialog. Nothing else is meant to escape to the user.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from pydantic import ValidationError


class InspectorError(Exception):
    """Base of every error whose message is meant for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class FrameworkError(InspectorError):
    """A framework file is missing, unreadable or invalid."""


class InspectionFileError(InspectorError):
    """An inspection file cannot be opened or saved.

    The documented error of `storage.load_inspection`: malformed, invalid, newer-version,
    unknown-framework, oversized or unreadable files all raise this and nothing else.
    """

    def __init__(self, path: object, message: str) -> None:
        self.path = str(path)
        super().__init__(f"{self.path}: {message}")
        self.reason = message


class CaseImportError(InspectorError):
    """A CSV of cases cannot be imported. Names the row and column where it can."""

    def __init__(self, message: str, *, row: int | None = None, column: str | None = None) -> None:
        self.row = row
        self.column = column
        where = []
        if row is not None:
            where.append(f"row {row}")
        if column is not None:
            where.append(f"column '{column}'")
        prefix = (", ".join(where) + ": ") if where else ""
        super().__init__(prefix + message)


class EditError(InspectorError):
    """An edit that the rules of the framework or the document do not allow."""


def describe_validation_error(error: ValidationError, data: Any = None, *, limit: int = 5) -> str:
    """Turn a pydantic error into lines a user can act on.

    Locations are written as paths; where a list item has an ``id`` in the raw data the id is
    shown instead of the index, so "standards[P2.2].key_questions[P2.2.3].wording" rather than
    "standards.5.key_questions.2.wording".
    """
    lines = []
    errors = error.errors(include_url=False)
    for item in errors[:limit]:
        location = format_location(item.get("loc", ()), data)
        message = item.get("msg", "invalid value")
        lines.append(f"{location}: {message}" if location else message)
    if len(errors) > limit:
        lines.append(f"... and {len(errors) - limit} more problem(s)")
    return "\n".join(lines)


def format_location(loc: Sequence[Any], data: Any = None) -> str:
    parts: list[str] = []
    node = data
    for key in loc:
        if isinstance(key, int):
            label = str(key)
            if isinstance(node, list) and 0 <= key < len(node):
                node = node[key]
                ident = node.get("id") if isinstance(node, Mapping) else None
                if isinstance(ident, str | int) and str(ident):
                    label = str(ident)
            else:
                node = None
            parts.append(f"[{label}]")
        else:
            node = node.get(key) if isinstance(node, Mapping) else None
            parts.append(("." if parts else "") + str(key))
    return "".join(parts)


def join_lines(items: Iterable[str]) -> str:
    return "\n".join(items)
