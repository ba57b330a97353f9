"""`inspector-app export FILE --docx OUT.docx --xlsx OUT.xlsx`: the report and the workbook."""

from __future__ import annotations

import argparse
from pathlib import Path

from inspector_app.core.errors import InspectorError
from inspector_app.core.storage import load_inspection


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "export",
        help="export the Word report skeleton and/or the data workbook",
        description="Export an inspection: --docx writes the Word report skeleton, --xlsx the "
        "data workbook. Give either or both.",
    )
    parser.add_argument("file", help="the inspection file")
    parser.add_argument("--docx", metavar="OUT.docx", help="write the Word report here")
    parser.add_argument(
        "--template",
        metavar="TEMPLATE.docx",
        help="a house Word template whose styles the report uses (default: the built-in one)",
    )
    parser.add_argument("--xlsx", metavar="OUT.xlsx", help="write the data workbook here")
    parser.set_defaults(handler=cmd_export)


def cmd_export(args: argparse.Namespace) -> int:
    if not args.docx and not args.xlsx:
        raise InspectorError("say what to export: --docx OUT.docx and/or --xlsx OUT.xlsx")
    loaded = load_inspection(args.file)
    if args.docx:
        from inspector_app.export.docx_report import export_docx

        out = Path(args.docx)
        template = Path(args.template) if args.template else None
        export_docx(loaded.document, loaded.framework, out, template=template)
        print(f"Wrote the report to {out}")
    if args.xlsx:
        from inspector_app.export.workbook import export_workbook

        out = Path(args.xlsx)
        export_workbook(loaded.document, loaded.framework, out)
        print(f"Wrote the workbook to {out}")
    return 0
