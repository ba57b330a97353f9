"""Frameworks as data: the standards, key questions and scoring rules an inspection uses.

A framework is a TOML file under ``resources/frameworks/`` (or the user's frameworks folder),
validated here with pydantic. Nothing about a particular framework lives in code: a new
framework is a new file.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from decimal import Decimal
from fractions import Fraction
from functools import cached_property
from pathlib import Path
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    field_validator,
    model_validator,
)

from inspector_app import paths
from inspector_app.core.errors import FrameworkError, describe_validation_error
from inspector_app.core.ratings import RATING_ORDER, Rating

Identifier = Annotated[
    str, StringConstraints(strip_whitespace=True, pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]

FRAMEWORK_ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")


class _Strict(BaseModel):
    # A misspelt key in a framework file must be an error, not silently ignored.
    model_config = ConfigDict(extra="forbid", frozen=True)


class PercentBand(_Strict):
    rating: Rating
    min_percent: Decimal = Field(ge=0, le=100)

    @cached_property
    def min_fraction(self) -> Fraction:
        return Fraction(self.min_percent) / 100


class OverallBand(_Strict):
    rating: Rating
    min_score: int = Field(ge=0)


class Scoring(_Strict):
    points: dict[Rating, int]
    bands: list[PercentBand]
    overall: list[OverallBand]

    @field_validator("points")
    @classmethod
    def _every_rating_has_points(cls, points: dict[Rating, int]) -> dict[Rating, int]:
        missing = [r.value for r in RATING_ORDER if r not in points]
        if missing:
            raise ValueError(f"no points given for: {', '.join(missing)}")
        return points

    @field_validator("bands")
    @classmethod
    def _bands_descend_to_zero(cls, bands: list[PercentBand]) -> list[PercentBand]:
        if not bands:
            raise ValueError("at least one band is needed")
        minimums = [band.min_percent for band in bands]
        if minimums != sorted(minimums, reverse=True) or len(set(minimums)) != len(minimums):
            raise ValueError("bands must be listed from the highest minimum to the lowest")
        if minimums[-1] != 0:
            raise ValueError("the lowest band must start at 0 so that every percentage has a band")
        return bands

    @field_validator("overall")
    @classmethod
    def _overall_descends_to_zero(cls, overall: list[OverallBand]) -> list[OverallBand]:
        if not overall:
            raise ValueError("at least one overall band is needed")
        minimums = [band.min_score for band in overall]
        if minimums != sorted(minimums, reverse=True) or len(set(minimums)) != len(minimums):
            raise ValueError("overall bands must be listed from the highest score to the lowest")
        if minimums[-1] != 0:
            raise ValueError("the lowest overall band must start at a score of 0")
        return overall

    def band_for(self, fraction: Fraction) -> Rating:
        """The band of an exact fraction (0..1). Never a rounded figure."""
        for band in self.bands:
            if fraction >= band.min_fraction:
                return band.rating
        return self.bands[-1].rating

    def overall_for(self, score: int) -> Rating:
        for band in self.overall:
            if score >= band.min_score:
                return band.rating
        return self.overall[-1].rating


class Sample(_Strict):
    id: Identifier
    title: Text
    description: str = ""


class Attribute(_Strict):
    """A fact recorded about each case (sentence type, risk level...).

    ``values`` lists the allowed values; leave it out for free text. ``samples`` restricts the
    attribute to some case samples; leave it out for all.
    """

    id: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
    label: Text
    values: list[Text] | None = None
    samples: list[Identifier] | None = None

    def applies_to(self, sample_id: str) -> bool:
        return self.samples is None or sample_id in self.samples


class Prompt(_Strict):
    id: Identifier
    text: Text
    allows_not_applicable: bool = True


class KeyQuestion(_Strict):
    id: Identifier
    wording: Text
    # A few words naming what the question asks about ("Keeping people safe"), for lists and
    # tables too narrow for the published wording; our own words, never the report's.
    short: str | None = None
    allows_not_applicable: bool = False
    not_applicable_rule: str | None = None
    prompts: list[Prompt] = []

    @model_validator(mode="after")
    def _not_applicable_is_explained(self) -> KeyQuestion:
        if self.allows_not_applicable and not (self.not_applicable_rule or "").strip():
            raise ValueError(
                "a key question that allows 'Not applicable' must say when, in not_applicable_rule"
            )
        if not self.allows_not_applicable and self.not_applicable_rule:
            raise ValueError("not_applicable_rule is given but allows_not_applicable is false")
        for prompt in self.prompts:
            if not prompt.id.startswith(self.id + "."):
                raise ValueError(f"prompt id '{prompt.id}' must start with '{self.id}.'")
        return self


class Standard(_Strict):
    id: Identifier
    domain: Identifier
    kind: Literal["judgement", "case"]
    title: Text
    statement: Text
    sample: Identifier | None = None
    key_questions: list[KeyQuestion] = []
    guidance: list[Text] = []

    @model_validator(mode="after")
    def _kind_matches_contents(self) -> Standard:
        if self.kind == "case":
            if not self.sample:
                raise ValueError("a case standard must name the case sample it is rated on")
            if not self.key_questions:
                raise ValueError("a case standard needs at least one key question")
            for question in self.key_questions:
                if not question.id.startswith(self.id + "."):
                    raise ValueError(
                        f"key question id '{question.id}' must start with '{self.id}.'"
                    )
        else:
            if self.sample is not None:
                raise ValueError("a judgement standard is not rated on a case sample")
            if self.key_questions:
                raise ValueError(
                    "a judgement standard has no counted key questions; use 'guidance'"
                )
        return self

    @property
    def is_case(self) -> bool:
        return self.kind == "case"


class Domain(_Strict):
    id: Identifier
    title: Text


class OutcomeQuestion(_Strict):
    id: Identifier
    text: Text
    sample: Identifier
    allows_not_applicable: bool = True


QuestionKind = Literal["key_question", "prompt", "outcome"]


class Question(BaseModel):
    """Any question a case answers, whatever its kind: the common view used by the editor."""

    model_config = ConfigDict(frozen=True)

    id: str
    kind: QuestionKind
    text: str
    allows_not_applicable: bool
    sample: str
    standard_id: str | None = None
    key_question_id: str | None = None


class Framework(_Strict):
    model_config = ConfigDict(extra="forbid", frozen=True, ignored_types=(cached_property,))

    id: Annotated[str, StringConstraints(pattern=FRAMEWORK_ID_PATTERN.pattern)]
    version: Text
    title: Text
    description: str = ""
    unit_label: Text = "unit"
    person_label: Text = "person on probation"
    report_shape: Identifier = "pdu"
    scoring: Scoring
    samples: list[Sample]
    attributes: list[Attribute] = []
    domains: list[Domain]
    standards: list[Standard]
    outcomes: list[OutcomeQuestion] = []

    @model_validator(mode="after")
    def _references_resolve(self) -> Framework:
        _require_unique("samples", [s.id for s in self.samples])
        _require_unique("attributes", [a.id for a in self.attributes])
        _require_unique("domains", [d.id for d in self.domains])
        _require_unique("standards", [s.id for s in self.standards])
        question_ids = [q.id for q in self._questions()]
        _require_unique("question", question_ids)
        reserved = {"case_ref", "sample", "inspector", "notes", "status"}
        clash = reserved & {a.id for a in self.attributes}
        if clash:
            raise ValueError(f"attribute ids {sorted(clash)} are reserved for case fields")
        clash = {a.id for a in self.attributes} & set(question_ids)
        if clash:
            raise ValueError(f"ids {sorted(clash)} are used for both an attribute and a question")
        sample_ids = {s.id for s in self.samples}
        domain_ids = {d.id for d in self.domains}
        for standard in self.standards:
            if standard.domain not in domain_ids:
                raise ValueError(f"standard {standard.id} names unknown domain '{standard.domain}'")
            if standard.sample is not None and standard.sample not in sample_ids:
                raise ValueError(f"standard {standard.id} names unknown sample '{standard.sample}'")
        for attribute in self.attributes:
            for sample in attribute.samples or []:
                if sample not in sample_ids:
                    raise ValueError(f"attribute {attribute.id} names unknown sample '{sample}'")
        for outcome in self.outcomes:
            if outcome.sample not in sample_ids:
                raise ValueError(f"outcome {outcome.id} names unknown sample '{outcome.sample}'")
        top = self.scoring.overall[0].min_score
        if top > self.max_score:
            raise ValueError(
                f"the top overall band starts at {top}, above the maximum score {self.max_score}"
            )
        return self

    # -- lookups, built once per framework ------------------------------------------------

    def _questions(self) -> Iterator[Question]:
        for standard in self.standards:
            for kq in standard.key_questions:
                yield Question(
                    id=kq.id,
                    kind="key_question",
                    text=kq.wording,
                    allows_not_applicable=kq.allows_not_applicable,
                    sample=standard.sample or "",
                    standard_id=standard.id,
                    key_question_id=kq.id,
                )
                for prompt in kq.prompts:
                    yield Question(
                        id=prompt.id,
                        kind="prompt",
                        text=prompt.text,
                        allows_not_applicable=prompt.allows_not_applicable,
                        sample=standard.sample or "",
                        standard_id=standard.id,
                        key_question_id=kq.id,
                    )
        for outcome in self.outcomes:
            yield Question(
                id=outcome.id,
                kind="outcome",
                text=outcome.text,
                allows_not_applicable=outcome.allows_not_applicable,
                sample=outcome.sample,
            )

    @cached_property
    def questions(self) -> dict[str, Question]:
        """Every answerable question (key questions, prompts, outcomes) by id, in order."""
        return {q.id: q for q in self._questions()}

    @cached_property
    def standards_by_id(self) -> dict[str, Standard]:
        return {s.id: s for s in self.standards}

    @cached_property
    def key_questions_by_id(self) -> dict[str, KeyQuestion]:
        return {kq.id: kq for s in self.standards for kq in s.key_questions}

    @cached_property
    def samples_by_id(self) -> dict[str, Sample]:
        return {s.id: s for s in self.samples}

    @cached_property
    def attributes_by_id(self) -> dict[str, Attribute]:
        return {a.id: a for a in self.attributes}

    @cached_property
    def case_standards(self) -> list[Standard]:
        return [s for s in self.standards if s.kind == "case"]

    @cached_property
    def judgement_standards(self) -> list[Standard]:
        return [s for s in self.standards if s.kind == "judgement"]

    @cached_property
    def max_score(self) -> int:
        return len(self.standards) * max(self.scoring.points.values())

    @property
    def default_sample(self) -> str:
        return self.samples[0].id

    def standards_in(self, domain_id: str) -> list[Standard]:
        return [s for s in self.standards if s.domain == domain_id]

    def key_questions_for_sample(self, sample_id: str) -> list[KeyQuestion]:
        return [kq for s in self.case_standards if s.sample == sample_id for kq in s.key_questions]

    def questions_for_sample(self, sample_id: str) -> list[Question]:
        return [q for q in self.questions.values() if q.sample == sample_id]

    def attributes_for_sample(self, sample_id: str) -> list[Attribute]:
        return [a for a in self.attributes if a.applies_to(sample_id)]


def _require_unique(what: str, ids: list[str]) -> None:
    seen: set[str] = set()
    for ident in ids:
        if ident in seen:
            raise ValueError(f"{what} id '{ident}' is used more than once")
        seen.add(ident)


# -- loading ----------------------------------------------------------------------------------


def load_framework_file(path: Path) -> Framework:
    """Read and validate one framework file; errors name the file, the field and the problem."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise FrameworkError(f"{path}: cannot read the framework file ({exc.strerror})") from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise FrameworkError(f"{path}: not UTF-8 text (byte {exc.start})") from None
    except tomllib.TOMLDecodeError as exc:
        raise FrameworkError(f"{path}: not valid TOML: {exc}") from None
    try:
        framework = Framework.model_validate(data)
    except ValidationError as exc:
        raise FrameworkError(f"{path}: {describe_validation_error(exc, data)}") from None
    if framework.id != path.stem:
        raise FrameworkError(
            f"{path}: the framework id '{framework.id}' must match the file name '{path.stem}'"
        )
    return framework


