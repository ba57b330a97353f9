"""Edits as JSON: how the recovery journal writes a `Change` down and reads it back.

A change is written as an object with its type name and its fields. Fields are read back by
their type hints, so a field added to a change type (a reason, say) is carried without a
change here; the two fields typed `Any` take their type from where they point: a case field's
type from `Case`, a document value's type from the `Inspection` model along its path.

Decoding gives a change equal to the one encoded; `InspectionSession.apply` and `revert` of it
have the same effect on the document as the original.
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from functools import cache
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic_core import to_jsonable_python

from inspector_app.core import session as session_module
from inspector_app.core.document import Case, Inspection
from inspector_app.core.session import Change, CompoundChange, SetCaseField, SetDocumentValue

TYPE_KEY = "type"


class ChangeCodecError(ValueError):
    """A recorded change cannot be read back (damaged, or from an unknown kind of change)."""


@cache
def change_types() -> dict[str, type]:
    """Every kind of change, by class name: the members of `session.Change`."""
    return {cls.__name__: cls for cls in typing.get_args(Change)}


def encode_change(change: Change) -> dict[str, Any]:
    """A JSON-ready object for ``change``."""
    cls = type(change)
    if cls.__name__ not in change_types():
        raise TypeError(f"not a change: {change!r}")
    encoded: dict[str, Any] = {TYPE_KEY: cls.__name__}
    for item in dataclasses.fields(change):
        value = getattr(change, item.name)
        if isinstance(change, CompoundChange) and item.name == "changes":
            encoded[item.name] = [encode_change(part) for part in value]
        else:
            encoded[item.name] = to_jsonable_python(value)
    return encoded


def decode_change(data: Any) -> Change:
    """The change written by `encode_change`. Raises `ChangeCodecError`."""
    if not isinstance(data, dict):
        raise ChangeCodecError("a change must be a JSON object")
    name = data.get(TYPE_KEY)
    cls = change_types().get(name) if isinstance(name, str) else None
    if cls is None:
        raise ChangeCodecError(f"unknown kind of change: {name!r}")
    hints = _hints(cls)
    values: dict[str, Any] = {}
    for item in dataclasses.fields(cls):
        if item.name not in data:
            continue  # fields with defaults may be absent; the constructor names the others
        raw = data[item.name]
        if cls is CompoundChange and item.name == "changes":
            if not isinstance(raw, list):
                raise ChangeCodecError("the parts of a compound change must be a list")
            values[item.name] = tuple(decode_change(part) for part in raw)
        elif hints[item.name] is Any:
            values[item.name] = _decode_any(cls, item.name, raw, data)
        else:
            values[item.name] = _validate(hints[item.name], raw, f"{name}.{item.name}")
    try:
        return cls(**values)
    except TypeError as exc:
        raise ChangeCodecError(f"{name}: {exc}") from None


def dumps_change(change: Change) -> str:
    """One line of ASCII JSON (newlines and any odd characters escaped)."""
    return json.dumps(encode_change(change), ensure_ascii=True, separators=(",", ":"))


def loads_change(text: str | bytes) -> Change:
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise ChangeCodecError(f"not a recorded change ({exc})") from None
    return decode_change(data)


# -- typing of the fields ---------------------------------------------------------------------


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls, vars(session_module))


@cache
def _adapter(annotation: Any) -> TypeAdapter[Any]:
    return TypeAdapter(annotation)


def _validate(annotation: Any, raw: Any, where: str) -> Any:
    try:
        return _adapter(annotation).validate_python(raw)
    except ValidationError as exc:
        raise ChangeCodecError(f"{where}: {exc.errors(include_url=False)[:1]}") from None


def _decode_any(cls: type, name: str, raw: Any, data: dict[str, Any]) -> Any:
    if raw is None:
        return None
    if cls is SetCaseField and name in ("before", "after"):
        return _validate(_case_field_type(data.get("field")), raw, f"{cls.__name__}.{name}")
    if cls is SetDocumentValue and name in ("before", "after"):
        path = data.get("path")
        if not isinstance(path, list) or not all(isinstance(key, str) for key in path):
            raise ChangeCodecError("a document value change needs a path of names")
        return _validate(document_path_type(tuple(path)), raw, f"{cls.__name__}.{name}")
    return raw


def _case_field_type(field_name: Any) -> Any:
    if not isinstance(field_name, str):
        raise ChangeCodecError("a case field change needs the field's name")
    if field_name.startswith("attributes."):
        return str
    info = Case.model_fields.get(field_name)
    return info.annotation if info is not None else Any


@cache
def document_path_type(path: tuple[str, ...]) -> Any:
    """The type of the value at ``path`` in an `Inspection` (or None: a removed entry)."""
    annotation: Any = Inspection
    for key in path:
        annotation = _without_none(annotation)
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            info = annotation.model_fields.get(key)
            if info is None:
                return Any
            annotation = info.annotation
        elif typing.get_origin(annotation) is dict:
            annotation = typing.get_args(annotation)[1]
        else:
            return Any
    return annotation | None


def _without_none(annotation: Any) -> Any:
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        rest = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
        if len(rest) == 1:
            return rest[0]
    return annotation
