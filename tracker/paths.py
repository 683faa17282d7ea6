"""Where the shipped migrations and resources are, installed or in a checkout.

In a wheel, setuptools maps the repository's top-level ``migrations/`` and
``resources/`` folders to ``tracker/migrations`` and ``tracker/resources``.
In a source checkout (editable install, or PYTHONPATH=repo) they stay beside
the package.
"""
from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _shipped(name: str) -> Path:
    inside = _PACKAGE / name
    if inside.is_dir():
        return inside
    beside = _PACKAGE.parent / name
    if beside.is_dir():
        return beside
    raise FileNotFoundError(f"the program's {name} folder is missing (looked in {inside} and {beside})")


def migrations_dir() -> Path:
    return _shipped("migrations")


def resources_dir() -> Path:
    return _shipped("resources")


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)
