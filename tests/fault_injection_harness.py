"""The fault test: kill the editing app with SIGKILL at random moments, then check nothing
was lost.

Each trial copies a prepared inspection file into a private folder, starts the app process on
it (by default `tests.fault_injection_child`, a stand-in that drives the core exactly as a
window does), waits for it to be editing, and kills it without warning, either at a random
moment or just after it begins a save. Then, from the side-channel log the app wrote (see
`tests/fault_injection_child.py` for its format), it checks:

1. the file on disk opens and holds exactly the document of the last completed save or of
   the save in progress: the old or the new complete version, never a mixture;
2. the backup beside it, if any, opens and holds an earlier saved version;
3. recovery (`find_recoverable` + `restore`, as the next start of the app would do) gives
   back the document as it stood after some edit k, with k at least every edit made more
   than `RECOVERY_DEADLINE_SECONDS` before the kill, and at most the last edit begun.

A failure of any check is a loss. Two app processes can be killed: `core_launcher` starts
the stand-in, and `gui_launcher` the desktop app itself, its window driven through the editor,
undo stack and document controller by `tests.fault_injection_gui`, which writes the same log.

Run many trials: ``python -m tests.fault_injection_harness --trials 300 [--app gui]``
(``--help`` for options); the test suite runs a few of each (``INSPECTOR_FAULT_TRIALS`` sets
how many).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from inspector_app.core.document import Inspection
from inspector_app.core.recovery import (
    RECOVERY_DEADLINE_SECONDS,
    find_recoverable,
    restore,
)
from inspector_app.core.storage import backup_path, load_inspection

ROOT = Path(__file__).resolve().parents[1]
State = dict[str, tuple[Any, ...]]


@dataclass(frozen=True)
class TrialSetup:
    number: int
    folder: Path
    file: Path  # the inspection file the app edits
    log: Path  # the side channel
    home: Path  # INSPECTOR_APP_HOME of the app process: its recovery data is under it
    seed: int

    @property
    def recovery_root(self) -> Path:
        return self.home / "data" / "recovery"


Launcher = Callable[[TrialSetup], subprocess.Popen[bytes]]


def core_launcher(setup: TrialSetup, *extra: str) -> subprocess.Popen[bytes]:
    """Start the stand-in app (the core driven as a window drives it)."""
    env = {**os.environ, "INSPECTOR_APP_HOME": str(setup.home), "PYTHONPATH": str(ROOT)}
    command = [
        sys.executable,
        "-m",
        "tests.fault_injection_child",
        "--file",
        str(setup.file),
        "--log",
        str(setup.log),
        "--seed",
        str(setup.seed),
        *extra,
    ]
    return subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )


def gui_launcher(setup: TrialSetup, *extra: str) -> subprocess.Popen[bytes]:
    """Start the desktop app itself (offscreen), driven through its window by
    `tests.fault_injection_gui`."""
    env = {
        **os.environ,
        "INSPECTOR_APP_HOME": str(setup.home),
        "PYTHONPATH": str(ROOT),
        "QT_QPA_PLATFORM": "offscreen",
    }
    command = [
        sys.executable,
        "-m",
        "tests.fault_injection_gui",
        "--file",
        str(setup.file),
        "--log",
        str(setup.log),
        "--seed",
        str(setup.seed),
        *extra,
    ]
    return subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )


LAUNCHERS: dict[str, Launcher] = {"core": core_launcher, "gui": gui_launcher}


@dataclass
class TrialResult:
    number: int
    mode: str
    changes: int = 0
    saves: int = 0
    killed_during_save: bool = False
    run_seconds: float = 0.0
    required: int = 0  # edits older than the deadline at the kill: must be recovered
    recovered: int | None = None  # the edit the recovered document stands at
    file_version: int | None = None  # the edit the file on disk stands at
    losses: list[str] = field(default_factory=list)

    @property
    def lost(self) -> bool:
        return bool(self.losses)


@dataclass
class Summary:
    trials: list[TrialResult]

    @property
    def losses(self) -> list[TrialResult]:
        return [t for t in self.trials if t.lost]

    def report(self) -> str:
        count = len(self.trials)
        changes = sum(t.changes for t in self.trials)
        required = sum(t.required for t in self.trials)
        during_save = sum(t.killed_during_save for t in self.trials)
        by_mode = {m: sum(t.mode == m for t in self.trials) for m in ("random", "save")}
        lines = [
            f"trials: {count} ({by_mode['random']} killed at a random moment, "
            f"{by_mode['save']} just after a save began; {during_save} killed mid-save)",
            f"edits made: {changes}; edits older than {RECOVERY_DEADLINE_SECONDS:g} s at the "
            f"kill (must be recovered): {required}",
            f"saves completed: {sum(t.saves for t in self.trials)}",
            f"trials with a loss: {len(self.losses)}",
        ]
        for trial in self.losses[:20]:
            lines.append(f"  trial {trial.number} ({trial.mode}): {'; '.join(trial.losses)}")
        return "\n".join(lines)


# -- the log ------------------------------------------------------------------------------


def read_log(path: Path) -> list[dict[str, Any]]:
    """The whole lines of the side channel (a line cut off by the kill is ignored)."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return []
    events = []
    for line in raw.split(b"\n")[:-1]:
        with contextlib.suppress(ValueError):
            events.append(json.loads(line))
    return events


