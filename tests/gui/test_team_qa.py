"""Quality assurance in the app: the review status on the case review page (each move undoable,
the "mark complete" rule kept), QA comments (add, resolve, who and when), the cases' status
filters, and the dashboard's ratings on the cases of chosen statuses, clearly labelled."""

from __future__ import annotations

from uuid import uuid4

import pytest
from PySide6.QtCore import Qt

from inspector_app.core import qa
from inspector_app.core.document import AnswerValue, ReviewStatus
from inspector_app.gui.dialogs import ask, choose
from inspector_app.gui.dialogs.mark_complete import MarkCompleteDialog
from inspector_app.gui.editing import DocumentEditor
from inspector_app.gui.item_models import status_figures
from inspector_app.gui.item_models.cases import OPEN_COMMENTS, CaseFilterProxy, CaseTableModel
from inspector_app.gui.item_models.dashboard import COUNTS, PERCENT, DashboardModel
from inspector_app.gui.item_models.qa_comments import BY, COMMENT, STATE, WHEN, QaCommentsModel
from inspector_app.gui.item_models.status_figures import StatusFigures
from inspector_app.gui.main_window import MainWindow
from inspector_app.gui.pages.dashboard import DashboardPage
from inspector_app.gui.pages.review import QA_TAB, ReviewPage
from tests.gui.keys import type_text

YES, NO = AnswerValue.YES, AnswerValue.NO
QA_CHECKED_ONLY = frozenset({ReviewStatus.QA_CHECKED})


@pytest.fixture
def example(window: MainWindow) -> MainWindow:
    window.open_example()
    window.workspace.editor.session.user = "Sam Quality"
    return window


@pytest.fixture
def review(example: MainWindow) -> ReviewPage:
    page = example.workspace.show_page("review")
    assert isinstance(page, ReviewPage)
    return page


def show(page: ReviewPage, index: int) -> None:
    page.show_case(page.session.cases[index].id)


# -- review status on the case review page -----------------------------------------------------


def test_the_review_status_is_shown_and_chosen_in_the_header(
    review: ReviewPage, monkeypatch: pytest.MonkeyPatch
) -> None:
    show(review, 0)
    case = review.session.cases[0]
    combo = review.status_combo
    assert combo.currentText() == "Complete" and combo.accessibleName() == "Review status"
    assert [combo.itemText(i) for i in range(combo.count())] == [s.label for s in ReviewStatus]
    # Query raised asks for the query, which becomes a QA comment; the QA tab opens.
    monkeypatch.setattr(choose, "text", lambda *_a: "Where is the contingency plan?")
    assert review.set_status(ReviewStatus.QUERY_RAISED)
    assert case.status is ReviewStatus.QUERY_RAISED and combo.currentText() == "Query raised"
    assert case.qa_comments[-1].text == "Where is the contingency plan?"
    assert case.qa_comments[-1].by == "Sam Quality"
    assert review.tabs.currentIndex() == QA_TAB
    assert review.tabs.tabText(QA_TAB) == "QA co&mments (1 open)"
    # QA checked with an open comment: asked first; then both change in one undoable step.
    asked: list[str] = []

    def confirm(_parent, title, text, action) -> bool:
        asked.append(text)
        return True

    monkeypatch.setattr(ask, "confirm", confirm)
    assert review.set_status(ReviewStatus.QA_CHECKED)
    assert "1 open QA comment" in asked[0]
    assert case.status is ReviewStatus.QA_CHECKED and not qa.open_comments(case)
    review.editor.undo()
    case = review.session.cases[0]
    assert case.status is ReviewStatus.QUERY_RAISED and len(qa.open_comments(case)) == 1
    assert combo.currentText() == "Query raised"
    review.editor.undo()
    assert review.session.cases[0].status is ReviewStatus.COMPLETE
    assert not review.session.cases[0].qa_comments


