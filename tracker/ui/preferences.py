"""Per-workstation preferences (window layout, recent patients) in QSettings.

Always the INI format, so tests can point every QSettings at a temporary
folder with ``QSettings.setPath``.
"""
from __future__ import annotations

import hashlib

from PySide6.QtCore import QByteArray, QSettings

ORGANIZATION = "injection-tracker"
APPLICATION = "workstation"


def preferences() -> QSettings:
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANIZATION, APPLICATION)


def database_key(name: str) -> str:
    """A short stable key for a database by its name (``ctx.database_name``): recent patients are per database."""
    return hashlib.sha1(name.encode("utf-8")).hexdigest()[:12]


def int_list(value) -> list[int]:  # noqa: ANN001
    """QSettings returns a list, a single string or None for a stored list of numbers."""
    if value is None:
        return []
    items = value if isinstance(value, (list, tuple)) else [value]
    out = []
    for item in items:
        try:
            out.append(int(item))
        except (TypeError, ValueError):
            continue
    return out


def remember_splitter(splitter, key: str, default_sizes: list[int] | None = None) -> None:  # noqa: ANN001
    """Restore a splitter's layout from the last run and save it whenever it is moved."""
    state = preferences().value(f"layout/{key}")
    restored = isinstance(state, QByteArray) and splitter.restoreState(state)
    if not restored and default_sizes:
        splitter.setSizes(default_sizes)
    splitter.splitterMoved.connect(lambda _pos, _index: preferences().setValue(f"layout/{key}", splitter.saveState()))
