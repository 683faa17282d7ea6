"""``tracker staff`` as a script uses it: a new clinic's first clinician, the
list, deactivating and reactivating, and one-line refusals with exit 2."""
from __future__ import annotations

import json
import sqlite3


def staff_rows(folder) -> list[tuple]:  # noqa: ANN001
    with sqlite3.connect(folder / "tracker.sqlite") as conn:
        return conn.execute("SELECT username, display_name, role, active FROM staff ORDER BY id").fetchall()


def test_a_new_clinic_gets_its_staff_from_the_command_line(tmp_path, cli):
    new_clinic = tmp_path / "new-clinic"  # an empty folder: no database yet
    new_clinic.mkdir()
    folder = str(new_clinic)
    first = cli("--data-dir", folder, "staff", "add", "a.mensah", "--name", "Dr Ama Mensah")
    assert first.returncode == 0, first.stderr
    assert "a.mensah" in first.stdout and "clinician" in first.stdout
    nurse = cli("--data-dir", folder, "staff", "add", "c.reyes", "--name", "Nurse Carla Reyes", "--role", "nurse")
    assert nurse.returncode == 0, nurse.stderr
    assert staff_rows(new_clinic) == [("a.mensah", "Dr Ama Mensah", "clinician", 1),
                                ("c.reyes", "Nurse Carla Reyes", "nurse", 1)]
    taken = cli("--data-dir", folder, "staff", "add", "A.Mensah", "--name", "Someone Else")
    assert taken.returncode == 2 and taken.stderr.count("\n") == 1
    assert taken.stderr.startswith("tracker: error:") and "'a.mensah' is taken" in taken.stderr
    assert cli("--data-dir", folder, "check").returncode == 0  # every change audited


def test_deactivate_and_reactivate_and_the_last_clinician(location, cli):
    folder = str(location.data_dir)
    for args in (("doc", "--name", "Dr Test"), ("desk", "--name", "Front desk", "--role", "admin")):
        assert cli("--data-dir", folder, "staff", "add", *args).returncode == 0
    kept = cli("--data-dir", folder, "staff", "deactivate", "doc")
    assert kept.returncode == 2 and "only active clinician" in kept.stderr and kept.stderr.count("\n") == 1
    gone = cli("--data-dir", folder, "staff", "deactivate", "DESK")
    assert gone.returncode == 0, gone.stderr
    listed = cli("--data-dir", folder, "staff", "list")
    assert listed.returncode == 0 and [line.split()[0] for line in listed.stdout.splitlines()] == ["doc"]
    everyone = json.loads(cli("--data-dir", folder, "staff", "list", "--all", "--json").stdout)
    assert [(p["username"], p["active"]) for p in everyone] == [("doc", True), ("desk", False)]
    acting = cli("--data-dir", folder, "--user", "desk", "staff", "add", "x", "--name", "X")
    assert acting.returncode == 2 and "deactivated" in acting.stderr
    assert cli("--data-dir", folder, "staff", "reactivate", "desk").returncode == 0
    assert staff_rows(location.data_dir)[1] == ("desk", "Front desk", "admin", 1)
    unknown = cli("--data-dir", folder, "staff", "deactivate", "nobody")
    assert unknown.returncode == 2 and "no staff member with user name 'nobody'" in unknown.stderr
