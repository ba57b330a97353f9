"""The example inspection shipped with the app."""

from __future__ import annotations

from pathlib import Path

from inspector_app.core.example import build_example
from inspector_app.core.storage import load_inspection, serialise


def test_shipped_example_matches_its_generator(example_path: Path) -> None:
    """Regenerate with `python -m inspector_app.core.example` after changing the generator."""
    document = build_example()
    document.saved_by = "example generator"
    assert example_path.read_bytes() == serialise(document)


def test_example_is_a_complete_realistic_inspection(example_path: Path) -> None:
    loaded = load_inspection(example_path)
    document = loaded.document
    assert loaded.framework.id == "pdu-2023"
    assert not loaded.warnings
    assert 35 <= len(document.cases) <= 45
    assert {c.attributes["sentence_type"] for c in document.cases} == {"Community order", "Licence"}
    assert len({c.inspector for c in document.cases}) == 5
    assert document.narrative.foreword and document.narrative.recommendations
    assert all(document.standards[s].rating for s in ("P1.1", "P1.2", "P1.3"))
    assert any(answer.note for case in document.cases for answer in case.answers.values())
