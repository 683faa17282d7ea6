"""T1 and T2: start-up, measured from outside as a person sees it.

Each run is a new process; the time is from starting it to the moment it
reports the window painted (or usable). The baseline is a bare PySide6 main
window process started the same way. Runs alternate between the two kinds,
after one unmeasured warm-up of each; medians are compared.
"""
from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from tracker.bench.datasets import working_copy
from tracker.bench.env import child_env
from tracker.bench.report import Check
from tracker.bench.rows import Context
from tracker.bench.timing import median, ms

BARE = Path(__file__).with_name("probe_bare.py")


def timed_start(argv: list[str], expect: str, timeout: float = 90) -> tuple[float, str]:
    """Seconds from starting ``argv`` until it prints a line beginning with ``expect``."""
    started = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                            text=True, env=child_env())
    try:
        for line in proc.stdout:
            if line.startswith(expect):
                elapsed = time.perf_counter() - started
                proc.wait(timeout)
                return elapsed, line.strip()
            if line.startswith(("timeout", "the program ended")):
                break
        proc.wait(timeout)
        raise RuntimeError(f"{' '.join(argv[1:3])} did not report {expect!r}: {proc.stderr.read()[-800:]}")
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def bare_window(memory: bool = False) -> tuple[float, str]:
    return timed_start([sys.executable, str(BARE), *(["--memory"] if memory else [])], "painted")


def app_start(mode: str, data_dir: Path, patients: int) -> tuple[float, str]:
    return timed_start([sys.executable, "-m", "tracker.bench.probe_app", mode, str(data_dir), str(patients)], mode)


def _compare(ctx: Context, mode: str, limit: float, metric: str) -> list[Check]:
    data_dir = working_copy(ctx.data.main, ctx.work / "clinic")
    patients = ctx.preset.patients
    bare_window()
    app_start(mode, data_dir, patients)  # warm-up: file caches, the database's first open
    bare, app = [], []
    for _ in range(ctx.preset.start_runs):
        bare.append(bare_window()[0])
        app.append(app_start(mode, data_dir, patients)[0])
    ctx.details.update(bare_ms=[round(ms(t), 1) for t in bare], app_ms=[round(ms(t), 1) for t in app])
    return [Check(metric, ms(median(app)), "ms", limit, baseline=ms(median(bare)))]


def t1(ctx: Context) -> list[Check]:
    return _compare(ctx, "painted", 1.5, "median start to first paint")


def t2(ctx: Context) -> list[Check]:
    return _compare(ctx, "usable", 3.5, "median start to usable")
