"""Fuzzing the file loader and the CSV importer: whatever the bytes, only the documented
error escapes (`InspectionFileError`; `CaseImportError`), and a file that opens also saves.

Inputs are random bytes and mutations of valid files: bytes flipped, inserted, deleted or
repeated, files cut short, and JSON values replaced by values of other types, removed,
swapped or duplicated. The example counts keep the suite quick; raise them with
``INSPECTOR_FUZZ_EXAMPLES`` for a long run.
"""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inspector_app.core.csv_import import parse_cases, read_csv_file
from inspector_app.core.errors import CaseImportError, InspectionFileError
from inspector_app.core.framework import get_framework
from inspector_app.core.storage import LoadedInspection, parse_inspection, serialise
from inspector_app.paths import example_inspection_path

EXAMPLES = int(os.environ.get("INSPECTOR_FUZZ_EXAMPLES", "250"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _small_valid_file() -> bytes:
    """The example inspection cut to a few cases: every kind of content, quick to parse."""
    data = json.loads(example_inspection_path().read_bytes())
    data["cases"] = data["cases"][:3]
    kept = {case["id"] for case in data["cases"]}
    data["history"] = [h for h in data.get("history", []) if h.get("case_id") in kept][:5]
    return json.dumps(data).encode()


VALID = _small_valid_file()
VALID_DATA = json.loads(VALID)


def check_file(raw: bytes) -> None:
    """The property: a clear refusal, or a document that saves and reads back the same."""
    try:
        loaded = parse_inspection(raw, "fuzzed.inspection")
    except InspectionFileError as exc:
        assert str(exc).startswith("fuzzed.inspection: ")
        assert exc.reason.strip()
        return
    assert isinstance(loaded, LoadedInspection)
    again = parse_inspection(serialise(loaded.document), "again.inspection")
    assert again.document == loaded.document


def test_the_unmutated_file_is_valid() -> None:
    loaded = parse_inspection(VALID)
    assert len(loaded.document.cases) == 3


# -- the file loader -----------------------------------------------------------------------------


@FUZZ
@given(st.binary(max_size=3000))
def test_random_bytes(raw: bytes) -> None:
    check_file(raw)


@FUZZ
@given(st.binary(max_size=200))
def test_random_bytes_after_a_valid_opening(tail: bytes) -> None:
    check_file(b'{"format": "inspection-workbench", "schema_version": 3, ' + tail)


byte_edits = st.lists(
    st.tuples(
        st.sampled_from(["flip", "insert", "delete", "repeat"]),
        st.integers(0, len(VALID) - 1),
        st.binary(min_size=1, max_size=8),
        st.integers(1, 400),
    ),
    min_size=1,
    max_size=6,
)


@FUZZ
@given(byte_edits, st.one_of(st.none(), st.integers(0, len(VALID))))
def test_byte_mutations_of_a_valid_file(edits, cut: int | None) -> None:
    raw = bytearray(VALID)
    for kind, position, data, length in edits:
        position %= max(1, len(raw))
        if kind == "flip":
            raw[position : position + len(data)] = data
        elif kind == "insert":
            raw[position:position] = data
        elif kind == "delete":
            del raw[position : position + length]
        else:
            raw[position:position] = raw[position : position + length]
    if cut is not None:
        raw = raw[:cut]
    check_file(bytes(raw))


def _paths(node: Any, prefix: tuple = ()) -> list[tuple]:
    found = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            found.extend(_paths(value, (*prefix, key)))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found.extend(_paths(value, (*prefix, index)))
    return found


PATHS = _paths(VALID_DATA)[1:]

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=30)
    | st.sampled_from(["yes", "no", "not_applicable", "Good", "2025-01-01", "P2.1.1", ""])
    | st.uuids().map(str),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=12,
)


def _get(data: Any, path: tuple) -> Any:
    for key in path:
        data = data[key]
    return data


def _parent(data: Any, path: tuple) -> tuple[Any, Any]:
    return _get(data, path[:-1]), path[-1]


structural_edits = st.lists(
    st.tuples(
        st.sampled_from(["replace", "remove", "swap", "duplicate"]),
        st.integers(0, len(PATHS) - 1),
        st.integers(0, len(PATHS) - 1),
        json_values,
    ),
    min_size=1,
    max_size=4,
)


@FUZZ
@given(structural_edits)
def test_structural_mutations_of_a_valid_file(edits) -> None:
    data = copy.deepcopy(VALID_DATA)
    for kind, first, second, value in edits:
        try:
            container, key = _parent(data, PATHS[first])
            if kind == "replace":
                container[key] = value
            elif kind == "remove":
                del container[key]
            elif kind == "swap":
                other, other_key = _parent(data, PATHS[second])
                container[key], other[other_key] = other[other_key], container[key]
            elif isinstance(container, list):
                container.insert(key, copy.deepcopy(container[key]))
            else:
                container[f"{key}_copy"] = copy.deepcopy(container[key])
        except (KeyError, IndexError, TypeError):
            continue  # an earlier edit moved or removed this place
    check_file(json.dumps(data).encode())


# -- the CSV importer ------------------------------------------------------------------------------

PDU = get_framework("pdu-2023")
VALID_CSV = (
    "case_ref,sample,inspector,sentence_type,gender,P2.1.1,P2.1.2,P2.2.3,P2.1.1.a,O1\n"
    "A-001,supervision,J Smith,Community order,Male,Yes,No,N/A,Yes,\n"
    'A-002,,"Jones, K",Licence,female,y,n,,No,Yes\n'
    "A-003,supervision,,,,No,Yes,NA,,No\n"
)


def check_csv(text: str) -> None:
    try:
        cases = parse_cases(text, PDU, set_by="fuzz")
    except CaseImportError as exc:
        assert str(exc).strip()
        return
    assert isinstance(cases, list)


def test_the_valid_csv_imports() -> None:
    assert [c.reference for c in parse_cases(VALID_CSV, PDU)] == ["A-001", "A-002", "A-003"]


@FUZZ
@given(st.text(max_size=500))
def test_random_csv_text(text: str) -> None:
    check_csv(text)


csv_pieces = st.sampled_from(
    [
        ",",
        ";",
        "\t",
        '"',
        '""',
        "\n",
        "\r\n",
        "\r",
        "\x00",
        "\ufeff",
        "Yes",
        "N/A",
        "maybe",
        "case_ref",
        "P2.1.1",
        "sample",
        "custody",
        "O1",
        "x" * 200,
        " ",
        "é",
        "\u2028",
    ]
)


@FUZZ
@given(
    st.lists(
        st.tuples(
            st.integers(0, len(VALID_CSV)), st.integers(0, 20), csv_pieces | st.text(max_size=5)
        ),
        min_size=1,
        max_size=6,
    )
)
def test_mutations_of_a_valid_csv(edits) -> None:
    text = VALID_CSV
    for position, length, piece in edits:
        text = text[:position] + piece + text[position + length :]
    check_csv(text)


@FUZZ
@given(st.binary(max_size=600))
def test_random_csv_files(tmp_path_factory: pytest.TempPathFactory, raw: bytes) -> None:
    path: Path = tmp_path_factory.mktemp("csv") / "cases.csv"
    path.write_bytes(raw)
    try:
        text = read_csv_file(path)
    except CaseImportError:
        return
    check_csv(text)
