"""The subcommands of `inspector-app`: new, import-cases, rate, summary, validate.

Each command loads through `storage`, edits through `InspectionSession` (the same changes the
desktop app makes) and saves atomically, so a failed command leaves the file as it was.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

from inspector_app.cli.editing import command_lock, editing_session, load_session
from inspector_app.core.csv_import import parse_cases, read_csv_file
from inspector_app.core.document import Inspection, InspectionMeta
from inspector_app.core.errors import InspectorError
from inspector_app.core.framework import available_frameworks, get_framework
from inspector_app.core.ratings import Rating
from inspector_app.core.storage import load_inspection, save_inspection
from inspector_app.core.summary import summary_json, summary_text


def register(subparsers: argparse._SubParsersAction) -> None:
    _add_new(subparsers)
    _add_import(subparsers)
    _add_rate(subparsers)
    _add_summary(subparsers)
    _add_validate(subparsers)


# -- new ----------------------------------------------------------------------------------------


def _add_new(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "new",
        help="create an empty inspection file",
        description="Create a new, empty inspection file for a framework.",
    )
    parser.add_argument("file", help="the inspection file to create (e.g. wakefield.inspection)")
    parser.add_argument(
        "--framework",
        required=True,
        help=f"the framework to rate against: {', '.join(available_frameworks())}",
    )
    parser.add_argument("--unit", required=True, help='the inspected unit, e.g. "Wakefield PDU"')
    parser.add_argument("--region", default="", help='e.g. "Yorkshire and the Humber region"')
    parser.add_argument("--provider", default="The Probation Service", help="the provider")
    parser.add_argument("--lead", default="", help="the lead inspector")
    parser.add_argument(
        "--fieldwork-start",
        type=_parse_date,
        default=None,
        help="first day of fieldwork, YYYY-MM-DD",
    )
    parser.add_argument("--force", action="store_true", help="replace FILE if it exists")
    parser.set_defaults(handler=cmd_new)


def _parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date in the form YYYY-MM-DD") from None


def new_document(
    framework_id: str,
    unit: str,
    *,
    region: str = "",
    provider: str = "The Probation Service",
    lead_inspector: str = "",
    fieldwork_start: date | None = None,
) -> Inspection:
    framework = get_framework(framework_id)
    if not unit.strip():
        raise InspectorError("the inspected unit cannot be blank")
    meta = InspectionMeta(
        unit=unit.strip(),
        region=region.strip(),
        provider=provider.strip(),
        framework_id=framework.id,
        framework_version=framework.version,
        lead_inspector=lead_inspector.strip(),
        fieldwork_start=fieldwork_start,
    )
    return Inspection(meta=meta)


def cmd_new(args: argparse.Namespace) -> int:
    path = Path(args.file)
    if path.exists() and not args.force:
        raise InspectorError(f"{path} already exists; choose another name or add --force")
    document = new_document(
        args.framework,
        args.unit,
        region=args.region,
        provider=args.provider,
        lead_inspector=args.lead,
        fieldwork_start=args.fieldwork_start,
    )
    with command_lock(path):
        save_inspection(document, path)
    print(f"Created {path}: {document.meta.unit}, framework {document.meta.framework_id}")
    return 0


# -- import-cases -----------------------------------------------------------------------------


def _add_import(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "import-cases",
        help="add cases (and their answers) from a CSV file",
        description=(
            "Add cases from a CSV file with a header row: case_ref (required), sample, "
            "inspector, case attribute columns, and one column per question id. Answers are "
            "Yes, No or N/A (also Y, N, NA); blank is unanswered. Any problem stops the import "
            "with the row and column named, and nothing is imported."
        ),
    )
    parser.add_argument("file", help="the inspection file")
    parser.add_argument("csv", help="the CSV file of cases")
    parser.set_defaults(handler=cmd_import_cases)


def cmd_import_cases(args: argparse.Namespace) -> int:
    csv_path = Path(args.csv)
    text = read_csv_file(csv_path)
    with editing_session(args.file) as session:
        try:
            cases = parse_cases(text, session.framework, session.cases, set_by=session.user)
        except InspectorError as exc:
            raise InspectorError(f"{csv_path}: {exc.message} (nothing was imported)") from None
        if not cases:
            raise InspectorError(f"{csv_path} has no case rows (nothing was imported)")
        session.apply(session.add_cases_change(cases))
        save_inspection(session.document, args.file)
    print(
        f"Imported {len(cases)} case{'s' if len(cases) != 1 else ''} into {args.file} "
        f"({len(session.cases)} in all)"
    )
    return 0


# -- rate -------------------------------------------------------------------------------------


def _add_rate(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "rate",
        help="rate a judgement standard, or override a case standard's rating",
        description=(
            "Set the rating of a judgement standard, or override the computed rating of a case "
            "standard (which needs --rationale). RATING is one of: "
            + ", ".join(r.slug for r in Rating)
            + "; 'clear' removes the rating or override."
        ),
    )
    parser.add_argument("file", help="the inspection file")
    parser.add_argument("standard", metavar="STANDARD_ID", help="e.g. P1.1 or P2.3")
    parser.add_argument("rating", metavar="RATING")
    parser.add_argument("--rationale", default="", help="why the computed rating is overridden")
    parser.set_defaults(handler=cmd_rate)


def cmd_rate(args: argparse.Namespace) -> int:
    with editing_session(args.file) as session:
        framework = session.framework
        standard = framework.standards_by_id.get(args.standard)
        if standard is None:
            known = ", ".join(framework.standards_by_id)
            raise InspectorError(
                f"{framework.id} has no standard '{args.standard}'; use one of: {known}"
            )
        if not standard.is_case and args.rationale.strip():
            raise InspectorError(
                f"{standard.id} {standard.title} is a judgement standard: its rating is the "
                "inspectors' own, with nothing computed to override; rate it without "
                "--rationale and give the reasons in its summary"
            )
        clearing = args.rating.strip().lower() in ("clear", "none")
        rating = None if clearing else Rating.from_text(args.rating)
        is_override = standard.is_case
        if is_override:
            session.apply(session.override_change(standard.id, rating, args.rationale))
        else:
            session.apply(session.judgement_rating_change(standard.id, rating))
            # An override of a judgement standard (earlier versions made them) would hide the
            # rating just given: the inspectors' own rating replaces it.
            old_override = session.document.overrides.get(standard.id)
            if old_override is not None:
                session.apply(session.override_change(standard.id, None))
                print(
                    f"Removed the override of {standard.id} ({old_override.rating.value}: "
                    f"{old_override.rationale})"
                )
        save_inspection(session.document, args.file)
    now = session.standard_result(standard.id).rating
    kind = "override" if is_override else "rating"
    counts = now.value if now else "not yet rated"
    if rating is None:
        print(f"Cleared the {kind} of {standard.id} {standard.title}; now {counts}")
    else:
        print(f"Set the {kind} of {standard.id} {standard.title}: {rating.value}")
    return 0


# -- summary ----------------------------------------------------------------------------------


def _add_summary(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "summary",
        help="print the ratings, score and key-question figures",
        description="Print every standard's rating, the key-question figures, the score and "
        "the overall rating.",
    )
    parser.add_argument("file", help="the inspection file")
    parser.add_argument("--json", action="store_true", help="print JSON (see docs/command-line.md)")
    parser.set_defaults(handler=cmd_summary)


def cmd_summary(args: argparse.Namespace) -> int:
    session = load_session(args.file)
    result = session.result()
    if args.json:
        json.dump(summary_json(session.document, result), sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        print(summary_text(session.document, result))
    return 0


# -- validate ---------------------------------------------------------------------------------


def _add_validate(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "validate",
        help="check that a file opens, and list any warnings",
        description="Check an inspection file: exit 0 if it opens (warnings are listed), "
        "2 with the problem if it does not.",
    )
    parser.add_argument("file", help="the inspection file")
    parser.set_defaults(handler=cmd_validate)


def cmd_validate(args: argparse.Namespace) -> int:
    loaded = load_inspection(args.file)
    document = loaded.document
    count = len(document.cases)
    print(
        f"{args.file}: a valid {loaded.framework.id} inspection of {document.meta.unit}, "
        f"{count} case{'s' if count != 1 else ''}"
        + (f" (upgraded from file format {loaded.migrated_from})" if loaded.migrated_from else "")
    )
    for warning in loaded.warnings:
        print(f"  warning: {warning}")
    return 0
