"""Typed text longer than its column is refused by the service, field by field,
before anything is written (PostgreSQL would refuse the INSERT; SQLite would
keep it and print it across the sheets)."""
from __future__ import annotations

import pytest

from tracker.models import Condition, StaffRole
from tracker.services import lesions, staff
from tracker.services.errors import ValidationError
from tracker.services.patient_import import ImportRejected, import_patient_csv
from tracker.services.patients import count_patients, name_key


def test_a_lesion_name_or_site_detail_too_long_is_refused(clinic):
    patient = clinic.patient()
    data = lesions.LesionInput(patient_id=patient.id, label="x" * 81, condition=Condition.KELOID, site_code="61719002",
                               site_text="y" * 201)
    with pytest.raises(ValidationError) as caught:
        lesions.add_lesion(clinic.db, clinic.doctor.id, data)
    assert caught.value.errors == {"label": "at most 80 characters (this has 81)",
                                   "site_text": "at most 200 characters (this has 201)"}
    assert lesions.patient_lesions(clinic.db, patient.id) == []


def test_a_staff_name_too_long_is_refused(clinic):
    with pytest.raises(ValidationError) as caught:
        staff.add_staff(clinic.db, clinic.doctor.id, "u" * 61, "Dr Long", StaffRole.NURSE)
    assert caught.value.errors == {"username": "at most 60 characters (this has 61)"}


def test_an_import_row_too_long_is_named_and_nothing_imported(db, clinic, tmp_path):
    path = tmp_path / "patients.csv"
    path.write_text("chart_number,family_name,given_names,date_of_birth\n"
                    "A-1,Okafor,Amara,1980-05-17\n"
                    f"A-2,{'B' * 121},Jonas,1975-01-02\n", encoding="utf-8")
    with pytest.raises(ImportRejected) as caught:
        import_patient_csv(db, clinic.doctor.id, path)
    assert "at most 120 characters (this has 121)" in str(caught.value)
    assert count_patients(db) == 0


def test_a_search_key_never_outgrows_its_column():
    assert len(name_key("\u00df" * 120)) == 120  # "ß" folds to "ss"
