"""Reading and writing inspection files.

An inspection file is UTF-8 JSON: the `Inspection` document with its ``format`` tag and
``schema_version``. Loading checks size, encoding, structure, version, framework and the
document against its framework, and raises `InspectionFileError` with a message for the user
for every problem; nothing else escapes `load_inspection`.

Saving is atomic: the new content goes to a temporary file beside the target, is flushed and
synced, then renamed over the target, so that a crash at any moment leaves either the old or
the new complete file. The previous version is kept beside it as ``<name>.inspection.bak``,
itself replaced atomically. Files are readable by the owner only where the system allows. A
save that fails raises `InspectionFileError` and leaves the file, its backup and the document
in memory as they were; a save can also be refused when the file changed on disk since it was
opened (`FileChangedOnDiskError`). See docs/reliability.md.
"""

from __future__ import annotations

import codecs
import contextlib
import errno
import json
import os
import re
import tempfile
import typing
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from inspector_app import __version__
from inspector_app.core import collector
from inspector_app.core.document import (
    FORMAT_TAG,
    SCHEMA_VERSION,
    AnswerValue,
    Case,
    Inspection,
    utc_now,
)
from inspector_app.core.errors import (
    FrameworkError,
    InspectionFileError,
    describe_validation_error,
)
from inspector_app.core.fingerprint import (
    DiskState,
    FileFingerprint,
    disk_state,
    fingerprint_of,
    read_with_fingerprint,
)
from inspector_app.core.framework import Framework, get_framework
from inspector_app.core.migrations import migrate

FILE_EXTENSION = ".inspection"
# The previous version of a file is kept beside it under its name plus this suffix.
BACKUP_SUFFIX = ".bak"
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
    # The file as read, when parsing it again gives back exactly this document (no ids or
    # times filled in by default): the recovery data then keeps these bytes as its base
    # instead of serialising the document again.
    exact_source: bytes | None = field(default=None, repr=False)
    # The file on disk as it was read (None when parsed from memory).
    fingerprint: FileFingerprint | None = None

    def recovery_base(self) -> bytes:
        """Bytes that parse back to this document as loaded, before any edit."""
        return self.exact_source if self.exact_source is not None else serialise(self.document)


class FileChangedOnDiskError(InspectionFileError):
    """The file was changed, moved or deleted since it was opened or last saved.

    Raised by `save_inspection` before anything is written when the caller passed the
    fingerprint it expects; ``state`` says whether the file changed or is missing. Saving
    again without ``expected`` overwrites it.
    """

    def __init__(self, path: object, state: DiskState) -> None:
        if state is DiskState.MISSING:
            message = "was moved or deleted since it was opened; nothing was saved"
        else:
            message = (
                "was changed by someone or something else since it was opened or last saved; "
                "nothing was saved (saving again would overwrite those changes)"
            )
        super().__init__(path, message)
        self.state = state


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
    raw, fingerprint = _read_checked(path)
    loaded = parse_inspection(raw, path)
    loaded.fingerprint = fingerprint
    return loaded


def _read_checked(path: Path) -> tuple[bytes, FileFingerprint]:
    _check_before_reading(path)
    try:
        return read_with_fingerprint(path)
    except OSError as exc:
        raise InspectionFileError(path, f"cannot be read ({_describe_os_error(exc)})") from None


def read_file_bytes(path: Path) -> bytes:
    _check_before_reading(path)
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InspectionFileError(path, f"cannot be read ({_describe_os_error(exc)})") from None


def _check_before_reading(path: Path) -> None:
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise InspectionFileError(path, "the file does not exist") from None
    except OSError as exc:
        raise InspectionFileError(path, f"cannot be read ({_describe_os_error(exc)})") from None
    if path.is_dir():
        raise InspectionFileError(path, "is a folder, not an inspection file")
    if size > MAX_FILE_BYTES:
        raise InspectionFileError(
            path,
            f"is {size / 1024 / 1024:.0f} MB, larger than the {MAX_FILE_BYTES // 1024 // 1024} MB "
            "an inspection file may be; it is not an inspection file or it is damaged",
        )


def parse_inspection(raw: bytes, path: Path | str = "<data>") -> LoadedInspection:
    if not raw.strip():
        raise InspectionFileError(path, "is empty")
    for signature, what in _FOREIGN_SIGNATURES.items():
        if raw.startswith(signature):
            raise InspectionFileError(path, f"is {what}")
    with collector.paused():
        document = _validate_current(raw.removeprefix(codecs.BOM_UTF8))
        migrated_from = None
        repaired = 0
        if document is None:
            document, migrated_from, repaired = _validate_any(_decode(raw, path), path)
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
    if repaired:
        warnings.append(
            f"{repaired} piece(s) of text held broken characters (lone UTF-16 surrogates); "
            "they were replaced with \N{REPLACEMENT CHARACTER}"
        )
    exact = not repaired and not _has_generated_values(document)
    return LoadedInspection(
        document, framework, migrated_from, warnings, exact_source=raw if exact else None
    )


