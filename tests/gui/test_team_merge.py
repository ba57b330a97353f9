"""Merging inspectors' copies in the app: File ▸ Merge Inspectors' Files…

The lead's file is open; the copies come in through the merge dialog, which lists what was
brought in and every decision with each file's value, who set it, when, and the file. The
merged inspection opens as a new, unsaved inspection (or is saved over the master, keeping a
.bak); nothing changes until the lead has taken every decision.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from inspector_app.core.document import AnswerValue, Case, ReviewStatus
from inspector_app.core.engine import rate_inspection
from inspector_app.core.framework import Framework
from inspector_app.core.merge import DecisionKind
from inspector_app.core.session import InspectionSession
from inspector_app.core.storage import load_inspection, save_inspection
from inspector_app.core.summary import summary_json
from inspector_app.gui.dialogs import ask, choose
from inspector_app.gui.main_window import MainWindow
from inspector_app.gui.team import TeamActions
from inspector_app.gui.team.merge_dialog import OPEN, SAVE_INTO_MASTER, MergeDialog
from inspector_app.gui.team.merge_models import (
    BY,
    NOTE,
    VALUE,
    WHEN,
    BroughtInModel,
    DecisionsModel,
)
from tests.builders import new_document
from tests.test_merge_cli import CHOICES, LEAD, Team, expected_document
from tests.test_merge_cli import team as team_files  # noqa: F401 (a fixture)

YES, NO = AnswerValue.YES, AnswerValue.NO


# -- helpers -----------------------------------------------------------------------------------


def install_team(window: MainWindow) -> TeamActions:
    actions = TeamActions(window)
    window.team_actions = actions  # type: ignore[attr-defined]
    return actions


def drive_dialog(
    monkeypatch: pytest.MonkeyPatch, decide: Callable[[MergeDialog], str | None]
) -> list[MergeDialog]:
    """Answer the merge dialog as the lead would: ``decide`` takes the decisions and returns
    OPEN, SAVE_INTO_MASTER (a button clicked) or None (Cancel)."""
    shown: list[MergeDialog] = []

    def exec_(dialog: MergeDialog) -> int:
        shown.append(dialog)
        outcome = decide(dialog)
        if outcome is None:
            dialog.reject()
        else:
            button = dialog.save_button if outcome == SAVE_INTO_MASTER else dialog.open_button
            assert button.isEnabled(), "every decision must be taken first"
            button.click()
        return dialog.result()

    monkeypatch.setattr(MergeDialog, "exec", exec_)
    return shown


def row_of(model: DecisionsModel, key: str) -> int:
    return next(i for i, d in enumerate(model.decisions) if d.key == key)


def tick(model: DecisionsModel, key: str, option: str) -> None:
    """Tick an option's box in the conflict view, as a click on it does."""
    row = row_of(model, key)
    decision = model.decisions[row]
    position = next(
        i
        for i, o in enumerate(decision.options)
        if option in (o.key, Path(o.key).stem)  # "priya" for priya.inspection
    )
    index = model.option_index(row, position)
    assert model.flags(index) & Qt.ItemFlag.ItemIsUserCheckable
    assert model.setData(index, Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)


def open_master(window: MainWindow, path: Path) -> None:
    assert window.open_path(path)
    assert window.controller.current is not None and not window.controller.current.modified


def copy_with(master: Path, folder: Path, name: str, edit: Callable[[InspectionSession], None]):
    """A copy of the master, edited by an inspector on their laptop, and saved."""
    path = folder / f"{name}.inspection"
    shutil.copyfile(master, path)
    loaded = load_inspection(path)
    session = InspectionSession(loaded.document, loaded.framework, user=name)
    edit(session)
    save_inspection(session.document, path)
    return path


def answer(session: InspectionSession, index: int, question: str, value, note=None) -> None:
    change = session.answer_change(session.cases[index].id, question, value=value, note=note)
    assert change is not None
    session.apply(change)


@pytest.fixture(name="team")
def _team(team_files: Team) -> Team:  # noqa: F811
    """Three inspectors' copies of the example and the lead's master, as on the command line
    (tests/test_merge_cli.py): each copy has its own edits and two conflicts with the lead."""
    return team_files


