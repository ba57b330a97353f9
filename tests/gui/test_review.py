"""The case review form from the keyboard: answering, moving between questions and cases,
the Tab order, unanswered questions, and marking a case complete."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox

from inspector_app.core.document import AnswerValue, Case, Inspection, InspectionMeta, ReviewStatus
from inspector_app.gui.dialogs.mark_complete import MarkCompleteDialog
from inspector_app.gui.main_window import MainWindow
from inspector_app.gui.pages.review import ReviewPage
from inspector_app.gui.widgets.answer_selector import AnswerSelector
from inspector_app.gui.widgets.questions import UNANSWERED_MARK
from tests.gui.keys import CTRL, SHIFT, focused, press, type_text

YES, NO, NA = AnswerValue.YES, AnswerValue.NO, AnswerValue.NOT_APPLICABLE


@pytest.fixture
def review(window: MainWindow, pdu) -> ReviewPage:
    document = Inspection(
        meta=InspectionMeta(
            unit="Test PDU",
            framework_id=pdu.id,
            framework_version=pdu.version,
            lead_inspector="Sam Lead",
            team=["Ann Inspector"],
        )
    )
    document.cases = [
        Case(reference=f"T-{n}", sample="supervision", inspector="Ann Inspector") for n in (1, 2, 3)
    ]
    window.controller.new_document(document)
    press(Qt.Key.Key_3, CTRL)
    page = window.workspace.current_page()
    assert isinstance(page, ReviewPage)
    return page


def current_question() -> str:
    widget = focused()
    assert isinstance(widget, AnswerSelector), f"focus is on {widget!r}, not a question"
    return widget.question_id


def case_of(page: ReviewPage) -> Case:
    return page.editor.session.case(page.case_id)


def test_number_keys_answer_and_move_on(review: ReviewPage) -> None:
    assert current_question() == "P2.1.1"
    press(Qt.Key.Key_1)
    assert current_question() == "P2.1.1.a"
    press(Qt.Key.Key_2)
    press(Qt.Key.Key_3)
    case = case_of(review)
    assert case.value_of("P2.1.1") is YES
    assert case.value_of("P2.1.1.a") is NO
    assert case.value_of("P2.1.1.b") is NA  # prompts allow Not applicable
    assert current_question() == "P2.1.1.c"


def test_not_applicable_only_where_the_framework_allows_it(
    review: ReviewPage, window: MainWindow
) -> None:
    selector = review.rows["P2.1.1"].selector
    assert not selector.buttons[NA].isEnabled()
    assert "must be answered Yes or No" in selector.buttons[NA].toolTip()
    press(Qt.Key.Key_A)
    assert case_of(review).value_of("P2.1.1") is None
    assert current_question() == "P2.1.1", "a refused answer does not move on"
    assert "cannot be answered 'Not applicable'" in window.statusBar().currentMessage()
    allowed = review.rows["P2.2.3"].selector
    assert allowed.buttons[NA].isEnabled()
    assert "relevant sub-sample" in allowed.buttons[NA].toolTip()  # the framework's rule
    allowed.setFocus()
    press(Qt.Key.Key_A)
    assert case_of(review).value_of("P2.2.3") is NA


def test_delete_clears_an_answer(review: ReviewPage) -> None:
    press(Qt.Key.Key_Y)
    review.rows["P2.1.1"].selector.setFocus()
    press(Qt.Key.Key_Delete)
    assert case_of(review).value_of("P2.1.1") is None
    assert review.rows["P2.1.1"].state.text() == UNANSWERED_MARK


def test_unanswered_questions_are_marked_in_words(review: ReviewPage) -> None:
    row = review.rows["P2.1.1"]
    assert row.state.text() == UNANSWERED_MARK
    assert "not answered" in row.selector.accessibleName()
    press(Qt.Key.Key_Y)
    assert row.state.text() == ""
    assert "Yes" in row.selector.accessibleName()


def test_moving_between_cases_keeps_the_focus_on_a_question(review: ReviewPage) -> None:
    assert case_of(review).reference == "T-1"
    press(Qt.Key.Key_PageDown, CTRL)
    assert case_of(review).reference == "T-2"
    assert current_question() == "P2.1.1"
    press(Qt.Key.Key_Return, CTRL)
    assert case_of(review).reference == "T-3"
    assert current_question() == "P2.1.1"
    press(Qt.Key.Key_PageUp, CTRL)
    press(Qt.Key.Key_PageUp, CTRL)
    assert case_of(review).reference == "T-1"
    press(Qt.Key.Key_PageUp, CTRL)  # already the first: stays, says so
    assert case_of(review).reference == "T-1"
    assert current_question() == "P2.1.1"


def test_ctrl_enter_from_an_evidence_note_goes_to_the_next_case(review: ReviewPage) -> None:
    review.cards[0].note.setFocus()
    press(Qt.Key.Key_Return, CTRL)
    assert case_of(review).reference == "T-2"
    assert current_question() == "P2.1.1"


def test_a_new_case_opens_on_its_first_unanswered_question(review: ReviewPage) -> None:
    press(Qt.Key.Key_Y)
    press(Qt.Key.Key_PageDown, CTRL)
    press(Qt.Key.Key_PageUp, CTRL)
    assert current_question() == "P2.1.2", "P2.1.1 is answered; prompts do not hold it up"


def test_f8_jumps_to_the_next_unanswered_key_question(review: ReviewPage) -> None:
    press(Qt.Key.Key_Y)
    assert current_question() == "P2.1.1.a"
    press(Qt.Key.Key_F8)
    assert current_question() == "P2.1.2"
    for _ in range(11):  # the other key questions and the five outcomes, skipping prompts
        press(Qt.Key.Key_N)
        press(Qt.Key.Key_F8)
    assert current_question() in ("O1", "O2", "O3", "O4", "O5")


def test_tab_reaches_every_control_in_order(review: ReviewPage) -> None:
    review.find.setFocus()
    seen = []
    for _ in range(400):
        widget = focused()
        if widget in seen:
            break
        seen.append(widget)
        press(Qt.Key.Key_Tab)
    selectors = [w.question_id for w in seen if isinstance(w, AnswerSelector)]
    assert selectors == review.answers.answerable_ids(), "every question, in the form's order"
    names = [w.accessibleName() for w in seen]
    for name in (
        "Find a case",
        "Cases to review",
        "Case reference",
        "Reviewing inspector",
        "Sentence type",
        "Risk of serious harm",
        "Previous case",
        "Next case",
        "Mark the case complete",
        "Evidence note for P2.1.1",
        "Case notes",
    ):
        assert name in names
    first_question = next(i for i, w in enumerate(seen) if isinstance(w, AnswerSelector))
    assert names.index("Case reference") < names.index("Mark the case complete") < first_question
    assert names.index("Evidence note for P2.1.1") < names.index("Case notes")
    assert all(w.accessibleName() for w in seen), "every control has an accessible name"


def test_attributes_and_inspector_are_edited_in_the_form(review: ReviewPage) -> None:
    combo = review.attribute_combos["sentence_type"]
    assert isinstance(combo, QComboBox)
    combo.setFocus()
    combo.setCurrentIndex(combo.findText("Licence"))
    combo.activated.emit(combo.currentIndex())
    assert case_of(review).attributes["sentence_type"] == "Licence"
    review.editor.undo()
    assert "sentence_type" not in case_of(review).attributes
    assert combo.currentData() == ""
    inspector = review.inspector
    assert inspector.findText("Sam Lead") >= 0, "the team is offered"
    inspector.setFocus()
    inspector.lineEdit().selectAll()
    press(Qt.Key.Key_Delete)
    type_text("Sam Lead")
    press(Qt.Key.Key_Tab)
    assert case_of(review).inspector == "Sam Lead"


def test_mark_complete_needs_every_answer_or_a_reason(
    review: ReviewPage, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked = []

    def reason(reference, gaps, parent=None):
        asked.append((reference, [g.question_id for g in gaps]))
        return None  # cancelled

    monkeypatch.setattr(MarkCompleteDialog, "ask_reason", staticmethod(reason))
    press(Qt.Key.Key_M, CTRL | SHIFT)
    assert asked and asked[0][0] == "T-1" and "P2.1.1" in asked[0][1]
    assert case_of(review).status is ReviewStatus.DRAFT

    monkeypatch.setattr(
        MarkCompleteDialog, "ask_reason", staticmethod(lambda *_a, **_k: "Practitioner unavailable")
    )
    press(Qt.Key.Key_M, CTRL | SHIFT)
    case = case_of(review)
    assert case.status is ReviewStatus.COMPLETE
    assert case.completion_note == "Practitioner unavailable"
    assert "Practitioner unavailable" in review.completion_note.text()
    assert review.complete_button.text() == "Reopen"
    review.complete_button.click()
    assert case_of(review).status is ReviewStatus.DRAFT and case_of(review).completion_note == ""


def test_a_finished_case_is_marked_complete_without_a_question(review: ReviewPage) -> None:
    editor = review.editor
    case = case_of(review)
    for qid in review.answers.answerable_ids():
        question = editor.framework.questions[qid]
        if question.kind != "prompt":
            editor.set_answer(case.id, qid, YES)
    assert review.progress_label.text().startswith("12 of 12")
    press(Qt.Key.Key_M, CTRL | SHIFT)  # QDialog.exec would fail the test if it were asked
    assert case_of(review).status is ReviewStatus.COMPLETE
    assert case_of(review).completion_note == ""


def test_the_form_follows_undo(review: ReviewPage) -> None:
    press(Qt.Key.Key_Y)
    assert review.rows["P2.1.1"].selector.value is YES
    assert review.progress_label.text().startswith("1 of 12")
    review.editor.undo()
    assert review.rows["P2.1.1"].selector.value is None
    assert review.progress_label.text().startswith("0 of 12")


def test_no_cases_shows_how_to_add_one(window: MainWindow, pdu) -> None:
    window.controller.new_document(
        Inspection(
            meta=InspectionMeta(unit="Empty", framework_id=pdu.id, framework_version=pdu.version)
        )
    )
    page = window.workspace.show_page("review")
    assert page.case_id is None
    assert page.empty.isVisible()
    assert focused() is page.navigator, "the focus is somewhere useful, never nowhere"
