"""The desktop app itself under the fault test: the real window, driven as an inspector would.

It starts the app through `inspector_app.gui.app.run_app` (offscreen), exactly as
``inspector-app FILE`` does: the same window, extensions, start-up recovery check and
`DocumentController.open_path` (lock, load, recovery journal). Once the file is open it edits
answers through the window's `DocumentEditor` and undo stack, the path every view takes: new
answers with random values and notes, notes typed on in several commits that merge into one
undo step, Undo and Redo, at typing pace on the Qt event loop; and every 0.4-1.6 s it saves
through `DocumentController.save`, as Ctrl+S does. It writes the same side-channel log as
`tests.fault_injection_child` (see there for the format), until the harness kills it.

A dialog the run does not expect (a failed save, say) is written to stderr and ends the
process, so that the harness reports it instead of waiting on a window nobody can click.

Run: ``python -m tests.fault_injection_gui --file F --log L --seed S`` with
``INSPECTOR_APP_HOME`` set to the trial's private folder.
"""

from __future__ import annotations

import os
import random
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tests.fault_injection_child import (
    SideChannel,
    _random_note,
    answer_state,
    slow_down_syncs,
    trial_arguments,
)

if TYPE_CHECKING:
    from inspector_app.gui.main_window import MainWindow


class WindowDriver:
    """Random edits and saves through the window's editor and controller."""

    def __init__(
        self,
        log: Path,
        seed: int,
        pace: float,
        sabotage: str | None = None,
        edits: int | None = None,
        saves: int | None = None,
    ) -> None:
        self.log_path = log
        self.rng = random.Random(seed)
        self.pace = pace
        self.sabotage = sabotage
        self.edits_left = edits  # None: edit until killed
        self.saves_left = saves
        self.seq = 0
        self.typing: tuple[Any, str, int] | None = None  # the note being typed, and its sitting
        self.sittings = 0

    def start(self, window: MainWindow) -> None:
        from PySide6.QtCore import QElapsedTimer, QTimer

        opened = window.controller.current
        if opened is None:
            _fail("the file did not open in the window")
        self.window = window
        self.editor = opened.editor
        self.session = opened.editor.session
        if self.sabotage == "no-recovery":
            # A broken app for the harness's own test: no recovery data and no saves.
            assert opened.file.journal is not None
            opened.file.journal.close()
            opened.file.journal = None
        framework = self.session.framework
        self.targets = [
            (case.id, question.id, question.allows_not_applicable)
            for case in self.session.cases
            for question in framework.questions_for_sample(case.sample)
        ]
        self.log = SideChannel(self.log_path)
        self.clock = QElapsedTimer()
        self.clock.start()
        self.next_save = self._save_interval()
        self.timer = QTimer()
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.tick)
        self.log.write("ready", pid=os.getpid())
        self.timer.start(0)

    def _save_interval(self) -> int:
        return self.clock.elapsed() + int(self.rng.uniform(0.4, 1.6) * 1000)

    def tick(self) -> None:
        may_save = self.sabotage is None and self.saves_left != 0
        if self.clock.elapsed() >= self.next_save and may_save:
            self.log.write("save-begin", seq=self.seq)
            if not self.window.controller.save():
                _fail("the save failed")
            self.log.write("save-end", seq=self.seq)
            if self.saves_left is not None:
                self.saves_left -= 1
            self.next_save = self._save_interval()
            self.timer.start(0)
            return
        if self.edits_left == 0:
            self.log.write("idle")  # edits done: wait for the kill
            return
        before = self.seq
        self.edit()
        if self.edits_left is not None and self.seq > before:
            self.edits_left -= 1
        self.timer.start(int(self.rng.uniform(0.2, 1.8) * self.pace * 1000))

    def record(self, change: Any, applied: bool) -> None:
        self.seq += 1
        after = change.after if applied else change.before
        self.log.write(
            "change",
            seq=self.seq,
            key=f"{change.case_id}/{change.question_id}",
            answer=answer_state(after),
        )

    def edit(self) -> None:
        from inspector_app.core.document import AnswerValue

        stack = self.editor.undo_stack
        roll = self.rng.random()
        if roll < 0.12 and stack.canUndo():
            self.typing = None
            self.record(stack.command(stack.index() - 1).change, applied=False)
            self.editor.undo()
        elif roll < 0.18 and stack.canRedo():
            self.typing = None
            self.record(stack.command(stack.index()).change, applied=True)
            self.editor.redo()
        elif roll < 0.45 and self.typing is not None:
            # Typing on: the note grows, and the commits merge into one undo step.
            case_id, question_id, sitting = self.typing
            answer = self.session.case(case_id).answers.get(question_id)
            note = answer.note if answer is not None else ""
            more = _random_note(self.rng)[:40] or "."
            change = self.session.answer_change(case_id, question_id, note=note + more)
            if change is not None:
                self.record(change, applied=True)
                self.editor.push(change, merge_key=("note", case_id, question_id, sitting))
        else:
            case_id, question_id, allows_na = self.rng.choice(self.targets)
            values: list[AnswerValue | None] = [AnswerValue.YES, AnswerValue.NO, None]
            if allows_na:
                values.append(AnswerValue.NOT_APPLICABLE)
            change = self.session.answer_change(
                case_id, question_id, value=self.rng.choice(values), note=_random_note(self.rng)
            )
            if change is None:
                return
            self.record(change, applied=True)
            self.editor.push(change)
            self.sittings += 1
            self.typing = (case_id, question_id, self.sittings)


