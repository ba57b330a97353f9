"""Starting the desktop app: `run_app` is what `inspector-app [FILE]` calls."""

from __future__ import annotations

import contextlib
import os
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from inspector_app import APP_AUTHOR, APP_ID, APP_NAME, __version__
from inspector_app.core import collector
from inspector_app.core.errors import InspectorError
from inspector_app.gui.qt_check import bindings_problem
from inspector_app.gui.theme import apply_theme
from inspector_app.paths import example_inspection_path, user_data_dir

if TYPE_CHECKING:
    from inspector_app.gui.main_window import MainWindow


def create_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication, created once, with the app's names, scaling policy and look."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        apply_theme(existing)
        return existing
    # Fractional scale factors (125%, 150%) as the screen asks, rather than rounded.
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
        Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
    )
    QCoreApplication.setApplicationName(APP_NAME)
    QCoreApplication.setOrganizationName(APP_AUTHOR)
    QCoreApplication.setApplicationVersion(__version__)
    app = QApplication(argv if argv is not None else [sys.argv[0]])
    app.setDesktopFileName(APP_ID)
    apply_theme(app)
    return app


def run_app(
    file: str | None = None,
    smoke_test: bool = False,
    *,
    on_started: Callable[[MainWindow], object] | None = None,
) -> int:
    """Start the desktop app, optionally opening ``file``. Returns the exit status.

    Work a crash left behind is offered first (the recovery dialog), then ``file`` opens.
    ``on_started`` is called with the window once both are done (automation: the fault test
    drives the real window through it)."""
    if smoke_test:
        return run_smoke_test(file)
    problem = bindings_problem()
    if problem is None and _no_display() and not os.environ.get("QT_QPA_PLATFORM"):
        # Qt would abort the process with a message about platform plugins.
        problem = (
            "there is no display to show the window on (neither DISPLAY nor WAYLAND_DISPLAY "
            "is set): start the app from a desktop session. The commands (inspector-app "
            "--help) work without one."
        )
    if problem is not None:
        print(f"inspector-app: {problem}", file=sys.stderr)
        return 1
    from inspector_app.gui.main_window import MainWindow

    app = create_application()
    window = MainWindow()
    _install_excepthook(window)
    window.show()

    def start() -> None:
        # After the window is shown, so that the dialogs have a parent to sit over.
        window.controller.offer_recovery()
        if file and window.controller.current is None:
            window.open_path(Path(file))
        elif file:
            window.show_message(f"{Path(file).name} was not opened: recovered work is open")
        if on_started is not None:
            on_started(window)
        # The command line held the collector off while the app started.
        collector.resume()

    QTimer.singleShot(0, start)
    return app.exec()


SMOKE_TEST_LOG = "smoke-test.log"


def run_smoke_test(file: str | None) -> int:
    """Start the app, open FILE (default: the example), render every page once, exit.

    0 when all went well; 1 with the reason otherwise. The outcome is printed, or, in a
    build without a console (Windows, macOS), written to `SMOKE_TEST_LOG` in the app's data
    folder. Settings are read but never written, so a smoke test leaves no trace in the
    user's recent files.
    """
    if _no_display():
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    # An earlier run's outcome must not stand for this one's if this one dies inside Qt.
    with contextlib.suppress(OSError):
        (user_data_dir() / SMOKE_TEST_LOG).unlink(missing_ok=True)
    try:
        problem = bindings_problem()
        if problem is not None:
            raise RuntimeError(problem)
        _report_smoke_test(f"smoke test passed: {_render_every_page(file)}", failed=False)
        return 0
    except InspectorError as exc:
        _report_smoke_test(f"inspector-app: smoke test failed: {exc.message}", failed=True)
        return 1
    except Exception as exc:
        _report_smoke_test(
            f"{traceback.format_exc()}inspector-app: smoke test failed: "
            f"{type(exc).__name__}: {exc}",
            failed=True,
        )
        return 1


def _render_every_page(file: str | None) -> str:
    """Open ``file`` in a main window and render each page; what was shown, in a few words."""
    from inspector_app.gui.main_window import MainWindow

    app = create_application()
    window = MainWindow(remember=False)
    path = Path(file) if file else example_inspection_path()
    # Read-only: the smoke test changes nothing and leaves no lock or recovery data
    # behind, and works where the file's folder cannot be written (an installed example).
    opened = window.controller.open_path(path, interactive=False, read_only=True)
    if opened is None:
        raise RuntimeError(f"{path} was not opened")
    window.resize(1280, 800)
    window.show()
    app.processEvents()
    workspace = window.workspace
    assert workspace is not None
    for page_id in workspace.page_ids():
        workspace.show_page(page_id)
        app.processEvents()
        if window.grab().isNull():
            raise RuntimeError(f"the {page_id} page did not render")
    result = workspace.dashboard_model.result()
    cases = len(opened.editor.session.cases)
    window.controller.close()
    window.close()
    return (
        f"{path.name}, {cases} cases, score {result.score_text}, "
        f"{len(workspace.page_ids())} pages rendered"
    )


def _no_display() -> bool:
    """No screen to draw on: Linux without X11 or Wayland (a build machine, a remote shell).
    Elsewhere the smoke test loads the platform's own display plugin, as the app does."""
    if sys.platform in ("win32", "darwin"):
        return False
    return not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def _report_smoke_test(text: str, *, failed: bool) -> None:
    stream = sys.stderr if failed else sys.stdout
    if stream is not None:
        print(text, file=stream)
        return
    # A windowed build has no console (Python sets the streams to None): what it printed
    # would be lost, so the outcome goes where the caller can read it.
    (user_data_dir() / SMOKE_TEST_LOG).write_text(text + "\n", encoding="utf-8")


def _install_excepthook(window: object) -> None:
    """An unexpected error is reported, not fatal: the work stays open to be saved."""

    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        traceback.print_exception(kind, error, tb)
        details = "".join(traceback.format_exception_only(kind, error)).strip()
        QMessageBox.critical(
            None,
            "Unexpected error",
            "Something went wrong inside the app. Your inspection is still open: save it, "
            f"ideally under a new name, and report this message.\n\n{details}",
        )

    sys.excepthook = hook
