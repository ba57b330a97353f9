"""Text on its way into the report: made safe for Word, split into paragraphs and bullets.

Anything a user can type or paste reaches the report through `clean_text`. XML 1.0, and so a
.docx, cannot hold most control characters, lone surrogates or U+FFFE/U+FFFF; they are
removed (vertical tab and form feed, which Word itself uses for breaks, become line breaks).
Everything else, emoji and right-to-left scripts included, is kept as typed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

_BREAKS = re.compile(r"\r\n?|[\v\f]")
_NOT_XML = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_BULLET = re.compile(r"^[-*•](?:\s+|$)")
_SPACES = re.compile(r"[ \t]*\n[ \t]*")


def clean_text(text: str) -> str:
    """``text`` without the characters a Word document cannot hold; newlines as ``\\n``."""
    return _NOT_XML.sub("", _BREAKS.sub("\n", text))


def one_line(text: str) -> str:
    """Cleaned text on one line: a list item or a table cell, where line breaks would only
    come from pasting."""
    return _SPACES.sub(" ", clean_text(text)).strip()


@dataclass(frozen=True, slots=True)
class Block:
    """A paragraph (one item) or a run of bullets (one item each)."""

    bullets: bool
    items: tuple[str, ...]


def narrative_blocks(text: str) -> list[Block]:
    """Split narrative text the way the app stores it: blank lines between paragraphs, lines
    starting "- " as bullets. A line that follows a bullet without a blank line continues it,
    as happens when wrapped text is pasted."""
    blocks: list[Block] = []
    for chunk in _BLANK_LINE.split(clean_text(text)):
        paragraph: list[str] = []
        bullets: list[str] = []
        for raw in chunk.split("\n"):
            line = raw.strip()
            if not line:
                continue
            marker = _BULLET.match(line)
            if marker:
                if paragraph:
                    blocks.append(Block(False, (" ".join(paragraph),)))
                    paragraph = []
                item = line[marker.end() :].strip()
                if item:
                    bullets.append(item)
            elif bullets:
                bullets[-1] = f"{bullets[-1]} {line}"
            else:
                paragraph.append(line)
        if paragraph:
            blocks.append(Block(False, (" ".join(paragraph),)))
        if bullets:
            blocks.append(Block(True, tuple(bullets)))
    return blocks


def non_empty(items: Iterable[str]) -> list[str]:
    """List items as single lines, dropping any that are blank once cleaned."""
    return [line for line in (one_line(item) for item in items) if line]


def join_words(parts: list[str], conjunction: str = "and") -> str:
    """ "a", "a and b", "a, b and c"."""
    if len(parts) <= 1:
        return "".join(parts)
    return f"{', '.join(parts[:-1])} {conjunction} {parts[-1]}"
