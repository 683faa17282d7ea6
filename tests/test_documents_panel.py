"""The Documents tab of the patient chart, driven as a person uses it (modal dialogs patched)."""
from __future__ import annotations

from datetime import date

import pytest
from document_fixtures import add_keloid_size, treated_visit
from pdf_tools import count_pixels, pdf_pages, pdf_pngs, pdf_text
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QApplication, QDialog
from sqlalchemy import select

from tracker.models import AuditEvent
from tracker.services import sessions
from tracker.services.staff import default_staff
from tracker.ui import print_jobs
from tracker.ui.context import AppContext
from tracker.ui.documents_panel import DocumentsPanel


def audit_events(db, action: str) -> list[tuple[str, int, str]]:  # noqa: ANN001
    with db.read() as s:
        rows = s.execute(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.seq)).scalars()
        return [(e.entity, e.entity_id, e.after) for e in rows]


@pytest.fixture
def chart(qtbot, clinic, db):  # noqa: ANN001, ANN201
    visit = treated_visit(clinic, day=date(2026, 5, 4))
    later = clinic.record(visit.patient_id, [clinic.injection(visit.ear_lesion, "tac", "40", "0.1", 3)], day=date(2026, 6, 1))
    ctx = AppContext(db, default_staff(db))
    panel = DocumentsPanel(ctx, visit.patient_id)
    qtbot.addWidget(panel)
    panel.resize(980, 420)
    panel.show()
    qtbot.waitUntil(lambda: panel.visit_rows.rowCount() == 2)
    return panel, visit, later


def cell(table, row: int, column: int) -> str:  # noqa: ANN001
    return table.model().index(row, column).data()


def click(qtbot, button) -> None:  # noqa: ANN001
    assert button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_the_panel_lists_visits_and_lesions(chart, qtbot, artifacts):
    from tracker.ui.extensions import chart_panels
    from tracker.ui.registry import load_features

    panel, visit, later = chart
    assert [cell(panel.visits, r, 0) for r in range(2)] == ["2026-06-01", "2026-05-04"]
    assert cell(panel.visits, 1, 1) == "Vertex patch, Left earlobe keloid"
    assert [cell(panel.lesions, r, 0) for r in range(3)] == ["All lesions", "Vertex patch", "Left earlobe keloid"]
    assert cell(panel.lesions, 2, 1) == "Keloid, left ear lobule · 2 visits"
    assert panel.visit_request().record_id == later.id
    assert panel.lesion_request().record_id == visit.scalp_lesion
    load_features()
    assert "Documents" in [p.title for p in chart_panels()]
    panel.grab().save(str(artifacts / "documents_panel.png"))


def test_save_as_pdf_writes_the_file_and_the_audit_trail(chart, qtbot, monkeypatch, tmp_path):
    panel, visit, _ = chart
    panel.visits.selectRow(1)
    offered = []

    def choose(parent, title, suggested, filters):  # noqa: ANN001, ANN202
        offered.append(suggested)
        return str(tmp_path / "sheet"), filters

    monkeypatch.setattr(print_jobs.QFileDialog, "getSaveFileName", staticmethod(choose))
    click(qtbot, panel.visit_actions.save_button)
    qtbot.waitUntil(lambda: panel.status.text().startswith("Saved"), timeout=20000)
    assert offered[0].endswith("aftercare-RDC-2001-2026-05-04.pdf")
    saved = tmp_path / "sheet.pdf"
    assert "Amara Okafor" in pdf_text(saved) and "Monday 4 May 2026" in pdf_text(saved)
    assert panel.status.text() == f"Saved {saved} (2 pages)."  # two lesions treated
    assert panel.visit_actions.save_button.isEnabled()
    ((entity, entity_id, after),) = audit_events(panel.ctx.db, "export")
    assert (entity, entity_id) == ("treatment_session", visit.session_id)
    assert str(saved) in after and '"document":"aftercare"' in after