def test_cancelled_or_refused_status_changes_leave_the_case_alone(
    review: ReviewPage, monkeypatch: pytest.MonkeyPatch
) -> None:
    editor = review.editor
    editor.set_answer(review.session.cases[2].id, "P2.1.1", None)
    editor.run(lambda: review.session.review_status_change(review.session.cases[2].id, "draft"))
    show(review, 2)
    monkeypatch.setattr(choose, "text", lambda *_a: None)  # the query dialog cancelled
    assert not review.set_status(ReviewStatus.QUERY_RAISED)
    # A draft cannot be QA checked: the core's rule, reported, and the combo shows the truth.
    refused: list[str] = []
    editor.editRefused.connect(refused.append)
    assert not review.set_status(ReviewStatus.QA_CHECKED)
    assert "mark it complete first" in refused[0]
    assert review.status_combo.currentText() == "Draft"
    # Complete keeps the "mark complete" rule: a case with gaps needs a reason.
    monkeypatch.setattr(MarkCompleteDialog, "ask_reason", staticmethod(lambda *_a, **_k: None))
    assert not review.set_status(ReviewStatus.COMPLETE)
    assert review.session.cases[2].status is ReviewStatus.DRAFT
    monkeypatch.setattr(
        MarkCompleteDialog, "ask_reason", staticmethod(lambda *_a, **_k: "File not available")
    )
    assert review.set_status(ReviewStatus.COMPLETE)
    assert review.session.cases[2].completion_note == "File not available"
    assert review.set_status(ReviewStatus.DRAFT)
    assert review.session.cases[2].status is ReviewStatus.DRAFT


def test_choosing_a_status_from_the_combo_box(review: ReviewPage, monkeypatch) -> None:
    show(review, 1)
    monkeypatch.setattr(ask, "confirm", lambda *_a: pytest.fail("nothing to resolve"))
    combo = review.status_combo
    combo.activated.emit(combo.findText("QA checked"))
    assert review.session.cases[1].status is ReviewStatus.QA_CHECKED


# -- QA comments --------------------------------------------------------------------------------


def test_qa_comments_are_added_resolved_and_undone(review: ReviewPage) -> None:
    show(review, 5)
    case_id = review.session.cases[5].id
    panel = review.qa_panel
    review.show_tab(QA_TAB)
    assert panel.summary.text() == "No QA comments on this case."
    assert not panel.add_button.isEnabled()
    panel.new_comment.setFocus()
    type_text("Is the risk level right for the index offence?")
    assert panel.add_button.isEnabled()
    panel.add_button.click()
    assert panel.new_comment.toPlainText() == ""
    model = panel.model
    assert model.rowCount() == 1
    assert model.index(0, COMMENT).data() == "Is the risk level right for the index offence?"
    assert model.index(0, BY).data() == "Sam Quality"
    assert model.index(0, WHEN).data()
    assert model.index(0, STATE).data() == "Open"
    assert panel.summary.text() == "1 comment: 1 open"
    # A reply, then the query resolved.
    panel.new_comment.setPlainText("Yes: see the OASys review of 4 March.")
    assert panel.add_comment()
    panel.table.selectRow(0)
    assert panel.resolve_button.text() == "Resolve"
    panel.resolve_button.click()
    assert model.index(0, STATE).data() == "Resolved"
    assert panel.resolve_button.text() == "Reopen"
    assert review.tabs.tabText(QA_TAB) == "QA co&mments (1 open)"
    assert [c.resolved for c in review.session.case(case_id).qa_comments] == [True, False]
    # Each is one undoable step.
    assert review.editor.undo_stack.undoText() == "Resolve QA comment"
    review.editor.undo()
    assert model.index(0, STATE).data() == "Open"
    review.editor.undo()
    review.editor.undo()
    assert model.rowCount() == 0 and not review.session.case(case_id).qa_comments
    review.editor.redo()
    assert model.rowCount() == 1


