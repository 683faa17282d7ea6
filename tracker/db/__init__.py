"""Engine, transactions, migrations, backup and integrity checks (no Qt).

``Database`` and ``open_database`` are loaded on first use, so that the
light modules of this package (``revisions``, ``read_only``) can be used at
start-up before SQLAlchemy is imported.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tracker.db.database import Database, open_database

__all__ = ["Database", "open_database"]


def __getattr__(name: str):  # noqa: ANN202 - PEP 562: the names above, imported when first asked for
    if name in __all__:
        from tracker.db import database

        return getattr(database, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
