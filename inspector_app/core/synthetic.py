"""Fictional inspections generated from a fixed seed, for the example, tests and benchmarks.

The same seed always gives the same document, byte for byte once saved: answers, notes,
people and timestamps are all drawn from the seeded generator, never from the clock.
Answers are correlated the way real casework is: each case has a hidden quality, and a key
question's 'Yes' answers go to the applicable cases that score best on it, so that a target
percentage can be hit exactly.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from inspector_app.core.document import (
    Answer,
    AnswerValue,
    Case,
    DateWindow,
    Inspection,
    InspectionMeta,
    ReviewStatus,
)
from inspector_app.core.framework import Framework, KeyQuestion

YES, NO, NA = AnswerValue.YES, AnswerValue.NO, AnswerValue.NOT_APPLICABLE

# Evidence notes by the standard's theme, the key question's focus (see `_focus`) and the
# answer, written for this project. Court reports and victim work have one focus each.
_Notes = dict[AnswerValue, Sequence[str]]
_NOTES: dict[tuple[str, str], _Notes] = {
    ("assessment", "engagement"): {
        YES: (
            "The person's own account was recorded alongside the pre-sentence report.",
            "Motivation and barriers to attending were explored in the first two appointments.",
            "Caring responsibilities and shift work taken into account when setting contact.",
        ),
        NO: (
            "Neurodiversity raised by the person but not considered in the assessment.",
            "No exploration of why earlier orders were breached.",
            "Assessment completed without speaking to the person about their circumstances.",
        ),
    },
    ("assessment", "desistance"): {
        YES: (
            "Offending-related factors analysed clearly, with strengths noted alongside them.",
            "Links between alcohol use, debt and the offence drawn out well.",
        ),
        NO: (
            "Assessment copied forward from the last sentence without fresh analysis.",
            "Accommodation and employment needs listed but not linked to the offending.",
        ),
    },
    ("assessment", "safety"): {
        YES: (
            "Police and children's services checks returned and used in the analysis.",
            "Risk to a former partner identified, with the circumstances that would raise it.",
        ),
        NO: (
            "No domestic abuse enquiry despite call-outs recorded in the pre-sentence report.",
            "Risk to the partner's children not analysed; safeguarding check not requested.",
        ),
    },
    ("planning", "engagement"): {
        YES: (
            "Plan agreed with the person; objectives written in their own words.",
            "Appointments planned around the person's college timetable.",
        ),
        NO: (
            "Plan generic; does not reflect the childcare barriers discussed at induction.",
            "Plan not shared with the person or signed by them.",
        ),
    },
    ("planning", "desistance"): {
        YES: (
            "Plan prioritises accommodation and alcohol use, linked to the offending.",
            "Referral to an employment programme set out with a date to review it.",
        ),
        NO: (
            "Plan not completed until four months into the order.",
            "No objective on the drug use identified as central to the offending.",
        ),
    },
    ("planning", "safety"): {
        YES: (
            "Contingency plan names the triggers and the action the practitioner would take.",
            "Licence conditions and exclusion zone reflected in the risk management plan.",
        ),
        NO: (
            "No contingency plan for a new relationship despite known domestic abuse history.",
            "Safeguarding actions agreed with children's services missing from the plan.",
        ),
    },
    ("implementation", "engagement"): {
        YES: (
            "Appointments kept flexible around shift work; contact level matched the risk.",
            "Same practitioner throughout, and the relationship is evident in the records.",
        ),
        NO: (
            "Missed appointments not followed up for six weeks.",
            "Four changes of practitioner in six months; the person disengaged.",
        ),
    },
    ("implementation", "desistance"): {
        YES: (
            "Referral to accommodation service made promptly and followed up.",
            "Structured sessions on thinking skills delivered as planned.",
        ),
        NO: (
            "Rehabilitation activity days not started; no structured work recorded.",
            "Referral for alcohol treatment made but never followed up.",
        ),
    },
    ("implementation", "safety"): {
        YES: (
            "Joint home visit with police offender manager after intelligence received.",
            "Information exchanged with children's services at each core group meeting.",
        ),
        NO: (
            "Safeguarding concerns not shared with children's services when contact resumed.",
            "Home visits planned for the risk level not carried out.",
        ),
    },
    ("reviewing", "engagement"): {
        YES: (
            "Progress discussed with the person and reflected in a written review.",
            "Review adjusted reporting after the person started full-time work.",
        ),
        NO: (
            "Review completed without the person's views on how the order was going.",
            "Poor attendance noted but its causes not reviewed.",
        ),
    },
    ("reviewing", "desistance"): {
        YES: (
            "Review recorded the new tenancy and updated the objectives around it.",
            "Completed programme and its effect on the person's thinking reviewed well.",
        ),
        NO: (
            "No review of progress after the job was lost.",
            "Objectives carried forward unchanged for nine months.",
        ),
    },
    ("reviewing", "safety"): {
        YES: (
            "Review after the arrest updated the risk assessment and the plan.",
            "Risk reviewed with the police after the change in relationship.",
        ),
        NO: (
            "No review following change of address to a household with children.",
            "Review relied on the person's account; no checks with other agencies.",
            "Risk level reduced without evidence of change.",
        ),
    },
    ("court", ""): {
        YES: (
            "Report drew on domestic abuse and safeguarding checks; proposal well reasoned.",
            "Allocation prompt, with the risk screening complete.",
        ),
        NO: (
            "Safeguarding enquiry not made before the report was given to court.",
            "Risk screening incomplete at allocation.",
        ),
    },
    ("victims", ""): {
        YES: (
            "Personalised first letter sent within the time expected; follow-up call made.",
            "Victim's views on licence conditions passed to the responsible officer.",
        ),
        NO: (
            "Standard letter only; no follow-up when the victim did not reply.",
            "Victim not told of the release date in good time.",
        ),
    },
}

_THEMES = {
    "assessment": "assessment",
    "planning": "planning",
    "implementation and delivery": "implementation",
    "reviewing": "reviewing",
    "court reports and case allocation": "court",
    "statutory victim work": "victims",
}

# What a key question of the four casework standards asks about, from its published wording.
_FOCUS_WORDS = (("safe", "safety"), ("engag", "engagement"), ("desist", "desistance"))


def _notes_for(theme: str, kq: KeyQuestion) -> _Notes:
    """The evidence notes that fit ``kq``: its standard's theme, and what the question asks."""
    if (theme, "") in _NOTES:
        return _NOTES[(theme, "")]
    wording = kq.wording.lower()
    focus = next((f for word, f in _FOCUS_WORDS if word in wording), "desistance")
    return _NOTES[(theme, focus)]


