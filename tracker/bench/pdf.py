"""T9: the aftercare sheet as PDF."""
from __future__ import annotations

from tracker.bench.rows import Context, NotBuilt


def t9(ctx: Context):  # noqa: ANN201
    raise NotBuilt("the aftercare PDF (issue 6) is not in this build")
