"""Every kind of edit is one undo step; typing merges into one step; refused edits change
nothing and say why."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

from inspector_app.core.document import AnswerValue, Case, ReviewStatus
from inspector_app.core.ratings import Rating
from inspector_app.gui.editing import DocumentEditor, merge_changes
from inspector_app.gui.widgets.bound import BoundLineEdit, BoundTextEdit, ValueBinding
from tests.gui.keys import CTRL, press, type_text

YES, NO = AnswerValue.YES, AnswerValue.NO


def undo_and_redo(editor: DocumentEditor, read, before, after) -> None:
    """One undo step takes the document from ``after`` back to ``before``, and redo again."""
    assert read() == after
    editor.undo()
    assert read() == before
    editor.redo()
    assert read() == after


def test_each_kind_of_edit_is_one_undo_step(small_editor: DocumentEditor) -> None:
    editor = small_editor
    session = editor.session
    case = session.cases[0]
    stack = editor.undo_stack

    editor.set_answer(case.id, "P2.1.1", YES)
    undo_and_redo(editor, lambda: case.value_of("P2.1.1"), None, YES)
    editor.set_note(case.id, "P2.1.1", "Good engagement")
    undo_and_redo(editor, lambda: case.answers["P2.1.1"].note, "", "Good engagement")
    editor.set_case_field(case.id, "attributes.gender", "Female")
    undo_and_redo(editor, lambda: case.attributes.get("gender"), None, "Female")
    editor.set_case_field(case.id, "inspector", "Bo Inspector")
    undo_and_redo(editor, lambda: case.inspector, "Ann Inspector", "Bo Inspector")
    editor.add_cases([Case(reference="T-NEW", sample="supervision")])
    undo_and_redo(editor, lambda: len(session.cases), 4, 5)
    editor.remove_cases([session.cases[1].id, session.cases[3].id])
    undo_and_redo(editor, lambda: len(session.cases), 5, 3)
    editor.mark_complete(session.cases[0].id, "Practitioner on long-term leave")
    undo_and_redo(
        editor, lambda: session.cases[0].status, ReviewStatus.DRAFT, ReviewStatus.COMPLETE
    )
    editor.rate_judgement("P1.1", Rating.GOOD)
    undo_and_redo(editor, lambda: editor.document.judgement_rating("P1.1"), None, Rating.GOOD)
    editor.override("P2.1", Rating.INADEQUATE, "Agreed by the team after QA")
    undo_and_redo(editor, lambda: "P2.1" in editor.document.overrides, False, True)
    editor.set_value(("narrative", "foreword"), "A foreword.", "Edit foreword")
    undo_and_redo(editor, lambda: editor.document.narrative.foreword, "", "A foreword.")
    editor.set_value(("meta", "fieldwork_start"), date(2025, 3, 3), "Edit fieldwork start")
    undo_and_redo(editor, lambda: editor.document.meta.fieldwork_start, None, date(2025, 3, 3))
    assert stack.count() == 11
    assert stack.undoText() == "Edit fieldwork start"


def test_refused_edits_change_nothing_and_say_why(small_editor: DocumentEditor) -> None:
    editor = small_editor
    case = editor.session.cases[0]
    messages: list[str] = []
    editor.editRefused.connect(messages.append)
    assert not editor.set_answer(case.id, "P2.1.1", AnswerValue.NOT_APPLICABLE)
    assert not editor.set_value(("meta", "unit"), "  ", "Edit unit")
    assert not editor.override("P2.1", Rating.GOOD, "   ")
    assert not editor.set_case_field(case.id, "attributes.gender", "Unknown")
    assert not editor.mark_complete(case.id)
    assert len(messages) == 5
    assert "cannot be answered 'Not applicable'" in messages[0]
    assert "needs a written rationale" in messages[2]
    assert "give a reason" in messages[4]
    assert editor.undo_stack.count() == 0
    assert case.value_of("P2.1.1") is None and editor.document.meta.unit == "Test PDU"


def test_read_only_documents_refuse_every_edit(small_editor: DocumentEditor) -> None:
    editor = small_editor
    editor.read_only_reason = "Opened read-only: another inspector has this file open"
    messages: list[str] = []
    editor.editRefused.connect(messages.append)
    assert not editor.set_answer(editor.session.cases[0].id, "P2.1.1", YES)
    assert messages == ["Opened read-only: another inspector has this file open"]
    assert editor.undo_stack.count() == 0


def test_changes_to_one_target_merge() -> None:
    from inspector_app.core.session import SetDocumentValue

    first = SetDocumentValue(("narrative", "foreword"), "", "A", "Edit")
    second = SetDocumentValue(("narrative", "foreword"), "A", "AB", "Edit")
    other = SetDocumentValue(("narrative", "background"), "", "X", "Edit")
    assert merge_changes(first, second) == SetDocumentValue(
        ("narrative", "foreword"), "", "AB", "Edit"
    )
    assert merge_changes(first, other) is None


@pytest.fixture
def foreword(qtbot, small_editor: DocumentEditor) -> BoundTextEdit:
    field = BoundTextEdit(ValueBinding(small_editor, ("narrative", "foreword"), "Edit foreword"))
    qtbot.addWidget(field)
    field.show()
    field.activateWindow()
    assert QTest.qWaitForWindowActive(field)
    field.setFocus()
    return field


def test_typing_a_paragraph_is_one_undo_step(
    foreword: BoundTextEdit, small_editor: DocumentEditor
) -> None:
    editor = small_editor
    type_text("The first sentence.")
    foreword.commit()  # as after a pause
    type_text(" The second sentence.")
    foreword.commit()
    assert editor.document.narrative.foreword == "The first sentence. The second sentence."
    assert editor.undo_stack.count() == 1
    editor.undo()
    assert editor.document.narrative.foreword == ""
    assert foreword.toPlainText() == "", "the field shows the document after Undo"
    editor.redo()
    assert foreword.toPlainText() == "The first sentence. The second sentence."


def test_a_new_visit_to_a_field_is_a_new_undo_step(
    qtbot, foreword: BoundTextEdit, small_editor: DocumentEditor
) -> None:
    type_text("One.")
    foreword.clearFocus()  # leaving the field commits
    assert small_editor.document.narrative.foreword == "One."
    foreword.setFocus()
    foreword.moveCursor(foreword.textCursor().MoveOperation.End)
    type_text(" Two.")
    foreword.commit()
    assert small_editor.undo_stack.count() == 2


def test_typing_a_field_back_to_what_it_was_leaves_nothing_to_undo(
    foreword: BoundTextEdit, small_editor: DocumentEditor
) -> None:
    type_text("x")
    foreword.commit()
    press(Qt.Key.Key_Backspace)
    foreword.commit()
    assert small_editor.undo_stack.count() == 0


def test_ctrl_z_in_a_field_undoes_the_document(
    qtbot, foreword: BoundTextEdit, small_editor: DocumentEditor
) -> None:
    editor = small_editor
    # The window's Undo action, as the main window has it.
    from PySide6.QtGui import QAction, QKeySequence

    undo = QAction("Undo", foreword)
    undo.setShortcuts(QKeySequence.keyBindings(QKeySequence.StandardKey.Undo))
    undo.triggered.connect(editor.undo)
    foreword.addAction(undo)
    editor.set_value(("narrative", "background"), "Earlier work.", "Edit background")
    type_text("Typed, not yet committed")
    press(Qt.Key.Key_Z, CTRL)
    # What was typed was committed first, then undone: the earlier edit is still there.
    assert editor.document.narrative.foreword == ""
    assert editor.document.narrative.background == "Earlier work."
    assert foreword.toPlainText() == ""


def test_a_refused_value_is_put_back_when_the_field_is_left(
    qtbot, small_editor: DocumentEditor
) -> None:
    form = QWidget()
    layout = QVBoxLayout(form)
    field = BoundLineEdit(ValueBinding(small_editor, ("meta", "unit"), "Edit unit"))
    other = QLineEdit()
    layout.addWidget(field)
    layout.addWidget(other)
    qtbot.addWidget(form)
    form.show()
    form.activateWindow()
    assert QTest.qWaitForWindowActive(form)
    field.setFocus()
    field.selectAll()
    press(Qt.Key.Key_Delete)
    assert field.text() == ""
    refused: list[str] = []
    small_editor.editRefused.connect(refused.append)
    press(Qt.Key.Key_Tab)  # on to the next field
    assert other.hasFocus()
    assert refused, "a blank unit is refused with a message"
    assert field.text() == "Test PDU"
    assert small_editor.document.meta.unit == "Test PDU"


def test_evidence_notes_merge_per_sitting(qtbot, small_editor: DocumentEditor) -> None:
    from inspector_app.gui.widgets.bound import AnswerNoteBinding

    binding = AnswerNoteBinding(small_editor, "P2.1.1")
    binding.set_case(small_editor.session.cases[0].id)
    field = BoundTextEdit(binding)
    qtbot.addWidget(field)
    field.show()
    field.activateWindow()
    assert QTest.qWaitForWindowActive(field)
    field.setFocus()
    QTest.keyClicks(field, "No domestic abuse enquiry")
    field.commit()
    QTest.keyClicks(field, " despite call-outs.")
    field.commit()
    assert small_editor.session.cases[0].answers["P2.1.1"].note == (
        "No domestic abuse enquiry despite call-outs."
    )
    assert small_editor.undo_stack.count() == 1
    # Another case on the same field: the text follows the case.
    binding.set_case(small_editor.session.cases[1].id)
    assert field.toPlainText() == ""
