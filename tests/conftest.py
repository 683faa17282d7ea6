"""Shared fixtures. Qt runs offscreen; every test gets a fresh database made by
the real migrations (migrated once per run into a template, then copied)."""
from __future__ import annotations

import os
import shutil
import tempfile
from datetime import date, datetime, timezone
from decimal import Decimal
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if not os.environ.get("XDG_RUNTIME_DIR"):
    _runtime = Path(tempfile.gettempdir()) / f"tracker-test-runtime-{os.getuid()}"
    _runtime.mkdir(mode=0o700, exist_ok=True)
    os.environ["XDG_RUNTIME_DIR"] = str(_runtime)

import pytest  # noqa: E402

from tracker.config import Location, resolve_location, sqlite_url  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
ARTIFACTS = REPO / "tests" / "artifacts"


@pytest.fixture(autouse=True)
def workstation_settings(tmp_path_factory):  # noqa: ANN001, ANN201
    """Every test gets its own QSettings folder (window layout, recent patients)."""
    from PySide6.QtCore import QSettings

    folder = tmp_path_factory.mktemp("qsettings")
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    return folder


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory) -> Path:  # noqa: ANN001
    from tracker.services.clinic import open_clinic

    folder = tmp_path_factory.mktemp("template")
    db = open_clinic(resolve_location(data_dir=folder))
    db.dispose()
    return folder / "tracker.sqlite"


@pytest.fixture
def location(tmp_path, migrated_template) -> Location:  # noqa: ANN001
    shutil.copy(migrated_template, tmp_path / "tracker.sqlite")
    return Location(url=sqlite_url(tmp_path / "tracker.sqlite"), data_dir=tmp_path)


@pytest.fixture
def db(location):  # noqa: ANN001, ANN201
    from tracker.services.clinic import open_clinic

    database = open_clinic(location)
    yield database
    database.dispose()


class Clinic:
    """A small clinic for tests: a clinician, a nurse, helpers to add records."""

    def __init__(self, db) -> None:  # noqa: ANN001
        from tracker.models import StaffRole
        from tracker.services import staff

        self.db = db
        self.doctor = staff.add_staff(db, None, "doc", "Dr Test", StaffRole.CLINICIAN)
        self.nurse = staff.add_staff(db, self.doctor.id, "nurse", "Nurse Test", StaffRole.NURSE)
        self._charts = 0

    def patient(self, born: date = date(1980, 5, 17), **kw):  # noqa: ANN003, ANN201
        from tracker.services.patients import PatientInput, register_patient

        self._charts += 1
        data = PatientInput(chart_number=kw.pop("chart_number", f"T{self._charts:04d}"), family_name=kw.pop("family_name", "Tester"),
                            given_names=kw.pop("given_names", "Pat"), date_of_birth=born, **kw)
        return register_patient(self.db, self.doctor.id, data)

    def lesion(self, patient_id: int, condition=None, site: str = "61719002", **kw):  # noqa: ANN001, ANN003, ANN201
        from tracker.models import Condition
        from tracker.services.lesions import LesionInput, add_lesion

        return add_lesion(self.db, self.doctor.id, LesionInput(
            patient_id=patient_id, label=kw.pop("label", "test lesion"), condition=condition or Condition.ALOPECIA_AREATA,
            site_code=site, **kw))

    def agent(self, code: str):  # noqa: ANN201
        from tracker.services.catalog import agent_by_code

        return agent_by_code(self.db, code)

    def injection(self, lesion_id: int, code: str = "tac", conc: str = "10", per_point: str = "0.1", points: int = 3, **kw):  # noqa: ANN003, ANN201
        from tracker.services.session_input import InjectionInput

        kw.setdefault("lot_number", "LOT1")
        kw.setdefault("lot_expiry", date(2099, 1, 1))
        return InjectionInput(lesion_id=lesion_id, agent_id=self.agent(code).id, concentration=Decimal(conc),
                              volume_per_point_ml=Decimal(per_point), points=points, **kw)

    def session_input(self, patient_id: int, injections, day: date = date(2026, 6, 1), **kw):  # noqa: ANN001, ANN003, ANN201
        from tracker.services.session_input import SessionInput

        kw.setdefault("consent_obtained", True)
        return SessionInput(patient_id=patient_id, clinician_id=self.doctor.id,
                            performed_at=datetime(day.year, day.month, day.day, 10, 0, tzinfo=timezone.utc),
                            injections=tuple(injections), **kw)

    def record(self, patient_id: int, injections, day: date = date(2026, 6, 1), reason: str | None = None, **kw):  # noqa: ANN001, ANN003, ANN201
        from tracker.services.sessions import record_session

        return record_session(self.db, self.doctor.id, self.session_input(patient_id, injections, day, **kw), findings_reason=reason)


@pytest.fixture
def clinic(db) -> Clinic:  # noqa: ANN001
    return Clinic(db)


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def cli():  # noqa: ANN201
    from helpers import run_cli

    return run_cli



@pytest.fixture(scope="session")
def pg_cluster():  # noqa: ANN201
    from pg_server import PgCluster, server_bin

    if server_bin() is None:
        pytest.fail("PostgreSQL server binaries are missing: run scripts/install-system-deps.sh (make test does)")
    cluster = PgCluster()
    cluster.start()
    yield cluster
    cluster.stop()
