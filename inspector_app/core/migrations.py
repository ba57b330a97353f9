"""Upgrades of older inspection files, one schema version at a time.

A file records the `schema_version` it was written with. Loading runs every migration from
that version up to `SCHEMA_VERSION`, on the raw JSON data, before validation. A migration
never deletes what an inspector wrote: it moves or renames it.

To change the format: bump `SCHEMA_VERSION` in `document.py`, add a function here taking the
data of version N and returning version N+1, register it in `MIGRATIONS`, and add a sample
file of version N to `tests/data/schema/` (the tests open every one of them).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from inspector_app.core.document import SCHEMA_VERSION

Migration = Callable[[dict[str, Any]], dict[str, Any]]


def _v1_to_v2(data: dict[str, Any]) -> dict[str, Any]:
    """Version 2 adds QA comments on cases and the change history; both start empty."""
    for case in data.get("cases") or []:
        if isinstance(case, dict):
            case.setdefault("qa_comments", [])
    data.setdefault("history", [])
    return data


def _v2_to_v3(data: dict[str, Any]) -> dict[str, Any]:
    """Version 3 gives every history entry a kind; version 2 recorded answers only."""
    for record in data.get("history") or []:
        if isinstance(record, dict):
            record.setdefault("kind", "answer")
    return data


# MIGRATIONS[n] upgrades a version-n file to version n+1.
MIGRATIONS: dict[int, Migration] = {1: _v1_to_v2, 2: _v2_to_v3}


def migrate(data: dict[str, Any], from_version: int) -> dict[str, Any]:
    version = from_version
    while version < SCHEMA_VERSION:
        step = MIGRATIONS.get(version)
        if step is None:
            raise LookupError(f"no migration from file format {version}")
        data = step(data)
        version += 1
        data["schema_version"] = version
    return data
