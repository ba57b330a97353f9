"""`inspector-app merge` on the command line, and a whole team's fieldwork merged.

Three inspectors each work in a copy of the example inspection while the lead goes on in the
master; each copy has its own edits and two answers the lead changed too. The merge stops
with exit status 3 and the master untouched until the lead settles the six conflicts, then
writes one file whose figures and ratings are those of the answers chosen.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from inspector_app.cli.main import main
from inspector_app.core.document import AnswerValue, Case, Inspection, ReviewStatus
from inspector_app.core.engine import rate_inspection
from inspector_app.core.framework import Framework
from inspector_app.core.session import InspectionSession
from inspector_app.core.storage import load_inspection, save_inspection
from inspector_app.core.summary import summary_json
from tests.builders import new_document

YES, NO = AnswerValue.YES, AnswerValue.NO


@dataclass(frozen=True)
class Edit:
    case: int  # position in the example's case list
    question: str
    value: AnswerValue
    note: str


# The lead's edits in the master after the copies were made; the first six are also changed,
# differently, in one of the copies.
LEAD = [
    Edit(1, "P2.1.1", YES, "Lead: motivation explored at the second appointment"),
    Edit(6, "P2.3.2", YES, "Lead: services delivered through the hub"),
    Edit(2, "P2.2.1", NO, "Lead: plan not agreed with the person"),
    Edit(7, "P2.4.2", YES, "Lead: review updated the plan"),
    Edit(3, "P2.1.3", YES, "Lead: domestic abuse enquiry made"),
    Edit(8, "P2.2.2", NO, "Lead: plan does not prioritise accommodation"),
    Edit(0, "P2.4.1", YES, "Lead: compliance reviewed after the missed appointments"),
]
COPIES = {
    "priya": [
        Edit(1, "P2.1.1", NO, "Priya: barriers to attending not explored"),
        Edit(6, "P2.3.2", NO, "Priya: no services for accommodation"),
        *(Edit(i, "P2.4.3", YES, "Priya: review after the arrest") for i in (11, 16, 21, 26)),
        Edit(31, "P2.2.3", YES, "Priya: contingency plan in the record"),
    ],
    "tom": [
        Edit(2, "P2.2.1", YES, "Tom: plan written with the person"),
        Edit(7, "P2.4.2", NO, "Tom: no review after the change of address"),
        *(Edit(i, "P2.4.3", YES, "Tom: risk reviewed with the police") for i in (12, 17, 22)),
        Edit(27, "P2.3.3", YES, "Tom: joint home visit"),
    ],
    "aisha": [
        Edit(3, "P2.1.3", NO, "Aisha: no safeguarding check"),
        Edit(8, "P2.2.2", YES, "Aisha: plan prioritises accommodation"),
        *(Edit(i, "P2.3.3", YES, "Aisha: referral followed up") for i in (13, 18, 23, 28)),
    ],
}
# How the lead settles the six conflicts: (case position, question) -> whose answer.
CHOICES = {
    (1, "P2.1.1"): "master",
    (6, "P2.3.2"): "priya",
    (2, "P2.2.1"): "tom",
    (7, "P2.4.2"): "master",
    (3, "P2.1.3"): "aisha",
    (8, "P2.2.2"): "master",
}


def apply_edit(session: InspectionSession, edit: Edit) -> None:
    case_id = session.cases[edit.case].id
    change = session.answer_change(case_id, edit.question, value=edit.value, note=edit.note)
    if change is not None:
        session.apply(change)


def new_case(reference: str, inspector: str) -> Case:
    return Case(
        reference=reference,
        sample="supervision",
        inspector=inspector,
        attributes={"sentence_type": "Licence", "rosh_level": "High", "gender": "Male"},
    )


@dataclass
class Team:
    folder: Path
    master: Path
    copies: dict[str, Path]
    original: Inspection  # the example before anyone edited it
    framework: Framework
    new_cases: list[Case]


@pytest.fixture
def team(tmp_path: Path, example_path: Path, pdu: Framework) -> Team:
    original = load_inspection(example_path).document
    master_path = tmp_path / "brackenford.inspection"
    shutil.copyfile(example_path, master_path)
    copies: dict[str, Path] = {}
    new_cases = []
    for number, (name, edits) in enumerate(COPIES.items()):
        path = tmp_path / f"{name}.inspection"
        shutil.copyfile(master_path, path)  # the copy is made before anyone starts
        loaded = load_inspection(path)
        session = InspectionSession(loaded.document, loaded.framework, user=name)
        for edit in edits:
            apply_edit(session, edit)
        if name != "aisha":
            case = new_case(f"BRK-{41 + number:04d}", name)
            session.apply(session.add_cases_change([case]))
            for kq in pdu.key_questions_for_sample("supervision"):
                value = YES if kq.id.endswith(("1", "2")) else NO
                session.apply(session.answer_change(case.id, kq.id, value=value))
            new_cases.append(session.case(case.id).model_copy(deep=True))
        else:
            # The QA inspector also checks two of her cases.
            for index in (13, 18):
                change = session.review_status_change(
                    session.cases[index].id, ReviewStatus.QA_CHECKED
                )
                session.apply(change)
        save_inspection(session.document, path)
        copies[name] = path
    loaded = load_inspection(master_path)
    lead = InspectionSession(loaded.document, loaded.framework, user="Jordan Ellis")
    for edit in LEAD:
        apply_edit(lead, edit)
    save_inspection(lead.document, master_path)
    return Team(tmp_path, master_path, copies, original, pdu, new_cases)


def expected_document(team: Team) -> Inspection:
    """The example with every edit that should win, made in one session."""
    document = team.original.model_copy(deep=True)
    session = InspectionSession(document, team.framework, user="expected")
    conflicted = set(CHOICES)
    for edit in LEAD:
        if (edit.case, edit.question) not in conflicted or CHOICES[
            (edit.case, edit.question)
        ] == "master":
            apply_edit(session, edit)
    for name, edits in COPIES.items():
        for edit in edits:
            key = (edit.case, edit.question)
            if key not in conflicted or CHOICES[key] == name:
                apply_edit(session, edit)
    for index in (13, 18):
        session.cases[index].status = ReviewStatus.QA_CHECKED
    session.apply(session.add_cases_change(team.new_cases))
    return session.document


def choose_arguments(team: Team) -> list[str]:
    arguments = []
    for (index, question), who in CHOICES.items():
        reference = team.original.cases[index].reference
        arguments += ["--choose", f"{reference}/{question}={who}"]
    return arguments


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "inspector_app", *args], capture_output=True, text=True, timeout=120
    )


def test_unsettled_conflicts_exit_3_and_leave_the_master_untouched(team: Team) -> None:
    before = team.master.read_bytes()
    result = run("merge", str(team.master), *(str(p) for p in team.copies.values()))
    assert result.returncode == 3, result.stderr
    assert team.master.read_bytes() == before
    assert "6 decisions the merge cannot take alone" in result.stdout
    for (index, question), _ in CHOICES.items():
        assert f"{team.original.cases[index].reference}/{question}" in result.stdout
    assert "priya.inspection" in result.stdout and "Jordan Ellis" in result.stdout
    assert not list(team.folder.glob(".*.tmp"))


def test_some_settled_is_still_exit_3(team: Team, capsys) -> None:
    before = team.master.read_bytes()
    first = choose_arguments(team)[:4]
    status = main(["merge", str(team.master), *map(str, team.copies.values()), *first])
    assert status == 3
    out = capsys.readouterr().out
    assert "4 decisions the merge cannot take alone" in out
    assert team.master.read_bytes() == before


def test_three_inspectors_merge_into_one_file_whose_ratings_are_right(team: Team, capsys) -> None:
    out = team.folder / "merged.inspection"
    copies = [str(p) for p in team.copies.values()]
    status = main(["merge", str(team.master), *copies, "-o", str(out), *choose_arguments(team)])
    assert status == 0, capsys.readouterr()
    printed = capsys.readouterr().out
    assert "2 new cases" in printed and f"Wrote the merged inspection to {out}" in printed

    merged = load_inspection(out)
    expected = expected_document(team)
    by_id = {case.id: case for case in merged.document.cases}
    assert set(by_id) == {case.id for case in expected.cases}
    for case in expected.cases:
        assert {q: a.value for q, a in by_id[case.id].answers.items()} == {
            q: a.value for q, a in case.answers.items()
        }, case.reference
        assert by_id[case.id].status is case.status
    merged_summary = summary_json(
        merged.document, rate_inspection(merged.framework, merged.document)
    )
    expected_summary = summary_json(expected, rate_inspection(team.framework, expected))
    assert merged_summary == expected_summary
    original_summary = summary_json(team.original, rate_inspection(team.framework, team.original))
    assert merged_summary != original_summary  # the edits moved the figures

    # Every copy's history is in the merged file, and merging them all again changes nothing.
    ids = {record.id for record in merged.document.history}
    for path in team.copies.values():
        assert {r.id for r in load_inspection(path).document.history} <= ids
    before = out.read_bytes()
    assert main(["merge", str(out), *copies]) == 0
    assert "Nothing new" in capsys.readouterr().out
    assert out.read_bytes() == before


def test_merge_over_the_master_and_summary_agrees(team: Team, capsys) -> None:
    copies = [str(p) for p in team.copies.values()]
    assert main(["merge", str(team.master), *copies, *choose_arguments(team)]) == 0
    capsys.readouterr()
    assert main(["summary", str(team.master), "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    expected = expected_document(team)
    assert printed == summary_json(expected, rate_inspection(team.framework, expected))


def test_prefer_settles_answer_conflicts(team: Team, capsys) -> None:
    copies = [str(p) for p in team.copies.values()]
    out = team.folder / "kept.inspection"
    assert main(["merge", str(team.master), *copies, "--prefer", "master", "-o", str(out)]) == 0
    merged = load_inspection(out).document
    for edit in LEAD:
        assert merged.cases[edit.case].answers[edit.question].note == edit.note


def test_bad_input_exits_2_without_writing(team: Team, tmp_path: Path, nps, capsys) -> None:
    before = team.master.read_bytes()
    other = tmp_path / "gm.inspection"
    save_inspection(new_document(nps, unit="Greater Manchester"), other)
    assert main(["merge", str(team.master), str(other)]) == 2
    assert "cannot be merged" in capsys.readouterr().err
    assert main(["merge", str(team.master), str(tmp_path / "missing.inspection")]) == 2
    copies = [str(p) for p in team.copies.values()]
    assert main(["merge", str(team.master), *copies, "--choose", "BRK-0002/P2.1.1"]) == 2
    assert "KEY=OPTION" in capsys.readouterr().err
    assert main(["merge", str(team.master), *copies, "--choose", "BRK-0002/P2.1.1=bob"]) == 2
    assert "use one of: master, priya.inspection" in capsys.readouterr().err
    assert team.master.read_bytes() == before