@pytest.fixture
def master(tmp_path: Path, example_path: Path) -> Path:
    path = tmp_path / "brackenford.inspection"
    shutil.copyfile(example_path, path)
    return path


# -- the done-when: three inspectors' copies ---------------------------------------------------


def test_three_inspectors_copies_merge_in_the_app_into_one_file_whose_ratings_are_right(
    window: MainWindow,
    team: Team,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    open_master(window, team.master)
    actions = install_team(window)
    copies = list(team.copies.values())
    monkeypatch.setattr(choose, "inspection_copies", lambda *_a: copies)
    before = team.master.read_bytes()

    def decide(dialog: MergeDialog) -> str:
        model = dialog.decisions
        assert len(model.decisions) == 6 and dialog.merge_result.unsettled
        assert not dialog.open_button.isEnabled() and not dialog.save_button.isEnabled()
        assert dialog.brought_in.rowCount() == 2 + 13 + 1
        for (index, question), who in CHOICES.items():
            tick(model, f"{team.original.cases[index].reference}/{question}", who)
        assert dialog.merge_result.settled and dialog.open_button.isEnabled()
        assert "6 of 6 decisions taken" in dialog.summary.text()
        return SAVE_INTO_MASTER

    shown = drive_dialog(monkeypatch, decide)
    window.actions_by_name["merge"].trigger()
    assert shown, "the merge dialog was shown"

    # Saved over the master, its previous version kept beside it.
    assert Path(f"{team.master}.bak").read_bytes() == before
    merged = load_inspection(team.master)
    expected = expected_document(team)
    assert summary_json(merged.document, rate_inspection(merged.framework, merged.document)) == (
        summary_json(expected, rate_inspection(team.framework, expected))
    )
    by_id = {case.id: case for case in merged.document.cases}
    assert set(by_id) == {case.id for case in expected.cases}
    for case in expected.cases:
        assert {q: a.value for q, a in by_id[case.id].answers.items()} == {
            q: a.value for q, a in case.answers.items()
        }, case.reference
    # The window shows the merged inspection, saved, with the right figures.
    opened = window.controller.current
    assert opened is not None and opened.path == team.master and not opened.modified
    assert window.workspace.dashboard_model.result().score_text == (
        rate_inspection(team.framework, expected).score_text
    )
    assert "merged" not in window.controller.notices
    # Every copy's history is in the master now: merging them again finds nothing new.
    informed: list[str] = []
    monkeypatch.setattr(choose, "inform", lambda _p, title, text: informed.append(text))
    saved = team.master.read_bytes()
    assert not actions.merge.merge_copies(copies)
    assert informed and "Nothing was changed" in informed[0]
    assert team.master.read_bytes() == saved
    assert not window.controller.current.modified


def test_the_merge_opens_unsaved_and_leaves_the_master_alone_until_saved(
    window: MainWindow,
    team: Team,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    open_master(window, team.master)
    actions = install_team(window)
    before = team.master.read_bytes()

    def decide(dialog: MergeDialog) -> str:
        assert dialog.decisions.prefer("master") == 6
        return OPEN

    drive_dialog(monkeypatch, decide)
    assert actions.merge.merge_copies(list(team.copies.values()))
    opened = window.controller.current
    assert opened is not None and opened.path is None and opened.modified
    assert "(not saved)" in window.windowTitle()
    notice = window.controller.notices["merged"]
    assert "not saved yet" in notice.text and "brackenford.inspection.bak" in notice.text
    assert team.master.read_bytes() == before, "the master is untouched until saved"
    # The lead's own answers were kept in every conflict.
    for edit in LEAD:
        assert opened.editor.session.cases[edit.case].answers[edit.question].note == edit.note
    # Save As over the master: the old master is the backup; the notice goes.
    monkeypatch.setattr(ask, "choose_file_to_save", lambda *_a: team.master)
    assert window.save()
    assert Path(f"{team.master}.bak").read_bytes() == before
    assert "merged" not in window.controller.notices
    assert len(load_inspection(team.master).document.cases) == 42


def test_cancelling_the_merge_changes_nothing(
    window: MainWindow,
    team: Team,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    open_master(window, team.master)
    actions = install_team(window)
    editor = window.controller.current.editor
    before = team.master.read_bytes()
    drive_dialog(monkeypatch, lambda dialog: None)
    assert not actions.merge.merge_copies(list(team.copies.values()))
    assert window.controller.current.editor is editor and not editor.undo_stack.count()
    assert team.master.read_bytes() == before


# -- what came in, conflicts each way -----------------------------------------------------------


def test_new_cases_and_changed_answers_come_in_with_their_source(
    window: MainWindow, master: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    new = Case(reference="BRK-0101", sample="supervision", inspector="Priya Natarajan")
    old_value = load_inspection(master).document.cases[1].value_of("P2.2.1")
    flipped = NO if old_value is YES else YES

    def edit(session: InspectionSession) -> None:
        session.apply(session.add_cases_change([new]))
        answer(session, -1, "P2.1.1", YES, note="Seen at induction")
        answer(session, 1, "P2.2.1", flipped, note="Plan re-read")

    priya = copy_with(master, tmp_path, "priya", edit)
    open_master(window, master)
    actions = install_team(window)
    dialog = actions.merge.prepare(master, [priya])
    assert dialog is not None
    model = dialog.brought_in
    rows = [model.rows[r] for r in range(model.rowCount())]
    assert [(r.change, r.reference, r.source) for r in rows] == [
        ("New case", "BRK-0101", "priya.inspection"),
        ("Answer", "BRK-0002", "priya.inspection"),
    ]
    assert rows[1].subject == "P2.2.1" and rows[1].after == f"{flipped.short_label} — Plan re-read"
    assert rows[1].by == "priya"
    assert not dialog.merge_result.decisions and dialog.open_button.isEnabled()
    assert dialog.tabs.currentIndex() == 1, "with nothing to decide, what came in is shown"
    dialog.finish(OPEN)
    assert actions.merge.finish(dialog)
    session = window.controller.current.editor.session
    assert session.case(new.id).answers["P2.1.1"].note == "Seen at induction"
    assert session.cases[1].value_of("P2.2.1") is flipped


@pytest.mark.parametrize("keep", ["master", "priya"])
def test_a_conflict_shows_both_values_and_is_settled_either_way(
    window: MainWindow,
    master: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    keep: str,
) -> None:
    priya = copy_with(
        master, tmp_path, "priya", lambda s: answer(s, 3, "P2.4.1", NO, "Priya: no review")
    )
    open_master(window, master)
    editor = window.controller.current.editor
    editor.session.user = "Jordan Ellis"
    reference = editor.session.cases[3].reference
    editor.set_answer(editor.session.cases[3].id, "P2.4.1", YES)
    editor.set_note(editor.session.cases[3].id, "P2.4.1", "Lead: review seen")
    actions = install_team(window)
    asked: list[str] = []

    def confirm(_parent, title, _text, _action) -> bool:
        asked.append(title)
        return True

    monkeypatch.setattr(ask, "confirm", confirm)

    def decide(dialog: MergeDialog) -> str:
        model = dialog.decisions
        assert [d.key for d in model.decisions] == [f"{reference}/P2.4.1"]
        decision = model.decision_index(0)
        assert decision.siblingAtColumn(VALUE).data() == "To decide"
        mine, theirs = model.option_index(0, 0), model.option_index(0, 1)
        assert mine.data() == "master" and theirs.data() == "priya.inspection"
        assert mine.siblingAtColumn(VALUE).data() == "Yes"
        assert theirs.siblingAtColumn(VALUE).data() == "No"
        assert mine.siblingAtColumn(NOTE).data() == "Lead: review seen"
        assert theirs.siblingAtColumn(NOTE).data() == "Priya: no review"
        assert (mine.siblingAtColumn(BY).data(), theirs.siblingAtColumn(BY).data()) == (
            "Jordan Ellis",
            "priya",
        )
        assert mine.siblingAtColumn(WHEN).data() and theirs.siblingAtColumn(WHEN).data()
        tick(model, f"{reference}/P2.4.1", keep)
        assert decision.siblingAtColumn(VALUE).data() == f"Chosen: {keep}"
        checked = model.option_index(0, 0 if keep == "master" else 1)
        assert checked.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
        return OPEN

    drive_dialog(monkeypatch, decide)
    assert actions.merge.merge_copies([priya])
    assert asked == ["Save before merging?"], "unsaved edits in the master are saved first"
    merged = window.controller.current.editor.session.cases[3].answers["P2.4.1"]
    assert (merged.value, merged.note) == (
        (YES, "Lead: review seen") if keep == "master" else (NO, "Priya: no review")
    )


def test_unsaved_changes_in_the_master_must_be_saved_before_merging(
    window: MainWindow, master: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    priya = copy_with(master, tmp_path, "priya", lambda s: answer(s, 2, "P2.1.1", NO, "x"))
    open_master(window, master)
    editor = window.controller.current.editor
    editor.set_note(editor.session.cases[0].id, "P2.1.1", "unsaved thought")
    actions = install_team(window)
    monkeypatch.setattr(ask, "confirm", lambda *_a: False)
    monkeypatch.setattr(MergeDialog, "exec", lambda _d: pytest.fail("merged without saving"))
    assert not actions.merge.merge_copies([priya])
    assert window.controller.current.editor is editor and editor.session.modified


def test_duplicate_references_are_flagged_with_their_options(
    window: MainWindow, master: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    taken = load_inspection(master).document.cases[4].reference
    twin = Case(reference=taken, sample="supervision", inspector="Tom Okafor")
    tom = copy_with(master, tmp_path, "tom", lambda s: s.apply(s.add_cases_change([twin])))
    open_master(window, master)
    actions = install_team(window)

    def decide(dialog: MergeDialog) -> str:
        model = dialog.decisions
        assert len(model.decisions) == 1
        decision = model.decisions[0]
        assert decision.kind is DecisionKind.DUPLICATE_REFERENCE
        assert model.decision_index(0).data() == f"{taken}: duplicate reference"
        assert "not combined" in model.decision_index(0).data(Qt.ItemDataRole.ToolTipRole)
        options = [
            model.option_index(0, i).data() for i in range(model.rowCount(model.index(0, 0)))
        ]
        assert len(options) == 3 and options[0].startswith("Keep both")
        # No shortcut settles a decision about whole cases.
        assert not dialog.prefer_master_button.isEnabled()
        assert dialog.decisions.prefer("newest") == 0 and not dialog.open_button.isEnabled()
        tick(model, decision.key, "both")
        return OPEN

    drive_dialog(monkeypatch, decide)
    assert actions.merge.merge_copies([tom])
    cases = window.controller.current.editor.session.cases
    same = [c for c in cases if c.reference == taken]
    assert len(same) == 2 and {c.id for c in same} >= {twin.id}


def test_a_file_of_another_framework_is_refused(
    window: MainWindow, master: Path, tmp_path: Path, nps: Framework, monkeypatch
) -> None:
    other = tmp_path / "gm.inspection"
    save_inspection(new_document(nps, unit="Greater Manchester"), other)
    open_master(window, master)
    editor = window.controller.current.editor
    actions = install_team(window)
    errors: list[str] = []
    monkeypatch.setattr(ask, "show_error", lambda _p, title, text: errors.append(text))
    assert not actions.merge.merge_copies([other])
    assert errors and "cannot be merged" in errors[0] and "unchanged" in errors[0]
    assert window.controller.current.editor is editor


def test_the_master_itself_and_unreadable_files_are_refused(
    window: MainWindow, master: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    open_master(window, master)
    actions = install_team(window)
    errors: list[str] = []
    monkeypatch.setattr(ask, "show_error", lambda _p, title, text: errors.append(text))
    assert not actions.merge.merge_copies([master])
    assert "is the master itself" in errors[-1]
    broken = tmp_path / "broken.inspection"
    broken.write_text("{ not json")
    assert not actions.merge.merge_copies([broken])
    assert "broken.inspection" in errors[-1] and "Nothing was merged" in errors[-1]


def test_merging_the_same_file_twice_changes_nothing(
    window: MainWindow, master: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def edit(session: InspectionSession) -> None:
        answer(session, 5, "P2.3.1", NO, note="Aisha: no referral")
        session.apply(session.review_status_change(session.cases[6].id, ReviewStatus.QA_CHECKED))

    aisha = copy_with(master, tmp_path, "aisha", edit)
    open_master(window, master)
    actions = install_team(window)
    drive_dialog(monkeypatch, lambda dialog: SAVE_INTO_MASTER)
    assert actions.merge.merge_copies([aisha])
    session = window.controller.current.editor.session
    assert session.cases[6].status is ReviewStatus.QA_CHECKED
    once = master.read_bytes()
    informed: list[str] = []
    monkeypatch.setattr(choose, "inform", lambda _p, _title, text: informed.append(text))
    monkeypatch.setattr(MergeDialog, "exec", lambda _d: pytest.fail("nothing to decide"))
    editor = window.controller.current.editor
    assert not actions.merge.merge_copies([aisha])
    assert "already has everything in aisha.inspection" in informed[0]
    assert window.controller.current.editor is editor
    assert not editor.session.modified and master.read_bytes() == once


def test_saving_into_a_master_changed_on_disk_meanwhile_is_refused(
    window: MainWindow,
    team: Team,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    open_master(window, team.master)
    actions = install_team(window)
    errors: list[str] = []
    monkeypatch.setattr(ask, "show_error", lambda _p, title, text: errors.append(text))

    def decide(dialog: MergeDialog) -> str:
        dialog.decisions.prefer("newest")
        team.master.write_bytes(team.master.read_bytes() + b" ")  # a colleague saves meanwhile
        return SAVE_INTO_MASTER

    drive_dialog(monkeypatch, decide)
    assert actions.merge.merge_copies(list(team.copies.values()))
    assert errors and "has changed on disk" in errors[0]
    assert window.controller.current.path is None and window.controller.current.modified


# -- the models ---------------------------------------------------------------------------------


def test_decision_and_brought_in_models(
    qtmodeltester,
    window: MainWindow,
    team: Team,
) -> None:
    open_master(window, team.master)
    actions = install_team(window)
    dialog = actions.merge.prepare(team.master, list(team.copies.values()))
    assert dialog is not None
    model = dialog.decisions
    qtmodeltester.check(model, force_py=True)
    tick(model, model.decisions[0].key, "master")
    model.prefer("newest")
    assert dialog.merge_result.settled
    # Unticking the chosen value opens the decision again.
    index = model.option_index(0, 0)
    model.setData(index, Qt.CheckState.Unchecked, Qt.ItemDataRole.CheckStateRole)
    assert not dialog.merge_result.settled and not dialog.open_button.isEnabled()
    model.clear_choices()
    assert len(dialog.merge_result.unsettled) == 6


def test_brought_in_model(qtmodeltester, window: MainWindow, team: Team) -> None:
    open_master(window, team.master)
    dialog = install_team(window).merge.prepare(team.master, list(team.copies.values()))
    assert dialog is not None
    model = BroughtInModel(dialog.merge_result)
    qtmodeltester.check(model, force_py=True)
    kinds = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert kinds.count("New case") == 2 and kinds.count("Answer") == 13
    detail = kinds.index("Case detail")
    # Case details in words: the review status the QA inspector set in her copy.
    assert model.index(detail, 2).data() == "Review status"
    assert model.index(detail, 4).data() == "QA checked"


def test_the_merge_dialog_names_every_control(window: MainWindow, team: Team) -> None:
    from tests.gui.test_main_window import unnamed_controls

    open_master(window, team.master)
    dialog = install_team(window).merge.prepare(team.master, list(team.copies.values()))
    assert dialog is not None
    assert unnamed_controls(dialog) == []