_FIRST_NAMES = ("Sam", "Alex", "Jordan", "Priya", "Tom", "Aisha", "Gareth", "Mei", "Ola", "Ruth")
_SURNAMES = ("Ellis", "Natarajan", "Whitfield", "Karim", "Lloyd", "Chen", "Adeyemi", "Hughes")


@dataclass
class GenerationSpec:
    framework: Framework
    cases: int
    seed: int = 1
    unit: str = "Synthetic PDU"
    region: str = "North East region"
    # Share of 'Yes' per key question among applicable cases; default 0.6 for any not listed.
    yes_rates: Mapping[str, float] = field(default_factory=dict)
    # Share of cases whose review is finished (all key questions and outcomes answered).
    complete_share: float = 1.0
    # Share of prompts answered on a finished case.
    prompt_share: float = 0.8
    notes_share: float = 0.5
    inspectors: Sequence[str] = ()
    reference_prefix: str = "CASE"
    fieldwork_start: date = date(2025, 3, 3)


def generate(spec: GenerationSpec) -> Inspection:
    rng = random.Random(spec.seed)
    framework = spec.framework
    inspectors = list(spec.inspectors) or [
        f"{rng.choice(_FIRST_NAMES)} {rng.choice(_SURNAMES)}" for _ in range(4)
    ]
    windows = _sample_windows(spec.fieldwork_start)
    meta = InspectionMeta(
        unit=spec.unit,
        region=spec.region,
        framework_id=framework.id,
        framework_version=framework.version,
        fieldwork_start=spec.fieldwork_start,
        fieldwork_end=spec.fieldwork_start + timedelta(days=11),
        report_date=spec.fieldwork_start + timedelta(days=120),
        lead_inspector=inspectors[0],
        team=inspectors[1:],
        sample_windows=windows,
        practitioner_interviews=max(1, int(spec.cases * 0.8)),
    )
    created = datetime.combine(spec.fieldwork_start - timedelta(days=14), time(9), UTC)
    document = Inspection(
        id=uuid.UUID(int=rng.getrandbits(128), version=4),
        created_at=created,
        meta=meta,
    )
    cases = [_new_case(rng, framework, spec, i, inspectors) for i in range(spec.cases)]
    quality = {case.id: rng.random() for case in cases}
    finished = {case.id: rng.random() < spec.complete_share for case in cases}
    clock = _Clock(rng, spec.fieldwork_start)
    # The notes' wording has a generator of its own, so that rewording a note never moves
    # an answer (and with it every figure of the example).
    notes_rng = random.Random(f"{spec.seed}-notes")
    for standard in framework.case_standards:
        theme = _THEMES.get(standard.title.lower(), "assessment")
        in_sample = [c for c in cases if c.sample == standard.sample]
        for kq in standard.key_questions:
            _answer_key_question(
                rng, notes_rng, spec, kq, _notes_for(theme, kq), in_sample, quality, finished, clock
            )
    for outcome in framework.outcomes:
        for case in cases:
            if case.sample != outcome.sample or not finished[case.id]:
                continue
            value = YES if rng.random() < 0.25 + 0.5 * quality[case.id] else NO
            if outcome.allows_not_applicable and rng.random() < 0.08:
                value = NA
            case.answers[outcome.id] = Answer(
                value=value, set_by=case.inspector, set_at=clock.next()
            )
    for case in cases:
        if finished[case.id]:
            case.status = ReviewStatus.COMPLETE
    document.cases = cases
    return document


