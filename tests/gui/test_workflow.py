"""The issue's end-to-end story: a new inspection, a case reviewed from the keyboard alone,
the dashboard following the published rules, Undo, Save and reopen, and the prompt on close."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from inspector_app.core.document import AnswerValue
from inspector_app.gui.dialogs import ask
from inspector_app.gui.dialogs.new_inspection import NewInspectionDialog
from inspector_app.gui.item_models.dashboard import COUNTS, PERCENT, RATING
from inspector_app.gui.main_window import MainWindow
from inspector_app.gui.widgets.answer_selector import AnswerSelector
from tests.gui.conftest import REAL_ASK_SAVE_CHANGES, REAL_DIALOG_EXEC
from tests.gui.keys import CTRL, press, type_text


def figures(window: MainWindow, question_id: str) -> tuple[str, str]:
    model = window.workspace.dashboard_model
    index = model.index_of("key_question", question_id)
    return (
        index.siblingAtColumn(PERCENT).data(),
        index.siblingAtColumn(COUNTS).data(),
    )


def rating(window: MainWindow, standard_id: str) -> str:
    index = window.workspace.dashboard_model.index_of("standard", standard_id, RATING)
    return index.data()


def score(window: MainWindow) -> str:
    return window.workspace.page("dashboard").score.score.text()


def overall(window: MainWindow) -> str:
    return window.workspace.page("dashboard").score.chip.label


def fill_new_inspection() -> None:
    """Type into the New inspection dialog while it runs, then press Enter."""
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, NewInspectionDialog)
    assert not dialog.create_button.isEnabled(), "a unit is required"
    QTest.keyClicks(dialog.unit, "Wakefield PDU")
    QTest.keyClicks(dialog.region, "Yorkshire and the Humber region")
    QTest.keyClicks(dialog.lead, "Sam Lead")
    QTest.keyClicks(dialog.team, "Ann Inspector")
    assert dialog.create_button.isEnabled()
    QTest.keyClick(dialog.lead, Qt.Key.Key_Return)  # the default button: Create inspection


def test_new_inspection_reviewed_from_the_keyboard(
    window: MainWindow, qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # -- a new inspection, from the File menu's shortcut ------------------------------------
    monkeypatch.setattr(NewInspectionDialog, "exec", REAL_DIALOG_EXEC)
    QTimer.singleShot(0, fill_new_inspection)
    window.activateWindow()
    window.start_page.new_button.setFocus()
    press(Qt.Key.Key_N, CTRL)
    assert QTest.qWaitForWindowActive(window)
    workspace = window.workspace
    assert workspace is not None
    document = workspace.editor.document
    assert document.meta.unit == "Wakefield PDU"
    assert document.meta.region == "Yorkshire and the Humber region"
    assert document.meta.team == ["Ann Inspector"]
    assert window.isWindowModified(), "a new inspection is not on disk yet"

    # -- a case, added and named from the keyboard --------------------------------------------
    press(Qt.Key.Key_2, CTRL)
    assert workspace.current_id == "cases"
    press(Qt.Key.Key_N, CTRL | Qt.KeyboardModifier.ShiftModifier)
    type_text("WK-001")
    press(Qt.Key.Key_Return)
    assert [c.reference for c in document.cases] == ["WK-001"]

    # -- the review: focus lands on the first question ----------------------------------------
    press(Qt.Key.Key_3, CTRL)
    assert workspace.current_id == "review"
    focused = QApplication.focusWidget()
    assert isinstance(focused, AnswerSelector) and focused.question_id == "P2.1.1"
    assert rating(window, "P2.1") == "Not yet rated"
    assert score(window) == "0/21"

    press(Qt.Key.Key_Y)  # P2.1.1 Yes; the focus moves on to its first prompt
    assert document.cases[0].value_of("P2.1.1") is AnswerValue.YES
    assert QApplication.focusWidget().question_id == "P2.1.1.a"
    # 1 of 1 applicable answers is Yes: 100%, Outstanding, 3 points, still provisional.
    assert figures(window, "P2.1.1") == ("100%", "1 / 1")
    assert rating(window, "P2.1") == "Outstanding (provisional)"
    assert score(window) == "3/21"
    # Six standards are still unrated, so the score has no band yet.
    assert overall(window) == "Not yet rated"

    press(Qt.Key.Key_F8)  # the next unanswered key question: P2.1.2
    assert QApplication.focusWidget().question_id == "P2.1.2"
    press(Qt.Key.Key_N)
    # The lowest key question sets the rating: 0% is Inadequate, 0 points.
    assert figures(window, "P2.1.2") == ("0%", "0 / 1")
    assert rating(window, "P2.1") == "Inadequate (provisional)"
    assert score(window) == "0/21"

    press(Qt.Key.Key_F8)
    assert QApplication.focusWidget().question_id == "P2.1.3"
    press(Qt.Key.Key_Y)
    assert figures(window, "P2.1.3") == ("100%", "1 / 1")
    assert rating(window, "P2.1") == "Inadequate"

    # -- Undo puts every figure back -----------------------------------------------------------
    press(Qt.Key.Key_Z, CTRL)
    assert figures(window, "P2.1.3") == ("–", "0 / 0")
    assert rating(window, "P2.1") == "Inadequate (provisional)"
    press(Qt.Key.Key_Z, CTRL)
    assert rating(window, "P2.1") == "Outstanding (provisional)"
    assert score(window) == "3/21"
    press(Qt.Key.Key_Z, CTRL)
    assert figures(window, "P2.1.1") == ("–", "0 / 0")
    assert rating(window, "P2.1") == "Not yet rated"
    assert score(window) == "0/21"
    # ...and Redo does them again.
    for _ in range(3):
        press(Qt.Key.Key_Y, CTRL)
    assert rating(window, "P2.1") == "Inadequate"
    assert score(window) == "0/21"

    # -- Save, and reopen: the same state --------------------------------------------------------
    path = tmp_path / "wakefield.inspection"
    monkeypatch.setattr(ask, "choose_file_to_save", lambda *_args: path)
    press(Qt.Key.Key_S, CTRL)
    assert path.exists()
    assert not window.isWindowModified()
    assert window.windowTitle().startswith("wakefield.inspection")
    assert window.close_document()
    assert window.workspace is None
    assert window.open_path(path)
    assert figures(window, "P2.1.1") == ("100%", "1 / 1")
    assert figures(window, "P2.1.2") == ("0%", "0 / 1")
    assert rating(window, "P2.1") == "Inadequate"
    assert window.workspace.editor.document.meta.unit == "Wakefield PDU"


def test_closing_with_unsaved_changes_asks_first(
    window: MainWindow, qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:
    window.open_example()
    editor = window.workspace.editor
    case = editor.session.cases[0]
    editor.set_answer(case.id, "P2.1.1", AnswerValue.NO)
    assert window.isWindowModified()
    assert "[*]" in window.windowTitle()

    asked: list[str] = []

    def answer(choice: QMessageBox.StandardButton):
        def question(parent, title, text, *args):
            asked.append(text)
            return choice

        return question

    # Cancel: the window stays, with the change.
    monkeypatch.setattr(ask, "ask_save_changes", REAL_ASK_SAVE_CHANGES)
    monkeypatch.setattr(
        QMessageBox, "question", staticmethod(answer(QMessageBox.StandardButton.Cancel))
    )
    assert not window.close()
    assert window.isVisible()
    assert len(asked) == 1 and "Brackenford PDU (example)" in asked[0]
    assert editor.session.cases[0].value_of("P2.1.1") is AnswerValue.NO

    # Don't save: the window closes.
    monkeypatch.setattr(
        QMessageBox, "question", staticmethod(answer(QMessageBox.StandardButton.Discard))
    )
    assert window.close()
    assert len(asked) == 2


def test_closing_an_unchanged_inspection_does_not_ask(window: MainWindow) -> None:
    window.open_example()
    assert not window.isWindowModified()
    assert window.close()  # QMessageBox.question would fail the test if it were asked