def test_qa_comments_model(qtmodeltester, example_editor: DocumentEditor) -> None:
    editor = example_editor
    model = QaCommentsModel(editor)
    qtmodeltester.check(model, force_py=True)
    session = editor.session
    first = session.cases[0]
    model.set_case(first.id)
    assert editor.run(lambda: session.qa_comment_change(first.id, "One"))
    assert editor.run(lambda: session.qa_comment_change(first.id, "Two"))
    comment = session.cases[0].qa_comments[0]
    assert editor.run(lambda: session.qa_comment_resolved_change(first.id, comment.id))
    assert [model.index(r, STATE).data() for r in range(2)] == ["Resolved", "Open"]
    editor.undo_stack.setIndex(0)
    assert model.rowCount() == 0
    editor.undo_stack.setIndex(3)
    assert model.rowCount() == 2
    # Comments on another case do not touch this one; the case deleted empties the model.
    assert editor.run(lambda: session.qa_comment_change(session.cases[1].id, "Elsewhere"))
    assert model.rowCount() == 2
    editor.remove_cases([first.id])
    assert model.rowCount() == 0 and model.case_id is None


# -- the cases' filters ---------------------------------------------------------------------------


def test_the_cases_table_shows_and_filters_open_qa_comments(example: MainWindow) -> None:
    editor = example.workspace.editor
    session = editor.session
    for index in (3, 7):
        case_id = session.cases[index].id
        assert editor.run(lambda c=case_id: session.qa_comment_change(c, "Please check P2.2.3"))
    page = example.workspace.show_page("cases")
    model = page.model
    column = model.column_of("qa")
    assert model.index(3, column).data() == "1 open"
    assert "Please check P2.2.3" in model.index(3, column).data(Qt.ItemDataRole.ToolTipRole)
    page.status_filter.setCurrentIndex(page.status_filter.findData(OPEN_COMMENTS))
    assert page.proxy.rowCount() == 2
    assert page.header.subtitle.text() == "40 cases · 40 complete · 2 shown"
    comment = session.cases[3].qa_comments[0]
    assert editor.run(lambda: session.qa_comment_resolved_change(session.cases[3].id, comment.id))
    assert page.proxy.rowCount() == 1
    assert model.index(3, column).data() == "1 resolved"
    page.status_filter.setCurrentIndex(page.status_filter.findData("qa_checked"))
    assert page.proxy.rowCount() == qa.status_counts(session.cases)[ReviewStatus.QA_CHECKED]
    # The review page's navigator offers the same.
    review = example.workspace.show_page("review")
    assert review.show_filter.findData(OPEN_COMMENTS) >= 0
    assert review.show_filter.findData("query_raised") >= 0


def test_case_filter_proxy_for_open_comments(qtmodeltester, example_editor: DocumentEditor) -> None:
    model = CaseTableModel(example_editor)
    proxy = CaseFilterProxy(model)
    qtmodeltester.check(proxy, force_py=True)
    proxy.set_status(OPEN_COMMENTS)
    assert proxy.rowCount() == 0
    session = example_editor.session
    case_id = session.cases[9].id
    example_editor.run(lambda: session.qa_comment_change(case_id, "Query"))
    assert proxy.rowCount() == 1
    example_editor.undo()
    assert proxy.rowCount() == 0


# -- the dashboard on chosen statuses ----------------------------------------------------------


def test_the_dashboard_shows_qa_checked_ratings_clearly_labelled(example: MainWindow) -> None:
    page = example.workspace.show_page("dashboard")
    assert isinstance(page, DashboardPage)
    editor = example.workspace.editor
    whole = example.workspace.dashboard_model.result()
    assert not page.filter_banner.isVisible()
    page.status_filter.setCurrentIndex(1)  # "QA-checked cases only"
    assert page.statuses == QA_CHECKED_ONLY
    expected = qa.rate_qa_checked(editor.framework, editor.document)
    assert page.model.result().score_text == expected.score_text == "6/21"
    assert page.score.score.text() == "6/21"
    assert page.score.score_caption.text() == "Score · QA-checked cases only"
    banner = page.filter_banner
    assert banner.isVisible()
    assert "not the inspection's ratings" in banner.text()
    assert "4 QA-checked cases only (of 40)" in banner.text()
    assert f"Score {whole.score_text}" in banner.text()
    # Everything else in the app still shows the inspection's own ratings.
    assert example.workspace.dashboard_model.result().score_text == "8/21"
    assert example.score_label.text().startswith("Score 8/21")
    # The figures are those of the QA-checked cases, key question by key question.
    kq = page.model.index_of("key_question", "P2.4.3")
    figure = next(k for s in expected.standards for k in s.key_questions if k.id == "P2.4.3")
    assert kq.siblingAtColumn(COUNTS).data() == f"{figure.yes} / {figure.applicable}"
    # The breakdown follows the filter.
    page.select("key_question", "P2.4.3")
    breakdown = page.detail.breakdown
    total = breakdown.index(breakdown.rowCount() - 1, 0)
    assert total.data() == "All QA-checked cases"
    assert total.siblingAtColumn(2).data() == f"{figure.yes} / {figure.applicable}"
    # Back to every case, from the banner's link.
    banner.linkActivated.emit("all")
    assert page.statuses is None and not banner.isVisible()
    assert page.score.score.text() == "8/21" and page.status_filter.currentIndex() == 0
    assert breakdown.index(breakdown.rowCount() - 1, 0).data() == "All cases"


