"""The window as a desktop app: menus and standard keys, title and modified marker, recent
files and layout remembered, errors shown, every control named, the smoke test."""

from __future__ import annotations

import gc
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QSplitter,
    QWidget,
)

from inspector_app.core.document import AnswerValue
from inspector_app.core.storage import load_inspection
from inspector_app.gui import app as app_module
from inspector_app.gui.dialogs import ask
from inspector_app.gui.main_window import MainWindow
from inspector_app.gui.settings import AppSettings
from tests.gui.keys import CTRL, press
from tests.gui.visit import every_page


def test_standard_keys_are_the_platforms(window: MainWindow) -> None:
    actions = window.actions_by_name
    for name, key in (
        ("new", QKeySequence.StandardKey.New),
        ("open", QKeySequence.StandardKey.Open),
        ("save", QKeySequence.StandardKey.Save),
        ("close", QKeySequence.StandardKey.Close),
        ("undo", QKeySequence.StandardKey.Undo),
        ("redo", QKeySequence.StandardKey.Redo),
    ):
        assert actions[name].shortcuts() == QKeySequence.keyBindings(key), name
    assert actions["quit"].shortcuts(), "Quit has a key even where the platform has none"
    menus = [action.text() for action in window.menuBar().actions()]
    assert menus == ["&File", "&Edit", "&View", "&Case", "&Help"]
    file_items = [a.text() for a in window.file_menu.actions() if not a.isSeparator()]
    assert file_items[:3] == ["&New Inspection…", "&Open…", "Open &Recent"]
    assert "&Save" in file_items and "Save &As…" in file_items and "&Quit" in file_items


def test_without_a_document_only_file_actions_work(window: MainWindow) -> None:
    actions = window.actions_by_name
    assert actions["new"].isEnabled() and actions["open"].isEnabled()
    for name in ("save", "save_as", "close", "undo", "redo", "next_case", "page:dashboard"):
        assert not actions[name].isEnabled(), name


