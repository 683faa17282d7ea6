"""The list of subcommands, and turning any error into one plain sentence."""
from __future__ import annotations

from sqlalchemy.exc import OperationalError, SQLAlchemyError

from tracker.cli import (
    cmd_backup, cmd_check, cmd_demo, cmd_history, cmd_import, cmd_list, cmd_outcomes, cmd_photos, cmd_print, cmd_reminders, cmd_rules,
    cmd_settings, cmd_staff, gui,
)
from tracker.db.errors import DatabaseError
from tracker.services.errors import ServiceError

ALL = [gui, cmd_demo, cmd_check, cmd_backup, cmd_list, cmd_history, cmd_reminders, cmd_rules, cmd_outcomes, cmd_photos, cmd_print, cmd_import, cmd_settings, cmd_staff]


def explain(exc: BaseException) -> str:
    if isinstance(exc, (ServiceError, DatabaseError)):
        return str(exc)
    if isinstance(exc, ModuleNotFoundError) and exc.name in {"psycopg", "psycopg2"}:
        return "PostgreSQL support is not installed: pip install 'injection-tracker[postgres]'"
    if isinstance(exc, OperationalError):
        return f"the database could not be used: {exc.orig}"
    if isinstance(exc, SQLAlchemyError):
        return f"database error: {exc.__class__.__name__}: {getattr(exc, 'orig', exc)}"
    if isinstance(exc, (OSError, ValueError)):
        return str(exc)
    return f"{exc.__class__.__name__}: {exc}"
