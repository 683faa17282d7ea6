"""``tracker backup DEST`` and ``tracker restore SRC``."""
from __future__ import annotations

import argparse
import sqlite3
import sys
from functools import partial
from pathlib import Path

from tracker.cli.context import location
from tracker.db.backup import backup_sqlite, check_backup_file, restore_sqlite
from tracker.db.backup_compare import set_aside_by_restore
from tracker.db.errors import DatabaseError, RestoreRefused
from tracker.services.photo_backup import CopyReport, MissingPhoto, copy_photo_store, photos_beside, photos_not_in


def register(sub) -> None:  # noqa: ANN001
    p = sub.add_parser("backup", help="copy the live SQLite database to DEST (online, verified) and its photos to DEST.photos")
    p.add_argument("dest", type=Path)
    p.set_defaults(handler=run_backup)
    r = sub.add_parser("restore", help="replace the database with a verified backup (a safety copy is made first); "
                       "photos in SRC.photos are copied back")
    r.add_argument("src", type=Path)
    r.add_argument("--replace-newer", action="store_true",
                   help="restore even though the live database holds changes the backup does not have "
                        "(they are kept in the safety copy only)")
    r.set_defaults(handler=run_restore)


def _sqlite_path(args: argparse.Namespace) -> Path:
    path = location(args).sqlite_path
    if path is None:
        raise DatabaseError("backup and restore here work on SQLite; back up PostgreSQL with pg_dump")
    return path


def run_backup(args: argparse.Namespace) -> int:
    source = _sqlite_path(args)
    if not source.exists():
        raise DatabaseError(f"no database at {source}")
    dest = args.dest
    if dest.is_dir():
        dest = dest / f"{source.stem}-backup.sqlite"
    if dest.exists():
        raise DatabaseError(f"{dest} exists already; choose a new file name")
    backup_sqlite(source, dest)
    print(f"backed up {source} to {dest} ({dest.stat().st_size} bytes, integrity ok)")
    # Photos after the database: every photo the copy refers to was stored before its row.
    photos = copy_photo_store(location(args).photos_dir, photos_beside(dest))
    print(f"photos: {photos.copied} copied to {photos_beside(dest)}, {photos.present} already there")
    damaged = _report_damaged(photos)
    return _report_missing(photos_not_in(dest, photos_beside(dest)), "in this backup: their files are missing "
                           "from the photo store") or damaged


def _set_aside(backup: Path, live: Path) -> str | None:
    """Why restoring ``backup`` over ``live`` would lose changes, or None."""
    try:
        newer = set_aside_by_restore(backup, live)
    except sqlite3.DatabaseError as exc:
        return (f"the live database {live} cannot be read ({exc}), so what it holds cannot be compared with the "
                "backup. To replace it anyway (the unreadable file is kept byte for byte in the backups folder), "
                "run again with --replace-newer.")
    if newer is None:
        return None
    return (f"{newer.describe()}. Restoring would leave those only in a safety copy. "
            "To restore anyway, run again with --replace-newer.")


def run_restore(args: argparse.Namespace) -> int:
    from alembic.script import ScriptDirectory

    from tracker.db.migrate import alembic_config

    live = _sqlite_path(args)
    known = {rev.revision for rev in ScriptDirectory.from_config(alembic_config()).walk_revisions()}
    check_backup_file(args.src, known)
    # Asked now, before any photo is copied, and again once writers wait
    # (restore_sqlite): a save made in between is weighed too.
    refuse = None if args.replace_newer else partial(_set_aside, args.src, live)
    refused = refuse() if refuse else None
    if refused:
        print(f"tracker: not restored: {refused}", file=sys.stderr)
        return 2
    # Photos first: if the database restore is refused, the extra photos belong to no record.
    beside = photos_beside(args.src)
    photos = copy_photo_store(beside, location(args).photos_dir, repair=True) if beside.is_dir() else None
    try:
        safety = restore_sqlite(args.src, live, location(args).backups_dir, known, checked=True, refuse=refuse)
    except RestoreRefused as exc:
        print(f"tracker: not restored: {exc}", file=sys.stderr)
        return 2
    kept = f"; the previous database was kept as {safety}" if safety else ""
    print(f"restored {live} from {args.src}{kept}")
    damaged = 0
    if photos is not None:
        repaired = f", {photos.repaired} damaged ones replaced" if photos.repaired else ""
        print(f"photos: {photos.copied} copied from {beside}, {photos.present} already there{repaired}")
        damaged = _report_damaged(photos)
    missing = photos_not_in(live, location(args).photos_dir)
    return _report_missing(missing, "in the photo store after the restore: the backup's photo folder "
                           f"({beside}) does not hold them") or damaged


def _report_damaged(photos: CopyReport) -> int:
    for rel in photos.damaged:
        print(f"  - {rel}: not copied, the file does not match its SHA-256 (run tracker check)")
    return 1 if photos.damaged else 0


def _report_missing(missing: tuple[MissingPhoto, ...], where: str) -> int:
    """Photos the database refers to whose file is not ``where`` it should be
    (a backup's photo folder, or the live store after a restore): named one
    by one, and exit status 1."""
    if not missing:
        return 0
    print(f"photos: {len(missing)} photo(s) of the database are NOT {where} (run tracker check)")
    for photo in missing:
        print(f"  - {photo.describe()}")
    return 1
