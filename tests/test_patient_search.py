"""Type-ahead search: ranked branches in index order, keyset paging, dates,
case-insensitive chart numbers, voided records left out."""
from __future__ import annotations

from datetime import date

from tracker.services.patient_search import count_matches, search_page, search_patients
from tracker.services.patients import void_patient


def names(rows):  # noqa: ANN001, ANN201
    return [(p.family_name, p.given_names) for p in rows]


def test_family_matches_come_before_given_name_and_chart_matches(clinic):
    clinic.patient(family_name="Mensah", given_names="Ama", chart_number="A-1")
    clinic.patient(family_name="Okafor", given_names="Mena", chart_number="B-2")
    clinic.patient(family_name="Abbot", given_names="Zoe", chart_number="MEN-7")
    clinic.patient(family_name="Menard", given_names="Luc", chart_number="C-3")
    rows = search_page(clinic.db, "men").rows
    assert names(rows) == [("Menard", "Luc"), ("Mensah", "Ama"), ("Okafor", "Mena"), ("Abbot", "Zoe")]


def test_keyset_pages_cover_every_match_once_in_order(clinic):
    for n in range(23):
        clinic.patient(family_name=f"Page{n:02d}", given_names="X", chart_number=f"P{n:03d}")
    clinic.patient(family_name="Other", given_names="Pagella", chart_number="Z1")
    seen, cursor = [], None
    while True:
        page = search_page(clinic.db, "pag", after=cursor, limit=5)
        seen.extend(p.family_name for p in page.rows)
        if page.cursor is None:
            break
        cursor = page.cursor
    assert seen == [f"Page{n:02d}" for n in range(23)] + ["Other"]
    assert count_matches(clinic.db, "pag") == (24, False)
    assert count_matches(clinic.db, "pag", cap=10) == (10, True)


def test_accents_case_dates_and_several_terms(clinic):
    clinic.patient(family_name="Dubois", given_names="Chloé", born=date(1975, 3, 4), chart_number="RDC-1003")
    clinic.patient(family_name="Dubois", given_names="Louis", born=date(1980, 1, 2), chart_number="RDC-1004")
    assert names(search_page(clinic.db, "dubois chlo").rows) == [("Dubois", "Chloé")]
    assert names(search_page(clinic.db, "CHLOE").rows) == [("Dubois", "Chloé")]
    assert [p.chart_number for p in search_page(clinic.db, "rdc-100").rows] == ["RDC-1003", "RDC-1004"]
    assert names(search_page(clinic.db, "1975-03-04").rows) == [("Dubois", "Chloé")]
    assert names(search_page(clinic.db, "4/3/1975").rows) == [("Dubois", "Chloé")]
    assert names(search_page(clinic.db, "1980-01").rows) == [("Dubois", "Louis")]
    assert names(search_page(clinic.db, "dubois 1980-01-02").rows) == [("Dubois", "Louis")]
    assert search_page(clinic.db, "zz").rows == ()


def test_voided_patients_are_left_out_unless_asked(clinic):
    keep = clinic.patient(family_name="Novak", chart_number="N1")
    gone = clinic.patient(family_name="Novak", chart_number="N2")
    void_patient(clinic.db, clinic.doctor.id, gone.id, "duplicate record")
    assert [p.id for p in search_patients(clinic.db, "novak")] == [keep.id]
    assert {p.id for p in search_patients(clinic.db, "novak", include_voided=True)} == {keep.id, gone.id}
