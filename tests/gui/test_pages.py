"""The pages' own work: managing cases, the dashboard's details and breakdowns, rating and
overriding standards, bullet lists, the narrative and the inspection details."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QAbstractItemView, QDialog

from inspector_app.core.document import AnswerValue, ProgressCategory
from inspector_app.core.ratings import Rating
from inspector_app.gui.dialogs import ask
from inspector_app.gui.dialogs.paste_cases import PasteCasesDialog
from inspector_app.gui.main_window import MainWindow
from inspector_app.gui.widgets.optional_fields import OptionalDateField
from tests.gui.keys import CTRL, SHIFT, focused, press, type_text
from tests.gui.visit import every_page


@pytest.fixture
def example(window: MainWindow) -> MainWindow:
    window.open_example()
    return window


# -- cases ---------------------------------------------------------------------------------------


def test_add_case_continues_the_sequence_and_names_it(example: MainWindow) -> None:
    press(Qt.Key.Key_N, CTRL | SHIFT)
    session = example.workspace.editor.session
    assert example.workspace.current_id == "cases"
    assert session.cases[-1].reference == "BRK-0041"
    assert session.cases[-1].sample == "supervision"
    type_text("BRK-0099")
    press(Qt.Key.Key_Return)
    assert session.cases[-1].reference == "BRK-0099"
    example.undo()
    example.undo()
    assert len(session.cases) == 40


def test_duplicate_copies_details_not_answers(example: MainWindow) -> None:
    page = example.workspace.show_page("cases")
    page.table.selectRow(3)
    source = example.workspace.editor.session.cases[3]
    page.duplicate()
    copy = example.workspace.editor.session.cases[4]
    assert copy.reference == "BRK-0005" or copy.reference.startswith("BRK-")
    assert copy.reference != source.reference
    assert copy.attributes == source.attributes and copy.inspector == source.inspector
    assert copy.answers == {}


def test_deleting_answered_cases_asks_and_can_be_undone(
    example: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = example.workspace.show_page("cases")
    session = example.workspace.editor.session
    page.table.selectRow(0)
    monkeypatch.setattr(ask, "confirm", lambda *_a: False)
    press(Qt.Key.Key_Delete)
    assert len(session.cases) == 40
    monkeypatch.setattr(ask, "confirm", lambda *_a: True)
    press(Qt.Key.Key_Delete)
    assert len(session.cases) == 39
    assert "Undo" in example.statusBar().currentMessage()
    press(Qt.Key.Key_Z, CTRL)
    assert len(session.cases) == 40


def test_pasted_references_become_cases(
    example: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    def accept(dialog: PasteCasesDialog) -> int:
        found = dialog.references()
        assert found.new == ["BRK-0101", "BRK-0102"]
        assert found.already_present == ["BRK-0001"]
        assert found.repeated == ["brk-0101"]
        assert dialog.buttons.button(dialog.buttons.StandardButton.Ok).text() == "Add 2 cases"
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(PasteCasesDialog, "exec", accept)
    page = example.workspace.show_page("cases")
    page.paste_references("BRK-0101\tLicence\nBRK-0001\n\nBRK-0102\nbrk-0101\n")
    session = example.workspace.editor.session
    assert [c.reference for c in session.cases[-2:]] == ["BRK-0101", "BRK-0102"]
    assert example.workspace.editor.undo_stack.undoText() == "Add 2 cases"


def test_import_from_csv_all_or_nothing(
    example: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = example.workspace.show_page("cases")
    session = example.workspace.editor.session
    good = tmp_path / "more.csv"
    good.write_text("case_ref,sentence_type,P2.1.1\nNEW-1,Licence,Yes\nNEW-2,Community order,No\n")
    assert page.import_csv_file(good)
    assert [c.reference for c in session.cases[-2:]] == ["NEW-1", "NEW-2"]
    assert session.cases[-2].value_of("P2.1.1") is AnswerValue.YES
    shown: list[str] = []
    monkeypatch.setattr(ask, "show_error", lambda _p, _t, text: shown.append(text))
    bad = tmp_path / "bad.csv"
    bad.write_text("case_ref,P2.1.1\nNEW-3,Maybe\n")
    assert not page.import_csv_file(bad)
    assert "row 2" in shown[0] and "Nothing was imported" in shown[0]
    assert len(session.cases) == 42


def test_filtering_and_opening_a_case(example: MainWindow) -> None:
    page = example.workspace.show_page("cases")
    press(Qt.Key.Key_F, CTRL)
    assert focused() is page.search
    type_text("BRK-0007")
    assert page.proxy.rowCount() == 1
    page.table.setFocus()
    page.table.setCurrentIndex(page.proxy.index(0, 0))
    press(Qt.Key.Key_Return)
    assert example.workspace.current_id == "review"
    assert example.workspace.page("review").title.text() == "BRK-0007"


# -- dashboard -------------------------------------------------------------------------------


def test_dashboard_detail_and_breakdown(example: MainWindow) -> None:
    page = example.workspace.show_page("dashboard")
    page.select("key_question", "P2.4.3")
    detail = page.detail
    assert detail.title.text() == "P2.4.3"
    assert "43% Yes" in detail.figures.text()
    assert detail.table.isVisible()
    assert detail.breakdown.rowCount() == 3
    detail.grouping.setCurrentIndex(detail.grouping.findData("rosh_level"))
    assert detail.breakdown.index(0, 0).data() == "Low"
    assert detail.prompts.isVisible() and "Was the plan of work adjusted" in detail.prompts.text()
    page.select("standard", "P2.1")
    assert not detail.table.isVisible()
    detail.open_button.click()
    assert example.workspace.current_id == "standards"


def test_overrides_show_their_rationale_on_the_dashboard(example: MainWindow) -> None:
    editor = example.workspace.editor
    editor.override("P2.4", Rating.REQUIRES_IMPROVEMENT, "Two cases misfiled")
    page = example.workspace.show_page("dashboard")
    model = page.model
    index = model.index_of("standard", "P2.4", 1)
    assert index.data() == "Requires improvement (overridden)"
    assert "Rationale: Two cases misfiled" in index.data(Qt.ItemDataRole.ToolTipRole)
    assert "Overridden: P2.4 Reviewing" in page.score.status.text()
    assert page.score.score.text() == "9/21"
    page.select("standard", "P2.4")
    assert "Two cases misfiled" in page.detail.notes.text()
    assert "overridden" in example.workspace.page("standards").list_model.index(6, 0).data(
        Qt.ItemDataRole.AccessibleTextRole
    )


# -- standards ---------------------------------------------------------------------------------


def test_rating_a_judgement_standard(example: MainWindow) -> None:
    page = example.workspace.show_page("standards")
    page.show_standard("P1.1")
    panel = page.panel("P1.1")
    panel.rating_choice.buttons[Rating.OUTSTANDING].click()
    editor = example.workspace.editor
    assert editor.document.judgement_rating("P1.1") is Rating.OUTSTANDING
    assert example.workspace.dashboard_model.result().score == 9
    editor.undo()
    assert panel.rating_choice.buttons[Rating.GOOD].isChecked()


def test_an_override_needs_a_rationale(example: MainWindow) -> None:
    page = example.workspace.show_page("standards")
    page.show_standard("P2.2")
    panel = page.panel("P2.2").override_panel
    assert panel is not None
    panel.start_button.click()
    panel.rating.setCurrentIndex(panel.rating.findData(Rating.GOOD))
    assert not panel.apply_button.isEnabled()
    panel.rationale.setPlainText("Contingency plans were found on the shared drive")
    assert panel.apply_button.isEnabled()
    panel.apply_button.click()
    override = example.workspace.editor.document.overrides["P2.2"]
    assert override.rating is Rating.GOOD and override.rationale.startswith("Contingency")
    assert page.panel("P2.2").override_note.isVisible()
    panel.clear_button.click()
    assert "P2.2" not in example.workspace.editor.document.overrides


def test_bullet_lists_from_the_keyboard(example: MainWindow) -> None:
    page = example.workspace.show_page("standards")
    page.show_standard("P1.1")
    strengths = page.panel("P1.1").lists[0]
    editor = example.workspace.editor
    items = editor.document.standards["P1.1"].strengths
    count = len(items)
    strengths.view.setFocus()
    strengths.view.setCurrentIndex(strengths.model.index(0, 0))
    press(Qt.Key.Key_Insert)
    type_text("Leaders visited every team monthly")
    press(Qt.Key.Key_Return)
    assert editor.document.standards["P1.1"].strengths[1] == "Leaders visited every team monthly"
    assert editor.undo_stack.undoText() == "Add strength", "adding and typing are one step"
    press(Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert editor.document.standards["P1.1"].strengths[0] == "Leaders visited every team monthly"
    press(Qt.Key.Key_Delete)
    assert len(editor.document.standards["P1.1"].strengths) == count
    steps = editor.undo_stack.count()
    press(Qt.Key.Key_Insert)
    press(Qt.Key.Key_Escape)  # nothing typed: the empty bullet goes, leaving nothing to undo
    assert len(editor.document.standards["P1.1"].strengths) == count
    assert editor.undo_stack.count() == steps


# -- narrative and details -----------------------------------------------------------------


def test_recommendations_grouped_and_reordered(example: MainWindow) -> None:
    page = example.workspace.show_page("narrative")
    page.show_section("recommendations")
    model = page.recommendations
    view = page.recommendations_view
    groups = model.rowCount()
    view.setCurrentIndex(model.index(0, 0, model.index(0, 0)))
    view.setFocus()
    press(Qt.Key.Key_Insert)
    type_text("publish the delivery plan")
    press(Qt.Key.Key_Return)
    narrative = example.workspace.editor.document.narrative
    assert narrative.recommendations[0].recommendations[1].text == "publish the delivery plan"
    press(Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert narrative.recommendations[0].recommendations[0].text == "publish the delivery plan"
    assert model.rowCount() == groups
    # Enter edits the current recommendation, as the section's help line says.
    press(Qt.Key.Key_Return)
    type_text("publish the delivery plan by June")
    press(Qt.Key.Key_Return)
    assert narrative.recommendations[0].recommendations[0].text == (
        "publish the delivery plan by June"
    )


def test_tab_leaves_every_table_for_the_next_control(example: MainWindow) -> None:
    workspace = example.workspace
    for page_id, page in every_page(workspace):
        for view in page.findChildren(QAbstractItemView):
            assert not view.tabKeyNavigation(), f"{type(view).__name__} on {page_id}"
    # On the cases page, Tab goes from the table to the controls after it, and back.
    page = workspace.show_page("cases")
    page.table.setFocus()
    press(Qt.Key.Key_Tab)
    assert focused() is not page.table
    press(Qt.Key.Key_Tab, SHIFT)
    assert focused() is page.table


def test_previous_recommendations_table(example: MainWindow) -> None:
    page = example.workspace.show_page("narrative")
    page.show_section("previous")
    model = page.previous_model
    rows = model.rowCount()
    page._previous_add()
    assert model.rowCount() == rows + 1
    row = page.previous_table.currentIndex().row()
    model.set_field(row, "progress", ProgressCategory.SOME.value)
    assert model.index(row, 2).data() == "Some progress"


def test_details_edit_the_inspection(example: MainWindow) -> None:
    page = example.workspace.show_page("details")
    page.unit.setFocus()
    page.unit.selectAll()
    type_text("Brackenford and Dale PDU")
    press(Qt.Key.Key_Tab)
    assert example.workspace.editor.document.meta.unit == "Brackenford and Dale PDU"
    assert example.workspace.unit_label.text() == "Brackenford and Dale PDU"
    start = next(
        f for f in page.findChildren(OptionalDateField) if f.path == ("meta", "fieldwork_start")
    )
    start.edit.setDate(QDate(2025, 3, 10))
    assert example.workspace.editor.document.meta.fieldwork_start == date(2025, 3, 10)
    start.clear_button.click()
    assert example.workspace.editor.document.meta.fieldwork_start is None
    example.undo()
    assert start.edit.date() == QDate(2025, 3, 10)


# -- screenshots ---------------------------------------------------------------------------------


def test_the_screenshot_script_renders_every_main_screen(
    qapp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from inspector_app.gui import screenshots

    monkeypatch.setenv("INSPECTOR_APP_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setattr(ask, "ask_save_changes", lambda *_a: ask.SaveChoice.DISCARD)
    written = screenshots.render(tmp_path / "shots", tmp_path / "home")
    names = {path.stem for path in written}
    assert {"start", "dashboard", "cases", "review", "standards", "narrative", "details"} <= names
    for path in written:
        image = QImage(str(path))
        assert (image.width(), image.height()) == (screenshots.WIDTH, screenshots.HEIGHT), path.name