def test_print_goes_through_the_print_dialog(chart, qtbot, monkeypatch, tmp_path):
    panel, visit, _ = chart
    answers = [QDialog.DialogCode.Rejected, QDialog.DialogCode.Accepted]

    class FakePrintDialog:
        def __init__(self, printer: QPrinter, parent=None) -> None:  # noqa: ANN001
            self.printer = printer

        def setWindowTitle(self, title: str) -> None:  # noqa: N802
            self.title = title

        def exec(self) -> QDialog.DialogCode:
            # The person picks "Print to file (PDF)" in the dialog.
            self.printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            self.printer.setOutputFileName(str(tmp_path / "printed.pdf"))
            return answers.pop(0)

    monkeypatch.setattr(print_jobs, "QPrintDialog", FakePrintDialog)
    panel.lesions.selectRow(0)  # all lesions
    click(qtbot, panel.lesion_actions.print_button)  # cancelled in the dialog
    assert audit_events(panel.ctx.db, "print") == [] and not (tmp_path / "printed.pdf").exists()
    click(qtbot, panel.lesion_actions.print_button)
    qtbot.waitUntil(lambda: panel.status.text().startswith("Printed"), timeout=20000)
    assert pdf_pages(tmp_path / "printed.pdf") == 2
    assert "1. Vertex patch" in pdf_text(tmp_path / "printed.pdf")
    ((entity, entity_id, after),) = audit_events(panel.ctx.db, "print")
    assert (entity, entity_id) == ("patient", visit.patient_id) and "printed.pdf" in after


def test_preview_shows_the_pages_and_printing_from_it_is_recorded(chart, qtbot, monkeypatch, tmp_path, artifacts):
    panel, visit, _ = chart
    add_keloid_size(panel.ctx.db, panel.ctx.actor_id, visit.ear_lesion, date(2026, 5, 4), "14", "9", "6")
    add_keloid_size(panel.ctx.db, panel.ctx.actor_id, visit.ear_lesion, date(2026, 6, 1), "12", "8", "4")
    panel.lesions.selectRow(2)  # the keloid
    shown = []

    def exec_preview(dialog: QPrintPreviewDialog) -> QDialog.DialogCode:
        dialog.resize(900, 700)
        dialog.show()
        qtbot.waitExposed(dialog)
        for _ in range(5):
            QApplication.processEvents()
        dialog.grab().save(str(artifacts / f"print_preview_{len(shown)}.png"))
        # What the preview paints, captured into a PDF printer.
        capture = QPrinter(QPrinter.PrinterMode.HighResolution)
        capture.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        capture.setOutputFileName(str(tmp_path / f"preview{len(shown)}.pdf"))
        dialog.paintRequested.emit(capture)
        shown.append(dialog.windowTitle())
        dialog.hide()
        return QDialog.DialogCode.Rejected if len(shown) == 1 else QDialog.DialogCode.Accepted

    monkeypatch.setattr(QPrintPreviewDialog, "exec", exec_preview)
    click(qtbot, panel.lesion_actions.preview_button)
    qtbot.waitUntil(lambda: len(shown) == 1, timeout=20000)
    assert shown[0] == "Preview: progress report for Left earlobe keloid"
    text = pdf_text(tmp_path / "preview0.pdf")
    assert "Treatment history (2 visits)" in text and "Cumulative dose: 20 mg Triamcinolone acetonide" in text
    assert "Response: Keloid height 6 mm → 4 mm" in text
    # The outcome chart, drawn on the GUI thread for the worker that laid the report out, is in it.
    first_page = pdf_pngs(tmp_path / "preview0.pdf", artifacts, "preview_capture")[0]
    assert count_pixels(first_page, lambda r, g, b: r < 60 and 70 < g < 120 and b > 160) > 100
    assert audit_events(panel.ctx.db, "print") == []  # only looked at
    click(qtbot, panel.lesion_actions.preview_button)
    qtbot.waitUntil(lambda: panel.status.text().startswith("Printed"), timeout=20000)
    ((entity, entity_id, _after),) = audit_events(panel.ctx.db, "print")
    assert (entity, entity_id) == ("lesion", visit.ear_lesion)


