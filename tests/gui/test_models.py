"""Every item model passes pytest-qt's model tester, before and while the document changes,
and an answer change reaches the models without walking the cases or resetting a model."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt

from inspector_app.core.document import AnswerValue, Case, Recommendation
from inspector_app.core.session import InspectionSession
from inspector_app.core.synthetic import GenerationSpec, generate
from inspector_app.gui.editing import DocumentEditor
from inspector_app.gui.item_models.answers import CaseAnswersModel
from inspector_app.gui.item_models.breakdown import ALL_CASES, BreakdownModel
from inspector_app.gui.item_models.cases import NOT_COMPLETE, CaseFilterProxy, CaseTableModel
from inspector_app.gui.item_models.dashboard import (
    COUNTS,
    NAME,
    PERCENT,
    RATING,
    DashboardModel,
    OutcomeHeaders,
)
from inspector_app.gui.item_models.lists import StringListModel, diff_keys
from inspector_app.gui.item_models.previous import PreviousRecommendationsModel
from inspector_app.gui.item_models.recommendations import RecommendationsModel
from inspector_app.gui.item_models.roles import AnswerRole, IdRole, ProgressRole, as_answer
from inspector_app.gui.item_models.standards import StandardsListModel
from inspector_app.gui.item_models.windows import SampleWindowsModel
from tests.builders import cases_with_counts, new_document

YES, NO, NA = AnswerValue.YES, AnswerValue.NO, AnswerValue.NOT_APPLICABLE


def check(qtmodeltester, model: QAbstractItemModel) -> None:
    # force_py: the Python tester, which stays connected and checks every later change too.
    qtmodeltester.check(model, force_py=True)


def test_outcome_headers_model(qtmodeltester, small_editor: DocumentEditor) -> None:
    dashboard = DashboardModel(small_editor)
    headers = OutcomeHeaders()
    headers.setSourceModel(dashboard)
    check(qtmodeltester, headers)
    assert headers.headerData(NAME, Qt.Orientation.Horizontal) == "Outcome"
    assert headers.headerData(PERCENT, Qt.Orientation.Horizontal) == dashboard.headerData(
        PERCENT, Qt.Orientation.Horizontal
    )
    small_editor.set_answer(small_editor.session.cases[0].id, "P2.1.1", YES)  # checked live


def test_case_table_model(qtmodeltester, example_editor: DocumentEditor) -> None:
    editor = example_editor
    model = CaseTableModel(editor)
    check(qtmodeltester, model)
    session = editor.session
    first = session.cases[0]
    assert model.index(0, model.column_of("progress")).data() == "12/12"
    editor.set_answer(first.id, "P2.1.1", None)
    assert model.index(0, model.column_of("progress")).data() == "11/12"
    # Inserting, removing (contiguous and not) and undoing keep the model consistent.
    new = Case(reference="BRK-100", sample="supervision")
    editor.add_cases([new], at=2)
    assert model.index(2, 0).data() == "BRK-100"
    editor.remove_cases([session.cases[0].id, session.cases[5].id])
    assert model.rowCount() == 39
    editor.undo_stack.undo()
    editor.undo_stack.undo()
    assert model.rowCount() == 40
    assert model.index(0, 0).data(IdRole) == first.id
    # Editing through the model is an undoable change of the document.
    reference = model.index(0, model.column_of("reference"))
    assert model.setData(reference, "BRK-0001A")
    assert session.cases[0].reference == "BRK-0001A"
    editor.undo_stack.undo()
    assert reference.data() == "BRK-0001"


def test_case_filter_proxy(qtmodeltester, example_editor: DocumentEditor) -> None:
    model = CaseTableModel(example_editor)
    proxy = CaseFilterProxy(model)
    check(qtmodeltester, proxy)
    proxy.set_text("aisha")
    assert proxy.rowCount() == 8
    assert all("Aisha" in proxy.index(r, model.column_of("inspector")).data() for r in range(8))
    proxy.set_text("licence high")
    assert 0 < proxy.rowCount() < 40
    proxy.set_text("")
    proxy.set_status(NOT_COMPLETE)
    assert proxy.rowCount() == 0
    example_editor.add_cases([Case(reference="NEW-1", sample="supervision")])
    assert proxy.rowCount() == 1


def test_dashboard_model(qtmodeltester, small_editor: DocumentEditor) -> None:
    editor = small_editor
    model = DashboardModel(editor)
    check(qtmodeltester, model)
    cases = editor.session.cases
    for case, value in zip(cases, (YES, YES, NO, NA), strict=True):
        editor.set_answer(case.id, "P2.2.3", value)
    kq = model.index_of("key_question", "P2.2.3")
    assert kq.siblingAtColumn(PERCENT).data() == "67%"
    assert kq.siblingAtColumn(COUNTS).data() == "2 / 3"
    assert model.index_of("standard", "P2.2", RATING).data() == "Good (provisional)"
    editor.override("P2.2", None)  # nothing to clear: refused quietly, no change
    editor.add_cases([Case(reference="X", sample="supervision")])
    editor.undo_stack.undo()
    assert kq.siblingAtColumn(PERCENT).data() == "67%"


def test_breakdown_model(qtmodeltester, example_editor: DocumentEditor) -> None:
    model = BreakdownModel(example_editor)
    check(qtmodeltester, model)
    model.set_question("P2.4.3")
    groups = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert groups == ["Community order", "Licence", ALL_CASES]
    assert model.index(2, 1).data() == "43%"
    model.set_grouping("inspector")
    assert model.rowCount() == 6
    example_editor.set_answer(example_editor.session.cases[0].id, "P2.4.3", None)
    model.recompute()
    model.set_question(None)
    assert model.rowCount() == 0


def test_case_answers_model(qtmodeltester, example_editor: DocumentEditor) -> None:
    editor = example_editor
    model = CaseAnswersModel(editor)
    check(qtmodeltester, model)
    first, second = editor.session.cases[0], editor.session.cases[1]
    model.set_case(first.id)
    index = model.question_index("P2.1.1", 1)
    assert as_answer(index.data(AnswerRole)) is first.value_of("P2.1.1")
    assert model.setData(index, "no")
    assert first.value_of("P2.1.1") is NO
    assert model.setData(index, NA) is True  # refused by the framework: nothing changes
    assert first.value_of("P2.1.1") is NO
    group = model.question_index("P2.1")
    assert group.data(ProgressRole) in ([3, 3], (3, 3))
    model.set_case(second.id)
    # The case on show is deleted: the model empties rather than show a stale case.
    editor.remove_cases([second.id])
    assert model.rowCount() == 0 and model.case_id is None
    editor.undo_stack.undo()
    model.set_case(second.id)
    assert model.rowCount(QModelIndex()) > 0


@pytest.mark.parametrize("path", [("standards", "P1.1", "strengths"), ("meta", "team")])
def test_string_list_model(qtmodeltester, example_editor: DocumentEditor, path) -> None:
    editor = example_editor
    model = StringListModel(editor, path, "item")
    check(qtmodeltester, model)
    before = model.items()
    assert model.insert_item(1, "A new point")
    assert model.items()[1] == "A new point"
    assert model.move_item(1, 0)
    assert model.items()[0] == "A new point"
    assert model.set_item(0, "An edited point")
    assert model.remove_item(0)
    assert model.items() == before
    for _ in range(3):
        editor.undo_stack.undo()
    assert model.items()[1] == "A new point"
    editor.undo_stack.setIndex(0)
    assert model.items() == before


def test_recommendations_model(qtmodeltester, example_editor: DocumentEditor) -> None:
    editor = example_editor
    model = RecommendationsModel(editor)
    check(qtmodeltester, model)
    groups = model.rowCount()
    first_group = model.index(0, 0)
    count = model.rowCount(first_group)
    assert model.add_recommendation(0, count, "publish a plan for women")
    assert model.rowCount(model.index(0, 0)) == count + 1
    assert model.index(count, 0, model.index(0, 0)).data().startswith(f"{count + 1}.")
    assert model.move(model.index(count, 0, model.index(0, 0)), -1)
    assert model.add_group(groups, "The regional probation director")
    assert model.move(model.index(groups, 0), -1)
    assert model.set_addressee(0, "Brackenford Probation Delivery Unit")
    assert model.remove(model.index(groups - 1, 0))
    editor.undo_stack.setIndex(0)
    assert model.rowCount() == groups
    assert model.rowCount(model.index(0, 0)) == count
    document_groups = editor.document.narrative.recommendations
    assert isinstance(document_groups[0].recommendations[0], Recommendation)


def test_previous_recommendations_model(qtmodeltester, example_editor: DocumentEditor) -> None:
    editor = example_editor
    model = PreviousRecommendationsModel(editor)
    check(qtmodeltester, model)
    rows = model.rowCount()
    assert model.add(rows)
    assert model.setData(model.index(rows, 0), "Improve home visits")
    assert model.set_field(rows, "progress", "none")
    assert model.set_field(rows, "improvement_still_required", True)
    assert model.index(rows, 2).data() == "No progress"
    assert model.index(rows, 3).data() == "Yes"
    assert model.move(rows, 0)
    assert model.remove(0)
    editor.undo_stack.setIndex(0)
    assert model.rowCount() == rows


def test_sample_windows_model(qtmodeltester, example_editor: DocumentEditor) -> None:
    editor = example_editor
    model = SampleWindowsModel(editor)
    check(qtmodeltester, model)
    rows = model.rowCount()
    assert model.add()
    refused = []
    editor.editRefused.connect(refused.append)
    end = model.index(rows, 1)
    start_value = model.index(rows, 0).data(2)
    assert not model.setData(end, start_value.addDays(-1))
    assert refused
    assert model.remove(rows)
    editor.undo_stack.setIndex(0)
    assert model.rowCount() == rows


def test_standards_list_model(qtmodeltester, example_editor: DocumentEditor) -> None:
    dashboard = DashboardModel(example_editor)
    model = StandardsListModel(dashboard)
    check(qtmodeltester, model)
    changed = []
    model.dataChanged.connect(lambda top, bottom, *_: changed.append(top.row()))
    example_editor.rate_judgement("P1.1", None)
    assert changed == [0]


def test_list_differences() -> None:
    assert diff_keys("abc", "abc").kind == "same"
    assert (diff_keys("abc", "abxc").kind, diff_keys("abc", "abxc").row) == ("insert", 2)
    assert (diff_keys("abc", "ac").kind, diff_keys("abc", "ac").row) == ("remove", 1)
    edit = diff_keys("abcd", "acdb")
    assert (edit.kind, edit.row, edit.to) == ("move", 1, 3)
    assert diff_keys("abc", "xyz").kind == "other"


# -- the answer path stays incremental ---------------------------------------------------------


@contextmanager
def recorded(model: QAbstractItemModel) -> Iterator[dict[str, list]]:
    events: dict[str, list] = {"data": [], "reset": [], "layout": []}

    def data(top: QModelIndex, bottom: QModelIndex, *_roles: object) -> None:
        events["data"].append((top.parent().isValid(), top.row(), bottom.row()))

    model.dataChanged.connect(data)
    model.modelReset.connect(lambda: events["reset"].append(1))
    model.layoutChanged.connect(lambda *_: events["layout"].append(1))
    yield events
    model.dataChanged.disconnect(data)


def test_an_answer_touches_only_its_rows(qapp, pdu) -> None:
    document = generate(GenerationSpec(framework=pdu, cases=1000, seed=7))
    editor = DocumentEditor(InspectionSession(document, pdu, user="tester"))
    cases = CaseTableModel(editor)
    dashboard = DashboardModel(editor)
    dashboard.result()
    case = document.cases[500]
    new_value = NO if case.value_of("P2.3.2") is YES else YES

    def lowest() -> list[str]:
        return [kq.id for kq in dashboard.standard_result("P2.3").key_questions if kq.lowest]

    lowest_before = lowest()
    with recorded(cases) as case_events, recorded(dashboard) as dashboard_events:
        editor.set_answer(case.id, "P2.3.2", new_value)
    assert case_events["reset"] == [] and case_events["layout"] == []
    assert case_events["data"] == [(False, 500, 500)]
    assert dashboard_events["reset"] == [] and dashboard_events["layout"] == []
    # The standard's row and the key question's; its siblings too if the lowest moved.
    rows = sum(bottom - top + 1 for _, top, bottom in dashboard_events["data"])
    siblings = len(pdu.standards_by_id["P2.3"].key_questions)
    assert rows == (2 if lowest() == lowest_before else 1 + siblings)


def test_the_siblings_repaint_when_the_lowest_key_question_moves(qapp, pdu) -> None:
    document = new_document(pdu)
    # P2.3.1 is the lowest (50%), P2.3.2 one answer above it, P2.3.3 well clear.
    counts = {"P2.3.1": (5, 10), "P2.3.2": (6, 10), "P2.3.3": (9, 10)}
    document.cases = cases_with_counts("supervision", 10, counts)
    editor = DocumentEditor(InspectionSession(document, pdu, user="tester"))
    dashboard = DashboardModel(editor)
    dashboard.result()
    touched: set[str] = set()

    def changed(top: QModelIndex, bottom: QModelIndex, *_roles: object) -> None:
        for row in range(top.row(), bottom.row() + 1):
            touched.add(top.siblingAtRow(row).data(IdRole))

    dashboard.dataChanged.connect(changed)
    # P2.3.3 drops to 80%: the lowest stays P2.3.1, so only its own row and the standard's.
    editor.set_answer(document.cases[0].id, "P2.3.3", NO)
    assert touched == {"P2.3", "P2.3.3"}
    # P2.3.2 drops to 50%, level with P2.3.1: both are now the lowest, in bold.
    touched.clear()
    editor.set_answer(document.cases[0].id, "P2.3.2", NO)
    assert touched == {"P2.3", "P2.3.1", "P2.3.2", "P2.3.3"}
    assert dashboard.key_question_figure("P2.3.2").lowest
    assert dashboard.key_question_figure("P2.3.1").lowest
