"""The command line as a script uses it: demo, check, list, backup, restore,
and one-line errors for bad input."""
from __future__ import annotations

import json
import sqlite3

import pytest


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory):  # noqa: ANN001, ANN201
    from helpers import run_cli

    folder = tmp_path_factory.mktemp("demo")
    result = run_cli("--data-dir", str(folder), "demo")
    assert result.returncode == 0, result.stderr
    assert "demo clinic ready" in result.stdout and "30 patients" in result.stdout
    return folder


def test_demo_builds_a_realistic_clinic(demo_dir, cli):
    patients = json.loads(cli("--data-dir", str(demo_dir), "list", "patients", "--json").stdout)
    assert len(patients) == 30
    sessions = json.loads(cli("--data-dir", str(demo_dir), "list", "sessions", "--json").stdout)
    conditions = set()
    with sqlite3.connect(demo_dir / "tracker.sqlite") as conn:
        conditions = {r[0] for r in conn.execute("SELECT DISTINCT condition FROM lesion")}
        agents = {r[0] for r in conn.execute("SELECT DISTINCT a.code FROM injection i JOIN agent a ON a.id = i.agent_id")}
    assert {"keloid", "alopecia_areata", "psoriasis", "wart"} <= conditions
    assert {"tac", "5fu", "candida", "bleomycin"} <= agents
    assert len(sessions) > 100
    assert sum(1 for s in sessions if s["amends_id"]) >= 3
    assert any(s["voided"] for s in sessions)
    assert all(s["state"] == "signed" for s in sessions)
    assert all(s["totals"] for s in sessions)
    # Lots and plausible doses: every injection has a lot and a positive dose.
    with sqlite3.connect(demo_dir / "tracker.sqlite") as conn:
        assert conn.execute("SELECT count(*) FROM injection WHERE lot_number IS NULL OR CAST(dose AS REAL) <= 0").fetchone() == (0,)


def test_demo_refuses_a_database_with_patients(demo_dir, cli):
    result = cli("--data-dir", str(demo_dir), "demo")
    assert result.returncode == 2
    assert result.stderr.startswith("tracker: error:") and "already holds 30 patients" in result.stderr
    assert cli("--data-dir", str(demo_dir), "demo", "--if-missing").returncode == 0


def test_a_one_patient_demo_is_built_and_checks(tmp_path, cli):
    result = cli("--data-dir", str(tmp_path), "demo", "--patients", "1")
    assert result.returncode == 0, result.stderr
    assert ": 1 patient, " in result.stdout and "1 voided" in result.stdout
    sessions = json.loads(cli("--data-dir", str(tmp_path), "list", "sessions", "--json").stdout)
    assert sum(1 for s in sessions if s["voided"]) == 1 and any(s["amends_id"] for s in sessions)
    assert cli("--data-dir", str(tmp_path), "check").returncode == 0


def test_check_passes_on_demo(demo_dir, cli):
    result = cli("--data-dir", str(demo_dir), "check")
    assert result.returncode == 0, result.stdout
    assert "all checks passed" in result.stdout


def test_list_search_and_plain_output(demo_dir, cli):
    result = cli("--data-dir", str(demo_dir), "list", "patients", "--search", "RDC-1001")
    assert result.returncode == 0
    assert result.stdout.count("\n") == 1 and "RDC-1001" in result.stdout


def test_backup_and_verified_restore(demo_dir, cli, tmp_path):
    work = tmp_path / "clinic"
    work.mkdir()
    backup = tmp_path / "copy.sqlite"
    assert cli("--data-dir", str(demo_dir), "backup", str(backup)).returncode == 0
    with sqlite3.connect(backup) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("SELECT count(*) FROM patient").fetchone() == (30,)
    again = cli("--data-dir", str(demo_dir), "backup", str(backup))
    assert again.returncode == 2 and "exists already" in again.stderr
    # Restore into another clinic folder that already has data: a safety copy is kept.
    assert cli("--data-dir", str(work), "demo", "--patients", "2").returncode == 0
    refused = cli("--data-dir", str(work), "restore", str(backup))  # another clinic's copy over this one's records
    assert refused.returncode == 2 and "not a later state of this backup" in refused.stderr
    assert "--replace-newer" in refused.stderr and not (work / "backups").exists()
    restored = cli("--data-dir", str(work), "restore", str(backup), "--replace-newer")
    assert restored.returncode == 0, restored.stderr
    assert "previous database was kept" in restored.stdout
    assert len(list((work / "backups").glob("before-restore-*.sqlite"))) == 1
    assert len(json.loads(cli("--data-dir", str(work), "list", "patients", "--json").stdout)) == 30
    assert cli("--data-dir", str(work), "check").returncode == 0


def test_restore_refuses_a_damaged_copy_and_changes_nothing(demo_dir, cli, tmp_path):
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"this is not a database" * 100)
    before = (demo_dir / "tracker.sqlite").stat().st_mtime_ns
    result = cli("--data-dir", str(demo_dir), "restore", str(bad))
    assert result.returncode == 2
    assert "not a tracker database" in result.stderr
    assert (demo_dir / "tracker.sqlite").stat().st_mtime_ns == before


@pytest.mark.parametrize("args, message", [
    (["list", "dragons"], "invalid choice"),
    (["check"], "no database at"),
    (["list", "patients"], "no database at"),
    (["backup", "/tmp/x.sqlite"], "no database at"),
    (["restore", "/nonexistent/file.sqlite"], "no backup file"),
    (["--db", "postgresql://nobody@127.0.0.1:1/none", "check"], "could not be used"),
])
def test_bad_arguments_give_one_line_and_no_traceback(cli, tmp_path, args, message):
    result = cli("--data-dir", str(tmp_path / "empty"), *args)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_gui_without_display_says_so_plainly(cli, tmp_path):
    env = {"QT_QPA_PLATFORM": "", "DISPLAY": "", "WAYLAND_DISPLAY": ""}
    result = cli("--data-dir", str(tmp_path), env=env)
    assert result.returncode == 1
    assert "no display" in result.stderr and "Traceback" not in result.stderr


def test_environment_variables_choose_the_data(demo_dir, cli):
    result = cli("list", "patients", env={"TRACKER_DATA_DIR": str(demo_dir)})
    assert result.returncode == 0 and "RDC-1001" in result.stdout
    result = cli("list", "patients", env={"TRACKER_DB": str(demo_dir / "tracker.sqlite")})
    assert result.returncode == 0 and "RDC-1001" in result.stdout