def _fail(reason: str) -> None:
    print(f"fault_injection_gui: {reason}", file=sys.stderr, flush=True)
    os._exit(3)


def _refuse_dialogs() -> None:
    """Every question the app could ask ends the run with its text instead of blocking."""
    from PySide6.QtWidgets import QDialog, QMessageBox

    def refuse(*args: object, **_kwargs: object) -> object:
        texts = [a for a in args if isinstance(a, str)]
        if isinstance(args[0] if args else None, QMessageBox):
            box = args[0]
            texts = [box.text(), box.informativeText()]  # type: ignore[union-attr]
        _fail("a dialog opened: " + " | ".join(texts))
        return None

    for name in ("question", "warning", "critical", "information"):
        setattr(QMessageBox, name, staticmethod(refuse))
    QMessageBox.exec = refuse  # type: ignore[method-assign]
    QDialog.exec = refuse  # type: ignore[method-assign]


def main(argv: Sequence[str] | None = None) -> int:
    parser = trial_arguments(__doc__.split("\n", 1)[0])
    parser.add_argument("--edits", type=int, help="stop editing after this many edits")
    parser.add_argument("--saves", type=int, help="save at most this many times")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    slow_down_syncs(args.slow_sync)
    from inspector_app.gui.app import run_app

    _refuse_dialogs()
    driver = WindowDriver(args.log, args.seed, args.pace, args.sabotage, args.edits, args.saves)
    return run_app(str(args.file), on_started=driver.start)


if __name__ == "__main__":
    sys.exit(main())


# -- for the desktop app's tests: real recovery data from a killed app -------------------------


def kill_app_after_edits(
    file: Path, home: Path, edits: int, *, seed: int = 1, timeout: float = 60.0
) -> list[dict[str, Any]]:
    """Run the desktop app on ``file`` (its data under ``home``), make ``edits`` answer edits
    without saving, wait until the recovery data holds them all, and kill it with SIGKILL.
    Returns the side-channel log (`tests.fault_injection_harness.states_after_each_change`
    gives the document's answers after each edit)."""
    import time

    from tests.fault_injection_harness import TrialSetup, gui_launcher, read_log

    home.mkdir(parents=True, exist_ok=True)
    log = file.with_name(file.name + ".log")
    setup = TrialSetup(0, file.parent, file, log, home, seed)
    process = gui_launcher(setup, "--edits", str(edits), "--saves", "0", "--pace", "0.02")
    try:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(process.stderr.read().decode() if process.stderr else "")
            recorded = sum(
                journal.read_bytes().count(b"\n")
                for journal in setup.recovery_root.glob("*/journal-*.jsonl")
            )
            if recorded >= edits:
                break
            time.sleep(0.02)
        else:
            raise TimeoutError(f"the app did not record {edits} edits in {timeout:g} s")
    finally:
        process.kill()
        process.wait()
        if process.stderr is not None:
            process.stderr.close()
    return read_log(log)
