"""``tracker print`` as a script uses it, on a demo clinic, with no display."""
from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys

import pytest
from helpers import child_env
from pdf_tools import count_pixels, pdf_pages, pdf_pngs, pdf_text


@pytest.fixture(scope="module")
def demo(tmp_path_factory):  # noqa: ANN001, ANN201
    from helpers import run_cli

    folder = tmp_path_factory.mktemp("print-demo")
    result = run_cli("--data-dir", str(folder), "demo", "--patients", "10")
    assert result.returncode == 0, result.stderr
    return folder


def headless(*args: str) -> subprocess.CompletedProcess:
    """The command line with no display at all and no Qt platform chosen."""
    env = {k: v for k, v in child_env().items() if k not in {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"}}
    return subprocess.run([sys.executable, "-m", "tracker", *args], capture_output=True, text=True, env=env,
                          timeout=120, stdin=subprocess.DEVNULL)


def audit(folder, action: str) -> list[tuple]:  # noqa: ANN001
    with sqlite3.connect(folder / "tracker.sqlite") as conn:
        return conn.execute("SELECT entity, entity_id, staff_id, after FROM audit_event WHERE action = ? ORDER BY seq",
                            (action,)).fetchall()


def test_aftercare_pdf_from_the_command_line_without_a_display(demo, cli, tmp_path):
    sessions = json.loads(cli("--data-dir", str(demo), "list", "sessions", "--json").stdout)
    visit = next(s for s in sessions if not s["voided"] and not s["superseded"])
    patients = {p["id"]: p for p in json.loads(cli("--data-dir", str(demo), "list", "patients", "--json").stdout)}
    patient = patients[visit["patient_id"]]
    pdf = tmp_path / "aftercare.pdf"
    result = headless("--data-dir", str(demo), "--user", "n.reyes", "print", "aftercare", str(visit["id"]), "--pdf", str(pdf))
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"saved {pdf} (1 page)\n"
    assert pdf_pages(pdf) == 1
    text = pdf_text(pdf)
    assert f"{patient['given_names']} {patient['family_name']}" in text
    assert "Riverside Dermatology Clinic" in text and "Phone +1 555 0100" in text
    assert visit["injections"][0]["agent_name"] in text
    (entity, entity_id, staff_id, after), = audit(demo, "export")[-1:]
    assert (entity, entity_id) == ("treatment_session", visit["id"])
    assert staff_id is not None and str(pdf) in after


def test_progress_reports_for_a_lesion_and_for_a_patient(demo, cli, tmp_path):
    with sqlite3.connect(demo / "tracker.sqlite") as conn:
        lesion_id, patient_id, label = conn.execute("SELECT id, patient_id, label FROM lesion ORDER BY id LIMIT 1").fetchone()
        visits = conn.execute(
            "SELECT count(DISTINCT s.root_id) FROM injection i JOIN treatment_session s ON s.id = i.session_id "
            "WHERE i.lesion_id = ? AND s.voided_at IS NULL", (lesion_id,)).fetchone()[0]
    one = tmp_path / "lesion.pdf"
    assert cli("--data-dir", str(demo), "print", "progress", str(lesion_id), "--pdf", str(one)).returncode == 0
    text = pdf_text(one)
    assert f"1. {label}" in text and f"Treatment history ({visits} visits)" in text and "Total so far" in text
    everything = tmp_path / "patient.pdf"
    result = cli("--data-dir", str(demo), "print", "progress", "--patient", str(patient_id), "--pdf", str(everything))
    assert result.returncode == 0, result.stderr
    assert "Progress report: all lesions" in pdf_text(everything)
    assert [(e, i) for e, i, _s, _a in audit(demo, "export")[-2:]] == [("lesion", lesion_id), ("patient", patient_id)]


def test_a_progress_report_carries_the_outcome_chart_and_response(demo, cli, tmp_path, artifacts):
    with sqlite3.connect(demo / "tracker.sqlite") as conn:
        (lesion_id,) = conn.execute("SELECT lesion_id FROM assessment WHERE voided_at IS NULL GROUP BY lesion_id "
                                    "HAVING count(*) >= 3 ORDER BY lesion_id LIMIT 1").fetchone()
    pdf = tmp_path / "outcome.pdf"
    result = headless("--data-dir", str(demo), "print", "progress", str(lesion_id), "--pdf", str(pdf))
    assert result.returncode == 0, result.stderr
    assert "Response: " in pdf_text(pdf)
    first = pdf_pngs(pdf, artifacts, "cli_progress")[0]
    assert count_pixels(first, lambda r, g, b: r < 60 and 70 < g < 120 and b > 160) > 100  # the chart's score line


@pytest.mark.parametrize(("args", "message"), [
    (("print", "aftercare", "99999", "--pdf", "x.pdf"), "tracker: error: no treatment session with id 99999\n"),
    (("print", "progress", "99999", "--pdf", "x.pdf"), "tracker: error: no lesion with id 99999\n"),
    (("print", "progress", "--patient", "99999", "--pdf", "x.pdf"), "tracker: error: no patient with id 99999\n"),
    (("print", "progress", "1", "--patient", "1", "--pdf", "x.pdf"), "tracker: error: give either a LESION_ID or --patient PATIENT_ID\n"),
    (("print", "aftercare", "1", "--pdf", "/no/such/folder/x.pdf"), "tracker: error: cannot save the PDF: the folder /no/such/folder does not exist\n"),
    (("print", "aftercare", "1", "--pdf", "/"), "tracker: error: cannot save the PDF: / is a folder; give a file name in it, e.g. /sheet.pdf\n"),
])
def test_mistakes_are_one_line(demo, cli, tmp_path, args, message):
    before = len(audit(demo, "export"))
    result = cli("--data-dir", str(demo), *args)
    assert (result.returncode, result.stderr, result.stdout) == (2, message, "")
    assert len(audit(demo, "export")) == before
    assert not os.path.exists("x.pdf")


def test_a_voided_visit_has_no_aftercare_sheet(demo, cli, tmp_path):
    with sqlite3.connect(demo / "tracker.sqlite") as conn:
        voided, reason = conn.execute("SELECT id, void_reason FROM treatment_session WHERE voided_at IS NOT NULL").fetchone()
    result = cli("--data-dir", str(demo), "print", "aftercare", str(voided), "--pdf", str(tmp_path / "v.pdf"))
    assert result.returncode == 2
    assert result.stderr == f"tracker: error: visit {voided} was voided ({reason}); there is no aftercare sheet for it\n"


@pytest.mark.parametrize("args", [
    ("print", "aftercare", "99999999999999999999999", "--pdf", "x.pdf"),
    ("print", "progress", "--patient", "0", "--pdf", "x.pdf"),
    ("import-photos", "x.jpg", "--patient", "#1", "--lesion-id", "-3"),
])
def test_an_id_no_record_could_have_is_refused_in_words(demo, cli, args):
    result = cli("--data-dir", str(demo), *args)
    assert result.returncode == 2 and "no record has the id" in result.stderr and "Error" not in result.stderr
