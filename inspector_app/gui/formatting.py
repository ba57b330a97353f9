"""Times and short texts as the app's views show them."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path


def format_when(moment: datetime | None) -> str:
    """A stored time (UTC) in the computer's local time: "12 Mar 2025 14:40"."""
    if moment is None:
        return ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    local = moment.astimezone()
    return f"{local.day} {local:%b %Y %H:%M}"


def shorten(text: str, limit: int = 80) -> str:
    """One line of at most ``limit`` characters, cut at a word where it can be."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:") + "…"


def home_relative(path: Path) -> str:
    """A path as a person reads it: ~ for the home folder."""
    try:
        return "~/" + path.relative_to(Path.home()).as_posix()
    except ValueError:
        return str(path)
