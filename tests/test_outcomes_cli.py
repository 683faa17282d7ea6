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