def framework_dirs() -> list[Path]:
    """Built-in frameworks first; a user's file with the same id takes precedence."""
    return [paths.builtin_frameworks_dir(), paths.user_frameworks_dir()]


class FrameworkRegistry:
    """Finds and caches frameworks by id."""

    def __init__(self, directories: list[Path] | None = None) -> None:
        self._directories = directories
        self._cache: dict[Path, tuple[float, Framework]] = {}

    def _files(self) -> dict[str, Path]:
        found: dict[str, Path] = {}
        for directory in self._directories or framework_dirs():
            if directory.is_dir():
                for path in sorted(directory.glob("*.toml")):
                    found[path.stem] = path
        return found

    def available(self) -> list[str]:
        return sorted(self._files())

    def get(self, framework_id: str) -> Framework:
        path = self._files().get(framework_id)
        if path is None:
            known = ", ".join(self.available()) or "none"
            raise FrameworkError(
                f"unknown framework '{framework_id}' (frameworks available: {known})"
            )
        return self._load(path)

    def _load(self, path: Path) -> Framework:
        mtime = path.stat().st_mtime
        cached = self._cache.get(path)
        if cached and cached[0] == mtime:
            return cached[1]
        framework = load_framework_file(path)
        self._cache[path] = (mtime, framework)
        return framework


_registry = FrameworkRegistry()


def get_framework(framework_id: str) -> Framework:
    return _registry.get(framework_id)


def available_frameworks() -> list[str]:
    return _registry.available()