def _wait_for(
    path: Path, process: subprocess.Popen[bytes], test: Callable[[list[dict[str, Any]]], bool]
) -> bool:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if test(read_log(path)):
            return True
        if process.poll() is not None:
            return False
        time.sleep(0.002)
    return False


# -- document states ----------------------------------------------------------------------


def answer_states(document: Inspection) -> State:
    """Every answer's value and note, by "<case id>/<question id>"."""
    state: State = {}
    for case in document.cases:
        for question_id, answer in case.answers.items():
            if not answer.is_empty:
                value = answer.value.value if answer.value is not None else None
                state[f"{case.id}/{question_id}"] = (value, answer.note)
    return state


def states_after_each_change(initial: State, events: list[dict[str, Any]]) -> Iterator[State]:
    """The state after edit 0 (none), 1, 2... as the log says."""
    state = dict(initial)
    yield dict(state)
    for event in events:
        if event["event"] != "change":
            continue
        if event["answer"] is None:
            state.pop(event["key"], None)
        else:
            state[event["key"]] = tuple(event["answer"])
        yield dict(state)


def matching_version(target: State, states: list[State], allowed: range | list[int]) -> int | None:
    """The highest k in ``allowed`` with states[k] == target, or None."""
    for k in sorted(allowed, reverse=True):
        if 0 <= k < len(states) and states[k] == target:
            return k
    return None


# -- one trial ------------------------------------------------------------------------------


def prepare_trial(number: int, template: Path, folder: Path, seed: int) -> TrialSetup:
    folder.mkdir(parents=True)
    file = folder / "trial.inspection"
    shutil.copyfile(template, file)
    home = folder / "home"
    home.mkdir()
    return TrialSetup(number, folder, file, folder / "side-channel.log", home, seed)


@dataclass(frozen=True)
class KillPlan:
    """When to kill: a share of trials just after a save begins, the rest after a random
    wait (seconds after the app is ready)."""

    save_share: float = 0.4
    shortest_wait: float = 0.3
    longest_wait: float = 5.0


def run_trial(
    setup: TrialSetup, launcher: Launcher, rng: random.Random, plan: KillPlan = KillPlan()
) -> TrialResult:
    mode = "save" if rng.random() < plan.save_share else "random"
    result = TrialResult(setup.number, mode)
    initial = answer_states(load_inspection(setup.file).document)
    process = launcher(setup)
    try:
        if not _wait_for(setup.log, process, lambda ev: any(e["event"] == "ready" for e in ev)):
            result.losses.append(f"the app did not start: {_stderr(process)}")
            return result
        started = time.monotonic()
        if mode == "save":
            wanted = rng.randint(1, 4)

            def began(ev: list[dict[str, Any]]) -> bool:
                return sum(e["event"] == "save-begin" for e in ev) >= wanted

            if not _wait_for(setup.log, process, began):
                result.losses.append(f"the app stopped before saving: {_stderr(process)}")
                return result
            time.sleep(rng.uniform(0.0, 0.02))  # into the save: writing, syncing, renaming
        else:
            time.sleep(rng.uniform(plan.shortest_wait, plan.longest_wait))
        if process.poll() is not None:
            result.losses.append(f"the app ended by itself: {_stderr(process)}")
            return result
        killed_at = time.time()
        process.kill()
        process.wait()
        result.run_seconds = time.monotonic() - started
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        if process.stderr is not None:
            process.stderr.close()
    try:
        check_after_kill(setup, initial, killed_at, result)
    except Exception:
        result.losses.append("checking failed: " + traceback.format_exc(limit=3))
    return result


def _stderr(process: subprocess.Popen[bytes]) -> str:
    if process.poll() is None or process.stderr is None:
        return "(still running)"
    return process.stderr.read().decode(errors="replace")[-2000:]


