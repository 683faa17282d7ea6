"""T12: memory with many patients browsed and a photo grid open."""
from __future__ import annotations

from tracker.bench.rows import Context, NotBuilt


def t12(ctx: Context):  # noqa: ANN201
    raise NotBuilt("the photo grid (issue 4) is not in this build")
