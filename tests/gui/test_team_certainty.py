"""How sure is a rating, in the app: each key question's 95% Wilson interval on the dashboard
(column, tooltip, detail panel), standards marked borderline in words, and the sample-size
helper with the 2018 inspections' defaults."""

from __future__ import annotations

from uuid import uuid4

import pytest
from PySide6.QtCore import Qt

from inspector_app.core import stats
from inspector_app.core.document import AnswerValue, Case
from inspector_app.core.engine import rate_inspection
from inspector_app.gui.editing import DocumentEditor
from inspector_app.gui.item_models.dashboard import INTERVAL, RATING, DashboardModel
from inspector_app.gui.item_models.roles import BorderlineRole
from inspector_app.gui.main_window import MainWindow
from inspector_app.gui.team import TeamActions
from inspector_app.gui.team.sample_size import SampleSizeDialog

YES, NO = AnswerValue.YES, AnswerValue.NO


def test_each_key_question_shows_its_95_percent_interval(example_editor: DocumentEditor) -> None:
    model = DashboardModel(example_editor)
    result = rate_inspection(example_editor.framework, example_editor.document)
    for standard in result.standards:
        for figure in standard.key_questions:
            interval = stats.wilson_interval(figure.yes, figure.applicable)
            index = model.index_of("key_question", figure.id, INTERVAL)
            assert interval is not None and index.data() == interval.text
    index = model.index_of("key_question", "P2.4.3", INTERVAL)
    assert index.data() == "28%–59%"
    assert index.data(Qt.ItemDataRole.ToolTipRole) == (
        "95% interval 28%–59%: from the Inadequate band into the Requires improvement band"
    )
    header = model.headerData(INTERVAL, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert "Wilson" in header


def test_borderline_standards_are_marked_in_words(example_editor: DocumentEditor) -> None:
    model = DashboardModel(example_editor)
    standard = model.index_of("standard", "P2.1", INTERVAL)
    assert standard.data() == "Borderline"
    assert standard.data(BorderlineRole) is True
    assert standard.data(Qt.ItemDataRole.ToolTipRole) == (
        "Borderline: within the 95% intervals of its key questions the rating could be "
        "Good or Requires improvement."
    )
    rating = model.index_of("standard", "P2.1", RATING)
    assert rating.data() == "Good"
    assert rating.data(Qt.ItemDataRole.AccessibleTextRole) == "Good, borderline"
    assert "Borderline" in rating.data(Qt.ItemDataRole.ToolTipRole)
    # Judgement standards have no intervals.
    assert model.index_of("standard", "P1.1", INTERVAL).data() is None


def test_a_standard_sure_of_its_rating_is_not_borderline(small_editor: DocumentEditor) -> None:
    editor = small_editor
    cases = [Case(id=uuid4(), reference=f"X-{n}", sample="supervision") for n in range(200)]
    editor.add_cases(cases)
    model = DashboardModel(editor)
    for kq in editor.framework.standards_by_id["P2.1"].key_questions:
        for case in cases:
            editor.set_answer(case.id, kq.id, YES)
    index = model.index_of("standard", "P2.1", INTERVAL)
    assert index.data(BorderlineRole) is False and index.data() is None
    assert model.index_of("key_question", "P2.1.1", INTERVAL).data() == "98%–100%"
    # One answer changed moves the interval at once (no walk over the cases needed).
    editor.set_answer(cases[0].id, "P2.1.1", NO)
    interval = stats.wilson_interval(199, 200)
    assert model.index_of("key_question", "P2.1.1", INTERVAL).data() == interval.text


def test_the_detail_panel_says_how_sure_a_figure_is(window: MainWindow) -> None:
    window.open_example()
    page = window.workspace.show_page("dashboard")
    page.select("key_question", "P2.1.2")
    assert page.detail.certainty.text() == (
        "95% interval 71%–93%: from the Good band into the Outstanding band"
    )
    page.select("standard", "P2.4")
    assert page.detail.certainty.text().startswith("Borderline: within the 95% intervals")
    page.select("standard", "P1.1")
    assert not page.detail.certainty.isVisible()
    assert "Borderline (could differ within the 95% intervals): P2.1, P2.2, P2.3, P2.4." in (
        page.score.status.text()
    )


# -- sample size ---------------------------------------------------------------------------------


@pytest.fixture
def dialog(qtbot) -> SampleSizeDialog:
    widget = SampleSizeDialog(40)
    qtbot.addWidget(widget)
    return widget


def test_sample_size_defaults_are_the_2018_inspections(dialog: SampleSizeDialog) -> None:
    assert dialog.confidence.value() == 80.0 and dialog.margin.value() == 5.0
    dialog.population.setValue(1400)
    assert dialog.sample_size() == 148 == stats.sample_size(1400, 0.80, 0.05)
    assert dialog.result.text() == "Inspect 148 cases"
    assert dialog.sentence.text() == (
        "Inspect 148 cases of 1,400 eligible cases for 80% confidence with a margin of error "
        "of 5 percentage points."
    )
    dialog.unknown.setChecked(True)
    assert dialog.sample_size() == 165 and not dialog.population.isEnabled()
    dialog.confidence.setValue(95.0)
    assert dialog.sample_size() == 385
    assert "from a large population" in dialog.sentence.text()


def test_the_inspections_own_margin_of_error(dialog: SampleSizeDialog) -> None:
    dialog.population.setValue(600)
    expected = stats.margin_of_error(40, 600, 0.80) * 100
    assert dialog.own_sample.text() == (
        f"This inspection's 40 cases give a margin of error of {expected:.1f} percentage "
        "points at 80% confidence."
    )


def test_sample_size_from_the_case_menu(window: MainWindow) -> None:
    window.open_example()
    actions = TeamActions(window)
    assert actions.sample_size_action in window.case_menu.actions()
    actions.sample_size_action.trigger()
    shown = actions.sample_size_dialog
    assert shown is not None and shown.isVisible() and not shown.isModal()
    assert shown.sample == 40
    shown.close()


def test_the_sample_size_dialog_names_every_control(dialog: SampleSizeDialog) -> None:
    from tests.gui.test_main_window import unnamed_controls

    assert unnamed_controls(dialog) == []
