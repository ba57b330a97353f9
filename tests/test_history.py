"""The change history: every answer change logged with who, when, before, after and why;
undo logged as a change of its own; viewable per case; exportable to CSV."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from inspector_app.cli.main import main
from inspector_app.core import history
from inspector_app.core.csv_import import parse_cases
from inspector_app.core.document import AnswerValue, Case, ChangeKind, ReviewStatus
from inspector_app.core.session import InspectionSession
from inspector_app.core.storage import load_inspection, parse_inspection, save_inspection, serialise
from tests.builders import new_document

YES, NO, NA = AnswerValue.YES, AnswerValue.NO, AnswerValue.NOT_APPLICABLE
SCHEMA_SAMPLES = Path(__file__).parent / "data" / "schema"


@pytest.fixture
def session(pdu) -> InspectionSession:
    document = new_document(pdu)
    document.cases = [Case(reference=f"H{i}", sample="supervision") for i in range(3)]
    return InspectionSession(document, pdu, user="Priya Natarajan")


def test_an_answer_change_is_logged(session: InspectionSession) -> None:
    case = session.cases[0]
    session.apply(session.answer_change(case.id, "P2.1.1", value=YES, note="Seen"))
    change = session.answer_change(
        case.id, "P2.1.1", value=NO, note="Seen again", reason="QA query"
    )
    session.apply(change)
    first, second = session.document.history
    assert (first.kind, first.case_id, first.case_reference) == (ChangeKind.ANSWER, case.id, "H0")
    assert (first.old_value, first.new_value, first.old_note, first.new_note) == (
        None,
        YES,
        "",
        "Seen",
    )
    assert (second.old_value, second.new_value, second.reason) == (YES, NO, "QA query")
    assert second.by == "Priya Natarajan" and second.at is not None
    assert second.at.tzinfo is not None


def test_a_note_left_alone_is_not_recorded_as_changed(session: InspectionSession) -> None:
    case = session.cases[0]
    session.apply(session.answer_change(case.id, "P2.1.1", value=YES, note="Seen"))
    session.apply(session.answer_change(case.id, "P2.1.1", value=NO))
    last = session.document.history[-1]
    assert last.old_note is None and last.new_note is None


def test_undo_and_redo_are_logged_and_nothing_is_removed(session: InspectionSession) -> None:
    case = session.cases[1]
    change = session.answer_change(case.id, "P2.2.1", value=YES, reason="first look")
    session.apply(change)
    session.revert(change)
    session.apply(change)
    records = session.document.history
    assert [(r.old_value, r.new_value) for r in records] == [(None, YES), (YES, None), (None, YES)]
    assert records[1].reason == "Undone: first look"
    assert len({r.id for r in records}) == 3


def test_case_details_and_cases_are_logged(session: InspectionSession) -> None:
    case = session.cases[0]
    session.apply(session.case_field_change(case.id, "inspector", "Tom Whitfield"))
    session.apply(session.case_field_change(case.id, "attributes.gender", "Female"))
    added = Case(reference="H9", sample="supervision")
    insert = session.add_cases_change([added])
    session.apply(insert)
    remove = session.remove_cases_change([session.cases[2].id])
    session.apply(remove)
    session.revert(remove)
    kinds = [(r.kind, r.case_field, r.old_text, r.new_text) for r in session.document.history]
    assert kinds[:2] == [
        (ChangeKind.CASE_FIELD, "inspector", "", "Tom Whitfield"),
        (ChangeKind.CASE_FIELD, "attributes.gender", "", "Female"),
    ]
    assert [r.kind for r in session.document.history[2:]] == [
        ChangeKind.CASE_ADDED,
        ChangeKind.CASE_REMOVED,
        ChangeKind.CASE_ADDED,
    ]
    assert session.document.history[-1].reason == "Undone"


def test_answers_arriving_with_new_cases_are_logged(session: InspectionSession, pdu) -> None:
    text = "case_ref,P2.1.1,P2.1.2,P2.1.3\nZZ-001,Yes,No,\n"
    (imported,) = parse_cases(text, pdu, session.cases, set_by=session.user)
    insert = session.add_cases_change([imported])
    session.apply(insert)
    # One entry, listing the answers the case came with: an import of thousands of answered
    # cases adds one entry a case, not one an answer.
    (added,) = session.document.history
    assert added.kind is ChangeKind.CASE_ADDED and added.case_reference == "ZZ-001"
    assert added.new_text == "P2.1.1 Yes; P2.1.2 No" and added.by == "Priya Natarajan"
    assert history.describe(added) == "case added with 2 answers"
    assert history.history_csv([added]).splitlines()[1].split(",")[6] == "P2.1.1 Yes; P2.1.2 No"
    # Undoing the import logs the case's removal, without answers.
    session.revert(insert)
    removed = session.document.history[-1]
    assert removed.kind is ChangeKind.CASE_REMOVED and removed.new_text is None


def test_qa_comments_are_not_logged_twice(session: InspectionSession) -> None:
    case = session.cases[0]
    session.apply(session.qa_comment_change(case.id, "Please check the plan"))
    assert session.document.history == []
    session.apply(session.case_field_change(case.id, "status", ReviewStatus.COMPLETE))
    assert session.document.history[-1].new_text == "complete"


def test_history_per_case_and_per_answer(session: InspectionSession) -> None:
    a, b = session.cases[0], session.cases[1]
    session.apply(session.answer_change(a.id, "P2.1.1", value=YES))
    session.apply(session.answer_change(b.id, "P2.1.1", value=NO))
    session.apply(session.answer_change(a.id, "P2.1.2", value=NO))
    session.apply(session.answer_change(a.id, "P2.1.1", value=NO))
    assert [r.question_id for r in history.case_history(session.document, a.id)] == [
        "P2.1.1",
        "P2.1.2",
        "P2.1.1",
    ]
    assert len(history.answer_history(session.document, a.id, "P2.1.1")) == 2
    assert history.changed_answers(session.document, a.id) == {"P2.1.1"}
    session.apply(session.remove_cases_change([a.id]))
    found = history.history_for_reference(session.document, "h0")
    assert len(found) == 4 and found[-1].kind is ChangeKind.CASE_REMOVED


def test_describe(session: InspectionSession, pdu) -> None:
    case = session.cases[0]
    session.apply(session.answer_change(case.id, "P2.1.1", value=YES, note="n", reason="why"))
    session.apply(session.case_field_change(case.id, "status", ReviewStatus.QA_CHECKED))
    session.apply(session.case_field_change(case.id, "attributes.rosh_level", "High"))
    lines = [history.describe(r, pdu) for r in session.document.history]
    assert lines == [
        "P2.1.1: unanswered → Yes; note changed (why)",
        "status: Draft → QA checked",
        "Risk of serious harm: (blank) → High",
    ]


def test_history_survives_saving(session: InspectionSession, tmp_path: Path) -> None:
    session.apply(session.answer_change(session.cases[0].id, "P2.1.1", value=YES))
    path = tmp_path / "h.inspection"
    save_inspection(session.document, path)
    assert load_inspection(path).document.history == session.document.history


def test_version_2_history_opens_as_answer_entries() -> None:
    loaded = load_inspection(SCHEMA_SAMPLES / "v2-brackenford.inspection")
    assert loaded.migrated_from == 2
    (record,) = loaded.document.history
    assert record.kind is ChangeKind.ANSWER and record.question_id == "P2.1.1"
    assert record.reason == "Checked the domestic abuse enquiry again"


# -- CSV ---------------------------------------------------------------------------------


def test_csv_has_a_row_per_entry_and_keeps_formulas_as_text(session: InspectionSession) -> None:
    case = session.cases[0]
    session.apply(session.answer_change(case.id, "P2.1.1", value=YES, note="=HYPERLINK(1)"))
    session.apply(session.case_field_change(case.id, "notes", "plain"))
    text = history.history_csv(session.document.history)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == list(history.CSV_COLUMNS)
    assert rows[0]["case_ref"] == "H0" and rows[0]["question_or_field"] == "P2.1.1"
    assert (rows[0]["old_value"], rows[0]["new_value"]) == ("", "Yes")
    assert rows[0]["new_note"] == "'=HYPERLINK(1)"
    assert rows[1]["change"] == "case_field" and rows[1]["new_value"] == "plain"
    assert rows[0]["entry_id"] == str(session.document.history[0].id)


def test_cli_history(session: InspectionSession, tmp_path: Path, capsys) -> None:
    session.apply(session.answer_change(session.cases[0].id, "P2.1.1", value=YES))
    session.apply(session.answer_change(session.cases[1].id, "P2.1.1", value=NO, reason="r"))
    path = tmp_path / "h.inspection"
    save_inspection(session.document, path)
    assert main(["history", str(path)]) == 0
    out = capsys.readouterr().out
    assert "H0" in out and "H1" in out and "P2.1.1: unanswered → No (r)" in out
    assert main(["history", str(path), "--case", "h1"]) == 0
    out = capsys.readouterr().out
    assert "H1" in out and "H0" not in out
    csv_path = tmp_path / "history.csv"
    assert main(["history", str(path), "--case", "H1", "--csv", str(csv_path)]) == 0
    raw = csv_path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # a spreadsheet then reads it as UTF-8
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert [r["case_ref"] for r in rows] == ["H1"]
    assert main(["history", str(path), "--case", "NOPE"]) == 2
    assert "no case NOPE" in capsys.readouterr().err


def test_a_copy_shares_the_history_it_was_copied_with(session: InspectionSession, pdu) -> None:
    session.apply(session.answer_change(session.cases[0].id, "P2.1.1", value=YES))
    copy = parse_inspection(serialise(session.document)).document
    assert [r.id for r in copy.history] == [r.id for r in session.document.history]
