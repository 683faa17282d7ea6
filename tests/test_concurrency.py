"""Two processes write into one SQLite file at the same time; a writer killed
with SIGKILL at random moments never loses a reported commit nor corrupts the file."""
from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time

import pytest
from helpers import REPO, child_env

WORKER = str(REPO / "tests" / "workers" / "record_sessions.py")


@pytest.fixture
def targets(clinic):  # noqa: ANN001, ANN201
    pairs = []
    for n in range(8):
        p = clinic.patient(family_name=f"Load{n}")
        pairs.append(f"{p.id}:{clinic.lesion(p.id).id}")
    clinic.db.dispose()
    return clinic, ",".join(pairs)


def _writer(location, count: int, actor: int, pairs: str) -> subprocess.Popen:  # noqa: ANN001
    return subprocess.Popen([sys.executable, WORKER, str(location.data_dir), str(count), str(actor), pairs],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=child_env())


def _session_ids(path) -> set[int]:  # noqa: ANN001
    with sqlite3.connect(path) as conn:
        return {row[0] for row in conn.execute("SELECT id FROM treatment_session")}


@pytest.mark.slow
def test_two_processes_record_2000_sessions_each(targets, location, cli):
    clinic, pairs = targets
    writers = [_writer(location, 2000, clinic.doctor.id, pairs) for _ in range(2)]
    outputs = [w.communicate(timeout=900) for w in writers]
    for w, (out, err) in zip(writers, outputs):
        assert w.returncode == 0, err[-2000:]
        assert "database is locked" not in err
        assert out.count("committed ") == 2000
    assert len(_session_ids(location.sqlite_path)) == 4000
    result = cli("--data-dir", str(location.data_dir), "check")
    assert result.returncode == 0, result.stdout
    assert "audit chain: ok" in result.stdout


@pytest.mark.slow
def test_sigkill_at_random_moments_loses_no_reported_commit(targets, location, cli):
    clinic, pairs = targets
    rng = random.Random(1234)
    reported: set[int] = set()
    for _ in range(20):
        writer = _writer(location, 100000, clinic.doctor.id, pairs)
        # Wait for the first commit so the kill lands mid-work, then a random extra delay.
        first = writer.stdout.readline()
        assert first.startswith("committed "), writer.stderr.read()
        reported.add(int(first.split()[1]))
        time.sleep(rng.uniform(0.0, 0.4))
        os.kill(writer.pid, signal.SIGKILL)
        out, _ = writer.communicate()
        reported |= {int(line.split()[1]) for line in out.splitlines() if line.startswith("committed ")}
        with sqlite3.connect(location.sqlite_path) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        missing = reported - _session_ids(location.sqlite_path)
        assert not missing, f"commits reported before the kill are missing: {sorted(missing)[:10]}"
    assert len(reported) > 20
    result = cli("--data-dir", str(location.data_dir), "check")
    assert result.returncode == 0, result.stdout
