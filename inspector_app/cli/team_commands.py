"""Team fieldwork on the command line: merge, history, review, qa and sample-size.

`merge` exits with status 3 when decisions remain for the lead (conflicts it could not
settle, duplicate references, deleted cases); it then writes nothing, so the master is exactly
as it was.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from inspector_app.cli.editing import command_lock, editing_session
from inspector_app.core import history, qa, stats
from inspector_app.core.document import ReviewStatus
from inspector_app.core.errors import InspectorError
from inspector_app.core.merge import MergeResult, merge_files
from inspector_app.core.storage import load_inspection, save_inspection

EXIT_UNSETTLED = 3


def register(subparsers: argparse._SubParsersAction) -> None:
    _add_merge(subparsers)
    _add_history(subparsers)
    _add_review(subparsers)
    _add_qa(subparsers)
    _add_sample_size(subparsers)


# -- merge --------------------------------------------------------------------------------------


def _add_merge(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "merge",
        help="merge inspectors' copies into the master file",
        description=(
            "Bring into MASTER the cases, answers, case details, QA comments and history that "
            "each OTHER file added or changed since it was copied from the master. Where two "
            "files changed the same thing, or a decision about a whole case is needed, the "
            "merge stops with exit status 3, lists the decisions and writes nothing; settle "
            "them with --choose (or the value conflicts with --prefer) and run it again."
        ),
    )
    parser.add_argument("master", metavar="MASTER", help="the lead's inspection file")
    parser.add_argument("others", metavar="OTHER", nargs="+", help="inspectors' copies")
    parser.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        help="write the merged file here (default: over MASTER, atomically)",
    )
    parser.add_argument(
        "--choose",
        action="append",
        default=[],
        metavar="KEY=OPTION",
        help="settle one decision, e.g. BRK-0007/P2.1.1=master or BRK-0007/P2.1.1=priya; "
        "the keys and options are listed when the merge stops (repeat for each)",
    )
    parser.add_argument(
        "--prefer",
        choices=("master", "newest"),
        help="settle every remaining answer and case-detail conflict: keep the master's value, "
        "or take the most recently changed one",
    )
    parser.set_defaults(handler=cmd_merge)


def cmd_merge(args: argparse.Namespace) -> int:
    master = Path(args.master)
    out = Path(args.output) if args.output else master
    # Locked from the start: a window saving the master meanwhile would be overwritten.
    with command_lock(out):
        return _merge_into(master, out, args)


def _merge_into(master: Path, out: Path, args: argparse.Namespace) -> int:
    result = merge_files(master, [Path(p) for p in args.others])
    for notice in result.notices:
        print(f"note: {notice}")
    for item in args.choose:
        key, sep, option = item.partition("=")
        if not sep or not key.strip() or not option.strip():
            raise InspectorError(f"--choose takes KEY=OPTION, not '{item}'")
        result.choose(key.strip(), option.strip())
    if args.prefer:
        result.prefer(args.prefer)
    print(f"Merging into {master}: {result.summary()}")
    if result.unsettled:
        print_decisions(result)
        return EXIT_UNSETTLED
    if not result.changes_anything and out == master:
        print(f"Nothing new: {master} already has everything in the other files; left unchanged")
        return 0
    document = result.merged_document()
    save_inspection(document, out)
    print(f"Wrote the merged inspection to {out} ({len(document.cases)} cases)")
    return 0


def print_decisions(result: MergeResult, stream=None) -> None:
    out = stream or sys.stdout
    count = len(result.unsettled)
    print(
        f"\n{count} decision{'s' if count != 1 else ''} the merge cannot take alone; "
        "nothing was written and the master is unchanged.",
        file=out,
    )
    for decision in result.unsettled:
        print(f"\n  {decision.key}", file=out)
        print(f"    {decision.title}", file=out)
        print(f"    {decision.explanation}", file=out)
        if decision.base is not None:
            print(f"    When the copies were made: {decision.base}", file=out)
        for option in decision.options:
            print(f"      {option.key:<24} {option.label}", file=out)
    example = result.unsettled[0]
    print(
        f"\nSettle each with --choose KEY=OPTION (for example --choose "
        f"{example.key}={example.options[0].key}), or every answer conflict with "
        "--prefer master|newest, and run the merge again.",
        file=out,
    )


# -- history ----------------------------------------------------------------------------------


def _add_history(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "history",
        help="list the change history, or write it to CSV",
        description="List every logged change (answers, case details, cases added and "
        "removed), oldest first: all of them, or one case's. --csv writes them to a file.",
    )
    parser.add_argument("file", help="the inspection file")
    parser.add_argument("--case", metavar="REF", help="only the case with this reference")
    parser.add_argument("--csv", metavar="OUT.csv", help="write the entries to a CSV file")
    parser.set_defaults(handler=cmd_history)


def cmd_history(args: argparse.Namespace) -> int:
    loaded = load_inspection(args.file)
    document = loaded.document
    if args.case:
        records = history.history_for_reference(document, args.case)
        if not records and not history.cases_matching(document, args.case):
            raise InspectorError(f"{args.file} has no case {args.case}")
    else:
        records = sorted(document.history, key=lambda r: r.at)
    if args.csv:
        out = Path(args.csv)
        history.write_history_csv(records, out)
        print(f"Wrote {len(records)} history entr{'y' if len(records) == 1 else 'ies'} to {out}")
        return 0
    if not records:
        print("No changes logged yet")
        return 0
    for record in records:
        who = record.by or "unknown"
        print(
            f"{record.at:%Y-%m-%d %H:%M}  {who:<18} {record.case_reference:<12} "
            f"{history.describe(record, loaded.framework)}"
        )
    return 0


# -- review and qa -------------------------------------------------------------------------------

STATUS_WORDS = {
    "draft": ReviewStatus.DRAFT,
    "complete": ReviewStatus.COMPLETE,
    "qa-checked": ReviewStatus.QA_CHECKED,
    "checked": ReviewStatus.QA_CHECKED,
    "query": ReviewStatus.QUERY_RAISED,
    "query-raised": ReviewStatus.QUERY_RAISED,
}


def _add_review(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "review",
        help="set a case's review status, with a QA comment",
        description="Set the review status of a case: draft, complete, qa-checked or query "
        "(a query needs --comment, which is added as a QA comment; for complete it is the "
        "reason a case with gaps is complete anyway).",
    )
    parser.add_argument("file", help="the inspection file")
    parser.add_argument("case", metavar="REF", help="the case reference")
    parser.add_argument("status", metavar="STATUS", help=", ".join(STATUS_WORDS))
    parser.add_argument("--comment", default="", help="a QA comment (or the reason)")
    parser.add_argument(
        "--resolve",
        action="store_true",
        help="with qa-checked: resolve the case's open QA comments",
    )
    parser.set_defaults(handler=cmd_review)


def cmd_review(args: argparse.Namespace) -> int:
    status = STATUS_WORDS.get(args.status.strip().lower().replace("_", "-").replace(" ", "-"))
    if status is None:
        raise InspectorError(
            f"'{args.status}' is not a review status; use one of: draft, "
            "complete, qa-checked, query"
        )
    with editing_session(args.file) as session:
        matches = history.cases_matching(session.document, args.case)
        if not matches:
            raise InspectorError(f"{args.file} has no case {args.case}")
        if len(matches) > 1:
            raise InspectorError(f"more than one case is called {args.case}; rename one first")
        case = matches[0]
        change = session.review_status_change(
            case.id, status, args.comment, resolve_open_comments=args.resolve
        )
        if change is None:
            print(f"Case {case.reference} is already {status.label}")
            return 0
        session.apply(change)
        save_inspection(session.document, args.file)
    print(f"Case {case.reference}: {status.label}")
    return 0


def _add_qa(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "qa",
        help="review statuses, open QA comments, and the ratings on QA-checked cases",
        description="Count the cases by review status, list open QA comments, and print the "
        "ratings computed on QA-checked cases only.",
    )
    parser.add_argument("file", help="the inspection file")
    parser.set_defaults(handler=cmd_qa)


def cmd_qa(args: argparse.Namespace) -> int:
    loaded = load_inspection(args.file)
    document = loaded.document
    counts = qa.status_counts(document.cases)
    print(", ".join(f"{status.label}: {n}" for status, n in counts.items()))
    open_cases = qa.cases_with_open_comments(document.cases)
    for case in open_cases:
        for comment in qa.open_comments(case):
            print(f"  open  {case.reference:<12} {comment.by or 'unknown'}: {comment.text}")
    checked = counts[ReviewStatus.QA_CHECKED]
    result = qa.rate_qa_checked(loaded.framework, document)
    overall = result.overall_rating.value if result.overall_rating else "not yet rated"
    print(
        f"On the {checked} QA-checked case{'s' if checked != 1 else ''} only: "
        f"score {result.score_text}, {overall}"
    )
    for standard in result.standards:
        if standard.standard.is_case:
            rating = standard.rating.value if standard.rating else "not yet rated"
            print(f"  {standard.id:<6} {standard.standard.title:<32} {rating}")
    return 0


# -- sample size --------------------------------------------------------------------------------


def _percent(text: str) -> float:
    try:
        value = float(text.strip().rstrip("%"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a percentage") from None
    if not 0 < value < 100:
        raise argparse.ArgumentTypeError(f"{text} is not between 0 and 100")
    return value / 100


def _add_sample_size(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "sample-size",
        help="how many cases to inspect for a confidence level and margin of error",
        description="Cochran's sample size with the finite population correction: the cases "
        "to inspect so that a percentage is within the margin of error at the confidence "
        "level. The 2018 inspections used 80%% confidence and a margin of error of 5.",
    )
    parser.add_argument(
        "--population", type=int, help="eligible cases (leave out for a very large population)"
    )
    parser.add_argument(
        "--confidence", type=_percent, default=0.80, help="confidence level in %% (default 80)"
    )
    parser.add_argument(
        "--margin", type=_percent, default=0.05, help="margin of error in %% points (default 5)"
    )
    parser.add_argument(
        "--proportion",
        type=_percent,
        default=0.5,
        help="the expected percentage 'Yes' (default 50, which needs the most cases)",
    )
    parser.set_defaults(handler=cmd_sample_size)


def cmd_sample_size(args: argparse.Namespace) -> int:
    size = stats.sample_size(args.population, args.confidence, args.margin, args.proportion)
    of = f"of {args.population:,} eligible cases" if args.population else "from a large population"
    print(
        f"Inspect {size} cases {of} for {args.confidence * 100:g}% confidence with a margin "
        f"of error of {args.margin * 100:g} percentage points."
    )
    return 0
