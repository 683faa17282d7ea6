"""Where the clinic's data lives: command-line options, environment, defaults.

Precedence: ``--db``/``--data-dir`` options, then ``TRACKER_DB`` /
``TRACKER_DATA_DIR``, then the platform's user data folder.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit


DB_ENV = "TRACKER_DB"
DATA_DIR_ENV = "TRACKER_DATA_DIR"
USER_ENV = "TRACKER_USER"
DB_FILE_NAME = "tracker.sqlite"


@dataclass(frozen=True)
class Location:
    """The database URL and the folder that holds photos, backups and settings."""

    url: str
    data_dir: Path

    @property
    def is_sqlite(self) -> bool:
        return self.url.startswith("sqlite")

    @property
    def sqlite_path(self) -> Path | None:
        if not self.is_sqlite:
            return None
        path = self.url.split("///", 1)[1] if "///" in self.url else ""
        return Path(path) if path and path != ":memory:" else None

    def describe(self) -> str:
        """The database as named to a person: the SQLite file, else the URL
        without its password (``Database.describe`` says the same once open)."""
        path = self.sqlite_path
        if path is not None:
            return str(path)
        parts = urlsplit(self.url)
        if parts.password is None:
            return self.url
        return urlunsplit(parts._replace(netloc=parts.netloc.replace(f":{parts.password}@", ":***@", 1)))

    @property
    def photos_dir(self) -> Path:
        return self.data_dir / "photos"

    @property
    def backups_dir(self) -> Path:
        return self.data_dir / "backups"

    @property
    def rules_file(self) -> Path:
        return self.data_dir / "clinic-rules.yaml"


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path.resolve()}"


def resolve_location(db: str | None = None, data_dir: str | os.PathLike | None = None) -> Location:
    env = os.environ
    folder = data_dir or env.get(DATA_DIR_ENV)
    url = db or env.get(DB_ENV)
    if folder:
        base = Path(folder).expanduser().resolve()
    elif url and url.startswith("sqlite:///") and url != "sqlite:///:memory:":
        base = Path(url.split("///", 1)[1]).expanduser().resolve().parent
    else:
        from platformdirs import user_data_dir  # only for the default folder

        base = Path(user_data_dir("injection-tracker", appauthor=False))
    if not url:
        url = sqlite_url(base / DB_FILE_NAME)
    elif "://" not in url:
        # A plain path is taken as an SQLite file.
        url = sqlite_url(Path(url).expanduser())
    elif url.startswith(("postgresql://", "postgres://")):
        # psycopg 3 is the driver this program installs (extra "postgres").
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    return Location(url=url, data_dir=base)