def test_a_visit_voided_meanwhile_is_explained_not_printed(chart, qtbot, monkeypatch, tmp_path):
    panel, visit, later = chart
    sessions.void_session(panel.ctx.db, panel.ctx.actor_id, later.id, "entered in the wrong chart")
    monkeypatch.setattr(print_jobs.QFileDialog, "getSaveFileName", staticmethod(lambda *a: (str(tmp_path / "x.pdf"), "")))
    with qtbot.waitSignal(panel.ctx.banner, timeout=20000) as banner:
        click(qtbot, panel.visit_actions.save_button)
    assert banner.args[1] == "error" and "was voided (entered in the wrong chart)" in banner.args[0]
    assert not (tmp_path / "x.pdf").exists() and audit_events(panel.ctx.db, "export") == []
    # The list catches up with the change.
    panel.ctx.notify("session", later.id)
    qtbot.waitUntil(lambda: panel.visit_rows.rowCount() == 1)
    assert panel.visit_request().record_id == visit.session_id


def test_a_document_being_made_can_be_cancelled(chart, qtbot, monkeypatch, tmp_path):
    import threading

    from tracker.printing import render

    panel, _visit, _ = chart
    cancelled = threading.Event()
    gather = render.aftercare_document

    def slow_gather(db, session_id):  # noqa: ANN001, ANN202
        cancelled.wait(10)  # a slow database: the person cancels meanwhile
        return gather(db, session_id)

    monkeypatch.setattr(render, "aftercare_document", slow_gather)
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.setattr(print_jobs.QFileDialog, "getSaveFileName", staticmethod(lambda *a: (str(out / "c.pdf"), "")))
    click(qtbot, panel.visit_actions.save_button)
    assert panel.cancel_button.isVisible() and not panel.visit_actions.save_button.isEnabled()
    assert panel.status.text().startswith("Saving aftercare sheet of 2026-06-01")
    click(qtbot, panel.cancel_button)
    cancelled.set()
    qtbot.waitUntil(lambda: panel.status.text() == "Saving the PDF cancelled.", timeout=20000)
    assert not panel.cancel_button.isVisible() and panel.visit_actions.save_button.isEnabled()
    assert list(out.iterdir()) == [] and audit_events(panel.ctx.db, "export") == []


def test_gui_thread_call_runs_on_the_gui_thread_and_hands_back_results(qtbot):
    from PySide6.QtCore import QThread

    from tracker.ui.gui_thread_call import GuiThreadCall
    from tracker.ui.tasks import TaskRunner

    gui = QThread.currentThread()

    def where(x: int) -> tuple[bool, int]:
        if x < 0:
            raise ValueError("negative")
        return QThread.currentThread() is gui, x * 2

    call = GuiThreadCall(where)
    runner = TaskRunner()
    results, errors = [], []
    runner.run(lambda: call(21), on_done=results.append)
    runner.run(lambda: call(-1), on_error=errors.append)
    qtbot.waitUntil(lambda: bool(results and errors), timeout=10000)
    assert results == [(True, 42)] and str(errors[0]) == "negative"
    assert call(1) == (True, 2)  # called on the GUI thread itself: directly


def test_the_documents_tab_of_the_patient_chart(qtbot, clinic, monkeypatch, tmp_path, artifacts):
    from gui_helpers import open_window, search_and_open

    visit = treated_visit(clinic, day=date(2026, 5, 4))
    window = open_window(qtbot, clinic.db, clinic.doctor)
    chart = search_and_open(qtbot, window, "RDC-2001")
    index = next(i for i in range(chart.tabs.count()) if chart.tabs.tabText(i).replace("&", "") == "Documents")
    chart.tabs.setCurrentIndex(index)
    panel = chart.tabs.widget(index)
    qtbot.waitUntil(lambda: panel.visit_rows.rowCount() == 1)
    monkeypatch.setattr(print_jobs.QFileDialog, "getSaveFileName", staticmethod(lambda *a: (str(tmp_path / "s.pdf"), "")))
    click(qtbot, panel.visit_actions.save_button)
    qtbot.waitUntil(lambda: panel.status.text().startswith("Saved"), timeout=20000)
    assert "Amara Okafor" in pdf_text(tmp_path / "s.pdf")
    ((entity, entity_id, _after),) = audit_events(clinic.db, "export")
    assert (entity, entity_id) == ("treatment_session", visit.session_id)
    window.grab().save(str(artifacts / "chart_documents_tab.png"))