# How the app writes the start of a file: the format tag, then the version as a plain number.
_HEAD = re.compile(
    rb'\s*\{\s*"format"\s*:\s*"'
    + re.escape(FORMAT_TAG.encode("ascii"))
    + rb'"\s*,\s*"schema_version"\s*:\s*(\d{1,4})\s*,'
)
_SURROGATE_ESCAPE_BYTES = re.compile(rb"\\u[dD][89a-fA-F]")


def _validate_current(data: bytes) -> Inspection | None:
    """The document, when ``data`` is a valid file of the current format version; else None.

    Validating straight from the file's bytes (pydantic checks the UTF-8 as it reads) is much
    quicker than reading them into Python objects first, and holds no decoded copy of a
    large file. Everything else (older versions to migrate, broken characters to repair,
    problems to explain) goes through `_validate_any`, which gives the same document or says
    what is wrong.
    """
    head = _HEAD.match(data)
    if head is None or int(head[1]) != SCHEMA_VERSION or _SURROGATE_ESCAPE_BYTES.search(data):
        return None
    try:
        document = _validate_case_by_case(data) or Inspection.model_validate_json(data)
    except Exception:  # whatever it is, `_validate_any` says what is wrong in the user's terms
        return None
    return document if document.schema_version == SCHEMA_VERSION else None


def _validate_case_by_case(data: bytes) -> Inspection | None:
    """A file laid out as `serialise` writes it, validated one case line at a time; None for
    any other layout (then the file is validated whole)."""
    start = data.find(_CASES_OPEN)
    if start < 0 or not data.endswith(_CASES_CLOSE):
        return None
    document = Inspection.model_validate_json(data[:start] + b"}")
    if document.cases:  # a second "cases" key: not our layout
        return None
    body = data[start + len(_CASES_OPEN) : -len(_CASES_CLOSE)]
    document.cases = [_case_from_json(line) for line in body.split(_CASE_SEPARATOR)] if body else []
    return document


