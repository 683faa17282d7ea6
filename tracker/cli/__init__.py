"""The ``tracker`` command: opens the app, or runs a clinic task from a script.

Errors are one plain line on stderr and a non-zero exit, never a traceback.
"""
from __future__ import annotations

import argparse
import logging
import os
import sys

from tracker import __version__
from tracker.config import DATA_DIR_ENV, DB_ENV, USER_ENV

log = logging.getLogger("tracker")


class CliError(Exception):
    """A problem to report in one line (exit status 2)."""


def _global_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", metavar="URL", help=f"database URL or SQLite file (or ${DB_ENV})")
    parser.add_argument("--data-dir", metavar="DIR", help=f"folder for the database, photos and backups (or ${DATA_DIR_ENV})")
    parser.add_argument("--user", metavar="USERNAME", help=f"staff member acting (or ${USER_ENV}); default: the first clinician")
    parser.add_argument("-v", "--verbose", action="store_true", help="log what happens")


def build_parser() -> argparse.ArgumentParser:
    from tracker.cli import commands

    parser = argparse.ArgumentParser(
        prog="tracker",
        description="Intralesional injection treatment tracker. With no command, opens the app.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    _global_options(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in commands.ALL:
        module.register(sub)
    return parser


def _opening_the_app(argv: list[str]) -> argparse.Namespace | None:
    """The arguments when only global options are given (the app is opened):
    then the subcommands, and the database layer they import, are not loaded
    before the window is on screen."""
    if any(a in ("-h", "--help", "--version") for a in argv):
        return None
    parser = argparse.ArgumentParser(prog="tracker", add_help=False)
    _global_options(parser)
    try:
        args, rest = parser.parse_known_args(argv)
    except SystemExit:
        return None
    return None if rest else args


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = _opening_the_app(argv) or build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    if not args.user:
        args.user = os.environ.get(USER_ENV)
    handler = getattr(args, "handler", None)
    if handler is None:
        from tracker.cli.gui import run as handler
    try:
        return int(handler(args) or 0)
    except BrokenPipeError:
        # The reader (e.g. `head`) went away: not an error of ours.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        print("tracker: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - the one place that turns errors into a line
        from tracker.cli.commands import explain

        if args.verbose:
            log.exception("failed")
        print(f"tracker: error: {explain(exc)}", file=sys.stderr)
        return 2
