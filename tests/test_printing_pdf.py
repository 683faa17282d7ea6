"""Printed documents as a person checks them: the PDF's words, its pages, and pictures of them."""
from __future__ import annotations

import dataclasses
from datetime import date, timedelta
from pathlib import Path

import pytest
from document_fixtures import add_keloid_size, add_photo, scalp_visit, treated_visit
from PIL import Image
from pdf_tools import count_pixels, pdf_info, pdf_pages, pdf_pngs, pdf_text

from tracker.charts.progress_chart import render_progress_chart
from tracker.models import Condition, Laterality
from tracker.printing.aftercare import build_aftercare
from tracker.printing.html import long_date
from tracker.printing.prepared import write_pdf
from tracker.printing.progress import build_progress
from tracker.printing.render import render_pdf
from tracker.services import settings
from tracker.services.documents_aftercare import aftercare_document
from tracker.services.documents_progress import lesion_progress_document, patient_progress_document


def map_mark(r: int, g: int, b: int) -> bool:
    return r > 140 and g < 60 and b < 80


@pytest.fixture
def logo(tmp_path) -> Path:  # noqa: ANN001
    path = tmp_path / "logo.png"
    Image.new("RGB", (300, 120), (0, 160, 160)).save(path)
    return path


def test_a_typical_aftercare_sheet_is_one_readable_page(qapp, clinic, db, logo, artifacts, tmp_path):
    settings.update_settings(db, None, {"clinic_name": "Riverside Dermatology Clinic", "clinic_address": "12 Harbour Street",
                                        "clinic_phone": "+1 555 0100", "clinic_logo_path": str(logo), "paper_size": "A4"})
    visit = scalp_visit(clinic)
    doc = aftercare_document(db, visit.session_id)
    pdf = tmp_path / "aftercare.pdf"
    assert write_pdf(build_aftercare(doc), pdf) == 1

    assert pdf_pages(pdf) == 1
    assert "A4" in pdf_info(pdf)["Page size"]
    text = pdf_text(pdf)
    for words in ("Riverside Dermatology Clinic", "12 Harbour Street", "Phone +1 555 0100", "Linh Nguyen",
                  "Treated on: Monday 1 June 2026", "Vertex patch", "Triamcinolone acetonide 0.3 mL",
                  "a corticosteroid (steroid) medicine", "What to expect", "Caring for the treated area",
                  "When to call the clinic: +1 555 0100",
                  "A fever, pus, or redness that spreads or feels warm around the treated area.",
                  "Emergencies", "Difficulty breathing.", f"Next appointment: {long_date(doc.next_visit)}",
                  "For clinic staff, the sources of this advice: seed documents", "Page 1 of 1", "Scalp, top"):
        assert words in text, words
    # Every line of advice the guidance rules gave is on the sheet.
    for section in doc.sections:
        for line in section.lines:
            assert " ".join(line.split()) in text, line
    (png,) = pdf_pngs(pdf, artifacts, "aftercare_sheet")
    # The body-map drawing with its numbered points, and the clinic's logo, are on the page.
    assert count_pixels(png, map_mark) > 40
    assert count_pixels(png, lambda r, g, b: r < 40 and 130 < g < 190 and 130 < b < 190) > 500


def test_two_lesions_on_two_drawings(qapp, clinic, db, artifacts, tmp_path):
    visit = treated_visit(clinic)
    pdf = tmp_path / "two.pdf"
    assert render_pdf(db, "aftercare", visit.session_id, pdf) <= 2
    text = pdf_text(pdf)
    assert "1. Vertex patch (Vertex of scalp)" in text and "2. Left earlobe keloid (left ear lobule)" in text
    assert "Scalp, top" in text and "Face" in text
    assert "Protect the scar from the sun." in text  # keloid advice beside the alopecia advice
    first = pdf_pngs(pdf, artifacts, "aftercare_two_lesions")[0]
    assert count_pixels(first, map_mark) > 60


def test_a_lesion_without_map_points_is_shaded_on_its_drawing(qapp, clinic, db, artifacts, tmp_path):
    patient = clinic.patient(family_name="Osei", given_names="Abena")
    wart = clinic.lesion(patient.id, Condition.WART, "local:hand", label="Right hand wart", laterality=Laterality.RIGHT)
    visit = clinic.record(patient.id, [clinic.injection(wart.id, "candida", "1", "0.1", 1)])
    doc = aftercare_document(db, visit.id)
    assert doc.marks == () and [(a.view, a.number) for a in doc.areas] == [("body_front", 1)]
    pdf = tmp_path / "wart.pdf"
    assert write_pdf(build_aftercare(doc), pdf) == 1
    assert "Body, front" in pdf_text(pdf)
    (png,) = pdf_pngs(pdf, artifacts, "aftercare_shaded_site")
    assert count_pixels(png, lambda r, g, b: r > 180 and 90 < g < 170 and 90 < b < 170) > 30  # the shaded hand


