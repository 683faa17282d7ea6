"""``tracker`` / ``tracker gui``: open the app."""
from __future__ import annotations

import argparse

from tracker.config import resolve_location


def register(sub) -> None:  # noqa: ANN001
    p = sub.add_parser("gui", help="open the app (the default)")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from tracker.ui.app import run_app  # Qt only when the window is wanted

    return run_app(resolve_location(args.db, args.data_dir), user=args.user)