def test_the_filtered_dashboard_follows_answers_and_statuses(
    example: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = example.workspace.show_page("dashboard")
    editor = example.workspace.editor
    session = editor.session
    page.set_status_filter(QA_CHECKED_ONLY)
    source = page._status_source
    assert isinstance(source, StatusFigures) and source.case_count == 4
    # Rebuilding walks the cases: count how often it happens.
    walks: list[int] = []
    real = status_figures.cases_with_status

    def counting(cases, statuses):
        walks.append(1)
        return real(cases, statuses)

    monkeypatch.setattr(status_figures, "cases_with_status", counting)
    checked = [c for c in session.cases if c.status is ReviewStatus.QA_CHECKED]
    for value in (NO, YES, None, NO):  # typing answers in a QA-checked case
        editor.set_answer(checked[0].id, "P2.1.1", value)
        assert page.model.result() == qa.rate_qa_checked(editor.framework, editor.document)
    assert not walks, "an answer moves one tally; it never walks the cases"
    # A case marked QA checked joins the figures; undo takes it out again.
    other = session.cases[0]
    assert editor.run(lambda: session.review_status_change(other.id, ReviewStatus.QA_CHECKED))
    assert source.case_count == 5 and len(walks) == 1
    assert page.model.result() == qa.rate_qa_checked(editor.framework, editor.document)
    assert "5 QA-checked cases" in page.filter_banner.text()
    editor.undo()
    assert source.case_count == 4
    assert page.model.result() == qa.rate_qa_checked(editor.framework, editor.document)


def test_every_status_filter_rates_its_cases(example: MainWindow) -> None:
    page = example.workspace.show_page("dashboard")
    editor = example.workspace.editor
    for row, (_label, statuses) in enumerate(status_figures.STATUS_FILTERS):
        page.status_filter.setCurrentIndex(row)
        if statuses is None:
            assert page.model.result().score_text == "8/21"
            continue
        expected = qa.rate_cases_with_status(editor.framework, editor.document, statuses)
        assert page.model.result() == expected, statuses


def test_dashboard_model_on_a_status_source(qtmodeltester, example_editor: DocumentEditor) -> None:
    editor = example_editor
    model = DashboardModel(editor)
    source = StatusFigures(editor, QA_CHECKED_ONLY)
    source.membershipChanged.connect(model.refresh)
    model.set_source(source)
    qtmodeltester.check(model, force_py=True)
    session = editor.session
    checked = next(c for c in session.cases if c.status is ReviewStatus.QA_CHECKED)
    editor.set_answer(checked.id, "P2.2.3", NO)
    editor.run(lambda: session.review_status_change(session.cases[0].id, "qa_checked"))
    kq = model.index_of("key_question", "P2.2.3")
    expected = qa.rate_qa_checked(editor.framework, editor.document)
    figure = next(k for s in expected.standards for k in s.key_questions if k.id == "P2.2.3")
    assert kq.siblingAtColumn(COUNTS).data() == f"{figure.yes} / {figure.applicable}"
    assert kq.siblingAtColumn(PERCENT).data().rstrip(" *") == f"{figure.printed}%"
    editor.add_cases([session.cases[0].model_copy(update={"id": uuid4()})])
    editor.undo_stack.setIndex(0)
    assert model.result() == qa.rate_qa_checked(editor.framework, editor.document)
    source.detach()
