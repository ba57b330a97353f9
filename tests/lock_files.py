"""Lock files and processes as other instances of the app leave them, for the lock tests."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from inspector_app.core.locking import LOCK_FORMAT, lock_path


def dead_pid() -> int:
    """The id of a process that has ended."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def write_lock(file: Path, **fields: object) -> None:
    """The lock of ``file`` as another instance, by default on another machine with a fresh
    heartbeat, leaves it; ``fields`` change any of it."""
    now = time.time()
    data = {
        "format": LOCK_FORMAT,
        "user": "colleague",
        "host": "OFFICE-PC-7",
        "pid": 4242,
        "opened_at": now - 3600,
        "heartbeat_at": now,
        "token": "theirs",
        "app_version": "0.1.0",
        **fields,
    }
    lock_path(file).write_text(json.dumps(data))
