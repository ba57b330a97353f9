"""Changing an inspection file from the command line without stepping on an open window.

The desktop app locks a file while it is open for editing (`core.locking`). A command that
changed the file underneath it would leave the window and the file disagreeing, and the
window's next save would have to choose between them; so every command that writes a file
takes the same lock for as long as it reads, changes and saves it, and refuses (changing
nothing) while someone else holds it. A stale lock, left by a crash, is taken over as the app
would.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from inspector_app.core.errors import InspectorError
from inspector_app.core.locking import FileLockedError, acquire_lock
from inspector_app.core.session import InspectionSession
from inspector_app.core.storage import load_inspection


@contextmanager
def command_lock(path: str | os.PathLike[str]) -> Iterator[None]:
    """Hold ``path``'s lock while the block runs. A file that does not exist yet cannot be
    open anywhere, and is not locked."""
    path = Path(path)
    if not path.exists():
        yield
        return
    try:
        lock = acquire_lock(path, heartbeat=False)
    except FileLockedError as exc:
        if exc.os_error is not None:
            reason = exc.os_error.strerror or str(exc.os_error)
            message = f"{path} cannot be changed: no lock file can be made in its folder ({reason})"
        else:
            who = exc.holder.describe() if exc.holder else "another instance of the app"
            message = f"{path} is open for editing by {who}; close it there first"
        raise InspectorError(f"{message} (nothing was changed)") from None
    try:
        yield
    finally:
        lock.release()


def load_session(path: str | os.PathLike[str]) -> InspectionSession:
    """Load a file into a session: the rating engine over it, and the app's changes."""
    loaded = load_inspection(path)
    return InspectionSession(loaded.document, loaded.framework)


@contextmanager
def editing_session(path: str | os.PathLike[str]) -> Iterator[InspectionSession]:
    """Lock and load a file for a command to change, as the app's changes would change it;
    the command saves it before the block ends."""
    with command_lock(path):
        yield load_session(path)
