"""The same models, migrations and clinical guards on PostgreSQL (for clinics
with several workstations), against a private server on loopback."""
from __future__ import annotations

import threading
import uuid
from datetime import date

import pytest
from alembic import command
from sqlalchemy import text

from tracker.config import Location
from tracker.db.migrate import alembic_config, current_revision, head_revision
from tracker.services import sessions
from tracker.services.audit import verify_chain
from tracker.services.clinic import open_clinic
from tracker.services.session_views import session_versions


@pytest.fixture
def pg_clinic(pg_cluster, tmp_path):  # noqa: ANN001, ANN201
    from conftest import Clinic

    url = pg_cluster.new_database(f"t_{uuid.uuid4().hex[:10]}")
    db = open_clinic(Location(url=url, data_dir=tmp_path))
    yield Clinic(db)
    db.dispose()


def test_migrations_reach_head_and_agree_with_models(pg_clinic):
    db = pg_clinic.db
    assert db.dialect == "postgresql"
    assert current_revision(db) == head_revision()
    cfg = alembic_config(db.url)
    with db.engine.connect() as conn:
        cfg.attributes["connection"] = conn
        command.check(cfg)


def test_sessions_amendments_and_guards(pg_clinic):
    clinic = pg_clinic
    p = clinic.patient()
    lesion = clinic.lesion(p.id)
    first = clinic.record(p.id, [clinic.injection(lesion.id, conc="5", points=4)])
    assert str(first.injections[0].dose) == "2"
    sessions.amend_session(clinic.db, clinic.doctor.id, first.id,
                           clinic.session_input(p.id, [clinic.injection(lesion.id, conc="5", points=5)]), "points")
    assert [v.superseded for v in session_versions(clinic.db, first.id)] == [True, False]
    with pytest.raises(Exception, match="voided, not deleted"):
        with clinic.db.write() as s:
            s.execute(text("DELETE FROM patient"))
    with pytest.raises(Exception, match="signed session cannot change"):
        with clinic.db.write() as s:
            s.execute(text("UPDATE treatment_session SET notes = 'x' WHERE id = :id"), {"id": first.id})
    with pytest.raises(Exception, match="signed session cannot change"):
        with clinic.db.write() as s:
            s.execute(text("UPDATE injection SET dose = '99' WHERE session_id = :id"), {"id": first.id})
    sessions.void_session(clinic.db, clinic.doctor.id, first.id, "wrong patient")
    with pytest.raises(Exception, match="a voided record stays voided"):
        with clinic.db.write() as s:
            s.execute(text("UPDATE treatment_session SET voided_at = NULL WHERE id = :id"), {"id": first.id})
    with pytest.raises(Exception, match="a checklist step stays with its session and rule"):
        with clinic.db.write() as s:
            s.execute(text("UPDATE checklist_item SET rule_id = 'x' WHERE session_id = :id"), {"id": first.id})
    with pytest.raises(Exception, match="append-only"):
        with clinic.db.write() as s:
            s.execute(text("UPDATE audit_event SET reason = 'x'"))
    with clinic.db.read() as s:
        assert verify_chain(s) == []


def test_concurrent_writers_keep_one_audit_chain(pg_clinic):
    clinic = pg_clinic
    errors: list[BaseException] = []

    def register(prefix: str) -> None:
        try:
            for n in range(40):
                clinic.patient(chart_number=f"{prefix}{n}", born=date(1970, 1, 1))
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=register, args=(p,)) for p in ("A", "B", "C")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    with clinic.db.read() as s:
        assert verify_chain(s) == []
        assert s.execute(text("SELECT count(*) FROM patient")).scalar_one() == 120


