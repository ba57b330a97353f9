"""The published inspection reports this project grew from, as figures.

For each report: the case counts it gives, a (Yes, applicable) pair per key question that
reproduces every printed percentage with those counts, the judgement ratings it prints, and
every rating, the score and the overall rating it prints. Where a report prints a figure from
a relevant sub-sample without giving its size, a sub-sample size is chosen that reproduces the
figure; the choices are noted.
"""

from __future__ import annotations

from dataclasses import dataclass, field

GOOD, RI, INADEQUATE, OUTSTANDING = "Good", "Requires improvement", "Inadequate", "Outstanding"


@dataclass(frozen=True)
class SeedSample:
    sample: str
    total: int
    # key question id -> (yes, applicable, printed percentage)
    figures: dict[str, tuple[int, int, int]]
    # attribute values and how many cases have each, in case order
    attribute_counts: dict[str, list[tuple[str, int]]] = field(default_factory=dict)


@dataclass(frozen=True)
class SeedReport:
    seed: str
    unit: str
    framework: str
    samples: list[SeedSample]
    judgements: dict[str, str]
    ratings: dict[str, str]
    lowest: dict[str, set[str]]
    score: int
    max_score: int
    overall: str
    printed_score: str
    # prompt id -> (yes, applicable): figures quoted in the report's bullets
    prompts: dict[str, tuple[int, int]] = field(default_factory=dict)


NORTHAMPTONSHIRE = SeedReport(
    seed="000",
    unit="Northamptonshire PDU",
    framework="pdu-2023",
    samples=[
        SeedSample(
            "supervision",
            70,  # 45 community orders and 25 licences
            {
                "P2.1.1": (36, 70, 51), "P2.1.2": (47, 70, 67), "P2.1.3": (11, 70, 16),
                "P2.2.1": (27, 70, 39), "P2.2.2": (38, 70, 54), "P2.2.3": (25, 70, 36),
                "P2.3.1": (30, 70, 43), "P2.3.2": (15, 70, 21), "P2.3.3": (19, 70, 27),
                "P2.4.1": (34, 70, 49), "P2.4.2": (25, 70, 36), "P2.4.3": (17, 70, 24),
            },
            {"sentence_type": [("Community order", 45), ("Licence", 25)]},
        )
    ],
    judgements={"P1.1": RI, "P1.2": INADEQUATE, "P1.3": RI},
    ratings={
        "P1.1": RI, "P1.2": INADEQUATE, "P1.3": RI,
        "P2.1": INADEQUATE, "P2.2": INADEQUATE, "P2.3": INADEQUATE, "P2.4": INADEQUATE,
    },
    # The report prints the lowest figure of each standard in bold.
    lowest={"P2.1": {"P2.1.3"}, "P2.2": {"P2.2.3"}, "P2.3": {"P2.3.2"}, "P2.4": {"P2.4.3"}},
    score=2,
    max_score=21,
    overall=INADEQUATE,
    printed_score="02/21",
    prompts={
        # "analysed motivation and readiness to comply in 79 per cent of cases"
        "P2.1.1.b": (55, 70),
        # "used domestic abuse information sufficiently in just 14 out of 63 relevant cases"
        "P2.1.3.b": (14, 63),
        # "only 14 out of 59 relevant cases demonstrating effective plans" (contingency)
        "P2.2.3.d": (14, 59),
    },
)  # fmt: skip

WAKEFIELD = SeedReport(
    seed="003",
    unit="Wakefield PDU",
    framework="pdu-2023",
    samples=[
        SeedSample(
            "supervision",
            39,  # 20 community orders and 19 licences
            {
                "P2.1.1": (31, 39, 79), "P2.1.2": (35, 39, 90), "P2.1.3": (22, 39, 56),
                "P2.2.1": (26, 39, 67), "P2.2.2": (30, 39, 77), "P2.2.3": (24, 39, 62),
                "P2.3.1": (20, 39, 51), "P2.3.2": (19, 39, 49), "P2.3.3": (13, 39, 33),
                "P2.4.1": (24, 39, 62), "P2.4.2": (18, 39, 46), "P2.4.3": (16, 39, 41),
            },
            {"sentence_type": [("Community order", 20), ("Licence", 19)]},
        )
    ],
    judgements={"P1.1": GOOD, "P1.2": RI, "P1.3": RI},
    ratings={
        "P1.1": GOOD, "P1.2": RI, "P1.3": RI,
        "P2.1": RI, "P2.2": RI, "P2.3": INADEQUATE, "P2.4": INADEQUATE,
    },
    lowest={"P2.1": {"P2.1.3"}, "P2.2": {"P2.2.3"}, "P2.3": {"P2.3.3"}, "P2.4": {"P2.4.3"}},
    score=6,
    max_score=21,
    overall=RI,
    printed_score="6/21",
)  # fmt: skip

