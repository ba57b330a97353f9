"""File ▸ Export Report (Word)… and File ▸ Export Data Workbook… in the app: where to save
(the last folder remembered), the house template, progress from a worker thread, cancelling
(nothing written), the exporters' errors explained, and the offer to open the result."""

from __future__ import annotations

import shutil
from pathlib import Path

import docx
import openpyxl
import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QPushButton

from inspector_app.core.engine import rate_inspection
from inspector_app.core.framework import Framework
from inspector_app.core.synthetic import GenerationSpec, generate
from inspector_app.gui import export_actions
from inspector_app.gui.dialogs import ask, choose
from inspector_app.gui.export_actions import FOLDER_KEY, TEMPLATE_KEY, ExportActions
from inspector_app.gui.export_job import ExportJob, ExportOutcome, ExportProgress
from inspector_app.gui.main_window import MainWindow
from inspector_app.paths import templates_dir

EXPORT_TIMEOUT_MS = 60_000


@pytest.fixture
def exports(window: MainWindow, tmp_path: Path, example_path: Path) -> ExportActions:
    inspection = tmp_path / "brackenford.inspection"
    shutil.copyfile(example_path, inspection)
    assert window.open_path(inspection)
    return ExportActions(window)


@pytest.fixture
def offers(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """The offer to open the result, answered "open"; what was opened is recorded."""
    seen: list[tuple[str, str]] = []

    def offer(_parent, title, message, open_label):
        seen.append((message, open_label))
        return choose.AfterExport.OPEN

    monkeypatch.setattr(choose, "offer_to_open", offer)
    monkeypatch.setattr(choose, "open_externally", lambda path: seen.append(("opened", str(path))))
    return seen


def save_to(monkeypatch: pytest.MonkeyPatch, path: Path) -> list[Path]:
    suggested: list[Path] = []

    def ask_path(_parent, _title, suggestion, _filter):
        suggested.append(suggestion)
        return path

    monkeypatch.setattr(choose, "save_path", ask_path)
    return suggested


def cancel_button(dialog: ExportProgress) -> QPushButton:
    return next(b for b in dialog.findChildren(QPushButton) if b.text() == "Cancel")


def run_export(qtbot, exports: ExportActions, action: str) -> ExportOutcome:
    with qtbot.waitSignal(exports.exportFinished, timeout=EXPORT_TIMEOUT_MS) as finished:
        exports.window.actions_by_name[action].trigger()
    return finished.args[0]


# -- the report ------------------------------------------------------------------------------------


def test_the_report_is_exported_with_progress_and_an_offer_to_open_it(
    qtbot, exports: ExportActions, tmp_path: Path, monkeypatch, offers
) -> None:
    out_dir = tmp_path / "reports"
    out_dir.mkdir()
    out = out_dir / "brackenford report.docx"
    suggested = save_to(monkeypatch, out)
    steps: list[tuple[int, int, str]] = []
    exports.jobStarted.connect(
        lambda job, _dialog: job.progressed.connect(
            lambda done, total, label: steps.append((done, total, label))
        )
    )
    outcome = run_export(qtbot, exports, "export_report")
    assert outcome.succeeded and outcome.path == out
    assert suggested[0].name == "brackenford report.docx"
    # Progress step by step, ending with the saved file.
    assert [done for done, _total, _label in steps] == list(range(len(steps)))
    assert steps[-1] == (steps[-1][1], steps[-1][1], "Report saved")
    assert any(label == "Saving the report" for _d, _t, label in steps)
    # The file is the report; the user was offered to open it, and it was opened.
    report = docx.Document(str(out))
    assert any("Score 8/21" in p.text for p in report.paragraphs)
    assert offers == [(f"The report is saved as {out}.", "Open Report"), ("opened", str(out))]
    # The next export starts in the same folder.
    assert exports.settings.value(FOLDER_KEY) == str(out_dir)
    suggested.clear()
    run_export(qtbot, exports, "export_report")
    assert suggested[0].parent == out_dir
    assert exports.report_action.isEnabled() and exports.job is None


def test_a_large_inspection_exports_on_a_worker_while_the_window_stays_responsive(
    qtbot, window: MainWindow, pdu: Framework, tmp_path: Path, monkeypatch, offers
) -> None:
    window.controller.new_document(generate(GenerationSpec(pdu, cases=400, seed=7)))
    exports = ExportActions(window)
    out = tmp_path / "large.docx"
    save_to(monkeypatch, out)
    ticks: list[int] = []
    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(lambda: ticks.append(1))
    dialogs: list[ExportProgress] = []
    exports.jobStarted.connect(lambda _job, dialog: dialogs.append(dialog))
    timer.start()
    outcome = run_export(qtbot, exports, "export_report")
    timer.stop()
    assert outcome.succeeded and out.is_file()
    assert len(ticks) > 3, "the window's own timers kept running during the export"
    dialog = dialogs[0]
    assert dialog.maximum() > 10 and not dialog.isVisible()
    assert not exports.report_action.isEnabled() or exports.job is None


def test_cancelling_writes_nothing(
    qtbot, exports: ExportActions, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "report.docx"
    out.write_bytes(b"the report from last week")
    save_to(monkeypatch, out)
    monkeypatch.setattr(choose, "offer_to_open", lambda *_a: pytest.fail("nothing to open"))
    # Click the progress dialog's Cancel before the first step is done.
    exports.jobStarted.connect(lambda _job, dialog: cancel_button(dialog).click())
    outcome = run_export(qtbot, exports, "export_report")
    assert outcome.cancelled
    assert out.read_bytes() == b"the report from last week"
    assert not list(tmp_path.glob(".*.tmp"))
    assert "cancelled" in exports.window.statusBar().currentMessage()


def test_report_errors_are_explained_and_nothing_is_written(
    qtbot, exports: ExportActions, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    errors: list[tuple[str, str]] = []
    monkeypatch.setattr(ask, "show_error", lambda _p, title, text: errors.append((title, text)))
    save_to(monkeypatch, tmp_path / "gone" / "report.docx")
    outcome = run_export(qtbot, exports, "export_report")
    assert not outcome.succeeded
    assert errors[-1][0] == "The report was not exported"
    assert "the folder" in errors[-1][1] and "does not exist" in errors[-1][1]
    # A house template that has since gone: the message says where to choose another.
    exports.settings.set_value(TEMPLATE_KEY, str(tmp_path / "house.docx"))
    save_to(monkeypatch, tmp_path / "report.docx")
    run_export(qtbot, exports, "export_report")
    assert "does not exist" in errors[-1][1] and "File ▸ Report Template" in errors[-1][1]
    assert not (tmp_path / "report.docx").exists()


def test_a_house_template_is_checked_when_chosen_and_remembered(
    qtbot, exports: ExportActions, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, offers
) -> None:
    errors: list[str] = []
    monkeypatch.setattr(ask, "show_error", lambda _p, _title, text: errors.append(text))
    plain = tmp_path / "plain.docx"
    docx.Document().save(str(plain))  # Word's defaults: none of the report's own styles
    monkeypatch.setattr(choose, "open_path", lambda *_a: plain)
    assert not exports.choose_template()
    assert "lacks styles the report needs" in errors[0] and exports.template() is None
    house = tmp_path / "house.docx"
    shutil.copyfile(templates_dir() / "report-base.docx", house)
    monkeypatch.setattr(choose, "open_path", lambda *_a: house)
    assert exports.choose_template()
    assert exports.template() == house
    assert exports.template_info.text() == "Using house.docx"
    assert exports.settings.value(TEMPLATE_KEY) == str(house), "remembered"
    out = tmp_path / "with house.docx"
    save_to(monkeypatch, out)
    assert run_export(qtbot, exports, "export_report").succeeded and out.is_file()
    assert exports.set_template(None) and exports.template() is None


# -- the workbook ----------------------------------------------------------------------------------


def test_the_workbook_is_exported_as_the_inspection_was_when_asked(
    qtbot, exports: ExportActions, tmp_path: Path, monkeypatch, offers
) -> None:
    out = tmp_path / "brackenford data.xlsx"
    suggested = save_to(monkeypatch, out)
    editor = exports.controller.current.editor
    unit = editor.document.meta.unit
    # An edit made while the export runs is not in this file: it exports a snapshot.
    exports.jobStarted.connect(
        lambda _job, _dialog: editor.set_value(("meta", "unit"), "Renamed PDU", "Unit")
    )
    outcome = run_export(qtbot, exports, "export_workbook")
    assert outcome.succeeded
    assert suggested[0].name == "brackenford data.xlsx"
    workbook = openpyxl.load_workbook(out, read_only=True)
    values = [cell for row in workbook["Summary"].iter_rows(values_only=True) for cell in row]
    assert unit in values and "Renamed PDU" not in values
    result = rate_inspection(editor.framework, editor.document)
    assert result.score in values
    assert offers[0] == (f"The data workbook is saved as {out}.", "Open Workbook")


def test_cancelling_the_workbook_writes_nothing(
    qtbot, exports: ExportActions, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "data.xlsx"
    save_to(monkeypatch, out)
    exports.jobStarted.connect(lambda job, _dialog: job.cancel())
    assert run_export(qtbot, exports, "export_workbook").cancelled
    assert not out.exists()


def test_a_workbook_that_cannot_be_written_is_explained(
    qtbot, exports: ExportActions, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    errors: list[tuple[str, str]] = []
    monkeypatch.setattr(ask, "show_error", lambda _p, title, text: errors.append((title, text)))
    save_to(monkeypatch, tmp_path / "missing folder" / "data.xlsx")
    assert not run_export(qtbot, exports, "export_workbook").succeeded
    assert errors[0][0] == "The data workbook was not exported"
    assert "folder does not exist" in errors[0][1]


def test_exports_need_an_open_inspection(window: MainWindow) -> None:
    exports = ExportActions(window)
    assert not exports.report_action.isEnabled() and not exports.workbook_action.isEnabled()
    assert exports.export_report() is None
    file_items = [a.text() for a in window.file_menu.actions() if not a.isSeparator()]
    assert "Export Re&port (Word)…" in file_items and "Export Data &Workbook…" in file_items
    assert "Report &Template" in file_items


def test_closing_the_window_waits_for_a_running_export(
    qtbot, exports: ExportActions, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    save_to(monkeypatch, tmp_path / "report.docx")
    jobs: list[ExportJob] = []
    exports.jobStarted.connect(lambda job, _dialog: jobs.append(job))
    exports.export_report()
    exports.window.close()
    assert jobs and jobs[0].isFinished()


def test_the_export_module_installs_on_the_window(window: MainWindow) -> None:
    export_actions.install(window)
    assert isinstance(window.export_actions, ExportActions)  # type: ignore[attr-defined]
    assert "export_report" in window.actions_by_name
