"""Engine, transactions, migrations, backup and integrity checks (no Qt)."""

from tracker.db.database import Database, open_database

__all__ = ["Database", "open_database"]
