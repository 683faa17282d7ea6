"""Programmatic Alembic migrations, with a backup first and a refusal of
databases written by a newer build."""
from __future__ import annotations

import logging
from datetime import datetime, timezone

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from tracker.db.backup import backup_sqlite
from tracker.db.errors import DatabaseTooNewError
from tracker.db.writer_turn import writer_turn
from tracker.paths import migrations_dir

MIGRATION_TURN_WAIT_S = 120.0  # another workstation migrating the same file finishes first

log = logging.getLogger(__name__)


def alembic_config(url: str | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir()))
    if url:
        cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def head_revision() -> str:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(db) -> str | None:  # noqa: ANN001
    with db.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade_to_head(db) -> bool:  # noqa: ANN001
    """Bring the database to this build's schema. Returns True if it migrated."""
    cfg = alembic_config(db.url)
    script = ScriptDirectory.from_config(cfg)
    head = script.get_current_head()
    if current_revision(db) == head:
        return False
    # One workstation migrates; one opening the same file meanwhile waits its
    # turn and then finds the schema current (no second backup, no clash).
    with writer_turn(db.location.sqlite_path, MIGRATION_TURN_WAIT_S):
        return _upgrade(db, cfg, script, head)


def _upgrade(db, cfg, script, head: str) -> bool:  # noqa: ANN001
    current = current_revision(db)
    if current == head:
        return False
    if current is not None:
        known = {rev.revision for rev in script.walk_revisions()}
        if current not in known:
            raise DatabaseTooNewError(
                f"the database {db.describe()} was written by a newer version of the program "
                f"(schema {current}); this version knows up to {head}. Update the program; "
                "the database was not opened or changed."
            )
        _backup_before_migration(db, current)
    log.info("migrating %s from %s to %s", db.describe(), current, head)
    with db.engine.connect() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
        conn.commit()
    return True


def _backup_before_migration(db, current: str) -> None:  # noqa: ANN001
    source = db.location.sqlite_path
    if source is None or not source.exists():
        return
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    dest = db.location.backups_dir / f"before-migration-{current}-{stamp}.sqlite"
    backup_sqlite(source, dest)
    log.info("backed up %s to %s before migrating", source, dest)
