"""Each case's change history on the case review page: who, when, the value before and after,
and why; following every edit (undo included) without walking the log; exported to CSV for the
case, and for the whole file from the File menu."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from inspector_app.core import history
from inspector_app.core.document import AnswerValue, ReviewStatus
from inspector_app.gui.dialogs import ask, choose
from inspector_app.gui.editing import DocumentEditor
from inspector_app.gui.item_models import case_history
from inspector_app.gui.item_models.case_history import (
    AFTER,
    BEFORE,
    REASON,
    WHAT,
    WHEN,
    WHO,
    CaseHistoryModel,
)
from inspector_app.gui.main_window import MainWindow
from inspector_app.gui.pages.review import HISTORY_TAB, ReviewPage
from inspector_app.gui.team import TeamActions

YES, NO = AnswerValue.YES, AnswerValue.NO


@pytest.fixture
def review(window: MainWindow) -> ReviewPage:
    window.open_example()
    window.workspace.editor.session.user = "Priya Natarajan"
    page = window.workspace.show_page("review")
    assert isinstance(page, ReviewPage)
    return page


def rows(model: CaseHistoryModel) -> list[tuple[str, ...]]:
    return [
        tuple(model.index(r, c).data() for c in (WHO, WHAT, BEFORE, AFTER, REASON))
        for r in range(model.rowCount())
    ]


def test_a_cases_history_follows_every_edit(review: ReviewPage) -> None:
    session = review.session
    case = session.cases[2]
    review.show_case(case.id)
    review.show_tab(HISTORY_TAB)
    panel = review.history_panel
    model = panel.model
    assert model.rowCount() == 0 and not panel.export_button.isEnabled()
    before = case.value_of("P2.1.2")
    after = NO if before is YES else YES
    editor = review.editor
    editor.set_answer(case.id, "P2.1.2", after)
    assert rows(model) == [
        ("Priya Natarajan", "P2.1.2", before.short_label, after.short_label, ""),
    ]
    assert model.index(0, WHEN).data(), "when it was changed"
    old_note = case.answers["P2.1.2"].note
    editor.set_note(case.id, "P2.1.2", "Checked against the court report")
    was = after.short_label + (f" — “{old_note}”" if old_note else "")
    assert rows(model)[-1][1:4] == (
        "P2.1.2 evidence note",
        was if len(was) <= 60 else rows(model)[-1][2],  # long notes are shortened on screen
        f"{after.short_label} — “Checked against the court report”",
    )
    assert model.index(1, BEFORE).data(Qt.ItemDataRole.ToolTipRole) == was
    # Undo is logged too, never erased.
    editor.undo()
    assert model.rowCount() == 3 and rows(model)[-1][4] == "Undone"
    # Changes to other cases do not appear; a review status does, in words.
    editor.set_answer(session.cases[3].id, "P2.1.2", None)
    assert model.rowCount() == 3
    assert editor.run(lambda: session.review_status_change(case.id, ReviewStatus.DRAFT))
    assert rows(model)[-1][1:4] == ("Review status", "Complete", "Draft")
    assert "4 changes" in panel.summary.text() and panel.export_button.isEnabled()
    # Another case shows its own history.
    review.show_case(session.cases[3].id)
    assert [r[1] for r in rows(model)] == ["P2.1.2"]


def test_the_history_does_not_walk_the_log_on_each_edit(
    example_editor: DocumentEditor, monkeypatch: pytest.MonkeyPatch
) -> None:
    model = CaseHistoryModel(example_editor)
    case = example_editor.session.cases[0]
    model.set_case(case.id)
    walks: list[int] = []
    real = history.case_history
    monkeypatch.setattr(
        case_history.history, "case_history", lambda *a: walks.append(1) or real(*a)
    )
    for value in (None, YES, NO, None):  # the example's cases are fully answered
        example_editor.set_answer(case.id, "P2.3.1", value)
    assert model.rowCount() == 4 and not walks


def test_case_history_model(qtmodeltester, example_editor: DocumentEditor) -> None:
    editor = example_editor
    model = CaseHistoryModel(editor)
    qtmodeltester.check(model, force_py=True)
    session = editor.session
    first = session.cases[0]
    model.set_case(first.id)
    editor.set_answer(first.id, "P2.1.1", NO)
    editor.set_case_field(first.id, "attributes.gender", "Female")
    editor.undo_stack.undo()
    assert model.rowCount() == 3
    assert model.index(1, WHAT).data() == "Gender"
    editor.remove_cases([first.id])
    assert model.index(model.rowCount() - 1, WHAT).data() == "Case removed"
    model.set_case(None)
    assert model.rowCount() == 0


def test_a_cases_history_is_exported_to_csv(
    review: ReviewPage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    case = review.session.cases[4]
    review.show_case(case.id)
    review.editor.set_answer(case.id, "P2.4.1", None)
    review.editor.set_answer(case.id, "P2.4.1", YES)
    out = tmp_path / "history.csv"
    suggested: list[Path] = []
    monkeypatch.setattr(
        choose, "save_path", lambda _p, _t, suggestion, _f: suggested.append(suggestion) or out
    )
    assert review.history_panel.export_csv()
    assert suggested[0].name == f"{case.reference} history.csv"
    with out.open(encoding="utf-8-sig", newline="") as handle:
        written = list(csv.DictReader(handle))
    assert [(r["case_ref"], r["question_or_field"], r["new_value"]) for r in written] == [
        (case.reference, "P2.4.1", ""),
        (case.reference, "P2.4.1", "Yes"),
    ]
    assert written[0]["who"] == "Priya Natarajan"
    assert "Wrote 2 history entries" in review.window().statusBar().currentMessage()


def test_the_whole_files_history_is_exported_from_the_file_menu(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window.open_example()
    actions = TeamActions(window)
    editor = window.workspace.editor
    for index in (0, 1, 2):
        editor.set_answer(editor.session.cases[index].id, "P2.2.2", None)
    out = tmp_path / "all.csv"
    monkeypatch.setattr(choose, "save_path", lambda *_a: out)
    window.actions_by_name["export_history"].trigger()
    with out.open(encoding="utf-8-sig", newline="") as handle:
        written = list(csv.DictReader(handle))
    assert len(written) == 3
    assert {r["case_ref"] for r in written} == {c.reference for c in editor.session.cases[:3]}
    errors: list[str] = []
    monkeypatch.setattr(ask, "show_error", lambda _p, _t, text: errors.append(text))
    monkeypatch.setattr(choose, "save_path", lambda *_a: tmp_path / "no such folder" / "h.csv")
    assert not actions.export_history()
    assert errors and "folder does not exist" in errors[0]
