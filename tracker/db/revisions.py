"""Is the database already at this build's schema? Answered without Alembic.

Importing Alembic costs about a third of a second, so opening the clinic
reads the shipped revision files' ``revision`` / ``down_revision`` lines and
the database's ``alembic_version`` row directly. Only when they differ (a
new or older database) does ``migrate.upgrade_to_head`` run Alembic, which
also refuses a database written by a newer build. ``shipped_heads`` needs
no SQLAlchemy either (the start-up's first look uses it before that loads).
"""
from __future__ import annotations

import ast
import re
from functools import lru_cache
from typing import TYPE_CHECKING

from tracker.paths import migrations_dir

if TYPE_CHECKING:
    from sqlalchemy import Engine

_ASSIGN = re.compile(r"^(revision|down_revision)\s*(?::[^=\n]+)?=\s*(.+?)\s*$", re.M)


@lru_cache(maxsize=1)
def shipped_heads() -> frozenset[str]:
    """Revisions no other shipped revision builds on."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (migrations_dir() / "versions").glob("*.py"):
        found = dict(_ASSIGN.findall(path.read_text(encoding="utf-8")))
        if "revision" not in found:
            continue
        revisions.add(ast.literal_eval(found["revision"]))
        down = ast.literal_eval(found.get("down_revision", "None"))
        parents.update([down] if isinstance(down, str) else (down or ()))
    return frozenset(revisions - parents)


def stored_revisions(engine: Engine) -> frozenset[str]:
    from sqlalchemy import text
    from sqlalchemy.exc import OperationalError, ProgrammingError

    try:
        with engine.connect() as conn:
            return frozenset(r[0] for r in conn.execute(text("SELECT version_num FROM alembic_version")))
    except (OperationalError, ProgrammingError):  # no such table: a new database
        return frozenset()


def up_to_date(engine: Engine) -> bool:
    stored = stored_revisions(engine)
    return bool(stored) and stored == shipped_heads()
