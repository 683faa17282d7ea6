"""T9: the aftercare sheet as PDF, against a bare QTextDocument-to-PDF of a
document of the same text and pictures; and the first sheet of a process,
its imports included (in a fresh process)."""
from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

from tracker.bench.appkit import open_copy
from tracker.bench.env import child_env
from tracker.bench.qt import application
from tracker.bench.report import Check
from tracker.bench.rows import Context, NotBuilt
from tracker.bench.timing import median, ms


def _renderer():  # noqa: ANN202
    try:
        from tracker.printing.render import prepare, render_aftercare_pdf
    except ImportError:
        raise NotBuilt("the aftercare PDF (issue 6) is not in this build") from None
    return prepare, render_aftercare_pdf


def bare_pdf(path: Path, text: str, images: list) -> float:  # noqa: ANN001
    """Seconds for a plain QTextDocument with ``text`` and ``images`` printed to a PDF file."""
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QPageSize, QPdfWriter, QTextDocument

    started = time.perf_counter()
    doc = QTextDocument()
    for n, image in enumerate(images):
        doc.addResource(QTextDocument.ResourceType.ImageResource, QUrl(f"img{n}"), image)
    paragraphs = "".join(f"<p>{line}</p>" for line in text.splitlines() if line.strip())
    pictures = "".join(f'<p><img src="img{n}" width="{min(image.width(), 600)}"></p>' for n, image in enumerate(images))
    doc.setHtml(f"<h1>Aftercare</h1>{paragraphs}{pictures}")
    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setResolution(300)
    doc.print_(writer)
    del writer  # closes the file
    return time.perf_counter() - started


FIRST = """
import sys, time
from tracker.bench.env import prepare_environment
prepare_environment()
from PySide6.QtGui import QGuiApplication
from tracker.config import resolve_location
from tracker.services.clinic import open_clinic
app = QGuiApplication(["tracker"])
db = open_clinic(resolve_location(data_dir=sys.argv[1]))
started = time.perf_counter()
from tracker.printing.render import render_aftercare_pdf
render_aftercare_pdf(db, int(sys.argv[2]), sys.argv[3])
print(f"first={time.perf_counter() - started:.4f}", flush=True)
"""


def first_pdf(data_dir: Path, session_id: int, path: Path) -> float:
    """Seconds for the first sheet in a new process whose database is already
    open: the printing modules' imports, fonts and layout included."""
    proc = subprocess.run([sys.executable, "-c", FIRST, str(data_dir), str(session_id), str(path)], capture_output=True,
                          text=True, env=child_env(), timeout=120, stdin=subprocess.DEVNULL)
    found = re.search(r"first=([\d.]+)", proc.stdout)
    if not found:
        raise RuntimeError(f"the first-PDF process failed: {proc.stderr[-800:]}")
    return float(found.group(1))


def t9(ctx: Context) -> list[Check]:
    prepare, render_aftercare_pdf = _renderer()
    application()
    db, _actor = open_copy(ctx)
    session_id = ctx.data["heavy_session_ids"][-1]
    out = ctx.work / "pdf"
    out.mkdir()
    firsts = [first_pdf(ctx.work / "clinic", session_id, out / f"first-{n}.pdf") for n in range(3)]
    prepared = prepare(db, "aftercare", session_id)
    text = prepared.text_document().toPlainText()
    images = [image for _name, image in prepared.images]
    render_aftercare_pdf(db, session_id, out / "warm.pdf")
    bare_pdf(out / "warm-bare.pdf", text, images)
    app, bare = [], []
    for n in range(ctx.preset.pdfs):
        started = time.perf_counter()
        render_aftercare_pdf(db, session_id, out / f"app-{n}.pdf")
        app.append(time.perf_counter() - started)
        bare.append(bare_pdf(out / f"bare-{n}.pdf", text, images))
    ctx.details.update(first_ms=[round(ms(t), 1) for t in firsts], app_ms=[round(ms(t), 1) for t in app],
                       bare_ms=[round(ms(t), 1) for t in bare], text_chars=len(text), images=len(images),
                       app_pdf_bytes=(out / "app-0.pdf").stat().st_size, bare_pdf_bytes=(out / "bare-0.pdf").stat().st_size)
    return [Check("median sheet to PDF", ms(median(app)), "ms", 3.0, baseline=ms(median(bare))),
            Check("first sheet in a process, imports included", ms(median(firsts)), "ms", 300.0)]
