"""What a file on disk looked like: size, modification time and a hash of its content.

The app records a fingerprint when it opens or saves an inspection file and compares it with
the file on disk before overwriting it, so that a colleague's save on a shared drive (or a copy
from a memory stick) is noticed instead of silently replaced. Recovery data records the
fingerprint of the file its work is based on, so that the recovery dialog can say when the
file changed since.

Size and modification time are compared first (cheap); the content hash decides when they
differ, so that a file merely touched, or copied back unchanged, does not raise an alarm.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

_READ_ATTEMPTS = 3


@dataclass(frozen=True)
class FileFingerprint:
    size: int
    mtime_ns: int
    sha256: str

    def to_json(self) -> dict[str, Any]:
        return {"size": self.size, "mtime_ns": self.mtime_ns, "sha256": self.sha256}

    @classmethod
    def from_json(cls, data: Any) -> FileFingerprint | None:
        """The fingerprint stored by `to_json`, or None if ``data`` is not one."""
        if not isinstance(data, dict):
            return None
        size, mtime_ns, sha256 = data.get("size"), data.get("mtime_ns"), data.get("sha256")
        if not (isinstance(size, int) and isinstance(mtime_ns, int) and isinstance(sha256, str)):
            return None
        return cls(size, mtime_ns, sha256)


class DiskState(StrEnum):
    UNCHANGED = "unchanged"
    CHANGED = "changed"
    MISSING = "missing"


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def fingerprint_of(data: bytes, stat: os.stat_result) -> FileFingerprint:
    """The fingerprint of a file whose content (``data``) and status the caller already has."""
    return FileFingerprint(len(data), stat.st_mtime_ns, content_hash(data))


def read_with_fingerprint(path: Path) -> tuple[bytes, FileFingerprint]:
    """Read a whole file and fingerprint exactly the bytes read.

    If the file changes while it is read (another machine saving it), it is read again, so
    that the fingerprint never pairs one version's time with another version's content.
    Raises OSError.
    """
    for _ in range(_READ_ATTEMPTS):
        with open(path, "rb") as handle:
            before = os.fstat(handle.fileno())
            data = handle.read()
            after = os.fstat(handle.fileno())
        if (before.st_size, before.st_mtime_ns) == (after.st_size, after.st_mtime_ns) and len(
            data
        ) == after.st_size:
            return data, fingerprint_of(data, after)
    return data, fingerprint_of(data, after)


def fingerprint_file(path: Path) -> FileFingerprint | None:
    """The fingerprint of the file at ``path`` now, or None if there is no file there."""
    try:
        _, fingerprint = read_with_fingerprint(path)
    except FileNotFoundError:
        return None
    return fingerprint


def disk_state(path: Path, expected: FileFingerprint) -> DiskState:
    """Whether the file at ``path`` still is the file ``expected`` describes.

    Raises OSError when the file exists but cannot be read.
    """
    try:
        stat = path.stat()
    except FileNotFoundError:
        return DiskState.MISSING
    if stat.st_size != expected.size:
        return DiskState.CHANGED
    if stat.st_mtime_ns == expected.mtime_ns:
        return DiskState.UNCHANGED
    current = fingerprint_file(path)
    if current is None:
        return DiskState.MISSING
    return DiskState.UNCHANGED if current.sha256 == expected.sha256 else DiskState.CHANGED
