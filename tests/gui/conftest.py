"""Fixtures for the desktop app's tests: editors over small and example inspections, and a
main window whose modal questions never block (tests answer them by patching)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from inspector_app.core.document import Case
from inspector_app.core.session import InspectionSession
from inspector_app.core.storage import load_inspection
from inspector_app.gui.app import create_application
from inspector_app.gui.dialogs import ask
from inspector_app.gui.editing import DocumentEditor
from inspector_app.gui.main_window import MainWindow
from inspector_app.gui.settings import AppSettings
from tests.builders import new_document


@pytest.fixture(autouse=True)
def _themed(qapp) -> None:
    create_application()


# The real question, for tests that check it is asked (the window fixture answers "discard").
REAL_ASK_SAVE_CHANGES = ask.ask_save_changes
# The real modal loop, for tests that drive a dialog from a timer as a user would.
REAL_DIALOG_EXEC = QDialog.exec


def _unexpected(*_args: object, **_kwargs: object) -> object:
    raise AssertionError("a modal dialog opened that the test did not expect")


@pytest.fixture(autouse=True)
def no_blocking_dialogs(monkeypatch: pytest.MonkeyPatch) -> None:
    """Modal dialogs fail the test instead of waiting for a click that never comes."""
    for name in ("question", "warning", "critical", "information", "about"):
        monkeypatch.setattr(QMessageBox, name, staticmethod(_unexpected))
    monkeypatch.setattr(QMessageBox, "exec", _unexpected)
    monkeypatch.setattr(QDialog, "exec", _unexpected)
    for name in ("getOpenFileName", "getSaveFileName"):
        monkeypatch.setattr(QFileDialog, name, staticmethod(_unexpected))


@pytest.fixture
def small_editor(qapp, pdu) -> DocumentEditor:
    """Four unanswered supervision cases against pdu-2023."""
    document = new_document(pdu, unit="Test PDU")
    document.cases = [
        Case(reference=f"T-{i:03d}", sample="supervision", inspector="Ann Inspector")
        for i in range(1, 5)
    ]
    return DocumentEditor(InspectionSession(document, pdu, user="tester"))


@pytest.fixture
def example_editor(qapp, example_path: Path) -> DocumentEditor:
    loaded = load_inspection(example_path)
    return DocumentEditor(InspectionSession(loaded.document, loaded.framework, user="tester"))


@pytest.fixture
def settings(tmp_path: Path) -> AppSettings:
    return AppSettings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def window(qtbot, settings: AppSettings, monkeypatch: pytest.MonkeyPatch) -> Iterator[MainWindow]:
    """The main window at 1280×800. Unsaved changes are discarded when it closes, unless a test
    puts `REAL_ASK_SAVE_CHANGES` back."""
    monkeypatch.setattr(ask, "ask_save_changes", lambda *_args: ask.SaveChoice.DISCARD)
    main = MainWindow(settings, with_features=False)
    qtbot.addWidget(main)
    main.resize(1280, 800)
    main.show()
    assert QTest.qWaitForWindowExposed(main)
    main.activateWindow()
    assert QTest.qWaitForWindowActive(main)
    yield main