CAMBRIDGESHIRE = SeedReport(
    seed="004",
    unit="Cambridgeshire and Peterborough PDU",
    framework="pdu-2023",
    samples=[
        SeedSample(
            "supervision",
            59,  # 34 community orders and 25 licences
            {
                "P2.1.1": (32, 59, 54), "P2.1.2": (30, 59, 51), "P2.1.3": (5, 59, 8),
                "P2.2.1": (26, 59, 44), "P2.2.2": (35, 59, 59), "P2.2.3": (22, 59, 37),
                "P2.3.1": (32, 59, 54), "P2.3.2": (20, 59, 34), "P2.3.3": (15, 59, 25),
                "P2.4.1": (34, 59, 58), "P2.4.2": (25, 59, 42), "P2.4.3": (17, 59, 29),
            },
            {"sentence_type": [("Community order", 34), ("Licence", 25)]},
        )
    ],
    judgements={"P1.1": INADEQUATE, "P1.2": INADEQUATE, "P1.3": RI},
    ratings={
        "P1.1": INADEQUATE, "P1.2": INADEQUATE, "P1.3": RI,
        "P2.1": INADEQUATE, "P2.2": INADEQUATE, "P2.3": INADEQUATE, "P2.4": INADEQUATE,
    },
    lowest={"P2.1": {"P2.1.3"}, "P2.2": {"P2.2.3"}, "P2.3": {"P2.3.3"}, "P2.4": {"P2.4.3"}},
    score=1,
    max_score=21,
    overall=INADEQUATE,
    printed_score="1/21",
)  # fmt: skip

NORTH_WEST = SeedReport(
    seed="002",
    unit="NPS North West Division",
    framework="nps-division-2018",
    samples=[
        # 128 supervision cases. 2.2.3, 2.3.3 and 2.4.3 are computed on the relevant
        # sub-sample (the report's footnote 10) whose size is not printed: 110 is chosen.
        SeedSample(
            "supervision",
            128,
            {
                "2.1.1": (106, 128, 83), "2.1.2": (104, 128, 81), "2.1.3": (97, 128, 76),
                "2.2.1": (96, 128, 75), "2.2.2": (103, 128, 80), "2.2.3": (78, 110, 71),
                "2.3.1": (115, 128, 90), "2.3.2": (91, 128, 71), "2.3.3": (78, 110, 71),
                "2.4.1": (105, 128, 82), "2.4.2": (95, 128, 74), "2.4.3": (73, 110, 66),
            },
        ),
        # 120 court-report cases.
        SeedSample("court-reports", 120, {"3.1.1": (90, 120, 75), "3.1.2": (88, 120, 73)}),
        # 20 victim cases plus 10 drawn from the supervision sample for contact around
        # release. The report's figures for 3.2.3 and 3.2.4 did not survive in the source
        # text; the values here fit its 'Outstanding' rating and its narrative ("almost all
        # victims were given the opportunity to comment", "in all cases sampled ... kept
        # VLOs updated"). Applicable counts for 3.2.1 and 3.2.2 are chosen to give the
        # printed figures.
        SeedSample(
            "victim-work",
            30,
            {
                "3.2.1": (18, 22, 82), "3.2.2": (27, 30, 90),
                "3.2.3": (9, 10, 90), "3.2.4": (28, 30, 93),
            },
        ),
    ],
    judgements={"1.1": GOOD, "1.2": RI, "1.3": GOOD, "1.4": RI},
    ratings={
        "1.1": GOOD, "1.2": RI, "1.3": GOOD, "1.4": RI,
        "2.1": GOOD, "2.2": GOOD, "2.3": GOOD, "2.4": GOOD,
        "3.1": GOOD, "3.2": OUTSTANDING,
    },
    lowest={
        "2.1": {"2.1.3"}, "2.2": {"2.2.3"}, "2.3": {"2.3.3"}, "2.4": {"2.4.3"},
        "3.1": {"3.1.2"}, "3.2": {"3.2.1"},
    },
    score=19,
    max_score=30,
    overall=GOOD,
    printed_score="19/30",
)  # fmt: skip

SEED_REPORTS = [NORTHAMPTONSHIRE, WAKEFIELD, CAMBRIDGESHIRE, NORTH_WEST]