def _decode(raw: bytes, path: Path | str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InspectionFileError(
            path,
            f"is not UTF-8 text (invalid byte at position {exc.start}); it is damaged or "
            "not an inspection file",
        ) from None


def _validate_any(text: str, path: Path | str) -> tuple[Inspection, int | None, int]:
    """Read, check, migrate and validate any version: the document, the version it was
    migrated from (None when current) and how many broken strings were repaired."""
    try:
        data = json.loads(text)
        repaired = _repair_lone_surrogates(text, data)
    except RecursionError:
        raise InspectionFileError(path, "is nested too deeply to be an inspection file") from None
    except json.JSONDecodeError as exc:
        # json reports an unterminated string only when the input ends inside it.
        cut_short = exc.pos >= len(text) - 1 or exc.msg.startswith("Unterminated string")
        hint = " (the file may have been cut short)" if cut_short else ""
        # Some of json's messages end "starting at", ready for the place.
        at = " " if exc.msg.endswith(" at") else " at "
        raise InspectionFileError(
            path,
            f"is not valid JSON: {exc.msg}{at}line {exc.lineno}, column {exc.colno}{hint}",
        ) from None
    except ValueError as exc:  # e.g. a number with more digits than Python converts
        raise InspectionFileError(path, f"is not valid inspection data ({exc})") from None
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
    return document, migrated_from, repaired


# JSON can spell half of a UTF-16 surrogate pair as an escape; Python reads it into a string
# that can never be written out as UTF-8 again, so such a file would open but never save.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def _repair_lone_surrogates(text: str, data: Any) -> int:
    """Replace lone surrogates in the strings of ``data`` (in place); return how many."""
    if not _SURROGATE_ESCAPE.search(text):
        return 0
    repaired = 0

    def fix(value: Any) -> Any:
        nonlocal repaired
        if isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                repaired += 1
                return value.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
            return value
        if isinstance(value, list):
            value[:] = [fix(item) for item in value]
        elif isinstance(value, dict):
            items = [(fix(key), fix(item)) for key, item in value.items()]
            value.clear()
            value.update(items)
        return value

    fix(data)
    return repaired


def _has_generated_values(model: BaseModel) -> bool:
    """Whether validation filled in any id or time from a default factory.

    Such values differ each time the same bytes are parsed, so those bytes cannot stand for
    the document (recovery data replays edits that refer to case ids onto them).
    """
    cls = type(model)
    for name in _generated_fields(cls):
        if name not in model.model_fields_set:
            return True
    for name in _fields_holding_generators(cls):
        if any(_has_generated_values(child) for child in _models_in(getattr(model, name))):
            return True
    return False


def _models_in(value: Any) -> list[BaseModel]:
    if isinstance(value, BaseModel):
        return [value]
    if isinstance(value, list | tuple):
        return [item for item in value if isinstance(item, BaseModel)]
    if isinstance(value, dict):
        return [item for item in value.values() if isinstance(item, BaseModel)]
    return []


@cache
def _generated_fields(cls: type[BaseModel]) -> tuple[str, ...]:
    return tuple(
        name for name, info in cls.model_fields.items() if info.default_factory is not None
    )


@cache
def _fields_holding_generators(cls: type[BaseModel]) -> tuple[str, ...]:
    """Fields whose values may contain models with generated values (checked statically)."""
    return tuple(
        name
        for name, info in cls.model_fields.items()
        if any(_may_generate(model) for model in _models_named_in(info.annotation))
    )


def _models_named_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found: list[type[BaseModel]] = []
    for argument in typing.get_args(annotation):
        found.extend(_models_named_in(argument))
    return found


@cache
def _may_generate(cls: type[BaseModel], _seen: frozenset[type] = frozenset()) -> bool:
    if _generated_fields(cls):
        return True
    seen = _seen | {cls}
    return any(
        _may_generate(model, seen)
        for info in cls.model_fields.values()
        for model in _models_named_in(info.annotation)
        if model not in seen
    )


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
    asked = _questions_asked(framework)
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
        # Quick check of a whole case (the usual answer): every question asked in its sample,
        # and 'Not applicable' only where allowed. Otherwise each answer is looked at in turn.
        allowed, never_na = asked[case.sample]
        to_check = case.answers
        if allowed.issuperset(to_check) and not any(
            to_check[qid].value == AnswerValue.NOT_APPLICABLE for qid in never_na & to_check.keys()
        ):
            to_check = {}
        for qid, answer in to_check.items():
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


def _questions_asked(framework: Framework) -> dict[str, tuple[frozenset[str], frozenset[str]]]:
    """For each sample: the questions asked, and those of them that cannot be 'Not
    applicable'."""
    found: dict[str, tuple[frozenset[str], frozenset[str]]] = {}
    for sample in framework.samples_by_id:
        ids = [qid for qid, q in framework.questions.items() if q.sample == sample]
        never_na = [qid for qid in ids if not framework.questions[qid].allows_not_applicable]
        found[sample] = (frozenset(ids), frozenset(never_na))
    return found


# -- saving -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SavedInspection:
    """What a successful save wrote: the recovery data keeps ``data`` as its new base."""

    path: Path
    data: bytes = field(repr=False)
    fingerprint: FileFingerprint
    backup: Path | None


# Files hold one case per line, after everything else: each case can then be validated on its
# own when the file is read, so a large file never needs a parse tree of the whole document
# (about 70 MB less at the peak for 5,000 cases), and a change to one case changes one line,
# so two versions of a file compare line by line. It is still plain JSON: a JSON string cannot
# hold a raw line break, so every line break in the file falls between two cases.
_CASES_OPEN = b',"cases":[\n'
_CASE_SEPARATOR = b",\n"
_CASES_CLOSE = b"\n]}"
_case_to_json = Case.__pydantic_serializer__.to_json
_case_from_json = Case.__pydantic_validator__.validate_json


def serialise(document: Inspection) -> bytes:
    head = document.model_dump_json(exclude={"cases"}).encode("utf-8")
    cases = _CASE_SEPARATOR.join(_case_to_json(case) for case in document.cases)
    return head[:-1] + _CASES_OPEN + cases + _CASES_CLOSE


def backup_path(path: str | os.PathLike[str]) -> Path:
    """Where the previous version of ``path`` is kept: ``<name>.inspection.bak`` beside it."""
    path = Path(path)
    return path.with_name(path.name + BACKUP_SUFFIX)


def save_inspection(
    document: Inspection,
    path: str | os.PathLike[str],
    *,
    expected: FileFingerprint | None = None,
    keep_backup: bool = True,
) -> SavedInspection:
    """Write the document atomically, keeping the previous version as a backup.

    ``expected`` is the fingerprint of the file as opened or last saved: if the file on disk
    no longer matches it, `FileChangedOnDiskError` is raised and nothing is written. Any
    failure raises `InspectionFileError` and leaves the file, its backup and ``document``
    unchanged; on success the document's ``saved_at``/``saved_by``/``schema_version`` are
    updated to what was written.
    """
    path = Path(path)
    target = follow_link(path)
    if expected is not None:
        try:
            state = disk_state(target, expected)
        except OSError as exc:
            raise InspectionFileError(
                path, f"could not be checked before saving: {_describe_os_error(exc)}"
            ) from None
        if state is not DiskState.UNCHANGED:
            raise FileChangedOnDiskError(path, state)
    stamp = {
        "saved_at": utc_now(),
        "saved_by": f"inspector-app {__version__}",
        "schema_version": SCHEMA_VERSION,
    }
    # A shallow copy carries the new stamp, so a failed save leaves the document untouched.
    to_write = document.model_copy(update=stamp)
    try:
        data = serialise(to_write)
    except Exception as exc:
        raise InspectionFileError(path, f"could not be prepared for saving ({exc})") from exc
    backup = backup_path(target) if keep_backup else None
    stat, backup_made = _atomic_write(target, data, backup_to=backup, shown_as=path)
    for key, value in stamp.items():
        setattr(document, key, value)
    return SavedInspection(path, data, fingerprint_of(data, stat), backup if backup_made else None)


def follow_link(path: Path) -> Path:
    """The file a symbolic link points to (``path`` itself if it is not one): saving through
    a link updates that file instead of replacing the link, and its lock sits beside it."""
    try:
        return Path(os.path.realpath(path)) if path.is_symlink() else path
    except OSError:
        return path


def atomic_write(path: Path, data: bytes, mode: int = 0o600) -> None:
    """Replace ``path`` with ``data`` so that a crash leaves either the old or the new file."""
    _atomic_write(Path(path), data, mode=mode)


def _atomic_write(
    path: Path,
    data: bytes,
    *,
    mode: int = 0o600,
    backup_to: Path | None = None,
    shown_as: Path | None = None,
) -> tuple[os.stat_result, bool]:
    """Write ``data`` over ``path`` atomically; returns the new file's status and whether a
    backup of the previous version was made."""
    shown = shown_as or path
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise InspectionFileError(
            shown, "cannot be saved: the folder does not exist" + _NOTHING_CHANGED
        )
    if path.is_dir():
        raise InspectionFileError(shown, "cannot be saved: there is a folder of that name")
    fd = None
    temp_name = None
    backup_made = False
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
            # Our own file's status: a stat of the path after the rename could already see
            # another machine's save.
            stat = os.fstat(handle.fileno())
        if backup_to is not None and path.is_file():
            try:
                _replace_backup(path, backup_to)
            except OSError as exc:
                raise InspectionFileError(
                    shown,
                    "could not be saved: the previous version could not be kept as a backup ("
                    f"{_describe_os_error(exc)})" + _NOTHING_CHANGED,
                ) from None
            backup_made = True
        os.replace(temp_name, path)
        temp_name = None
        _sync_directory(directory)
    except OSError as exc:
        raise InspectionFileError(
            shown, f"could not be saved: {_describe_os_error(exc)}" + _NOTHING_CHANGED
        ) from None
    finally:
        if fd is not None:
            with contextlib.suppress(OSError):
                os.close(fd)
        if temp_name is not None:
            with contextlib.suppress(OSError):
                os.unlink(temp_name)
    if backup_made:
        _make_private(backup_to)
    return stat, backup_made


_NOTHING_CHANGED = ". The file on disk was left as it was."


def _replace_backup(path: Path, backup: Path) -> None:
    """Make ``backup`` a copy of ``path`` atomically (the old backup stays until then)."""
    temp = backup.with_name(f".{backup.name}.{os.getpid()}.{id(backup):x}.tmp")
    with contextlib.suppress(FileNotFoundError):
        os.unlink(temp)
    try:
        try:
            # A second name for the old file: no copying, and the old content is untouched
            # when the save then replaces `path` with a new file.
            os.link(path, temp)
        except OSError as exc:
            if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EROFS):
                raise
            _copy_file(path, temp)  # file systems without hard links (some network shares)
        os.replace(temp, backup)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


def _copy_file(source: Path, destination: Path) -> None:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    fd = os.open(destination, flags, 0o600)
    with os.fdopen(fd, "wb") as out, open(source, "rb") as src:
        while chunk := src.read(1024 * 1024):
            out.write(chunk)
        out.flush()
        os.fsync(out.fileno())


def _make_private(path: Path | None) -> None:
    if path is None or os.name != "posix":
        return
    with contextlib.suppress(OSError):
        os.chmod(path, 0o600)


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


_OS_ERROR_REASONS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EACCES: "permission denied (the folder or file is read-only, or another program has "
    "the file open)",
    errno.EPERM: "permission denied",
    errno.EROFS: "the disk or folder is read-only",
    errno.ENOENT: "the folder no longer exists",
    errno.EIO: "the disk could not be written or read (it may have been removed)",
    errno.ENAMETOOLONG: "the file name is too long",
    errno.EBUSY: "the file is in use by another program",
    errno.EISDIR: "there is a folder of that name",
}


def _describe_os_error(exc: OSError) -> str:
    return _OS_ERROR_REASONS.get(exc.errno or 0, exc.strerror or str(exc))