def test_a_site_no_drawing_shows_is_named_under_the_figure(qapp, clinic, db, artifacts, tmp_path):
    patient = clinic.patient(family_name="Osei", given_names="Kwame")
    hand = clinic.lesion(patient.id, Condition.WART, "local:hand", label="Right hand wart", laterality=Laterality.RIGHT)
    sole = clinic.lesion(patient.id, Condition.WART, "local:sole", label="Plantar wart", laterality=Laterality.LEFT)
    visit = clinic.record(patient.id, [clinic.injection(hand.id, "candida", "1", "0.1", 1),
                                       clinic.injection(sole.id, "candida", "1", "0.1", 1)])
    doc = aftercare_document(db, visit.id)
    assert [a.number for a in doc.areas] == [1]  # the sole has no area on the drawings
    pdf = tmp_path / "warts.pdf"
    write_pdf(build_aftercare(doc), pdf)
    assert "Not marked on the drawing: 2. Plantar wart" in " ".join(pdf_text(pdf).split())
    pdf_pngs(pdf, artifacts, "aftercare_unmarked_site")


def test_without_a_next_visit_there_is_a_line_to_write_it_on(qapp, clinic, db, tmp_path):
    visit = scalp_visit(clinic)
    doc = dataclasses.replace(aftercare_document(db, visit.session_id), next_visit=None, next_visit_text=None)
    pdf = tmp_path / "a.pdf"
    write_pdf(build_aftercare(doc), pdf)
    assert "Next appointment: ____" in pdf_text(pdf)


def test_paper_size_follows_the_setting_then_the_locale(qapp, clinic, db, tmp_path):
    from PySide6.QtCore import QLocale
    from PySide6.QtGui import QPageSize

    from tracker.printing.page_setup import page_size_for

    visit = treated_visit(clinic)
    settings.update_settings(db, None, {"paper_size": "Letter"})
    render_pdf(db, "aftercare", visit.session_id, tmp_path / "letter.pdf")
    assert pdf_info(tmp_path / "letter.pdf")["Page size"].startswith("612 x 792 pts")
    settings.update_settings(db, None, {"paper_size": "A4"})
    render_pdf(db, "aftercare", visit.session_id, tmp_path / "a4.pdf")
    assert pdf_info(tmp_path / "a4.pdf")["Page size"].startswith("595 x 842 pts")
    assert page_size_for("", QLocale("en_US")).id() == QPageSize.PageSizeId.Letter
    assert page_size_for("", QLocale("en_CA")).id() == QPageSize.PageSizeId.Letter
    assert page_size_for("", QLocale("de_DE")).id() == QPageSize.PageSizeId.A4
    assert page_size_for("letter", QLocale("de_DE")).id() == QPageSize.PageSizeId.Letter


def test_lesion_progress_report_with_history_scores_and_photos(qapp, clinic, db, artifacts, tmp_path):
    settings.update_settings(db, None, {"clinic_name": "Riverside Dermatology Clinic", "paper_size": "A4"})
    visit = treated_visit(clinic, day=date(2026, 4, 6))
    for day in (date(2026, 5, 4), date(2026, 6, 1)):
        clinic.record(visit.patient_id, [clinic.injection(visit.ear_lesion, "tac", "40", "0.1", 3)], day=day,
                      notes="Flatter than last time.")
    add_keloid_size(db, clinic.nurse.id, visit.ear_lesion, date(2026, 4, 6), "14", "9", "6")
    add_keloid_size(db, clinic.nurse.id, visit.ear_lesion, date(2026, 6, 1), "12", "8", "3")
    add_photo(db, clinic.nurse.id, visit.patient_id, visit.ear_lesion, date(2026, 4, 6), "#ff8c00")
    add_photo(db, clinic.nurse.id, visit.patient_id, visit.ear_lesion, date(2026, 6, 1), "#0000ff", rotation=90)
    pdf = tmp_path / "progress.pdf"
    render_pdf(db, "lesion_progress", visit.ear_lesion, pdf, chart=render_progress_chart)

    text = pdf_text(pdf)
    for words in ("Treatment progress report", "Amara Okafor", "chart RDC-2001", "Left earlobe keloid",
                  "Keloid, left ear lobule", "Treatment history (3 visits)", "6 Apr 2026", "4 May 2026", "1 Jun 2026",
                  "40 mg/mL", "12 mg", "32 mg", "Cumulative dose: 32 mg Triamcinolone acetonide",
                  "Response: Keloid height 6 mm → 3 mm", "Keloid size", "Keloid volume", "756 mm", "288 mm",
                  "First photo", "Latest photo", "Flatter than last time."):
        assert words in text, words
    assert pdf_pages(pdf) == 2
    png, second = pdf_pngs(pdf, artifacts, "progress_lesion")
    # The outcome chart (its score line is blue) is on the first page; the photos follow.
    assert count_pixels(png, lambda r, g, b: r < 60 and 70 < g < 120 and b > 160) > 150
    png = second
    assert count_pixels(png, lambda r, g, b: r > 200 and 110 < g < 170 and b < 60) > 2000  # the first photo
    assert count_pixels(png, lambda r, g, b: r < 60 and g < 60 and b > 200) > 2000  # the latest photo


