"""Inspection files: atomic saves, round trips, and clear refusals of bad files."""

from __future__ import annotations

import json
import os
import stat
import zipfile
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inspector_app.core.document import (
    SCHEMA_VERSION,
    Answer,
    AnswerValue,
    Case,
    DateWindow,
    Inspection,
    RatingOverride,
)
from inspector_app.core.errors import InspectionFileError
from inspector_app.core.ratings import Rating
from inspector_app.core.storage import (
    MAX_FILE_BYTES,
    load_inspection,
    parse_inspection,
    save_inspection,
)
from tests.builders import new_document


def saved(tmp_path: Path, document: Inspection, name: str = "t.inspection") -> Path:
    path = tmp_path / name
    save_inspection(document, path)
    return path


def test_example_round_trips(example_path: Path, tmp_path: Path) -> None:
    loaded = load_inspection(example_path)
    path = saved(tmp_path, loaded.document)
    again = load_inspection(path)
    assert again.document == loaded.document
    assert again.framework.id == "pdu-2023"


def test_save_is_owner_only_and_leaves_no_temporary_files(pdu, tmp_path: Path) -> None:
    path = saved(tmp_path, new_document(pdu))
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["t.inspection"]


def test_save_replaces_atomically(pdu, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    document = new_document(pdu)
    path = saved(tmp_path, document)
    before = path.read_bytes()

    def fail(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    document.meta.unit = "Changed PDU"
    with pytest.raises(InspectionFileError, match="the disk is full"):
        save_inspection(document, path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["t.inspection"]


def test_save_into_missing_folder(pdu, tmp_path: Path) -> None:
    with pytest.raises(InspectionFileError, match="folder does not exist"):
        save_inspection(new_document(pdu), tmp_path / "gone" / "t.inspection")


def write(tmp_path: Path, content: bytes | str) -> Path:
    path = tmp_path / "bad.inspection"
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return path


def valid_json(pdu) -> dict:
    return json.loads(new_document(pdu).model_dump_json())


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "is empty"),
        (b'{"format": "inspection-workbench", "schema_version": 1, "meta": ', "not valid JSON"),
        (b"\xff\xfe\x00garbage", "not UTF-8"),
        (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
        (b'{"hello": 1}', "not an inspection file"),
        (b"[1, 2, 3]", "not an inspection file"),
        (b"%PDF-1.7 ...", "PDF document"),
        (b'{"format": "inspection-workbench", "schema_version": "one"}', "invalid schema_version"),
    ],
)
def test_malformed_files_are_refused_with_a_clear_message(
    tmp_path: Path, content, expected
) -> None:
    path = write(tmp_path, content)
    with pytest.raises(InspectionFileError, match=expected) as caught:
        load_inspection(path)
    assert str(path) in str(caught.value)


def test_word_document_renamed_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "report.inspection"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    with pytest.raises(InspectionFileError, match="zip archive"):
        load_inspection(path)


def test_newer_version_is_refused_naming_both_versions(pdu, tmp_path: Path) -> None:
    data = valid_json(pdu)
    data["schema_version"] = SCHEMA_VERSION + 1
    with pytest.raises(InspectionFileError) as caught:
        load_inspection(write(tmp_path, json.dumps(data)))
    message = str(caught.value)
    assert f"file format {SCHEMA_VERSION + 1}" in message
    assert f"up to {SCHEMA_VERSION}" in message
    assert "newer version" in message


def test_unknown_framework_is_refused(pdu, tmp_path: Path) -> None:
    data = valid_json(pdu)
    data["meta"]["framework_id"] = "youth-2030"
    with pytest.raises(InspectionFileError, match="unknown framework 'youth-2030'"):
        load_inspection(write(tmp_path, json.dumps(data)))


def test_invalid_document_names_the_field(pdu, tmp_path: Path) -> None:
    data = valid_json(pdu)
    data["cases"] = [
        {"reference": "A1", "sample": "supervision", "answers": {"P2.1.1": {"value": "maybe"}}}
    ]
    with pytest.raises(InspectionFileError, match=r"cases\[0\].answers.P2.1.1.value"):
        load_inspection(write(tmp_path, json.dumps(data)))


def test_wrong_types_are_refused(pdu, tmp_path: Path) -> None:
    data = valid_json(pdu)
    data["cases"] = {"not": "a list"}
    with pytest.raises(InspectionFileError, match="cases"):
        load_inspection(write(tmp_path, json.dumps(data)))


def test_answers_the_framework_does_not_allow_are_refused(pdu, tmp_path: Path) -> None:
    document = new_document(pdu)
    document.cases = [
        Case(
            reference="A1",
            sample="supervision",
            answers={
                "P2.1.1": Answer(value=AnswerValue.NOT_APPLICABLE),
                "X9": Answer(value=AnswerValue.YES),
            },
        )
    ]
    with pytest.raises(InspectionFileError) as caught:
        load_inspection(saved(tmp_path, document))
    assert "P2.1.1 cannot be answered 'Not applicable'" in str(caught.value)
    assert "unknown question 'X9'" in str(caught.value)


def test_duplicate_case_ids_are_refused(pdu, tmp_path: Path) -> None:
    document = new_document(pdu)
    case = Case(reference="A1", sample="supervision")
    document.cases = [case, case.model_copy(update={"reference": "A2"})]
    with pytest.raises(InspectionFileError, match="used by more than one case"):
        load_inspection(saved(tmp_path, document))


def test_file_over_the_size_limit_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.inspection"
    with path.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)  # sparse: no real disk used
    with pytest.raises(InspectionFileError, match="larger than"):
        load_inspection(path)


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(InspectionFileError, match="does not exist"):
        load_inspection(tmp_path / "nope.inspection")
    with pytest.raises(InspectionFileError, match="is a folder"):
        load_inspection(tmp_path)


# -- property: save then load gives back the same document ----------------------------------

texts = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
answers = st.builds(
    Answer,
    value=st.sampled_from([AnswerValue.YES, AnswerValue.NO, None]),
    note=texts,
    set_by=texts,
    set_at=st.none() | st.datetimes(timezones=st.just(UTC)).map(lambda d: d.replace(microsecond=0)),
)
cases = st.builds(
    Case,
    reference=texts.filter(lambda t: t.strip()),
    sample=st.just("supervision"),
    inspector=texts,
    notes=texts,
    attributes=st.dictionaries(st.sampled_from(["sentence_type", "gender"]), texts, max_size=2),
    answers=st.dictionaries(
        st.sampled_from(["P2.1.1", "P2.2.3", "P2.1.1.a", "O1"]), answers, max_size=4
    ),
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    cases=st.lists(cases, max_size=5),
    unit=texts.filter(lambda t: t.strip()),
    foreword=texts,
    rating=st.none() | st.sampled_from(list(Rating)),
    interviews=st.none() | st.integers(0, 500),
)
def test_save_then_load_gives_back_the_same_document(
    pdu, tmp_path: Path, cases, unit, foreword, rating, interviews
) -> None:
    document = new_document(pdu, unit)
    document.cases = cases
    document.narrative.foreword = foreword
    document.write_up("P1.2").rating = rating
    document.meta.practitioner_interviews = interviews
    document.meta.sample_windows = [DateWindow(start=date(2024, 1, 1), end=date(2024, 1, 7))]
    document.overrides["P2.1"] = RatingOverride(
        rating=Rating.GOOD, rationale="Reason", set_at=datetime(2025, 1, 1, tzinfo=UTC)
    )
    raw = document.model_dump_json().encode()
    loaded = parse_inspection(raw, "memory")
    assert loaded.document == document