def check_after_kill(
    setup: TrialSetup, initial: State, killed_at: float, result: TrialResult
) -> None:
    events = read_log(setup.log)
    changes = [e for e in events if e["event"] == "change"]
    states = list(states_after_each_change(initial, events))
    last = len(changes)
    result.changes = last
    result.required = sum(1 for e in changes if e["t"] <= killed_at - RECOVERY_DEADLINE_SECONDS)

    # 1. The file: the last completed save, or the save in progress, complete.
    completed = [e["seq"] for e in events if e["event"] == "save-end"]
    result.saves = len(completed)
    versions = [completed[-1] if completed else 0]
    if events and events[-1]["event"] == "save-begin":
        result.killed_during_save = True
        versions.append(events[-1]["seq"])
    try:
        on_disk = answer_states(load_inspection(setup.file).document)
    except Exception as exc:
        result.losses.append(f"the file does not open after the kill: {exc}")
    else:
        result.file_version = matching_version(on_disk, states, versions)
        if result.file_version is None:
            result.losses.append(f"the file holds neither saved version {versions}")

    # 2. The backup: an earlier complete version.
    backup = backup_path(setup.file)
    if backup.exists():
        try:
            kept = answer_states(load_inspection(backup).document)
        except Exception as exc:
            result.losses.append(f"the backup does not open: {exc}")
        else:
            if matching_version(kept, states, [0, *completed]) is None:
                result.losses.append("the backup holds no saved version")

    # 3. Recovery, as the next start would offer it.
    candidates = find_recoverable(setup.recovery_root)
    if len(candidates) > 1:
        result.losses.append(f"{len(candidates)} recovery candidates for one session")
    if candidates:
        candidate = candidates[0]
        if candidate.path != setup.file.resolve() and candidate.path != setup.file:
            result.losses.append(f"recovery offered for the wrong file: {candidate.path}")
        restored = restore(candidate)
        if restored.changes_restored != restored.changes_recorded:
            result.losses.append(f"replay stopped early: {restored.warnings}")
        recovered = answer_states(restored.document)
    else:
        recovered = on_disk if result.file_version is not None else {}
    required_version = max(
        (e["seq"] for e in changes if e["t"] <= killed_at - RECOVERY_DEADLINE_SECONDS),
        default=0,
    )
    result.recovered = matching_version(recovered, states, range(required_version, last + 1))
    if result.recovered is None:
        best = matching_version(recovered, states, range(0, last + 1))
        result.losses.append(
            f"recovery gave back edit {best} of {last}; edits up to {required_version} were "
            f"made more than {RECOVERY_DEADLINE_SECONDS:g} s before the kill"
        )


# -- many trials -------------------------------------------------------------------------------


def make_template(folder: Path, cases: int) -> Path:
    """The inspection every trial starts from: a fictional PDU of ``cases`` cases."""
    from inspector_app.core.framework import get_framework
    from inspector_app.core.storage import save_inspection
    from inspector_app.core.synthetic import GenerationSpec, generate

    document = generate(GenerationSpec(get_framework("pdu-2023"), cases=cases, seed=5))
    path = folder / "template.inspection"
    save_inspection(document, path)
    return path


def run_trials(
    trials: int,
    *,
    launcher: Launcher = core_launcher,
    parallel: int = 2,
    seed: int = 2024,
    cases: int = 300,
    plan: KillPlan = KillPlan(),
    folder: Path | None = None,
    progress: Callable[[TrialResult], None] | None = None,
) -> Summary:
    owned = folder is None
    base = folder or Path(tempfile.mkdtemp(prefix="inspector-fault-"))
    try:
        template = make_template(base, cases)
        master = random.Random(seed)
        seeds = [(n, master.randrange(2**31)) for n in range(1, trials + 1)]

        def one(numbered_seed: tuple[int, int]) -> TrialResult:
            number, trial_seed = numbered_seed
            setup = prepare_trial(number, template, base / f"trial-{number:04d}", trial_seed)
            result = run_trial(setup, launcher, random.Random(trial_seed), plan)
            if not result.lost:
                shutil.rmtree(setup.folder, ignore_errors=True)
            if progress is not None:
                progress(result)
            return result

        with ThreadPoolExecutor(max_workers=max(1, parallel)) as pool:
            results = list(pool.map(one, seeds))
        return Summary(results)
    finally:
        if owned:
            shutil.rmtree(base, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Kill the editing app at random moments and check that nothing is lost."
    )
    parser.add_argument("--trials", type=int, default=200)
    parser.add_argument("--parallel", type=int, default=2, help="trials running at once")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--cases", type=int, default=300, help="cases in the edited file")
    parser.add_argument(
        "--slow-sync",
        type=float,
        default=0.0,
        help="seconds each sync of the app process takes more (a slow or busy disk)",
    )
    parser.add_argument(
        "--app",
        choices=sorted(LAUNCHERS),
        default="core",
        help="the process killed: the stand-in driving the core (core) or the desktop app's "
        "window (gui)",
    )
    parser.add_argument(
        "--keep", type=Path, default=None, help="keep the trials' folders here (losses only)"
    )
    args = parser.parse_args(argv)
    done = 0

    def progress(result: TrialResult) -> None:
        nonlocal done
        done += 1
        mark = "LOSS " + "; ".join(result.losses) if result.lost else "ok"
        print(
            f"[{done}/{args.trials}] trial {result.number} {result.mode}: {result.changes} "
            f"edits, {result.saves} saves, recovered to {result.recovered} "
            f"(required {result.required}): {mark}",
            flush=True,
        )

    if args.keep is not None:
        args.keep.mkdir(parents=True, exist_ok=True)
    start_app = LAUNCHERS[args.app]
    extra = ("--slow-sync", str(args.slow_sync)) if args.slow_sync > 0 else ()

    def launcher(setup: TrialSetup) -> subprocess.Popen[bytes]:
        return start_app(setup, *extra)

    summary = run_trials(
        args.trials,
        launcher=launcher,
        parallel=args.parallel,
        seed=args.seed,
        cases=args.cases,
        folder=args.keep,
        progress=progress,
    )
    print(summary.report())
    return 1 if summary.losses else 0


if __name__ == "__main__":
    sys.exit(main())