def test_title_shows_the_file_and_whether_it_is_modified(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window.open_example()
    assert window.windowTitle() == "Brackenford PDU (example)[*] — Inspection Workbench"
    assert not window.isWindowModified()
    editor = window.workspace.editor
    editor.set_answer(editor.session.cases[0].id, "P2.1.1", AnswerValue.NO)
    assert window.isWindowModified()
    assert window.actions_by_name["undo"].text() == "&Undo Answer P2.1.1"
    press(Qt.Key.Key_Z, CTRL)
    assert not window.isWindowModified(), "back at the saved state"
    press(Qt.Key.Key_Y, CTRL)
    path = tmp_path / "copy.inspection"
    monkeypatch.setattr(ask, "choose_file_to_save", lambda *_a: path)
    assert window.save()  # the example has no file of its own: Save asks where
    assert window.windowTitle() == "copy.inspection[*] — Inspection Workbench"
    assert not window.isWindowModified()
    assert load_inspection(path).document.cases[0].value_of("P2.1.1") is AnswerValue.NO


def window_with_settings(qtbot, ini: Path, size: tuple[int, int]) -> MainWindow:
    """A shown main window keeping its settings in ``ini``, as the next start would read them."""
    window = MainWindow(
        AppSettings(QSettings(str(ini), QSettings.Format.IniFormat)), with_features=False
    )
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    return window


def test_recent_files_and_layout_are_remembered(
    qtbot, tmp_path: Path, example_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ini = tmp_path / "settings.ini"
    copy = tmp_path / "brackenford.inspection"
    copy.write_bytes(example_path.read_bytes())
    monkeypatch.setattr(ask, "ask_save_changes", lambda *_a: ask.SaveChoice.DISCARD)
    first = window_with_settings(qtbot, ini, (1100, 700))
    assert first.open_path(copy)
    first.show_page("cases")
    assert first.close()
    assert ini.exists()
    settings = AppSettings(QSettings(str(ini), QSettings.Format.IniFormat))
    assert settings.recent_files() == [copy.resolve()]
    saved = settings.restore_bytes("geometry")
    assert saved is not None and settings.restore_bytes("state") is not None
    restored: list[bytes] = []
    monkeypatch.setattr(
        MainWindow, "restoreGeometry", lambda _self, data: restored.append(bytes(data)) or True
    )
    second = MainWindow(settings, with_features=False)
    qtbot.addWidget(second)
    assert restored == [bytes(saved)]
    assert next(a.toolTip() for a in second.recent_menu.actions() if not a.isSeparator()) == str(
        copy.resolve()
    )
    assert second.start_page.recent.count() == 1
    assert second.open_path(copy)
    assert second.workspace.current_id == "cases", "the last page used"


def test_splitters_and_case_columns_are_remembered(
    qtbot, tmp_path: Path, example_path: Path
) -> None:
    ini = tmp_path / "settings.ini"
    copy = tmp_path / "brackenford.inspection"
    copy.write_bytes(example_path.read_bytes())

    def window() -> MainWindow:
        made = window_with_settings(qtbot, ini, (1280, 800))
        assert made.open_path(copy)
        return made

    first = window()
    review = first.workspace.show_page("review")
    review_splitter = review.findChild(QSplitter)
    review_splitter.setSizes([360, 900])
    narrow = review_splitter.sizes()[0]
    cases = first.workspace.show_page("cases")
    header = cases.table.horizontalHeader()
    header.resizeSection(0, 180)
    cases.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert first.close()

    second = window()
    review = second.workspace.show_page("review")
    assert review.findChild(QSplitter).sizes()[0] == narrow
    cases = second.workspace.show_page("cases")
    header = cases.table.horizontalHeader()
    assert header.sectionSize(0) == 180
    assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (
        0,
        Qt.SortOrder.DescendingOrder,
    )
    first_row = cases.proxy.index(0, 0).data()
    assert first_row == max(c.reference for c in second.workspace.editor.document.cases)


def test_settings_live_in_the_users_config_folder(settings: AppSettings) -> None:
    from inspector_app import paths

    default = AppSettings()
    assert Path(default.location).parent == paths.user_config_dir()
    assert default.location.endswith("settings.ini")


def test_a_file_that_cannot_be_opened_is_explained(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(ask, "show_error", lambda _parent, title, text: shown.append((title, text)))
    bad = tmp_path / "broken.inspection"
    bad.write_text("{ not json")
    assert not window.open_path(bad)
    assert shown and "is not valid JSON" in shown[0][1]
    assert window.workspace is None, "the start page stays"
    missing = tmp_path / "gone.inspection"
    window.settings.add_recent_file(missing)
    assert not window.open_path(missing)
    assert "does not exist" in shown[-1][1]
    assert missing.resolve() not in window.settings.recent_files()


def test_a_failed_save_keeps_the_work_and_says_why(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(ask, "show_error", lambda _parent, _title, text: shown.append(text))
    window.open_example()
    editor = window.workspace.editor
    editor.set_answer(editor.session.cases[0].id, "P2.1.1", AnswerValue.NO)
    monkeypatch.setattr(
        ask, "choose_file_to_save", lambda *_a: tmp_path / "no-such-folder" / "x.inspection"
    )
    assert not window.save()
    assert "folder does not exist" in shown[0] and "Save As" in shown[0]
    assert window.isWindowModified()
    assert editor.session.cases[0].value_of("P2.1.1") is AnswerValue.NO


def test_page_shortcuts(window: MainWindow) -> None:
    window.open_example()
    for number, page in enumerate(
        ("dashboard", "cases", "review", "standards", "narrative", "details"), 1
    ):
        press(Qt.Key(Qt.Key.Key_0 + number), CTRL)
        assert window.workspace.current_id == page
        assert window.focusWidget() is not None
    assert window.actions_by_name["next_case"].isEnabled() is False, "only on the review page"
    press(Qt.Key.Key_3, CTRL)
    assert window.actions_by_name["next_case"].isEnabled()


INPUTS = (
    QAbstractButton,
    QLineEdit,
    QPlainTextEdit,
    QComboBox,
    QAbstractSpinBox,
    QAbstractScrollArea,  # item views, and any scroll area that is a Tab stop of its own
)


def unnamed_controls(root: QWidget) -> list[str]:
    missing = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, INPUTS) or widget.focusPolicy() == Qt.FocusPolicy.NoFocus:
            continue
        if isinstance(widget, QLineEdit) and isinstance(
            widget.parentWidget(), QComboBox | QAbstractSpinBox
        ):
            continue  # the editable part of a combo or spin box: named through its owner
        if widget.objectName().startswith("qt_") or _inside_combo(widget):
            continue  # Qt's own internals (a spin box's buttons, a combo box's pop-up list)
        has_name = bool(widget.accessibleName()) or (
            isinstance(widget, QAbstractButton) and bool(widget.text().strip())
        )
        if not has_name:
            missing.append(f"{type(widget).__name__} in {type(widget.parentWidget()).__name__}")
    return missing


def _inside_combo(widget: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QComboBox):
            return True
        parent = parent.parentWidget()
    return False


def test_every_control_has_an_accessible_name(window: MainWindow) -> None:
    assert unnamed_controls(window.start_page) == []
    window.open_example()
    workspace = window.workspace
    for page_id, page in every_page(workspace):
        assert unnamed_controls(page) == [], page_id
    assert unnamed_controls(workspace.sidebar) == []


def test_the_smoke_test_opens_the_example_and_renders(capsys: pytest.CaptureFixture[str]) -> None:
    assert app_module.run_smoke_test(None) == 0
    out = capsys.readouterr().out
    assert "smoke test passed" in out and "score 8/21" in out


def test_the_smoke_test_fails_with_the_reason(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.inspection"
    bad.write_bytes(b"PK\x03\x04 not an inspection")
    assert app_module.run_smoke_test(str(bad)) == 1
    assert "a zip archive" in capsys.readouterr().err


def test_a_build_without_a_console_writes_the_outcome_to_a_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from inspector_app.paths import user_data_dir

    log = user_data_dir() / app_module.SMOKE_TEST_LOG
    # What Python gives a windowed build on Windows: no standard streams at all.
    monkeypatch.setattr(sys, "stdout", None)
    monkeypatch.setattr(sys, "stderr", None)
    assert app_module.run_smoke_test(None) == 0
    assert log.read_text(encoding="utf-8").startswith("smoke test passed: brackenford")
    bad = tmp_path / "bad.inspection"
    bad.write_bytes(b"PK\x03\x04 not an inspection")
    assert app_module.run_smoke_test(str(bad)) == 1
    assert "smoke test failed" in log.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("platform", "display", "offscreen"),
    [("linux", None, True), ("linux", ":0", False), ("win32", None, False)],
)
def test_the_smoke_test_draws_offscreen_only_without_a_display(
    platform: str, display: str | None, offscreen: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "platform", platform)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    if display is None:
        monkeypatch.delenv("DISPLAY", raising=False)
    else:
        monkeypatch.setenv("DISPLAY", display)
    assert app_module._no_display() is offscreen


def test_without_a_display_the_app_says_so_instead_of_aborting(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "platform", "linux")
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    assert app_module.run_app(None) == 1
    assert "there is no display to show the window on" in capsys.readouterr().err


def test_a_misspelt_command_is_not_taken_for_a_file(capsys: pytest.CaptureFixture[str]) -> None:
    from inspector_app.cli import main as cli

    for args in (["sumary"], ["sumary", "a.inspection"], ["sumary", "--json"]):
        assert cli.main(args) == 2
        assert "'sumary' is neither a command nor a file; did you mean 'summary'?" in (
            capsys.readouterr().err
        )


def test_the_command_line_starts_the_app_with_a_file(monkeypatch: pytest.MonkeyPatch) -> None:
    from inspector_app.cli import main as cli

    called = {}

    def run_app(file: str | None, smoke_test: bool) -> int:
        # Start-up runs with the cycle collector held off...
        called.update(file=file, smoke=smoke_test, collecting=gc.isenabled())
        return 0

    monkeypatch.setattr("inspector_app.gui.app.run_app", run_app)
    assert cli.main(["some.inspection"]) == 0
    assert called == {"file": "some.inspection", "smoke": False, "collecting": False}
    # ...and it is back on however the app ends.
    assert gc.isenabled()


def test_the_installed_qt_bindings_keep_their_references() -> None:
    from inspector_app.gui.qt_check import bindings_problem

    assert bindings_problem() is None


def test_broken_bindings_stop_the_app_before_any_work(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(app_module, "bindings_problem", lambda: "PySide6 9.9 has a defect")
    assert app_module.run_app(None) == 1
    assert "PySide6 9.9 has a defect" in capsys.readouterr().err
    assert app_module.run_app(None, smoke_test=True) == 1
    assert "PySide6 9.9 has a defect" in capsys.readouterr().err