def test_a_turned_photo_prints_turned(qapp, clinic, db):
    from PySide6.QtCore import QSize

    from tracker.printing.images import photo_image

    visit = treated_visit(clinic)
    add_photo(db, clinic.nurse.id, visit.patient_id, visit.ear_lesion, date(2026, 6, 1), "#ff8c00")
    add_photo(db, clinic.nurse.id, visit.patient_id, visit.ear_lesion, date(2026, 7, 1), "#0000ff", rotation=90)
    report = lesion_progress_document(db, visit.ear_lesion).lesions[0]
    upright = photo_image(report.first_photo, QSize(320, 320))
    turned = photo_image(report.latest_photo, QSize(320, 320))
    assert upright.width() > upright.height() and (upright.width(), upright.height()) == (320, 240)
    assert turned.height() > turned.width() and (turned.width(), turned.height()) == (240, 320)


def test_a_framed_photo_prints_as_framed(qapp, clinic, db, artifacts, tmp_path):
    visit = treated_visit(clinic)
    # Orange on the left, green on the right; the viewer keeps only the left half.
    add_photo(db, clinic.nurse.id, visit.patient_id, visit.ear_lesion, date(2026, 6, 1), "#ff8c00", right_half="#00a000",
              crop=[0, 0, 320, 480])
    add_photo(db, clinic.nurse.id, visit.patient_id, visit.ear_lesion, date(2026, 7, 1), "#ff8c00", right_half="#00a000")
    report = lesion_progress_document(db, visit.ear_lesion).lesions[0]
    assert report.first_photo.crop == (0.0, 0.0, 320.0, 480.0) and report.latest_photo.crop is None
    pdf = tmp_path / "framed.pdf"
    render_pdf(db, "lesion_progress", visit.ear_lesion, pdf)
    page = next(p for p in pdf_pngs(pdf, artifacts, "progress_framed_photo") if "Photos" in pdf_text(pdf))
    green = count_pixels(page, lambda r, g, b: r < 60 and g > 130 and b < 60)
    orange = count_pixels(page, lambda r, g, b: r > 200 and 110 < g < 170 and b < 60)
    # The framed first photo is all orange; only the whole latest photo adds green (about as much as its orange half).
    assert green > 1000 and orange > green * 1.6  # uncropped, the two would be even


def test_patient_report_gives_each_lesion_its_page(qapp, clinic, db, artifacts, tmp_path):
    visit = treated_visit(clinic)
    pdf = tmp_path / "patient.pdf"
    assert render_pdf(db, "patient_progress", visit.patient_id, pdf) == 2
    text = pdf_text(pdf)
    assert "Progress report: all lesions" in text
    assert "1. Vertex patch" in text and "2. Left earlobe keloid" in text
    assert "Page 1 of 2" in text and "Page 2 of 2" in text
    pdf_pngs(pdf, artifacts, "progress_patient")


def test_a_long_history_flows_onto_more_pages_with_the_table_header_repeated(qapp, clinic, db, artifacts, tmp_path):
    visit = treated_visit(clinic, day=date(2024, 1, 8))
    day = date(2024, 1, 8)
    for _ in range(44):
        day += timedelta(days=14)
        clinic.record(visit.patient_id, [clinic.injection(visit.scalp_lesion, "tac", "2.5", "0.1", 2)], day=day,
                      reason="test: long course")
    doc = lesion_progress_document(db, visit.scalp_lesion)
    assert len(doc.lesions[0].rows) == 45
    pdf = tmp_path / "long.pdf"
    pages = write_pdf(build_progress(doc), pdf)
    assert pages >= 2 and pdf_pages(pdf) == pages
    text = pdf_text(pdf)
    assert text.count("Total so far") == pages  # the header row repeats on every page
    assert f"Page {pages} of {pages}" in text
    assert "Cumulative dose: 25 mg Triamcinolone acetonide" in text
    pdf_pngs(pdf, artifacts, "progress_long")


