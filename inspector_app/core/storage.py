"""Reading and writing inspection files.

An inspection file is UTF-8 JSON: the `Inspection` document with its ``format`` tag and
``schema_version``. Saving is atomic (a temporary file beside the target, flushed and synced,
then renamed over it) and readable by the owner only where the system allows. Loading checks
size, encoding, structure, version, framework and the document against its framework, and
raises `InspectionFileError` with a message for the user for every problem; nothing else
escapes `load_inspection`.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from inspector_app import __version__
from inspector_app.core.document import FORMAT_TAG, SCHEMA_VERSION, Inspection, utc_now
from inspector_app.core.errors import (
    FrameworkError,
    InspectionFileError,
    describe_validation_error,
)
from inspector_app.core.framework import Framework, get_framework
from inspector_app.core.migrations import migrate

FILE_EXTENSION = ".inspection"
FILE_FILTER = f"Inspection files (*{FILE_EXTENSION})"
# Refused before reading: far above any real inspection (5,000 fully answered cases take about
# 40 MB) and low enough that a wrong or hostile file cannot exhaust memory.
MAX_FILE_BYTES = 256 * 1024 * 1024

# Leading bytes of formats people may open by mistake.
_FOREIGN_SIGNATURES = {
    b"PK\x03\x04": "a zip archive (a Word or Excel document, perhaps), not an inspection file",
    b"%PDF": "a PDF document, not an inspection file",
    b"\xd0\xcf\x11\xe0": "an old-style Office document, not an inspection file",
}


@dataclass
class LoadedInspection:
    document: Inspection
    framework: Framework
    migrated_from: int | None = None
    warnings: list[str] = field(default_factory=list)


def load_inspection(path: str | os.PathLike[str]) -> LoadedInspection:
    """Open an inspection file. Raises `InspectionFileError`, and only that."""
    path = Path(path)
    try:
        return _load(path)
    except InspectionFileError:
        raise
    except Exception as exc:  # the documented contract: one error type, with a clear message
        raise InspectionFileError(path, f"cannot be opened ({type(exc).__name__}: {exc})") from exc


def _load(path: Path) -> LoadedInspection:
    raw = read_file_bytes(path)
    return parse_inspection(raw, path)


def read_file_bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise InspectionFileError(path, "the file does not exist") from None
    except OSError as exc:
        raise InspectionFileError(path, f"cannot be read ({exc.strerror})") from None
    if path.is_dir():
        raise InspectionFileError(path, "is a folder, not an inspection file")
    if size > MAX_FILE_BYTES:
        raise InspectionFileError(
            path,
            f"is {size / 1024 / 1024:.0f} MB, larger than the {MAX_FILE_BYTES // 1024 // 1024} MB "
            "an inspection file may be; it is not an inspection file or it is damaged",
        )
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InspectionFileError(path, f"cannot be read ({exc.strerror})") from None


def parse_inspection(raw: bytes, path: Path | str = "<data>") -> LoadedInspection:
    if not raw.strip():
        raise InspectionFileError(path, "is empty")
    for signature, what in _FOREIGN_SIGNATURES.items():
        if raw.startswith(signature):
            raise InspectionFileError(path, f"is {what}")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InspectionFileError(
            path,
            f"is not UTF-8 text (invalid byte at position {exc.start}); it is damaged or "
            "not an inspection file",
        ) from None
    try:
        data = json.loads(text)
    except RecursionError:
        raise InspectionFileError(path, "is nested too deeply to be an inspection file") from None
    except json.JSONDecodeError as exc:
        hint = " (the file may have been cut short)" if exc.pos >= len(text) - 1 else ""
        raise InspectionFileError(
            path, f"is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}{hint}"
        ) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT_TAG:
        raise InspectionFileError(path, "is not an inspection file (no inspection format tag)")
    version = data.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise InspectionFileError(path, f"has an invalid schema_version: {version!r}")
    if version > SCHEMA_VERSION:
        raise InspectionFileError(
            path,
            f"was saved by a newer version of the app (file format {version}); this version "
            f"reads file formats up to {SCHEMA_VERSION}. Install the newer version to open it.",
        )
    migrated_from = None
    if version < SCHEMA_VERSION:
        data = migrate(data, version)
        migrated_from = version
    try:
        document = Inspection.model_validate(data)
    except ValidationError as exc:
        raise InspectionFileError(
            path, "is not a valid inspection file:\n" + describe_validation_error(exc, data)
        ) from None
    try:
        framework = get_framework(document.meta.framework_id)
    except FrameworkError as exc:
        raise InspectionFileError(path, f"uses {exc.message}") from None
    problems, warnings = check_against_framework(document, framework)
    if problems:
        listed = "\n".join(problems[:8])
        more = f"\n... and {len(problems) - 8} more" if len(problems) > 8 else ""
        raise InspectionFileError(
            path, f"does not match the {framework.id} framework:\n{listed}{more}"
        )
    return LoadedInspection(document, framework, migrated_from, warnings)


def check_against_framework(
    document: Inspection, framework: Framework
) -> tuple[list[str], list[str]]:
    """Problems that stop a file loading, and warnings that do not."""
    problems: list[str] = []
    warnings: list[str] = []
    if document.meta.framework_version != framework.version:
        warnings.append(
            f"written with {framework.id} version {document.meta.framework_version}; "
            f"this app has version {framework.version}"
        )
    seen_ids: set[Any] = set()
    seen_refs: set[tuple[str, str]] = set()
    questions = framework.questions
    for case in document.cases:
        label = f"case {case.reference}"
        if case.id in seen_ids:
            problems.append(f"{label}: the case id {case.id} is used by more than one case")
        seen_ids.add(case.id)
        if case.sample not in framework.samples_by_id:
            problems.append(f"{label}: unknown case sample '{case.sample}'")
            continue
        ref_key = (case.sample, case.reference.casefold())
        if ref_key in seen_refs:
            warnings.append(f"{label}: the reference appears more than once in '{case.sample}'")
        seen_refs.add(ref_key)
        for qid, answer in case.answers.items():
            question = questions.get(qid)
            if question is None:
                problems.append(f"{label}: answer to unknown question '{qid}'")
            elif question.sample != case.sample:
                problems.append(f"{label}: answers {qid}, which is not asked in '{case.sample}'")
            elif answer.value == "not_applicable" and not question.allows_not_applicable:
                problems.append(f"{label}: {qid} cannot be answered 'Not applicable'")
        for key, value in case.attributes.items():
            attribute = framework.attributes_by_id.get(key)
            if attribute is None:
                warnings.append(f"{label}: attribute '{key}' is not in the framework")
            elif attribute.values is not None and value not in attribute.values:
                warnings.append(f"{label}: '{value}' is not a listed {attribute.label.lower()}")
    for standard_id, write_up in document.standards.items():
        standard = framework.standards_by_id.get(standard_id)
        if standard is None:
            problems.append(f"write-up for unknown standard '{standard_id}'")
        elif standard.is_case and write_up.rating is not None:
            problems.append(f"{standard_id} is rated from its cases but has a judgement rating")
    for standard_id in document.overrides:
        if standard_id not in framework.standards_by_id:
            problems.append(f"override of unknown standard '{standard_id}'")
    return problems, warnings


# -- saving -----------------------------------------------------------------------------------


def serialise(document: Inspection) -> bytes:
    return document.model_dump_json(exclude_defaults=False).encode("utf-8")


def save_inspection(document: Inspection, path: str | os.PathLike[str]) -> None:
    """Write the document atomically. Raises `InspectionFileError` if it cannot."""
    path = Path(path)
    document.saved_at = utc_now()
    document.saved_by = f"inspector-app {__version__}"
    document.schema_version = SCHEMA_VERSION
    try:
        data = serialise(document)
    except Exception as exc:
        raise InspectionFileError(path, f"could not be prepared for saving ({exc})") from exc
    atomic_write(path, data)


def atomic_write(path: Path, data: bytes, mode: int = 0o600) -> None:
    """Replace ``path`` with ``data`` so that a crash leaves either the old or the new file."""
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise InspectionFileError(path, "cannot be saved: the folder does not exist")
    fd = None
    temp_name = None
    try:
        # mkstemp creates the file readable and writable by the owner only (0600).
        fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
        if mode != 0o600 and hasattr(os, "fchmod"):
            os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as handle:
            fd = None
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp_name, path)
        temp_name = None
        _sync_directory(directory)
    except OSError as exc:
        raise InspectionFileError(path, f"could not be saved: {_describe_os_error(exc)}") from None
    finally:
        if fd is not None:
            with contextlib.suppress(OSError):
                os.close(fd)
        if temp_name is not None:
            with contextlib.suppress(OSError):
                os.unlink(temp_name)


def _sync_directory(directory: Path) -> None:
    # Makes the rename itself durable on POSIX; Windows has no directory handles to sync.
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        dir_fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def _describe_os_error(exc: OSError) -> str:
    import errno

    reasons = {
        errno.ENOSPC: "the disk is full",
        errno.EDQUOT: "the disk quota is used up",
        errno.EACCES: "permission denied",
        errno.EPERM: "permission denied",
        errno.EROFS: "the disk or folder is read-only",
        errno.ENOENT: "the folder no longer exists",
    }
    return reasons.get(exc.errno or 0, exc.strerror or str(exc))
