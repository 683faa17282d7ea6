"""The session editor's "Outcome scores" page: for each treated lesion an
optional outcome assessment (most visits record one, not all), saved with the
session. Alopecia areata lesions can paint the hair loss on the four scalp
drawings; the painted percentages fill the SALT items.

Each lesion's section stays folded until asked for; the assessment form is
built only then. What is typed counts as unsaved work of the editor, goes
into its recovery copy, and is stored when the draft is saved or signed (all
the session's scores in one transaction).
"""
from __future__ import annotations

import logging
from dataclasses import replace
from datetime import date
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QLabel, QPushButton, QScrollArea, QToolButton, QVBoxLayout, QWidget

from tracker.models import Condition
from tracker.services.assessments import AssessmentView, record_assessments, session_assessments
from tracker.services.errors import ServiceError, ValidationError
from tracker.services.lesions import LesionView
from tracker.ui.progress.assessment_entry import AssessmentEntry
from tracker.ui.session_editor.scalp_paint_dialog import ScalpPaintDialog

log = logging.getLogger(__name__)


def visit_scores(db, session_ids: tuple[int, ...]) -> list[AssessmentView]:  # noqa: ANN001
    """The scores recorded with these versions of a visit (runs in the task pool)."""
    return [v for session_id in session_ids for v in session_assessments(db, session_id)]


class OutcomeSection(QFrame):
    """One lesion: what was recorded at this visit, and (unfolded) a form for a new score."""

    edited = Signal()

    def __init__(self, ctx, lesion: LesionView, day: date, parent: QWidget | None = None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.ctx, self.lesion, self.day = ctx, lesion, day
        self.session_id: int | None = None
        self.read_only = False
        self._views: list[AssessmentView] = []
        self.entry: AssessmentEntry | None = None
        self.paint_dialog: ScalpPaintDialog | None = None
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.toggle = QToolButton()
        self.toggle.setCheckable(True)
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toggle.setArrowType(Qt.ArrowType.RightArrow)
        # The lesion is named in a label that wraps (a long name never makes the page scroll
        # sideways); the button under it stays short.
        self.title = QLabel(f"<b>{escape(lesion.label)}</b> ({escape(lesion.condition.label.lower())})")
        self.title.setWordWrap(True)
        self.toggle.setText("Record an outcome score")
        self.toggle.setAccessibleName(f"Outcome score for {lesion.label}")
        self.recorded = QLabel()
        self.recorded.setWordWrap(True)
        self.recorded.setAccessibleName(f"Scores recorded for {lesion.label}")
        self.recorded.hide()
        self.body = QWidget()
        self.body_layout = QVBoxLayout(self.body)
        self.body_layout.setContentsMargins(12, 0, 0, 0)
        self.body.hide()
        self.paint_button: QPushButton | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.toggle, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.recorded)
        layout.addWidget(self.body)
        self.toggle.toggled.connect(self.unfold)

    # -- the form -------------------------------------------------------------------
    def unfold(self, on: bool = True) -> None:
        if on and self.entry is None:
            self._build()
        if self.toggle.isChecked() != on:
            self.toggle.setChecked(on)
        self.toggle.setArrowType(Qt.ArrowType.DownArrow if on else Qt.ArrowType.RightArrow)
        self.body.setVisible(on)

    def _build(self) -> None:
        entry = AssessmentEntry(self.ctx, self.lesion.id, show_save_button=False)
        entry.follow_visit(self.day)
        entry.set_session_id(self.session_id)
        entry.edited.connect(self.edited)
        self.entry = entry
        self.body_layout.addWidget(entry)
        if self.lesion.condition == Condition.ALOPECIA_AREATA:
            self.paint_button = QPushButton("&Paint the hair loss\u2026")
            self.paint_button.setToolTip("Paint the bald areas on the four scalp views; the percentages fill the SALT items")
            self.paint_button.clicked.connect(self.open_paint)
            self.body_layout.insertWidget(0, self.paint_button, 0, Qt.AlignmentFlag.AlignLeft)

    def painter(self) -> ScalpPaintDialog:
        """The scalp painting of this lesion (built the first time; it keeps its paint)."""
        if self.paint_dialog is None:
            self.paint_dialog = ScalpPaintDialog(self.lesion.label, self)
            self.paint_dialog.paint.percentagesChanged.connect(self._painted)
        return self.paint_dialog

    def open_paint(self) -> ScalpPaintDialog:
        dialog = self.painter()
        dialog.open()
        return dialog

    def _painted(self, percents: dict) -> None:
        if self.entry is None:
            return
        self.entry.set_salt_views(percents)
        result = self.entry.current_result()
        metric = self.entry.instrument.score_metric
        band = f" ({result.band.code}: {result.band.label})" if result.band else ""
        self.paint_dialog.show_score(f"{metric.label}: <b>{metric.format(result.score)}</b>{band}"
                                     if result.score is not None else "")

    # -- the visit ------------------------------------------------------------------
    def set_day(self, day: date) -> None:
        self.day = day
        if self.entry is not None:
            self.entry.follow_visit(day)

    def set_session_id(self, session_id: int | None) -> None:
        self.session_id = session_id
        if self.entry is not None:
            self.entry.set_session_id(session_id)

    def show_recorded(self, views: list[AssessmentView]) -> None:
        self._views = list(views)
        lines = [f"{v.result_text} ({v.assessor_name or 'unknown'})" for v in views if not v.voided]
        if lines:
            self.recorded.setText(f"Recorded at this visit: {'; '.join(lines)}")
        else:
            self.recorded.setText(f"No outcome score was recorded for {self.lesion.label} at this visit."
                                  if self.read_only else "")
        self.recorded.setVisible(bool(self.recorded.text()))

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        self.show_recorded(self._views)
        self.toggle.setVisible(not read_only)
        if read_only:
            self.unfold(False)
        if self.paint_dialog is not None:
            self.paint_dialog.paint.set_interactive(not read_only)

    # -- unsaved work ---------------------------------------------------------------
    def has_unsaved_changes(self) -> bool:
        return self.entry is not None and self.entry.has_unsaved_changes()

    def snapshot(self) -> dict | None:
        if not self.has_unsaved_changes():
            return None
        snap = {"entry": self.entry.snapshot()}
        if self.paint_dialog is not None:
            snap["paint"] = self.paint_dialog.paint.paint_state()
        return snap

    def restore(self, snap: dict) -> None:
        self.unfold(True)
        if snap.get("paint") and self.paint_button is not None:
            try:
                self.painter().paint.restore_paint_state(snap["paint"])
            except ValueError as exc:
                log.warning("scalp paint in the recovery copy not shown: %s", exc)
        self.entry.restore(snap.get("entry") or {})


