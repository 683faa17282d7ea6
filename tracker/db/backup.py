"""Online backup and verified restore with the SQLite backup API.

A backup is written to a temporary file, checked with ``integrity_check``,
flushed to disk and only then renamed into place. A restore checks the copy
first (integrity and a schema this build knows), backs up the current
database, then copies the pages in one step; nothing is replaced if any check
fails.
"""
from __future__ import annotations

import logging
import os
import shutil
import sqlite3
from datetime import datetime, timezone
from collections.abc import Callable
from pathlib import Path

from tracker.db.errors import BackupError, RestoreRefused
from tracker.db.writer_turn import writer_turn

log = logging.getLogger(__name__)

RESTORE_TURN_WAIT_S = 30.0  # a save in progress elsewhere finishes first


def _connect(path: Path, *, readonly: bool = False) -> sqlite3.Connection:
    if readonly:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10, isolation_level=None)
    else:
        conn = sqlite3.connect(str(path), timeout=10, isolation_level=None)
    conn.execute("PRAGMA busy_timeout=10000")
    return conn


def integrity_problems(conn: sqlite3.Connection) -> list[str]:
    rows = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()]
    return [] if rows == ["ok"] else rows


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def _write_copy(source: Path, tmp: Path) -> list[str]:
    """Copy the database ``source`` into the new file ``tmp`` (rollback journal)
    and return its integrity problems; a failed copy leaves no file behind."""
    tmp.unlink(missing_ok=True)
    src = _connect(source, readonly=True)
    try:
        out = sqlite3.connect(str(tmp), isolation_level=None)
        try:
            src.backup(out)
            out.execute("PRAGMA journal_mode=DELETE")
            return integrity_problems(out)
        finally:
            out.close()
    except sqlite3.DatabaseError:
        tmp.unlink(missing_ok=True)
        raise
    finally:
        src.close()


def backup_sqlite(source: Path, dest: Path) -> Path:
    """Copy a live SQLite database to ``dest`` (online: writers may go on)."""
    source, dest = Path(source), Path(dest)
    if not source.exists():
        raise BackupError(f"no database at {source}")
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(dest.name + ".partial")
    problems = _write_copy(source, tmp)
    if problems:
        tmp.unlink(missing_ok=True)
        raise BackupError(f"the backup copy failed its integrity check: {problems[0]}")
    _fsync(tmp)
    os.replace(tmp, dest)
    _fsync(dest)
    return dest


def _not_a_database(exc: sqlite3.DatabaseError) -> bool:
    """SQLite's own answer "file is not a database", not a full disk or a lock."""
    return getattr(exc, "sqlite_errorcode", None) == sqlite3.SQLITE_NOTADB


def _journal_files(live: Path) -> list[Path]:
    return [live.with_name(live.name + suffix) for suffix in ("-wal", "-journal", "-shm")]


def _keep_unreadable(live: Path, dest: Path) -> Path:
    """A byte-for-byte copy of a live file SQLite cannot read, with its journal
    files beside it (``dest``, ``dest``-wal ...): nothing of it is lost."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    for source, target in [(live, dest), *((j, dest.with_name(dest.name + j.name[len(live.name):]))
                                           for j in _journal_files(live) if j.exists())]:
        shutil.copy2(source, target)
        _fsync(target)
    return dest


def _restore_into_new_file(backup: Path, live: Path) -> list[str]:
    """Replace an unreadable live file: the copy is written beside it, checked,
    then renamed over it; if anything fails, the live file is as it was."""
    tmp = live.with_name(live.name + ".restoring")
    try:
        problems = _write_copy(backup, tmp)
        if problems:
            return problems
        _fsync(tmp)
        for journal in _journal_files(live):
            journal.unlink(missing_ok=True)
        os.replace(tmp, live)
        _fsync(live)
        return []
    finally:
        tmp.unlink(missing_ok=True)


def check_backup_file(path: Path, known_revisions: set[str]) -> str:
    """Check a backup before restoring it; return its schema revision."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"no backup file at {path}")
    try:
        conn = _connect(path, readonly=True)
        try:
            problems = integrity_problems(conn)
            if problems:
                raise BackupError(f"{path} failed its integrity check: {problems[0]}")
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{path} is not a tracker database: {exc}") from exc
    if row is None or row[0] not in known_revisions:
        raise BackupError(f"{path} has a schema this version does not know ({row[0] if row else 'none'})")
    return row[0]


def restore_sqlite(backup: Path, live: Path, backups_dir: Path, known_revisions: set[str], *,
                   checked: bool = False, refuse: Callable[[], str | None] | None = None) -> Path | None:
    """Replace the live database with a verified backup. Returns the safety copy made first.
    ``checked``: the caller ran check_backup_file on it already. ``refuse``:
    asked once writers wait, before anything is copied; a message it returns
    stops the restore (RestoreRefused), so a save that lands just before the
    turn is weighed too."""
    if not checked:
        check_backup_file(backup, known_revisions)
    safety = None
    Path(live).parent.mkdir(parents=True, exist_ok=True)
    # The safety copy and the restore in one turn of the writers (db/writer_turn.py):
    # a save by another workstation waits and lands after the restore instead of
    # between the two copies, where it would be in neither.
    with writer_turn(Path(live), RESTORE_TURN_WAIT_S):
        refused = refuse() if refuse is not None else None
        if refused:
            raise RestoreRefused(refused)
        if Path(live).exists():
            stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
            try:
                safety = backup_sqlite(live, Path(backups_dir) / f"before-restore-{stamp}.sqlite")
            except sqlite3.DatabaseError as exc:
                if not _not_a_database(exc):
                    raise  # a full disk or a lock: stop, nothing replaced
                safety = _keep_unreadable(Path(live), Path(backups_dir) / f"before-restore-{stamp}-unreadable.bin")
                problems = _restore_into_new_file(Path(backup), Path(live))
                if problems:
                    raise BackupError(f"the restored database failed its integrity check: {problems[0]}")
                return safety
        src = _connect(Path(backup), readonly=True)
        try:
            dst = _connect(Path(live))
            try:
                src.backup(dst)
                problems = integrity_problems(dst)
            finally:
                dst.close()
        finally:
            src.close()
    if problems:
        raise BackupError(f"the restored database failed its integrity check: {problems[0]}")
    return safety
