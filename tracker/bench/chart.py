"""T4: opening the chart of a patient with a long history."""
from __future__ import annotations

from tracker.bench.rows import Context, NotBuilt


def t4(ctx: Context):  # noqa: ANN201
    raise NotBuilt("the patient chart (issue 3) is not in this build")