class OutcomesPage(QScrollArea):
    """Sections for the treated lesions, in the order of the lesion list."""

    edited = Signal()

    def __init__(self, ctx, parent: QWidget | None = None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.ctx = ctx
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setAccessibleName("Outcome scores")
        self.sections: dict[int, OutcomeSection] = {}
        self.day = date.today()
        self.session_ids: tuple[int, ...] = ()
        self._recorded: dict[int, list[AssessmentView]] = {}
        self.intro = QLabel("Record how each treated lesion is doing (optional: most visits record a score, not "
                            "all). Scores are saved with the session.")
        self.intro.setWordWrap(True)
        self.empty = QLabel("Tick the lesions treated (Injections tab) to record their outcome scores.")
        self.empty.setWordWrap(True)
        content = QWidget()
        self.column = QVBoxLayout(content)
        self.column.addWidget(self.intro)
        self.column.addWidget(self.empty)
        self.column.addStretch(1)
        self.setWidget(content)
        ctx.changed.connect(self._on_changed)

    # -- lesions --------------------------------------------------------------------
    def set_lesions(self, lesions: list[LesionView]) -> None:
        """The treated lesions, in order: sections are kept for lesions still ticked."""
        wanted = {lesion.id: lesion for lesion in lesions}
        for lesion_id in [i for i in self.sections if i not in wanted]:
            section = self.sections.pop(lesion_id)
            self.column.removeWidget(section)
            section.deleteLater()
        for index, lesion in enumerate(lesions):
            section = self.sections.get(lesion.id)
            if section is None:
                section = OutcomeSection(self.ctx, lesion, self.day)
                section.set_session_id(self.session_ids[-1] if self.session_ids else None)
                section.edited.connect(self.edited)
                section.show_recorded(self._recorded.get(lesion.id, []))
                self.sections[lesion.id] = section
            self.column.removeWidget(section)
            self.column.insertWidget(2 + index, section)
        self.empty.setVisible(not self.sections)

    def section(self, lesion_id: int) -> OutcomeSection:
        return self.sections[lesion_id]

    # -- the visit ------------------------------------------------------------------
    def set_day(self, day: date) -> None:
        if day != self.day:
            self.day = day
            for section in self.sections.values():
                section.set_day(day)

    def set_visit(self, session_ids: tuple[int, ...]) -> None:
        """The saved versions of this visit (the one being edited last); scores recorded with them are shown."""
        self.session_ids = tuple(session_ids)
        for section in self.sections.values():
            section.set_session_id(self.session_ids[-1] if self.session_ids else None)
        self._load_recorded()

    def set_read_only(self, read_only: bool) -> None:
        self.intro.setText("Outcome scores recorded at this visit." if read_only else
                           "Record how each treated lesion is doing (optional: most visits record a score, not all). "
                           "Scores are saved with the session.")
        for section in self.sections.values():
            section.set_read_only(read_only)

    def _load_recorded(self) -> None:
        ids = self.session_ids
        if not ids:
            self._show_recorded([])
            return
        self.ctx.tasks.run(visit_scores, self.ctx.db, ids, on_done=self._show_recorded,
                           on_error=lambda exc: log.warning("scores of the visit not loaded: %s", exc), owner=self)

    def _show_recorded(self, views: list[AssessmentView]) -> None:
        self._recorded = {}
        for v in views:
            self._recorded.setdefault(v.lesion_id, []).append(v)
        for lesion_id, section in self.sections.items():
            section.show_recorded(self._recorded.get(lesion_id, []))

    def _on_changed(self, entity: str, _entity_id: int) -> None:
        if entity in ("assessment", "photo") and self.session_ids:  # a voided photo takes its measurements
            self._load_recorded()

    # -- saving ---------------------------------------------------------------------
    def has_unsaved_changes(self) -> bool:
        return any(s.has_unsaved_changes() for s in self.sections.values())

    def pending(self) -> list[OutcomeSection]:
        return [s for s in self.sections.values() if s.has_unsaved_changes()]

    def check(self) -> list[str]:
        """Labels of the lesions whose typed score is incomplete or wrong (shown beside its items)."""
        problems = []
        for section in self.pending():
            section.unfold(True)
            if not section.entry.check():
                problems.append(section.lesion.label)
        return problems

    def save(self, session_id: int) -> str | None:
        """Store every typed score with this visit, all or none. Returns why not, or None when done."""
        pending = self.pending()
        if not pending:
            return None
        data = [replace(s.entry.pending_input(), session_id=session_id) for s in pending]
        try:
            views = record_assessments(self.ctx.db, self.ctx.actor_id, data)
        except ValidationError as exc:
            self.check()
            return "; ".join(v for k, v in exc.errors.items() if not k.startswith("items.")) or \
                "some scores need attention (see the messages beside them)"
        except ServiceError as exc:
            return str(exc)
        for section, view in zip(pending, views, strict=True):
            section.set_session_id(session_id)
            section.entry.accept_saved(view)
        return None

    def discard(self) -> None:
        """Forget what was typed (the person chose to discard the session's changes)."""
        for section in self.pending():
            section.entry.clear()

    # -- recovery copy --------------------------------------------------------------
    def snapshot(self) -> dict[str, dict]:
        return {str(i): snap for i, s in self.sections.items() if (snap := s.snapshot()) is not None}

    def restore(self, snaps: dict) -> None:
        for key, snap in snaps.items():
            section = self.sections.get(int(key))
            if section is not None:
                section.restore(snap)
