"""``python -m tracker.bench``: build (or reuse) the data sets, measure each
row in a fresh child process, print the table, write JSON, and exit 1 when a
target is missed (or a row could not be measured)."""
from __future__ import annotations

import argparse
import compileall
import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

from tracker.bench.child import MARK
from tracker.bench.presets import PRESETS
from tracker.bench.env import child_env, prepare_environment
from tracker.bench.report import FAILED, Row, table, write_json
from tracker.bench.rows import BY_ID, ROWS

ROW_TIMEOUT_S = 1200


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m tracker.bench", description=__doc__)
    p.add_argument("--preset", choices=sorted(PRESETS), default="full",
                   help="full: the sizes the targets are set for; small: tiny, only checks the command works")
    p.add_argument("--json", type=Path, default=Path("bench-results/latest.json"), help="where to write the results")
    p.add_argument("--only", default="", help="comma-separated rows to run, e.g. T1,T4")
    p.add_argument("--cache", type=Path, default=Path("bench-results/data"),
                   help="where built data sets are kept between runs")
    p.add_argument("--keep", action="store_true", help="keep the working folder (for looking into a result)")
    return p


def _selected(only: str) -> list:
    if not only.strip():
        return list(ROWS)
    wanted = [w.strip().upper() for w in only.split(",") if w.strip()]
    unknown = [w for w in wanted if w not in BY_ID]
    if unknown:
        raise SystemExit(f"unknown rows: {', '.join(unknown)} (known: {', '.join(BY_ID)})")
    return [BY_ID[w] for w in wanted]


def run_row(spec, context_file: Path, preset_name: str) -> Row:  # noqa: ANN001
    started = time.monotonic()
    try:
        proc = subprocess.run([sys.executable, "-m", "tracker.bench.child", spec.id, str(context_file)],
                              capture_output=True, text=True, env=child_env(), timeout=ROW_TIMEOUT_S,
                              stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        return Row(spec.id, spec.title(PRESETS[preset_name]), FAILED, note=f"no result within {ROW_TIMEOUT_S} s")
    for line in reversed(proc.stdout.splitlines()):
        if line.startswith(MARK):
            row = Row.from_dict(json.loads(line[len(MARK):]))
            if row.status == FAILED:
                sys.stderr.write(proc.stderr[-4000:])
            return row
    sys.stderr.write(proc.stderr[-4000:])
    last = (proc.stderr.strip().splitlines() or ["no output"])[-1]
    return Row(spec.id, spec.title(PRESETS[preset_name]), FAILED,
               note=f"the measuring process ended with status {proc.returncode}: {last}",
               seconds=time.monotonic() - started)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    prepare_environment()
    # Measure the program as installed: its modules byte-compiled once, not
    # compiled again in every process (PYTHONDONTWRITEBYTECODE may be set).
    compileall.compile_dir(str(Path(__file__).resolve().parents[1]), quiet=1)
    specs = _selected(args.only)
    preset = PRESETS[args.preset]
    from tracker.bench.datasets import ensure  # imports the program: after the environment is set

    started = datetime.now(timezone.utc)
    load_before = os.getloadavg()
    data = ensure(preset, args.cache.resolve())
    work = Path(tempfile.mkdtemp(prefix="tracker-bench-"))
    rows: list[Row] = []
    try:
        for spec in specs:
            folder = work / spec.id
            folder.mkdir()
            context_file = folder / "context.json"
            context_file.write_text(json.dumps({"preset": preset.name, "data": str(data.folder),
                                                "manifest": data.manifest, "work": str(folder)}), encoding="utf-8")
            print(f"{spec.id} {spec.title(preset)} ...", flush=True)
            row = run_row(spec, context_file, preset.name)
            rows.append(row)
            print(table([row]).splitlines()[-1] if len(row.checks) <= 1 else "\n".join(table([row]).splitlines()[2:]),
                  flush=True)
    finally:
        if args.keep:
            print(f"working folder kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    load = {"cpus": os.cpu_count(), "loadavg_before": [round(x, 2) for x in load_before],
            "loadavg_after": [round(x, 2) for x in os.getloadavg()]}
    write_json(args.json, rows, {**preset.as_dict(), "data_key": data.manifest.get("key")}, started, load)
    print()
    print(table(rows))
    print(f"\nload average before {load['loadavg_before']}, after {load['loadavg_after']} on {load['cpus']} CPUs;"
          f" results in {args.json}")
    missed = [r.id for r in rows if not r.passed]
    if missed:
        print(f"targets missed or not measured: {', '.join(missed)}")
        return 1
    print("every target met")
    return 0