def _sample_windows(fieldwork_start: date) -> list[DateWindow]:
    first = fieldwork_start - timedelta(days=26 * 7)
    second = first + timedelta(days=4 * 7)
    return [
        DateWindow(start=first, end=first + timedelta(days=6)),
        DateWindow(start=second, end=second + timedelta(days=6)),
    ]


def _new_case(
    rng: random.Random,
    framework: Framework,
    spec: GenerationSpec,
    index: int,
    inspectors: list[str],
) -> Case:
    sample = _pick_sample(rng, framework)
    attributes: dict[str, str] = {}
    for attribute in framework.attributes_for_sample(sample):
        if attribute.values:
            attributes[attribute.id] = _weighted_value(rng, attribute.id, attribute.values)
    return Case(
        id=uuid.UUID(int=rng.getrandbits(128), version=4),
        reference=f"{spec.reference_prefix}-{index + 1:04d}",
        sample=sample,
        attributes=attributes,
        inspector=inspectors[index % len(inspectors)],
    )


def _pick_sample(rng: random.Random, framework: Framework) -> str:
    if len(framework.samples) == 1:
        return framework.samples[0].id
    # Most cases are supervision cases; the other samples share the rest.
    if rng.random() < 0.6:
        return framework.samples[0].id
    return rng.choice(framework.samples[1:]).id


_WEIGHTS: dict[str, Sequence[float]] = {
    "sentence_type": (0.6, 0.4, 0.0, 0.0),
    "rosh_level": (0.2, 0.55, 0.22, 0.03),
    "gender": (0.86, 0.13, 0.01, 0.0),
    "ethnicity": (0.84, 0.13, 0.03),
}


def _weighted_value(rng: random.Random, attribute_id: str, values: Sequence[str]) -> str:
    weights = list(_WEIGHTS.get(attribute_id, ()))[: len(values)]
    if len(weights) < len(values) or not any(weights):
        return rng.choice(list(values))
    return rng.choices(list(values), weights=weights)[0]


def _answer_key_question(
    rng: random.Random,
    notes_rng: random.Random,
    spec: GenerationSpec,
    kq: KeyQuestion,
    notes: _Notes,
    cases: list[Case],
    quality: dict[uuid.UUID, float],
    finished: dict[uuid.UUID, bool],
    clock: _Clock,
) -> None:
    applicable: list[Case] = []
    for case in cases:
        if not finished[case.id] and rng.random() < 0.5:
            continue  # an unfinished review: this question not reached yet
        if kq.allows_not_applicable and _not_applicable(rng, case):
            case.answers[kq.id] = Answer(value=NA, set_by=case.inspector, set_at=clock.next())
            _answer_prompts(rng, spec, kq, case, NA, clock)
        else:
            applicable.append(case)
    rate = spec.yes_rates.get(kq.id, 0.6)
    yes_count = round(rate * len(applicable))
    ranked = sorted(applicable, key=lambda c: quality[c.id] + rng.gauss(0, 0.12), reverse=True)
    yes_ids = {c.id for c in ranked[:yes_count]}
    for case in applicable:
        value = YES if case.id in yes_ids else NO
        note = ""
        if notes_rng.random() < spec.notes_share:
            note = notes_rng.choice(notes[value])
        case.answers[kq.id] = Answer(
            value=value, note=note, set_by=case.inspector, set_at=clock.next()
        )
        _answer_prompts(rng, spec, kq, case, value, clock)


def _not_applicable(rng: random.Random, case: Case) -> bool:
    # Mirrors the sub-sample rule: safety questions do not apply where no risk of serious harm
    # issues arise, which in practice is most low-risk cases.
    if "rosh_level" in case.attributes:
        return case.attributes["rosh_level"] == "Low" and rng.random() < 0.8
    return rng.random() < 0.2


def _answer_prompts(
    rng: random.Random,
    spec: GenerationSpec,
    kq: KeyQuestion,
    case: Case,
    kq_value: AnswerValue,
    clock: _Clock,
) -> None:
    for prompt in kq.prompts:
        if rng.random() > spec.prompt_share:
            continue
        if kq_value is NA:
            if not prompt.allows_not_applicable:
                continue
            value = NA
        else:
            chance = 0.88 if kq_value is YES else 0.45
            value = YES if rng.random() < chance else NO
            if prompt.allows_not_applicable and rng.random() < 0.06:
                value = NA
        case.answers[prompt.id] = Answer(value=value, set_by=case.inspector, set_at=clock.next())


class _Clock:
    """Timestamps that advance through the fieldwork fortnight, drawn from the seed."""

    def __init__(self, rng: random.Random, start: date) -> None:
        self._rng = rng
        self._now = datetime.combine(start, time(9), UTC)

    def next(self) -> datetime:
        self._now += timedelta(seconds=self._rng.randint(5, 90))
        return self._now
