"""Database-level integrity checks (SQLite pragmas; PostgreSQL has its own)."""
from __future__ import annotations

from sqlalchemy import text


def integrity_problems(db, *, quick: bool = False) -> list[str]:  # noqa: ANN001
    if db.dialect != "sqlite":
        return []
    pragma = "quick_check" if quick else "integrity_check"
    with db.engine.connect() as conn:
        rows = [r[0] for r in conn.execute(text(f"PRAGMA {pragma}")).all()]
    return [] if rows == ["ok"] else rows


def foreign_key_problems(db) -> list[str]:  # noqa: ANN001
    if db.dialect != "sqlite":
        return []
    with db.engine.connect() as conn:
        rows = conn.execute(text("PRAGMA foreign_key_check")).all()
    return [f"{table} row {rowid} points to a missing {parent} row" for table, rowid, parent, _ in rows]
