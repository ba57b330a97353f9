"""Hostile and broken files: each refused with a clear message, nothing written, nothing left
behind; and old files, which open forever."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import docx
import pytest

from inspector_app.core import storage
from inspector_app.core.document import SCHEMA_VERSION
from inspector_app.core.errors import InspectionFileError
from inspector_app.core.locking import read_lock
from inspector_app.core.migrations import MIGRATIONS
from inspector_app.core.open_file import OpenInspection
from inspector_app.core.storage import MAX_FILE_BYTES, load_inspection, save_inspection

SCHEMA_SAMPLES = sorted((Path(__file__).parent / "data" / "schema").glob("v*.inspection"))


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def example_json(example_path: Path) -> dict:
    return json.loads(example_path.read_bytes())


def dumps(data: object) -> bytes:
    return json.dumps(data).encode()


def hostile_files(example_path: Path) -> dict[str, tuple[bytes, str]]:
    """name -> (content, words the message must contain)."""
    raw = example_path.read_bytes()
    files: dict[str, tuple[bytes, str]] = {}
    for tenth in range(1, 10):
        files[f"truncated at {tenth}0%"] = (raw[: len(raw) * tenth // 10], "not valid JSON")
    files["truncated by one byte"] = (raw[:-1], "cut short")
    middle = len(raw) // 2
    files["invalid UTF-8 in the middle"] = (
        raw[:middle] + b"\xff" + raw[middle + 1 :],
        f"invalid byte at position {middle}",
    )
    files["saved as UTF-16"] = (raw.decode().encode("utf-16"), "not UTF-8")
    files["empty"] = (b"", "is empty")
    files["blank"] = (b" \n\t\n", "is empty")
    files["JSON null"] = (b"null", "not an inspection file")
    files["a JSON list"] = (b"[1, 2, 3]", "not an inspection file")
    files["a PNG picture"] = (b"\x89PNG\r\n\x1a\n" + bytes(200), "not UTF-8")
    files["deeply nested list"] = (b"[" * 200_000 + b"]" * 200_000, "nested too deeply")
    nested = b'{"a":' * 100_000 + b"1" + b"}" * 100_000
    files["deeply nested objects"] = (nested, "nested too deeply")
    files["a number too long to read"] = (
        b'{"format": "inspection-workbench", "schema_version": ' + b"9" * 10_000 + b"}",
        "not valid inspection data",
    )

    def variant(name: str, words: str, change) -> None:
        data = example_json(example_path)
        change(data)
        files[name] = (dumps(data), words)

    variant("unit is a number", "meta.unit", lambda d: d["meta"].update(unit=5))
    variant("cases is an object", "cases", lambda d: d.update(cases={"a": 1}))
    variant("answers is a list", "answers", lambda d: d["cases"][0].update(answers=["yes", "no"]))
    variant(
        "an answer value unknown",
        "value",
        lambda d: d["cases"][0]["answers"]["P2.1.1"].update(value="maybe"),
    )
    variant(
        "negative interviews",
        "practitioner_interviews",
        lambda d: d["meta"].update(practitioner_interviews=-3),
    )
    variant("a date that is no date", "created_at", lambda d: d.update(created_at="yesterday"))
    variant("NaN as a number", "practitioner_interviews", _set_nan)
    variant(
        "schema version true", "invalid schema_version", lambda d: d.update(schema_version=True)
    )
    variant("schema version zero", "invalid schema_version", lambda d: d.update(schema_version=0))
    variant("an unknown field", "meta.colour", lambda d: d["meta"].update(colour="blue"))
    variant(
        "newer version",
        f"file format {SCHEMA_VERSION + 1}",
        lambda d: d.update(schema_version=SCHEMA_VERSION + 1),
    )
    variant(
        "unknown framework",
        "unknown framework 'youth-2030'",
        lambda d: d["meta"].update(framework_id="youth-2030"),
    )
    variant("duplicate case ids", "used by more than one case", _duplicate_case_id)
    variant(
        "an unknown sample",
        "unknown case sample",
        lambda d: d["cases"][0].update(sample="custody"),
    )
    variant(
        "an answer to an unknown question",
        "unknown question",
        lambda d: d["cases"][0]["answers"].update({"Z9.9": {"value": "yes"}}),
    )
    variant("not tagged as ours", "no inspection format tag", lambda d: d.update(format="other"))
    return files


def _set_nan(data: dict) -> None:
    data["meta"]["practitioner_interviews"] = float("nan")


def _duplicate_case_id(data: dict) -> None:
    data["cases"][1]["id"] = data["cases"][0]["id"]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "hostile" in metafunc.fixturenames:
        from inspector_app.paths import example_inspection_path

        cases = hostile_files(example_inspection_path())
        metafunc.parametrize("hostile", list(cases.items()), ids=list(cases))


def test_hostile_file_is_refused_clearly_and_nothing_is_written(
    hostile: tuple[str, tuple[bytes, str]], tmp_path: Path
) -> None:
    _name, (content, words) = hostile
    folder = tmp_path / "files"
    folder.mkdir()
    path = folder / "hostile.inspection"
    path.write_bytes(content)
    before = snapshot(tmp_path)
    with pytest.raises(InspectionFileError) as caught:
        load_inspection(path)
    message = str(caught.value)
    assert words in message
    assert message.startswith(str(path))
    assert "Traceback" not in message and len(message) < 2000
    # Opening it for editing fails the same way and leaves no lock or recovery data behind.
    with pytest.raises(InspectionFileError):
        OpenInspection.open(path, recovery_root=tmp_path / "recovery")
    assert read_lock(path) is None
    assert snapshot(tmp_path) == before


def test_a_file_cut_short_inside_a_text_says_where_the_text_starts(
    example_path: Path, tmp_path: Path
) -> None:
    raw = example_path.read_bytes()
    cut = raw[: raw.index(b'"unit"') + 4]  # inside the string "unit"
    path = tmp_path / "cut.inspection"
    path.write_bytes(cut)
    with pytest.raises(InspectionFileError) as caught:
        load_inspection(path)
    message = caught.value.message
    assert "Unterminated string starting at line" in message and " at at " not in message
    assert message.endswith("(the file may have been cut short)")


def test_a_word_document_renamed(tmp_path: Path) -> None:
    source = tmp_path / "report.docx"
    document = docx.Document()
    document.add_paragraph("Inspection of probation services")
    document.save(str(source))
    path = tmp_path / "report.inspection"
    source.rename(path)
    with pytest.raises(InspectionFileError, match="zip archive"):
        load_inspection(path)


def test_a_file_over_the_limit_is_refused_before_it_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "huge.inspection"
    with path.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)  # sparse: no disk used

    def must_not_read(*_args, **_kwargs):
        raise AssertionError("the file was read")

    monkeypatch.setattr(storage, "read_with_fingerprint", must_not_read)
    with pytest.raises(InspectionFileError, match=r"larger than the 256 MB"):
        load_inspection(path)


def test_broken_characters_are_replaced_so_the_file_still_saves(
    example_path: Path, tmp_path: Path
) -> None:
    raw = example_path.read_bytes().replace(b'"unit":"', b'"unit":"\\ud800 ', 1)
    assert raw != example_path.read_bytes()
    path = tmp_path / "surrogate.inspection"
    path.write_bytes(raw)
    loaded = load_inspection(path)
    assert loaded.document.meta.unit.startswith("\N{REPLACEMENT CHARACTER}")
    assert any("replaced" in warning for warning in loaded.warnings)
    save_inspection(loaded.document, path)
    assert load_inspection(path).warnings == []


def test_a_correct_surrogate_pair_is_kept(example_path: Path, tmp_path: Path) -> None:
    raw = example_path.read_bytes().replace(b'"unit":"', b'"unit":"\\ud83d\\ude00 ', 1)
    path = tmp_path / "emoji.inspection"
    path.write_bytes(raw)
    loaded = load_inspection(path)
    assert loaded.document.meta.unit.startswith("\U0001f600")
    assert loaded.warnings == []


# -- old files open forever --------------------------------------------------------------------


def test_a_sample_of_every_past_version_is_kept() -> None:
    versions = {int(re.match(r"v(\d+)-", p.name).group(1)) for p in SCHEMA_SAMPLES}
    assert versions >= set(range(1, SCHEMA_VERSION))
    assert set(MIGRATIONS) == set(range(1, SCHEMA_VERSION))


@pytest.mark.parametrize("sample", SCHEMA_SAMPLES, ids=lambda p: p.name)
def test_old_files_lose_nothing_on_opening(sample: Path, tmp_path: Path) -> None:
    raw = json.loads(sample.read_bytes())
    loaded = load_inspection(sample)
    document = loaded.document
    assert len(document.cases) == len(raw["cases"])
    for case, raw_case in zip(document.cases, raw["cases"], strict=True):
        assert case.reference == raw_case["reference"]
        for question_id, raw_answer in raw_case.get("answers", {}).items():
            answer = case.answers[question_id]
            assert (answer.value.value if answer.value else None) == raw_answer.get("value")
            assert answer.note == raw_answer.get("note", "")
    assert document.meta.unit == raw["meta"]["unit"]
    # And the upgraded file survives recovery like any other (its base is kept exactly).
    copy = tmp_path / sample.name
    shutil.copyfile(sample, copy)
    opened = OpenInspection.open(copy, recovery_root=tmp_path / "recovery")
    case = opened.session.cases[0]
    opened.session.apply(opened.session.case_field_change(case.id, "notes", "after upgrade"))
    opened.journal.detach()
    opened.journal = None
    from inspector_app.core.recovery import find_recoverable, restore

    [candidate] = find_recoverable(tmp_path / "recovery")
    assert restore(candidate).document == opened.document
    opened.lock.release()


def test_a_newer_version_names_both_versions(example_path: Path, tmp_path: Path) -> None:
    data = example_json(example_path)
    data["schema_version"] = SCHEMA_VERSION + 5
    path = tmp_path / "future.inspection"
    path.write_bytes(dumps(data))
    with pytest.raises(InspectionFileError) as caught:
        load_inspection(path)
    message = str(caught.value)
    assert f"file format {SCHEMA_VERSION + 5}" in message
    assert f"up to {SCHEMA_VERSION}" in message