def test_a_missing_photo_or_logo_does_not_stop_the_report(qapp, clinic, db, tmp_path):
    visit = treated_visit(clinic)
    settings.update_settings(db, None, {"clinic_logo_path": str(tmp_path / "gone.png")})
    add_photo(db, clinic.nurse.id, visit.patient_id, visit.ear_lesion, date(2026, 6, 1), "#ff8c00")
    add_photo(db, clinic.nurse.id, visit.patient_id, visit.ear_lesion, date(2026, 7, 1), "#0000ff")
    for photo in db.location.photos_dir.rglob("*.jpg"):
        photo.unlink()
    pdf = tmp_path / "p.pdf"
    render_pdf(db, "lesion_progress", visit.ear_lesion, pdf)
    assert pdf_text(pdf).count("photo file missing") == 2, pdf_text(pdf)


def test_nothing_is_half_written(qapp, clinic, db, tmp_path):
    visit = treated_visit(clinic)
    with pytest.raises(OSError, match="does not exist"):
        render_pdf(db, "aftercare", visit.session_id, tmp_path / "no" / "such" / "folder.pdf")
    target = tmp_path / "a.pdf"
    target.write_bytes(b"the earlier version")
    render_pdf(db, "aftercare", visit.session_id, target)
    assert target.read_bytes().startswith(b"%PDF")
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []


def test_documents_render_in_a_worker_thread(qtbot, clinic, db, tmp_path):
    from tracker.ui.tasks import TaskRunner

    visit = treated_visit(clinic)
    runner = TaskRunner()
    results: list[int] = []
    for kind, record in (("aftercare", visit.session_id), ("patient_progress", visit.patient_id)):
        runner.run(render_pdf, db, kind, record, tmp_path / f"{kind}.pdf", on_done=results.append)
    qtbot.waitUntil(lambda: len(results) == 2, timeout=20000)
    assert sorted(results) == [2, 2]  # two lesions: two pages each
    assert "Amara Okafor" in pdf_text(tmp_path / "aftercare.pdf")
    assert "Left earlobe keloid" in pdf_text(tmp_path / "patient_progress.pdf")


def test_cancelling_part_way_leaves_no_file(qapp, clinic, db, tmp_path):
    from tracker.printing.prepared import DocumentCancelled
    from tracker.printing.render import prepare

    visit = treated_visit(clinic)
    prepared = prepare(db, "patient_progress", visit.patient_id)
    steps: list[str] = []

    def progress(done: int, total: int, text: str) -> bool:
        steps.append(text)
        return done < 1  # cancel when the second page is about to be painted

    with pytest.raises(DocumentCancelled):
        write_pdf(prepared, tmp_path / "p.pdf", progress)
    assert steps == ["page 1 of 2", "page 2 of 2"]
    assert [p.name for p in tmp_path.iterdir() if ".pdf" in p.name] == []


def test_a_draft_visit_prints_marked_as_draft(qapp, clinic, db, tmp_path):
    from tracker.services import sessions

    visit = treated_visit(clinic)
    draft = sessions.create_draft(db, clinic.doctor.id, clinic.session_input(
        visit.patient_id, [clinic.injection(visit.ear_lesion, "tac", "40", "0.1", 2)], day=date(2026, 7, 6)))
    render_pdf(db, "aftercare", draft.id, tmp_path / "draft.pdf")
    render_pdf(db, "aftercare", visit.session_id, tmp_path / "signed.pdf")
    assert "DRAFT: the visit record is not signed yet" in pdf_text(tmp_path / "draft.pdf")
    assert "DRAFT" not in pdf_text(tmp_path / "signed.pdf")


def test_a_long_name_in_the_footer_is_shortened_not_printed_over_the_page_number(qapp, clinic, db, artifacts, tmp_path):
    settings.update_settings(db, clinic.doctor.id, {"clinic_name": "Northern Regional Dermatology and Laser Surgery "
                                                                   "Outpatient Centre, Intralesional Therapy Unit"})
    patient = clinic.patient(family_name="Papadopoulou-Vasilopoulou-Konstantinidou", given_names="Alexandra-Theodora")
    lesion = clinic.lesion(patient.id)
    visit = clinic.record(patient.id, [clinic.injection(lesion.id, conc="5")])
    pdf = tmp_path / "long.pdf"
    write_pdf(build_aftercare(aftercare_document(db, visit.id)), pdf)
    pdf_pngs(pdf, artifacts, "aftercare_long_names")
    text = pdf_text(pdf)
    footer = text[text.rindex("Page 1 of") - 120:text.rindex("Page 1 of")]
    assert "..." in footer or "\u2026" in footer  # shortened in the middle
