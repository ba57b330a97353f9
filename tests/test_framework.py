"""Frameworks load from data, with the published ids, and broken files are named precisely."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from inspector_app.core.errors import FrameworkError
from inspector_app.core.framework import FrameworkRegistry, load_framework_file
from inspector_app.paths import builtin_frameworks_dir

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


def test_both_frameworks_ship(pdu, nps) -> None:
    assert pdu.id == "pdu-2023" and nps.id == "nps-division-2018"


def test_pdu_ids_and_structure(pdu) -> None:
    assert [s.id for s in pdu.standards] == ["P1.1", "P1.2", "P1.3", "P2.1", "P2.2", "P2.3", "P2.4"]
    assert list(pdu.key_questions_by_id) == [
        f"P2.{s}.{q}" for s in range(1, 5) for q in range(1, 4)
    ]
    assert [s.id for s in pdu.samples] == ["supervision"]
    assert [s.kind for s in pdu.standards] == ["judgement"] * 3 + ["case"] * 4
    assert pdu.max_score == 21


def test_nps_ids_and_structure(nps) -> None:
    assert [s.id for s in nps.standards] == [
        "1.1",
        "1.2",
        "1.3",
        "1.4",
        "2.1",
        "2.2",
        "2.3",
        "2.4",
        "3.1",
        "3.2",
    ]
    kqs = list(nps.key_questions_by_id)
    assert kqs[0] == "2.1.1" and kqs[-1] == "3.2.4"
    assert len(kqs) == 12 + 2 + 4
    assert [s.id for s in nps.samples] == ["supervision", "court-reports", "victim-work"]
    assert nps.standards_by_id["3.1"].sample == "court-reports"
    assert nps.standards_by_id["3.2"].sample == "victim-work"
    assert nps.max_score == 30


def test_not_applicable_only_on_sub_sample_questions(pdu, nps) -> None:
    allowed = {kq.id for kq in pdu.key_questions_by_id.values() if kq.allows_not_applicable}
    assert allowed == {"P2.2.3", "P2.3.3", "P2.4.3"}
    allowed = {kq.id for kq in nps.key_questions_by_id.values() if kq.allows_not_applicable}
    assert {"2.2.3", "2.3.3", "2.4.3"} <= allowed
    assert not allowed & {"2.1.1", "2.1.2", "2.1.3", "3.1.1", "3.1.2"}


def test_every_prompt_belongs_to_its_key_question(pdu, nps) -> None:
    for framework in (pdu, nps):
        for kq in framework.key_questions_by_id.values():
            assert kq.prompts, kq.id
            assert all(p.id.startswith(kq.id + ".") for p in kq.prompts)


# The published statements and key questions, by framework: facts carried over from the seed
# reports, so that a checkout without the seeds still checks the frameworks against them.
PUBLISHED_WORDING = json.loads(
    (Path(__file__).parent / "data" / "published_wording.json").read_text(encoding="utf-8")
)


def test_published_wording_is_reproduced_exactly(pdu, nps) -> None:
    for framework in (pdu, nps):
        published = PUBLISHED_WORDING[framework.id]
        assert {s.id: s.statement for s in framework.standards} == published["standards"]
        wording = {kq.id: kq.wording for kq in framework.key_questions_by_id.values()}
        assert wording == published["key_questions"]


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed reports are not beside this checkout")
def test_the_recorded_wording_is_in_the_seed_reports() -> None:
    """Every recorded statement and key question appears verbatim in a seed report."""
    texts = " ".join(
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>|\*\*", "", p.read_text(encoding="utf-8")))
        for p in SEEDS.glob("*.txt")
    )
    for framework_id, published in PUBLISHED_WORDING.items():
        for kind in ("standards", "key_questions"):
            for item_id, text in published[kind].items():
                assert text in texts, (framework_id, item_id)


def write_framework(tmp_path: Path, text: str, name: str = "broken-fw") -> Path:
    path = tmp_path / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def pdu_text() -> str:
    return (builtin_frameworks_dir() / "pdu-2023.toml").read_text(encoding="utf-8")


def test_broken_framework_names_file_field_and_problem(tmp_path: Path) -> None:
    text = pdu_text().replace('id = "pdu-2023"', 'id = "broken-fw"', 1)
    text = text.replace(
        'wording = "Does planning focus sufficiently on keeping other people safe?"\n', "", 1
    )
    path = write_framework(tmp_path, text)
    with pytest.raises(FrameworkError) as caught:
        load_framework_file(path)
    message = str(caught.value)
    assert str(path) in message
    assert "standards[P2.2].key_questions[P2.2.3].wording" in message
    assert "Field required" in message


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (('rating = "Inadequate", min_percent = 0', 'rating = "Inadequate", min_percent = 9'),
         "start at 0"),
        (('domain = "2"', 'domain = "9"'), "unknown domain '9'"),
        (('id = "P1.3"', 'id = "P1.2"'), "standards id 'P1.2' is used more than once"),
        (('sample = "supervision"', 'sample = "nowhere"'), "unknown sample 'nowhere'"),
        (('title = "Leadership"', 'titel = "Leadership"'), "titel"),
        (('"Outstanding" = 3, ', ''), "no points given for: Outstanding"),
    ],
)  # fmt: skip
def test_invalid_framework_content_is_explained(tmp_path: Path, edit, expected: str) -> None:
    text = pdu_text().replace('id = "pdu-2023"', 'id = "broken-fw"', 1).replace(*edit, 1)
    with pytest.raises(FrameworkError, match=re.escape(expected)):
        load_framework_file(write_framework(tmp_path, text))


def test_framework_toml_syntax_error(tmp_path: Path) -> None:
    with pytest.raises(FrameworkError, match=r"broken-fw.toml: not valid TOML"):
        load_framework_file(write_framework(tmp_path, "id = [unclosed"))


def test_framework_id_must_match_file_name(tmp_path: Path) -> None:
    with pytest.raises(FrameworkError, match="must match the file name"):
        load_framework_file(write_framework(tmp_path, pdu_text(), name="other-name"))


def test_a_new_framework_is_a_new_file(tmp_path: Path) -> None:
    text = pdu_text().replace('id = "pdu-2023"', 'id = "pdu-2026"', 1)
    write_framework(tmp_path, text, name="pdu-2026")
    registry = FrameworkRegistry([builtin_frameworks_dir(), tmp_path])
    assert "pdu-2026" in registry.available()
    assert registry.get("pdu-2026").max_score == 21
    with pytest.raises(FrameworkError, match=r"unknown framework 'nope'.*pdu-2023"):
        registry.get("nope")
