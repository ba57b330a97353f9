"""Entry point of `inspector-app`.

With no subcommand it starts the desktop app (optionally opening a file); with a subcommand it
runs that tool and exits: 0 on success, 2 on bad input (the message on stderr, never a
traceback), and other codes where a subcommand documents them. Qt is imported only when the
desktop app starts, so the tools work on machines without a display.
"""

from __future__ import annotations

import argparse
import difflib
import gc
import sys
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from inspector_app import APP_NAME, __version__
from inspector_app.cli import commands, export_commands, team_commands
from inspector_app.core import collector
from inspector_app.core.errors import InspectorError

# Each registers its subcommands: the core's (new, import-cases, rate, summary, validate), the
# exports (export), and team work (merge, history, review, qa, sample-size).
COMMAND_MODULES = (commands, export_commands, team_commands)

EXIT_OK = 0
EXIT_BAD_INPUT = 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="inspector-app",
        description=(
            f"{APP_NAME}: case reviews, live ratings and report drafting for probation "
            "inspections. Run with no command (or with a FILE) to start the desktop app."
        ),
        epilog="Run 'inspector-app COMMAND --help' for the options of a command.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    _add_commands(parser)
    return parser


def _add_commands(parser: argparse.ArgumentParser) -> argparse._SubParsersAction:
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in COMMAND_MODULES:
        module.register(subparsers)
    return subparsers


@cache
def command_names() -> tuple[str, ...]:
    return tuple(_add_commands(argparse.ArgumentParser(add_help=False)).choices)


def build_gui_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="inspector-app",
        description=f"Start the {APP_NAME} desktop app.",
        epilog=f"Commands without a window: {', '.join(command_names())}. "
        "Run 'inspector-app --help' for more.",
    )
    parser.add_argument("file", nargs="?", help="an inspection file to open")
    parser.add_argument(
        "--smoke-test",
        action="store_true",
        help="start, open FILE (default: the example inspection), render the main window "
        "once and exit: 0 if all went well",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list and (
        args_list[0] in command_names() or args_list[0] in ("-h", "--help", "--version")
    ):
        parser = build_parser()
        args = parser.parse_args(args_list)
        return run_command(args)
    # A misspelt command ("sumary FILE") would otherwise be taken for a file to open. Only
    # where a console shows the message: a windowed build opens and explains the file instead.
    if args_list and not args_list[0].startswith("-") and sys.stderr is not None:
        mistyped = mistyped_command(args_list[0])
        if mistyped is not None:
            print(f"inspector-app: error: {mistyped}", file=sys.stderr)
            return EXIT_BAD_INPUT
    gui_args = build_gui_parser().parse_args(args_list)
    # Start-up creates a great many objects that live as long as the app (modules, models,
    # widgets, the open inspection); looking for reference cycles among them before the
    # window is up only delays it. run_app turns the collector back on once it is.
    gc.disable()
    try:
        from inspector_app.gui.app import run_app  # Qt only from here on

        return run_app(gui_args.file, smoke_test=gui_args.smoke_test)
    finally:
        collector.resume()


def mistyped_command(argument: str) -> str | None:
    """What is wrong when ``argument``, given where a file to open goes, is neither a file
    nor a path but looks like a misspelt command ("sumary"); None when it may be a file."""
    path = Path(argument)
    if path.exists() or path.suffix or len(path.parts) > 1:
        return None
    close = difflib.get_close_matches(argument, command_names(), n=1)
    hint = f"did you mean '{close[0]}'?" if close else f"commands: {', '.join(command_names())}"
    return f"'{argument}' is neither a command nor a file; {hint}"


def run_command(args: argparse.Namespace) -> int:
    try:
        return int(args.handler(args) or EXIT_OK)
    except InspectorError as exc:
        print(f"inspector-app: error: {exc.message}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("inspector-app: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