def test_cli_check_on_postgres(pg_clinic, cli, tmp_path):
    url = pg_clinic.db.url
    result = cli("--db", url, "--data-dir", str(tmp_path), "check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "audit chain: ok" in result.stdout


def test_bulk_patient_import_on_postgres(pg_clinic):
    """Ids come from the table's sequence, so later registrations go on from them."""
    from tracker.services.patient_import import ImportRejected, import_patients
    from tracker.services.patients import PatientInput, search_patients

    clinic = pg_clinic
    before = clinic.patient(chart_number="PG-0")
    rows = [PatientInput(chart_number=f"PG-{n}", family_name="Nowak", given_names=f"Ola {n}", date_of_birth=date(1970, 1, n))
            for n in range(1, 21)]
    result = import_patients(clinic.db, clinic.doctor.id, rows)
    assert result.created == 20 and result.first_id > before.id
    after = clinic.patient(chart_number="PG-21")
    assert after.id > result.last_id
    assert len(search_patients(clinic.db, "nowak", limit=50)) == 20
    with pytest.raises(ImportRejected) as caught:
        import_patients(clinic.db, clinic.doctor.id, [PatientInput(chart_number="PG-3", family_name="Again",
                                                                   given_names="Taken", date_of_birth=date(1980, 1, 1))])
    assert [(p.row, p.field) for p in caught.value.problems] == [(2, "chart_number")]
    with clinic.db.read() as s:
        assert verify_chain(s) == []


def test_a_photo_file_is_in_use_once_on_postgres(pg_clinic, tmp_path):
    """0010 on PostgreSQL: down and up again, then a voided photo's file is
    imported again, and a third import is a duplicate."""
    from photo_fixtures import camera_jpeg

    from tracker.services.photo_import import ImportItem, Outcome, import_photos
    from tracker.services.photo_void import void_photo

    clinic = pg_clinic
    p = clinic.patient()
    path = camera_jpeg(tmp_path / "a.jpg")
    (first,) = import_photos(clinic.db, None, p.id, [ImportItem(path)]).results
    cfg = alembic_config(clinic.db.url)
    with clinic.db.engine.connect() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0009")
        command.upgrade(cfg, "head")
        conn.commit()
    void_photo(clinic.db, clinic.doctor.id, first.photo_id, "wrong patient")
    (again,) = import_photos(clinic.db, None, p.id, [ImportItem(path)]).results
    (third,) = import_photos(clinic.db, None, p.id, [ImportItem(path)]).results
    assert (again.outcome, third.outcome) == (Outcome.IMPORTED, Outcome.DUPLICATE)
    with clinic.db.read() as s:
        definition = s.execute(text("SELECT indexdef FROM pg_indexes WHERE indexname = 'uq_photo_sha256_active'")).scalar_one()
    assert "UNIQUE" in definition and "voided_at IS NULL" in definition


def test_compound_names_are_found_by_any_word_on_postgres(pg_clinic):
    """The word table is filled by a registration, an edit and a bulk import alike."""
    from dataclasses import replace

    from tracker.services.patient_import import import_patients
    from tracker.services.patient_search import count_matches, search_page
    from tracker.services.patients import PatientInput, update_patient

    clinic = pg_clinic
    moved = clinic.patient(chart_number="PG-W1", family_name="van der Berg", given_names="Jan")
    import_patients(clinic.db, clinic.doctor.id, [
        PatientInput(chart_number="PG-W2", family_name="de la Cruz", given_names="Maria", date_of_birth=date(1980, 1, 2)),
        PatientInput(chart_number="PG-W3", family_name="O'Brien", given_names="Marie-Claire", date_of_birth=date(1980, 1, 3)),
    ])
    found = lambda text: [r.chart_number for r in search_page(clinic.db, text).rows]  # noqa: E731
    assert (found("berg"), found("cruz"), found("obrien"), found("marie claire")) == (["PG-W1"], ["PG-W2"], ["PG-W3"], ["PG-W3"])
    update_patient(clinic.db, clinic.doctor.id, moved.id, replace(moved, family_name="Santos Silva"), moved.row_version)
    assert (found("berg"), found("silva")) == ([], ["PG-W1"])
    assert count_matches(clinic.db, "m") == (2, False)
    assert found("2") == [] and found("pg-w2") == ["PG-W2"]  # a digit alone is no chart search; a prefix, in any case
    clinic.patient(chart_number="pg-1013", family_name="Lee", given_names="Ann")
    assert found("1013") == ["pg-1013"] and count_matches(clinic.db, "1013") == (1, False)  # its digits, anywhere
