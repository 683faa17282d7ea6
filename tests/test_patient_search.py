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


def every_page(db, text: str, limit: int = 5) -> list:  # noqa: ANN001
    """The rows of every page of a search, following the cursor as the list does."""
    rows, cursor = [], None
    while True:
        page = search_page(db, text, after=cursor, limit=limit)
        rows.extend(page.rows)
        if page.cursor is None:
            return rows
        cursor = page.cursor


def test_keyset_pages_cover_every_match_once_in_order(clinic):
    for n in range(23):
        clinic.patient(family_name=f"Page{n:02d}", given_names="X", chart_number=f"P{n:03d}")
    clinic.patient(family_name="Other", given_names="Pagella", chart_number="Z1")
    seen = [p.family_name for p in every_page(clinic.db, "pag")]
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


def test_compound_names_are_found_by_any_word_and_written_together_or_apart(clinic):
    from dataclasses import replace

    from tracker.services.patients import get_patient, update_patient

    cruz = clinic.patient(family_name="de la Cruz", given_names="Maria", chart_number="C1")
    clinic.patient(family_name="Martin-Lévy", given_names="Anne", chart_number="C2")
    clinic.patient(family_name="van der Berg", given_names="Jan", chart_number="C3")
    clinic.patient(family_name="O'Brien", given_names="Sean", chart_number="C4")
    clinic.patient(family_name="Dubois", given_names="Marie-Claire", chart_number="C5")
    clinic.patient(family_name="Cruzado", given_names="Luis", chart_number="C6")
    clinic.patient(family_name="Bergman", given_names="Ola", chart_number="C7")
    # The same names registered written together: found when typed apart too.
    clinic.patient(family_name="Obrien", given_names="Kate", chart_number="C8")
    clinic.patient(family_name="Roy", given_names="Marieclaire", chart_number="C9")
    found = lambda text: [p.family_name for p in search_page(clinic.db, text).rows]  # noqa: E731
    expected = {
        "de la Cruz": ["de la Cruz"], "DE LA CRUZ": ["de la Cruz"], "delacruz": ["de la Cruz"],
        "Cruz": ["Cruzado", "de la Cruz"], "cruz maria": ["de la Cruz"], "la": ["de la Cruz"],
        "van der Berg": ["van der Berg"], "Jan van der Berg": ["van der Berg"], "vanderberg": ["van der Berg"],
        "berg": ["Bergman", "van der Berg"], "der berg": ["van der Berg"],
        "Martin Levy": ["Martin-Lévy"], "martin-lévy": ["Martin-Lévy"], "MartinLevy": ["Martin-Lévy"],
        "Levy": ["Martin-Lévy"], "lévy anne": ["Martin-Lévy"],
        "OBrien": ["Obrien", "O'Brien"], "o'brien": ["O'Brien", "Obrien"], "O’Brien kate": ["Obrien"],
        "O Brien": ["O'Brien"], "brien": ["O'Brien"], "o'b": ["O'Brien", "Obrien"],
        "Claire": ["Dubois"], "Marie Claire": ["Dubois"], "marieclaire": ["Roy", "Dubois"],
        "marie-claire dubois": ["Dubois"], "Marie-Claire": ["Dubois", "Roy"], "roy marie-claire": ["Roy"],
    }
    assert {text: found(text) for text in expected} == expected
    assert count_matches(clinic.db, "cruz") == (2, False)
    # A new name takes the place of the old one's words.
    update_patient(clinic.db, clinic.doctor.id, cruz.id, replace(cruz, family_name="Santos Silva"), cruz.row_version)
    assert found("cruz") == ["Cruzado"] and found("silva") == ["Santos Silva"]
    assert get_patient(clinic.db, cruz.id).family_name == "Santos Silva"


def test_inner_word_matches_page_once_each_and_count_with_the_rest(clinic):
    for n in range(12):
        clinic.patient(family_name=f"Abel-Roux{n:02d}", given_names="X", chart_number=f"R{n:03d}")
    clinic.patient(family_name="Roux", given_names="Zed", chart_number="R900")             # a family name
    clinic.patient(family_name="Dumas", given_names="Jo Roux Rouxel", chart_number="R901")  # two words match: listed once
    clinic.patient(family_name="Zola", given_names="Emile", chart_number="ROUX-1")          # a chart number
    seen = [p.chart_number for p in every_page(clinic.db, "roux")]
    assert seen[0] == "R900" and seen[-1] == "ROUX-1"
    assert sorted(seen[1:-1]) == sorted([f"R{n:03d}" for n in range(12)] + ["R901"])
    assert len(seen) == len(set(seen)) == 15
    assert count_matches(clinic.db, "roux") == (15, False)
    assert len(search_patients(clinic.db, "roux", limit=100)) == 15


def test_the_digits_of_a_chart_number_find_it_after_the_other_matches(clinic):
    clinic.patient(family_name="Dubois", given_names="Chloe", chart_number="RDC-1013")
    clinic.patient(family_name="Mensah", given_names="Ama", chart_number="rdc-010135")  # its zeros left out too
    clinic.patient(family_name="Zola", given_names="Emile", chart_number="1013-B")      # starts with it: listed first
    clinic.patient(family_name="Okafor", given_names="Mena", chart_number="RDC-21013")  # 1013 is not where it starts
    assert [p.chart_number for p in search_page(clinic.db, "1013").rows] == ["1013-B", "RDC-1013", "rdc-010135"]
    assert [p.chart_number for p in search_page(clinic.db, "01013").rows] == ["RDC-1013", "1013-B", "rdc-010135"]
    assert count_matches(clinic.db, "1013") == (3, False)
    assert [p.chart_number for p in every_page(clinic.db, "1013", limit=1)] == ["1013-B", "RDC-1013", "rdc-010135"]
    assert names(search_page(clinic.db, "dubois 1013").rows) == [("Dubois", "Chloe")]  # as a second term too
    assert names(search_page(clinic.db, "okafor 1013").rows) == []
    assert [p.chart_number for p in search_page(clinic.db, "1").rows] == ["1013-B"]  # one digit: chart starts only
    assert [p.chart_number for p in search_page(clinic.db, "rdc-10").rows] == ["RDC-1013"]  # a prefix, as before


def test_every_branch_and_the_count_walk_an_index(clinic):
    """No statement of a keystroke reads the whole patient table or sorts its matches."""
    from tracker.services.patient_search import _plan

    clinic.patient(family_name="de la Cruz", given_names="Maria")
    statements = []
    for text in ("maria cruz 1980", "o'brien maria", "0042"):  # names written together; a chart's digits
        plan = _plan(text, False)
        statements += [plan.statement(n, paging) for n in range(len(plan.branches)) for paging in (False, True)]
        statements.append(plan.count_statement(True))
    assert len(_plan("o'brien maria", False).branches) == len(_plan("maria cruz 1980", False).branches) + 2
    with clinic.db.read() as s:
        conn = s.connection()
        for stmt in statements:
            compiled = stmt.compile(conn)
            values = compiled.construct_params({"want": 10, "cap": 1001, **{f"after_{i}": "a" for i in range(3)}})
            plan_rows = conn.exec_driver_sql("EXPLAIN QUERY PLAN " + str(compiled),
                                             tuple(values[k] for k in compiled.positiontup)).all()
            steps = [row[-1] for row in plan_rows]
            assert not any(step.startswith("SCAN patient") or "TEMP B-TREE" in step for step in steps), steps
