"""The measurements that run inside a fresh process, one per call.

`python benchmarks/probes.py NAME [ARGS]` runs one probe and prints its figures as one JSON
line on stdout (the start-up probes print a marker instead, and the caller times it). Called
by benchmarks/run.py; each probe runs in its own process so that one measurement's imports,
caches and memory never flatter another's.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# Printed by the start-up probes once the window has painted its content.
SHOWN_MARKER = "window-shown"


def _emit(figures: dict[str, Any]) -> None:
    print(json.dumps(figures), flush=True)


def _quit_on_first_paint(app: Any, ready: Callable[[Any], bool]) -> Any:
    """An application event filter that prints the marker and quits at the first paint
    of a widget for which ``ready(widget)`` holds."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    class FirstPaint(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and ready(watched):
                print(SHOWN_MARKER, flush=True)
                app.removeEventFilter(self)
                QTimer.singleShot(0, app.quit)
            return False

    watcher = FirstPaint()
    app.installEventFilter(watcher)
    return watcher


# -- start-up ------------------------------------------------------------------------------------


def startup_bare() -> int:
    """The floor: a bare PySide6 main window with one label, shown and painted."""
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

    app = QApplication([sys.argv[0]])
    window = QMainWindow()
    window.setCentralWidget(QLabel("Inspection Workbench"))
    window.resize(1280, 800)
    _keep = _quit_on_first_paint(app, lambda _widget: True)
    window.show()
    return app.exec()


def startup_app(file: str) -> int:
    """The app as `inspector-app FILE` starts it (run_app), until the window has painted the
    open inspection."""
    import gc

    gc.disable()  # as `inspector-app FILE` starts (inspector_app/cli/main.py)
    from inspector_app.gui.app import create_application, run_app

    app = create_application()

    def inspection_on_screen(widget: Any) -> bool:
        window = widget.window() if hasattr(widget, "window") else None
        controller = getattr(window, "controller", None)
        return controller is not None and controller.current is not None

    _keep = _quit_on_first_paint(app, inspection_on_screen)
    return run_app(file)


def every_page(file: str) -> int:
    """The app as `inspector-app FILE` starts it, the file open for editing (its lock and
    recovery data), then every page shown and painted once, as a user looking round would."""
    from PySide6.QtCore import QTimer

    from inspector_app.gui.app import create_application, run_app

    app = create_application()

    def look_round(window: Any) -> None:
        workspace = window.workspace
        for page_id in workspace.page_ids():
            workspace.show_page(page_id)
            app.processEvents()
            window.grab()
        window.controller.close()
        QTimer.singleShot(0, app.quit)

    return run_app(file, on_started=look_round)


# -- one answer change to the dashboard ----------------------------------------------------------


