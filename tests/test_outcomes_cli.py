"""``tracker outcomes`` as a script would use it, on a demo clinic."""
from __future__ import annotations

from PySide6.QtGui import QImage


def test_outcomes_command_prints_numbers_flags_and_writes_charts(cli, tmp_path, artifacts):
    data = str(tmp_path / "clinic")
    built = cli("--data-dir", data, "demo", "--patients", "12")
    assert built.returncode == 0, built.stderr
    clinic = cli("--data-dir", data, "outcomes")
    assert clinic.returncode == 0, clinic.stderr
    assert "Alopecia areata patch    Triamcinolone acetonide" in clinic.stdout
    assert "Flagged lesions: 2" in clinic.stdout
    assert "Occipital patch: No regrowth after 3 months of injections" in clinic.stdout
    assert "Right shoulder keloid: Resolved keloid is coming back (marked as recurred)" in clinic.stdout
    charts = tmp_path / "charts"
    one = cli("--data-dir", data, "outcomes", "--patient", "RDC-1004", "--charts", str(charts))
    assert one.returncode == 0, one.stderr
    assert "Vertex patch (Alopecia areata patch, active): Improving" in one.stdout
    assert "SALT score" in one.stdout and "% improvement over" in one.stdout
    [png] = sorted(charts.glob("*.png"))
    image = QImage(str(png))
    assert (image.width(), image.height()) == (1200, 620)
    image.save(str(artifacts / "cli_progress_chart.png"))
    refused = cli("--data-dir", data, "outcomes", "--charts", str(charts))
    assert refused.returncode == 2 and "--charts needs --patient" in refused.stderr
    unknown = cli("--data-dir", data, "outcomes", "--patient", "RDC-9999")
    assert unknown.returncode == 2 and "no patient with chart number RDC-9999" in unknown.stderr


def test_a_salt_shown_as_20_counts_as_reaching_the_success_line(cli, db, clinic):
    """SALT 24 then 20.016 (shown as 20): the trend rule's 'reaches 20' must hold
    for the 20 the clinician sees, so the lesion is improving, not stable."""
    from outcome_story import days_ago, salt_items, score, treat

    from tracker.models import Condition

    patient = clinic.patient()
    lesion = clinic.lesion(patient.id, Condition.ALOPECIA_AREATA, label="Vertex patch")
    first, later = days_ago(db, 50), days_ago(db, 8)
    treat(clinic, patient.id, lesion.id, [first, later])
    score(db, clinic.doctor.id, lesion.id, "salt", first, salt_items(24))
    score(db, clinic.doctor.id, lesion.id, "salt", later, {"vertex": "0", "back": "0", "left": "100", "right": "11.2"})
    db.dispose()
    shown = cli("--data-dir", str(db.location.data_dir), "outcomes", "--patient", patient.chart_number)
    assert shown.returncode == 0, shown.stderr
    assert "Vertex patch (Alopecia areata patch, active): Improving" in shown.stdout
    assert "SALT score 24 → 20, 17% improvement" in shown.stdout
