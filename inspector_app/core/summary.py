"""The ratings of an inspection as text and as JSON (the `summary` command's output).

The JSON shape is documented in docs/command-line.md; keep the two in step.
"""

from __future__ import annotations

from typing import Any

from inspector_app.core.document import Inspection
from inspector_app.core.engine import InspectionResult, format_percent

RATING_WIDTH = 22


def summary_json(document: Inspection, result: InspectionResult) -> dict[str, Any]:
    framework = result.framework
    standards = []
    for standard in result.standards:
        entry: dict[str, Any] = {
            "id": standard.id,
            "title": standard.standard.title,
            "kind": standard.standard.kind,
            "domain": standard.standard.domain,
            "rating": standard.rating.value if standard.rating else None,
            "overridden": standard.overridden,
            "provisional": standard.provisional,
        }
        if standard.override is not None:
            entry["computed_rating"] = (
                standard.computed_rating.value if standard.computed_rating else None
            )
            entry["override_rationale"] = standard.override.rationale
        if standard.standard.is_case:
            entry["key_questions"] = [
                {
                    "id": kq.id,
                    "yes": kq.yes,
                    "applicable": kq.applicable,
                    "not_applicable": kq.not_applicable,
                    "unanswered": kq.unanswered,
                    "percent": kq.percent_value,
                    "lowest": kq.lowest,
                }
                for kq in standard.key_questions
            ]
        standards.append(entry)
    return {
        "framework": framework.id,
        "unit": document.meta.unit,
        "score": result.score,
        "max_score": result.max_score,
        "overall_rating": result.overall_rating.value if result.overall_rating else None,
        "provisional": result.provisional,
        "warnings": list(result.warnings),
        "standards": standards,
    }


def summary_text(document: Inspection, result: InspectionResult) -> str:
    framework = result.framework
    lines = [f"{document.meta.unit} — {framework.title}"]
    overall = result.overall_rating.value if result.overall_rating else "not yet rated"
    provisional = " (provisional)" if result.provisional else ""
    lines.append(f"Score {result.score_text}, {overall}{provisional}")
    cases = len(document.cases)
    lines.append(f"{cases} case{'s' if cases != 1 else ''} inspected")
    for domain in framework.domains:
        lines.append("")
        lines.append(f"{domain.id}. {domain.title}")
        for standard in result.standards:
            if standard.standard.domain != domain.id:
                continue
            rating = standard.rating.value if standard.rating else "not yet rated"
            marks = []
            if standard.provisional:
                marks.append("provisional")
            if standard.overridden:
                computed = standard.computed_rating
                computed_text = computed.value if computed else "not yet rated"
                marks.append(f"overridden; computed {computed_text}")
            suffix = f"  [{', '.join(marks)}]" if marks else ""
            name = f"{standard.id} {standard.standard.title}"
            lines.append(f"  {name:<40} {rating}{suffix}")
            if standard.override is not None:
                lines.append(f"      override rationale: {standard.override.rationale}")
            for kq in standard.key_questions:
                marker = "*" if kq.lowest else " "
                figure = format_percent(kq.percent)
                counts = f"{kq.yes}/{kq.applicable}"
                extra = f", {kq.unanswered} unanswered" if kq.unanswered else ""
                lines.append(f"    {marker} {kq.id:<9} {figure:>5}  ({counts}{extra})")
    if result.warnings:
        lines.append("")
        lines.append("Warnings:")
        lines.extend(f"  - {warning}" for warning in result.warnings)
    lines.append("")
    lines.append("* lowest key question: the standard takes its band")
    return "\n".join(lines)
