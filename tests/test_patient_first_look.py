"""The first look at start-up (sqlite3 only) shows exactly what the indexed
search would, and steps aside for any database it must not read."""
from __future__ import annotations

import sqlite3
import subprocess
import sys
from datetime import date

from helpers import child_env

from tracker.config import resolve_location
from tracker.services.patient_first_look import first_look
from tracker.services.patient_search import count_matches, search_page
from tracker.services.patients import get_patients, void_patient


def _varied_clinic(clinic) -> list[int]:  # noqa: ANN001
    """Patients with every kind of care flag, a child, a voided one, names that sort together."""
    ids = [clinic.patient(family_name="Mensah", given_names="Ama", allergies="latex").id,
           clinic.patient(family_name="mensah", given_names="Kofi", diabetes=True).id,
           clinic.patient(family_name="Ébert", given_names="Zoë", pregnant=True).id,
           clinic.patient(family_name="Okafor", given_names="Ngozi", immunosuppressed=True).id,
           clinic.patient(family_name="Abara", given_names="Tunde", born=date.today().replace(year=date.today().year - 7)).id]
    ids += [clinic.patient(family_name=f"Page{n:02d}", given_names="X").id for n in range(12)]
    void_patient(clinic.db, clinic.doctor.id, ids[1], "duplicate record")
    return ids


def test_the_first_page_count_and_recent_patients_match_the_search(clinic):
    ids = _varied_clinic(clinic)
    recent = [ids[3], ids[1], 999_999, ids[0]]
    for limit, cap in ((100, 1000), (5, 10)):
        look = first_look(clinic.db.location, recent, limit=limit, count_cap=cap)
        assert look is not None
        assert look.page == search_page(clinic.db, "", limit=limit)
        assert look.count == count_matches(clinic.db, "", cap=cap)
        views = get_patients(clinic.db, recent)
        assert [(r.id, r.display_name, r.chart_number, r.flags, r.voided) for r in look.recent] == [
            (v.id, v.display_name, v.chart_number, v.flags, v.voided) for v in views]
    # The cursor of a short first page carries on through the usual search.
    look = first_look(clinic.db.location, limit=5)
    rest = search_page(clinic.db, "", after=look.page.cursor, limit=100)
    assert [r.id for r in look.page.rows + rest.rows] == [r.id for r in search_page(clinic.db, "", limit=100).rows]
    assert any(r.flags == ("Child",) for r in look.page.rows)


def test_it_steps_aside_for_a_database_it_must_not_read(tmp_path, db):
    assert first_look(resolve_location(data_dir=tmp_path / "none yet")) is None
    assert not (tmp_path / "none yet" / "tracker.sqlite").exists(), "a look never creates a database"
    assert first_look(resolve_location(db="postgresql://someone@nowhere/clinic", data_dir=tmp_path)) is None
    path = db.location.sqlite_path
    db.dispose()
    for stored in ("0001", "9999_future"):  # one to migrate, one from a newer build
        with sqlite3.connect(path) as conn:
            conn.execute("UPDATE alembic_version SET version_num = ?", (stored,))
        assert first_look(db.location) is None
    (tmp_path / "blank").mkdir()
    sqlite3.connect(tmp_path / "blank" / "tracker.sqlite").close()
    assert first_look(resolve_location(data_dir=tmp_path / "blank")) is None


def test_the_first_look_loads_no_database_layer(db):
    code = ("import sys; from tracker.config import resolve_location; "
            "from tracker.services.patient_first_look import first_look; "
            f"look = first_look(resolve_location(data_dir={str(db.location.data_dir)!r})); "
            "print(look is not None, sorted(n for n in sys.modules if n.split('.')[0] in ('sqlalchemy', 'alembic', 'PySide6')))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=child_env(), timeout=60)
    assert result.stdout.strip() == "True []", result.stdout + result.stderr
