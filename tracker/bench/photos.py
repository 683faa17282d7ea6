"""T6, T7, T8: the photo grid, thumbnail building, importing photos."""
from __future__ import annotations

from tracker.bench.rows import Context, NotBuilt


def _require() -> None:
    raise NotBuilt("photos (issue 4) are not in this build")


def t6(ctx: Context):  # noqa: ANN201
    _require()


def t7(ctx: Context):  # noqa: ANN201
    _require()


def t8(ctx: Context):  # noqa: ANN201
    _require()
