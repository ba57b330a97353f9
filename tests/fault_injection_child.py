"""A stand-in for the desktop app under the fault test: it edits and saves until it is killed.

It does what a window of the app does, through the same core objects: `OpenInspection.open`
(lock, load, recovery journal), `InspectionSession.apply`/`revert` for answer edits, undo and
redo at a typing pace, and `OpenInspection.save` every second or so. Before each edit and
around each save it writes one JSON line to a side-channel log, so that the harness knows
after the kill what the file and the recovery data must hold. The log is opened with O_APPEND
and written with one `os.write` per line; a process kill does not lose what the kernel already
has, so no sync is needed for the harness to read it.

Log lines (all with ``t``, seconds since the epoch, taken before the action):

* ``{"event": "ready"}`` once the file is open and recovery is recording;
* ``{"event": "change", "seq": n, "key": "<case id>/<question id>",
  "answer": [value, note] | null}`` just before the n-th edit (``answer`` is the answer the
  edit leaves, null when it leaves none);
* ``{"event": "save-begin", "seq": n}`` / ``{"event": "save-end", "seq": n}`` around a save
  of the document as it stands after edit n.

Run: ``python -m tests.fault_injection_child --file F --log L --seed S`` with
``INSPECTOR_APP_HOME`` set to the trial's private folder.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import string
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from inspector_app.core.document import Answer, AnswerValue
from inspector_app.core.open_file import OpenInspection
from inspector_app.core.session import Change, SetAnswer

_NOTE_ALPHABET = string.ascii_letters + string.digits + " ,.;:'\"-\n" + "éüß—“”☃"


class SideChannel:
    def __init__(self, path: Path) -> None:
        self._fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)

    def write(self, event: str, **fields: object) -> None:
        line = json.dumps({"event": event, "t": time.time(), **fields}, ensure_ascii=True)
        os.write(self._fd, (line + "\n").encode())


def slow_down_syncs(seconds: float) -> None:
    """A slow disk: every `os.fsync` of this process waits ``seconds`` first (as a sync does
    behind another program's large writes, on a failing drive or a busy network share)."""
    if seconds <= 0:
        return
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        time.sleep(seconds)
        real_fsync(fd)

    os.fsync = fsync


def answer_state(answer: Answer | None) -> list[object] | None:
    """What the harness compares: the value and note of an answer (None when empty)."""
    if answer is None or answer.is_empty:
        return None
    return [answer.value.value if answer.value is not None else None, answer.note]


def _random_note(rng: random.Random) -> str:
    if rng.random() < 0.3:
        return ""
    length = rng.choice([5, 20, 80, 300]) if rng.random() < 0.95 else 3000
    return "".join(rng.choice(_NOTE_ALPHABET) for _ in range(length)).strip()


def run(file: Path, log_path: Path, seed: int, pace: float, sabotage: str | None = None) -> None:
    rng = random.Random(seed)
    opened = OpenInspection.open(file)
    if sabotage == "no-recovery":
        # A broken app for the harness's own test: no recovery data and no saves, so every
        # edit is lost at the kill and the harness must say so.
        opened.journal.close()
        opened.journal = None
    session = opened.session
    framework = session.framework
    targets: list[tuple[object, str, bool]] = []
    for case in session.cases:
        for question in framework.questions_for_sample(case.sample):
            targets.append((case.id, question.id, question.allows_not_applicable))
    log = SideChannel(log_path)
    log.write("ready", pid=os.getpid())
    undo: list[Change] = []
    redo: list[Change] = []
    seq = 0
    next_save = time.monotonic() + rng.uniform(0.4, 1.6)

    def record(change: SetAnswer, applied: bool) -> None:
        nonlocal seq
        seq += 1
        after = change.after if applied else change.before
        log.write(
            "change",
            seq=seq,
            key=f"{change.case_id}/{change.question_id}",
            answer=answer_state(after),
        )

    while True:
        if time.monotonic() >= next_save and sabotage is None:
            log.write("save-begin", seq=seq)
            opened.save()
            log.write("save-end", seq=seq)
            next_save = time.monotonic() + rng.uniform(0.4, 1.6)
            continue
        roll = rng.random()
        if roll < 0.12 and undo:
            change = undo.pop()
            assert isinstance(change, SetAnswer)
            record(change, applied=False)
            session.revert(change)
            redo.append(change)
        elif roll < 0.18 and redo:
            change = redo.pop()
            assert isinstance(change, SetAnswer)
            record(change, applied=True)
            session.apply(change)
            undo.append(change)
        else:
            case_id, question_id, allows_na = rng.choice(targets)
            values: Sequence[AnswerValue | None] = [AnswerValue.YES, AnswerValue.NO, None]
            if allows_na:
                values = [*values, AnswerValue.NOT_APPLICABLE]
            built = session.answer_change(
                case_id, question_id, value=rng.choice(values), note=_random_note(rng)
            )
            if built is None:
                continue
            record(built, applied=True)
            session.apply(built)
            undo.append(built)
            redo.clear()
        time.sleep(rng.uniform(0.2, 1.8) * pace)


def trial_arguments(description: str) -> argparse.ArgumentParser:
    """The arguments the harness gives every app it kills (this stand-in and the GUI's)."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--file", type=Path, required=True)
    parser.add_argument("--log", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--pace", type=float, default=0.1, help="mean seconds between edits (default 0.1)"
    )
    parser.add_argument(
        "--sabotage", choices=["no-recovery"], help="break the app on purpose (harness self-test)"
    )
    parser.add_argument(
        "--slow-sync", type=float, default=0.0, help="make every sync take this many seconds more"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = trial_arguments(__doc__.split("\n", 1)[0])
    args = parser.parse_args(argv)
    slow_down_syncs(args.slow_sync)
    run(args.file, args.log, args.seed, args.pace, args.sabotage)
    return 0


if __name__ == "__main__":
    sys.exit(main())
