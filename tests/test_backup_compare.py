"""What a restore would set aside, read from the two audit trails: nothing
when the live database is the backup or an earlier state of it; the changes
made since when it is a later state; the changes since the two went separate
ways (not the whole trail) when they diverged."""
from __future__ import annotations

import shutil
import sqlite3

import pytest

from tracker.config import resolve_location
from tracker.db.backup import backup_sqlite
from tracker.db.backup_compare import set_aside_by_restore
from tracker.services.clinic import open_clinic


def _events(path) -> int:  # noqa: ANN001
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT max(seq) FROM audit_event").fetchone()[0]


def test_later_earlier_and_diverged_states(clinic, tmp_path):
    live = clinic.db.location.sqlite_path
    for n in range(3):
        clinic.patient(chart_number=f"B-{n}")
    monday = backup_sqlite(live, tmp_path / "monday.sqlite")
    assert set_aside_by_restore(monday, live) is None  # the same state
    at_monday = _events(monday)
    clinic.patient(chart_number="TUE-1")
    clinic.patient(chart_number="TUE-2")
    later = set_aside_by_restore(monday, live)
    assert later is not None and not later.diverged
    assert later.count == _events(live) - at_monday and later.last_at
    assert "made after this backup" in later.describe()
    tuesday = backup_sqlite(live, tmp_path / "tuesday.sqlite")
    assert set_aside_by_restore(tuesday, monday) is None  # restoring Tuesday over Monday loses nothing

    # Monday's copy, opened elsewhere and written to: the two went separate ways after Monday.
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.copy(monday, elsewhere / "tracker.sqlite")
    other = open_clinic(resolve_location(data_dir=elsewhere))
    from tracker.services.patients import PatientInput, register_patient
    from datetime import date
    register_patient(other, clinic.doctor.id, PatientInput("WED-9", "Other", "Branch", date(1970, 1, 1)))
    other.dispose()
    diverged = set_aside_by_restore(elsewhere / "tracker.sqlite", live)
    assert diverged is not None and diverged.diverged
    assert diverged.count == _events(live) - at_monday  # Tuesday's changes, not the whole trail
    assert "not a later state of this backup" in diverged.describe()


def test_an_empty_or_unreadable_live_file(clinic, tmp_path):
    copy = backup_sqlite(clinic.db.location.sqlite_path, tmp_path / "copy.sqlite")
    empty = tmp_path / "empty.sqlite"
    empty.write_bytes(b"")
    assert set_aside_by_restore(copy, empty) is None
    assert set_aside_by_restore(copy, tmp_path / "missing.sqlite") is None
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"not a database at all" * 200)
    with pytest.raises(sqlite3.DatabaseError):
        set_aside_by_restore(copy, junk)


def test_restore_over_an_empty_or_unreadable_live_file(clinic, tmp_path, cli):
    copy = backup_sqlite(clinic.db.location.sqlite_path, tmp_path / "copy.sqlite")
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    (fresh / "tracker.sqlite").write_bytes(b"")  # made by a failed first start: nothing in it to keep
    restored = cli("--data-dir", str(fresh), "restore", str(copy))
    assert restored.returncode == 0, restored.stderr
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "tracker.sqlite").write_bytes(b"not a database at all" * 200)
    refused = cli("--data-dir", str(broken), "restore", str(copy))
    assert refused.returncode == 2
    assert "cannot be read" in refused.stderr and "--replace-newer" in refused.stderr
    assert "Traceback" not in refused.stderr
    replaced = cli("--data-dir", str(broken), "restore", str(copy), "--replace-newer")
    assert replaced.returncode == 0, replaced.stderr
    [kept] = list((broken / "backups").iterdir())  # the unreadable file, byte for byte; no .partial left
    assert kept.name.endswith("-unreadable.bin") and kept.read_bytes() == b"not a database at all" * 200
    assert cli("--data-dir", str(broken), "check").returncode == 0


def test_a_full_disk_during_the_safety_copy_stops_the_restore_and_replaces_nothing(clinic, tmp_path, monkeypatch):
    """Only SQLite's "file is not a database" counts as unreadable; any other
    error while copying the live database (a full disk) stops the restore."""
    import tracker.db.backup as backup

    live = clinic.db.location.sqlite_path
    copy = backup_sqlite(live, tmp_path / "copy.sqlite")
    clinic.patient(chart_number="AFTER-COPY")
    clinic.db.dispose()
    before = live.read_bytes()

    def full(*_args):  # noqa: ANN002, ANN202
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(backup, "backup_sqlite", full)
    with pytest.raises(sqlite3.OperationalError, match="disk is full"):
        backup.restore_sqlite(copy, live, tmp_path / "safety", {"0007"}, checked=True)
    assert live.read_bytes() == before and not (tmp_path / "safety").exists()


def test_a_save_landing_after_the_first_comparison_stops_the_restore_in_the_writers_turn(clinic, tmp_path, monkeypatch,
                                                                                         capsys):
    """Another workstation saves between the first comparison and the restore
    taking the writers' turn: the comparison is made again inside the turn,
    so that save is not set aside unnoticed."""
    from tracker.cli import cmd_backup, main

    live = clinic.db.location.sqlite_path
    clinic.patient(chart_number="MON-1")
    copy = backup_sqlite(live, tmp_path / "copy.sqlite")
    real, calls = cmd_backup.set_aside_by_restore, []

    def compared_then_saved_elsewhere(backup, live_path):  # noqa: ANN001, ANN202
        found = real(backup, live_path)
        if not calls:
            clinic.patient(chart_number="LATE-1")  # lands just after the first comparison
        calls.append(found)
        return found

    monkeypatch.setattr(cmd_backup, "set_aside_by_restore", compared_then_saved_elsewhere)
    assert main(["--data-dir", str(live.parent), "restore", str(copy)]) == 2
    assert calls[0] is None and calls[1] is not None and calls[1].count >= 1
    assert "not restored" in capsys.readouterr().err
    assert not (live.parent / "backups").exists()  # no safety copy: nothing was replaced
    assert _events(live) > _events(copy)
