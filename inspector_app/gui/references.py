"""Case references: the next one in a sequence, and a pasted column of them."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

_TRAILING_NUMBER = re.compile(r"^(.*?)(\d+)$")


def next_reference(basis: str, taken: Iterable[str]) -> str:
    """The next free reference after ``basis``: BRK-040 gives BRK-041 (or the next free)."""
    used = {t.casefold() for t in taken}
    basis = basis.strip() or "CASE-000"
    match = _TRAILING_NUMBER.match(basis)
    if match:
        prefix, digits = match.groups()
        number = int(digits)
        while True:
            number += 1
            candidate = f"{prefix}{number:0{len(digits)}d}"
            if candidate.casefold() not in used:
                return candidate
    number = 1
    while True:
        number += 1
        candidate = f"{basis}-{number}"
        if candidate.casefold() not in used:
            return candidate


@dataclass
class PastedReferences:
    new: list[str] = field(default_factory=list)
    already_present: list[str] = field(default_factory=list)
    repeated: list[str] = field(default_factory=list)


def read_pasted_references(text: str, taken: Iterable[str]) -> PastedReferences:
    """One reference per line (the first cell of a row copied from a spreadsheet)."""
    used = {t.casefold() for t in taken}
    seen: set[str] = set()
    result = PastedReferences()
    for line in text.splitlines():
        reference = line.split("\t")[0].split(",")[0].strip().strip('"').strip()
        if not reference:
            continue
        key = reference.casefold()
        if key in used:
            result.already_present.append(reference)
        elif key in seen:
            result.repeated.append(reference)
        else:
            seen.add(key)
            result.new.append(reference)
    return result
