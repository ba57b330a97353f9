"""The pieces of the Word export: text cleaning, narrative blocks, filling in, facts, charts."""

from __future__ import annotations

import io
import struct
from datetime import date

import pytest

from inspector_app.core.framework import Framework
from inspector_app.export.charts import ChartBar, key_question_chart
from inspector_app.export.report_errors import ReportExportError
from inspector_app.export.report_facts import date_range, lower_first
from inspector_app.export.report_text import Placeholder, Segment, render
from inspector_app.export.text import Block, clean_text, narrative_blocks, one_line


def test_clean_text_keeps_everything_a_document_can_hold() -> None:
    assert clean_text("a\x00b\x07c\x1bd\x7fe\x85f") == "abcdef"
    assert clean_text("line\r\nbreak\rand\vtab\tform\ffeed") == "line\nbreak\nand\ntab\tform\nfeed"
    assert clean_text("lone \ud800 surrogate \ufffe\uffff") == "lone  surrogate "
    kept = "emoji 👍🏽 🧑‍⚖️ Arabic تقرير Hebrew דו״ח accents é ß zero-width\u200d"
    assert clean_text(kept) == kept
    assert one_line("  first\n  second \r\n third  ") == "first second third"


def test_narrative_splits_paragraphs_and_bullets() -> None:
    text = (
        "First paragraph\nwrapped when pasted.\n\n"
        "- one\n- two continues\n  on the next line\n• three\n\n"
        "Intro line\n- bullet after it\n\n\n   \n"
        "-no space is not a bullet\n- \n"
    )
    assert narrative_blocks(text) == [
        Block(False, ("First paragraph wrapped when pasted.",)),
        Block(True, ("one", "two continues on the next line", "three")),
        Block(False, ("Intro line",)),
        Block(True, ("bullet after it",)),
        Block(False, ("-no space is not a bullet",)),
    ]
    assert narrative_blocks("") == []
    assert narrative_blocks(" \n\x00\n ") == []


def test_render_marks_brackets_and_missing_facts_as_placeholders() -> None:
    values = {"unit": "Wakefield [PDU]", "region": Placeholder("[region]")}
    assert render("[To be drafted: {unit}] in {region}.", values) == [
        Segment("[To be drafted: Wakefield [PDU]]", placeholder=True),
        Segment(" in "),
        Segment("[region]", placeholder=True),
        Segment("."),
    ]
    # brackets typed by a user are text, not placeholders
    assert render("{unit} should:", values) == [Segment("Wakefield [PDU] should:")]
    assert render("Tab\there {unit}", {"unit": "a\x00b\nc"}) == [Segment("Tab\there ab c")]
    with pytest.raises(ReportExportError, match=r"the field \{score\} cannot be used here"):
        render("Score {score}", values)


def test_wording_helpers() -> None:
    assert date_range(date(2025, 3, 3), date(2025, 3, 14)) == "3 to 14 March 2025"
    assert date_range(date(2025, 2, 24), date(2025, 3, 7)) == "24 February to 7 March 2025"
    assert date_range(date(2024, 12, 30), date(2025, 1, 3)) == "30 December 2024 to 3 January 2025"
    assert date_range(date(2025, 3, 3), None) == "3 March 2025"
    assert date_range(None, date(2025, 3, 3)) == ""
    assert lower_first("Implementation and delivery") == "implementation and delivery"
    assert lower_first("NPS-specific work") == "NPS-specific work"


def _png_size(data: bytes) -> tuple[int, int]:
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    return struct.unpack(">II", io.BytesIO(data).getvalue()[16:24])


def test_a_chart_is_drawn_for_any_figures(pdu: Framework) -> None:
    bars = [
        ChartBar("P1 a long key question " * 6, 100.0, "100% (provisional)", False),
        ChartBar("P2 nothing yet", None, "No figure yet", False),
        ChartBar("P3 costs $5 and $6", 0.0, "0%", True),
    ]
    png = key_question_chart(bars, pdu.scoring.bands, width_inches=6.0)
    width, height = _png_size(png)
    assert width == 6 * 150
    assert 200 < height < 1000
    assert key_question_chart(bars, pdu.scoring.bands, width_inches=6.0) == png
    assert _png_size(key_question_chart([], pdu.scoring.bands, width_inches=6.0))[0] == 900