def answer_changes(file: str, changes: str) -> int:
    """Answer changes through the real editor and undo stack, each timed until the dashboard
    model has reported it (dataChanged) and the dashboard view has repainted."""
    import random

    from PySide6.QtCore import QEvent, QObject

    from inspector_app.core.document import AnswerValue
    from inspector_app.gui.app import create_application
    from inspector_app.gui.main_window import MainWindow

    app = create_application()
    window = MainWindow(remember=False)
    opened = window.controller.open_path(Path(file), interactive=False)
    assert opened is not None
    window.resize(1280, 800)
    window.show()
    workspace = window.workspace
    assert workspace is not None
    page = workspace.show_page("dashboard")
    app.processEvents()
    tree = page.tree  # type: ignore[attr-defined]
    model = workspace.dashboard_model
    editor = opened.editor
    session = editor.session
    framework = session.framework

    reported: list[float] = []
    model.dataChanged.connect(lambda *_args: reported.append(time.perf_counter()))

    class PaintCounter(QObject):
        paints = 0

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                self.paints += 1
            return False

    counter = PaintCounter()
    tree.viewport().installEventFilter(counter)

    def timed_change(case: Any, question_id: str, value: AnswerValue | None) -> float:
        reported.clear()
        paints = counter.paints
        started = time.perf_counter()
        editor.set_answer(case.id, question_id, value)
        app.processEvents()  # the repaint the change asked for, and whatever else it set off
        finished = time.perf_counter()
        if not reported or counter.paints == paints:
            raise RuntimeError("the dashboard did not report or repaint the change")
        to_model.append((reported[0] - started) * 1000)
        return (finished - started) * 1000

    rng = random.Random(2024)
    cases = [c for c in session.document.cases if framework.key_questions_for_sample(c.sample)]
    to_model: list[float] = []
    # What an inspector does all day: answer a key question Yes, No or (where the question
    # allows it) Not applicable, here always in place of another answer.
    answers: list[float] = []
    for _ in range(int(changes)):
        case = rng.choice(cases)
        question = rng.choice(framework.key_questions_for_sample(case.sample))
        allowed = [AnswerValue.YES, AnswerValue.NO]
        if question.allows_not_applicable:
            allowed.append(AnswerValue.NOT_APPLICABLE)
        current = case.value_of(question.id)
        value = rng.choice([v for v in allowed if v != current])
        answers.append(timed_change(case, question.id, value))
    # Less often: clearing an answer, which makes its standard provisional again (and so
    # changes the words under the score); the answer is put back, untimed, each time.
    clears: list[float] = []
    for _ in range(max(1, int(changes) // 3)):
        case = rng.choice(cases)
        question = rng.choice(framework.key_questions_for_sample(case.sample))
        previous = case.value_of(question.id)
        clears.append(timed_change(case, question.id, None))
        editor.set_answer(case.id, question.id, previous)
        app.processEvents()
    _emit(
        {
            "cases": len(session.document.cases),
            "changes": len(answers),
            "median_ms": statistics.median(answers),
            "p99_ms": _percentile(answers, 0.99),
            "max_ms": max(answers),
            "clear_changes": len(clears),
            "clear_median_ms": statistics.median(clears),
            "clear_p99_ms": _percentile(clears, 0.99),
            "to_model_median_ms": statistics.median(to_model),
        }
    )
    # The document is left modified: leave without the unsaved-changes prompt.
    os._exit(0)


# -- save and open -------------------------------------------------------------------------------


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _median_ms(action: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def storage(file: str, repeat: str) -> int:
    """Open and save with the app's storage, beside the standard library reading and writing
    the same JSON (both writes flushed to disk, as the app's are)."""
    from inspector_app.core.storage import load_inspection, save_inspection

    source = Path(file)
    raw = source.read_bytes()
    target = source.with_name(source.stem + "-saved.inspection")
    plain = source.with_name(source.stem + "-plain.json")
    times = int(repeat)
    document = load_inspection(source).document

    def write_plain() -> None:
        with open(plain, "wb") as handle:
            handle.write(json.dumps(data, ensure_ascii=False).encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())

    data = json.loads(raw)
    figures = {
        "open_ms": _median_ms(lambda: load_inspection(source), times),
        "save_ms": _median_ms(lambda: save_inspection(document, target), times),
        "read_json_ms": _median_ms(lambda: json.loads(source.read_bytes()), times),
        "write_json_ms": _median_ms(write_plain, times),
        "megabytes": len(raw) / 1e6,
    }
    _emit(figures)
    return 0


# -- Word export ---------------------------------------------------------------------------------


def export_report(file: str, out: str) -> int:
    """The Word report of an inspection, timed from a fresh process (imports included)."""
    started = time.perf_counter()
    from inspector_app.core.storage import load_inspection

    loaded = load_inspection(file)
    ready = time.perf_counter()
    from inspector_app.export.docx_report import export_docx

    export_docx(loaded.document, loaded.framework, Path(out))
    finished = time.perf_counter()

    import docx

    written = docx.Document(out)
    _emit(
        {
            "export_ms": (finished - ready) * 1000,
            "open_ms": (ready - started) * 1000,
            "paragraphs": len(written.paragraphs),
            "tables": [[len(t.rows), len(t.columns)] for t in written.tables],
            "characters": sum(len(p.text) for p in written.paragraphs),
        }
    )
    return 0


def export_floor(shape_json: str, out: str) -> int:
    """The floor: python-docx writing the same number of paragraphs (and characters) and
    tables of the same sizes, timed the same way (imports included)."""
    shape = json.loads(shape_json)
    started = time.perf_counter()
    import docx

    document = docx.Document()
    paragraphs = max(1, shape["paragraphs"])
    line = "x" * max(1, shape["characters"] // paragraphs)
    for _ in range(paragraphs):
        document.add_paragraph(line)
    for rows, columns in shape["tables"]:
        table = document.add_table(rows=rows, cols=columns)
        for row in table.rows:
            for cell in row.cells:
                cell.text = "42%"
    document.save(out)
    _emit({"export_ms": (time.perf_counter() - started) * 1000})
    return 0


# -- the inspections measured --------------------------------------------------------------------


def generate_files(folder: str, framework_id: str, seed: str, *sizes: str) -> int:
    """Generated inspections of each size, saved in ``folder`` as cases-N.inspection."""
    from inspector_app.core.framework import get_framework
    from inspector_app.core.storage import save_inspection
    from inspector_app.core.synthetic import GenerationSpec, generate

    framework = get_framework(framework_id)
    for size in map(int, sizes):
        document = generate(GenerationSpec(framework, cases=size, seed=int(seed)))
        save_inspection(document, Path(folder) / f"cases-{size}.inspection", keep_backup=False)
    _emit({"sizes": [int(size) for size in sizes]})
    return 0


PROBES: dict[str, Callable[..., int]] = {
    "generate": generate_files,
    "startup-bare": startup_bare,
    "startup-app": startup_app,
    "every-page": every_page,
    "answer-changes": answer_changes,
    "storage": storage,
    "export": export_report,
    "export-floor": export_floor,
}


if __name__ == "__main__":
    sys.exit(PROBES[sys.argv[1]](*sys.argv[2:]))
