"""One row in a fresh process: ``python -m tracker.bench.child ROW CONTEXT.json``.

Prints one line ``BENCH-RESULT {json}`` with the row's checks, or its status
when the feature is not built or the measurement failed.
"""
from __future__ import annotations

import importlib
import json
import sys
import time
import traceback
from pathlib import Path

from tracker.bench.env import prepare_environment

MARK = "BENCH-RESULT "


def main(argv: list[str]) -> int:
    prepare_environment()
    from tracker.bench.datasets import DataSets
    from tracker.bench.presets import PRESETS
    from tracker.bench.report import FAILED, NOT_BUILT, Row
    from tracker.bench.rows import BY_ID, Context, NotBuilt

    spec = BY_ID[argv[0]]
    raw = json.loads(Path(argv[1]).read_text(encoding="utf-8"))
    preset = PRESETS[raw["preset"]]
    ctx = Context(preset, DataSets(Path(raw["data"]), raw["manifest"]), Path(raw["work"]))
    row = Row(spec.id, spec.title(preset))
    started = time.perf_counter()
    module, function = spec.function.split(":")
    try:
        row.checks = list(getattr(importlib.import_module(f"tracker.bench.{module}"), function)(ctx))
    except NotBuilt as exc:
        row.status, row.note = NOT_BUILT, str(exc)
    except Exception as exc:  # noqa: BLE001 - reported in the table, the run goes on
        row.status, row.note = FAILED, f"{exc.__class__.__name__}: {exc}"
        traceback.print_exc()
    row.details, row.seconds = ctx.details, time.perf_counter() - started
    print(MARK + json.dumps(row.as_dict()), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
