"""The session editor: the lesions treated, the injections into each, the
session's details, its checklist and outcome scores, the body map and the
live safety panel; save as draft, sign (through the checklist), amend.

Layout: on the left, pages for the injections (the form in a scroll area),
the checklist and the outcome scores; on the right, the body map above the
safety panel; the buttons below. Both dividers can be moved and are
remembered per workstation.
"""
from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QFont
from PySide6.QtWidgets import (
    QHBoxLayout, QLabel, QPushButton, QScrollArea, QSplitter, QTabWidget, QVBoxLayout, QWidget,
)

from tracker.services.chart import ChartData
from tracker.services.check_inputs import LOOKBACK_DAYS
from tracker.services.reasons import reason_problem
from tracker.services.session_input import SessionInput
from tracker.services.session_views import SessionView, given_before, lesions_voided_since
from tracker.ui.body_map_slot import MapSlot, MarkerFactory
from tracker.ui.preferences import remember_splitter
from tracker.ui.session_editor.autosave import Autosaver
from tracker.ui.session_editor.catalog_follow import CatalogFollowMixin
from tracker.ui.session_editor.checklist_page import ChecklistPage
from tracker.ui.session_editor.conflicts import ConflictMixin
from tracker.ui.session_editor.draft_actions import DraftActionsMixin
from tracker.ui.session_editor.editor_map import BodyMapMixin
from tracker.ui.session_editor.focus_order import first_field, order_editor_tabs
from tracker.ui.session_editor.injection_form import InjectionForm
from tracker.ui.session_editor.lesion_group import LesionGroup
from tracker.ui.session_editor.lesion_picker import LesionPicker
from tracker.ui.session_editor.live_check import LiveCheck
from tracker.ui.session_editor.outcomes_page import OutcomesPage
from tracker.ui.session_editor.persist import DraftRef
from tracker.ui.session_editor.recovery import Recovered, new_path
from tracker.ui.session_editor.safety_panel import SafetyPanel, left_out_text
from tracker.ui.session_editor.session_fields import SessionFields
from tracker.ui.session_editor.signing import SigningMixin
from tracker.ui.session_editor.visit_state import UNSAVED, VisitStateMixin
from tracker.ui.shortcuts import key
from tracker.ui.theme import scale_font
from tracker.ui.widgets.conflict_bar import ConflictBar
from tracker.ui.widgets.elided_label import ElidedLabel
from tracker.ui.widgets.field_message import FieldMessage
from tracker.ui.wording import capitalised

log = logging.getLogger(__name__)

NO_CLINICIAN = 0  # no staff row has id 0


class SessionEditor(BodyMapMixin, DraftActionsMixin, SigningMixin, ConflictMixin, CatalogFollowMixin, VisitStateMixin,
                    QWidget):
    title_changed = Signal(str)
    close_requested = Signal()
    amend_requested = Signal(int)
    #: the draft was changed elsewhere and the person asked to see it as stored: its id
    reload_requested = Signal(int)
    #: a session was saved or signed: its id
    saved = Signal(int)

    def __init__(self, ctx, data: ChartData, parent: QWidget | None = None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.ctx, self.data = ctx, data
        self.patient = data.patient
        self.ref = DraftRef()
        self.view: SessionView | None = None
        self.read_only = False
        self.dirty = False
        self._loading = False
        self.groups: dict[int, LesionGroup] = {}
        #: lesions of the version shown that were voided since (their injections cannot be shown or kept here)
        self.lesions_gone: tuple[str, ...] = ()
        self.sign_after_check = False  # Sign pressed while the safety check was still running
        self._unticked: dict[int, LesionGroup] = {}  # lesions unticked in this editor, with their forms as left
        self._form_order: list[InjectionForm] = []
        self._active_form: InjectionForm | None = None
        self._make_marker: MarkerFactory | None = None
        self._map_lesion: int | None = None

        self.title = QLabel()
        scale_font(self.title, 1.2, QFont.Weight.Bold)
        self.title.setWordWrap(True)  # a long name wraps instead of setting the window's least width
        self.general = FieldMessage()
        self.conflict = ConflictBar()
        self.fields = SessionFields(data.reference.staff, data.reference.zone)
        self.picker = LesionPicker()
        picker_caption = QLabel("Lesions &treated (tick each one injected):")
        picker_caption.setBuddy(self.picker)
        picker_caption.setWordWrap(True)
        self.picker_message = FieldMessage()
        self.map_slot = MapSlot()
        self.groups_box = QVBoxLayout()
        content = QWidget()
        column = QVBoxLayout(content)
        column.addWidget(self.fields)
        column.addWidget(picker_caption)
        column.addWidget(self.picker)
        column.addWidget(self.picker_message)
        column.addLayout(self.groups_box)
        column.addStretch(1)
        self.scroll = QScrollArea()
        self.scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # its fields are the Tab stops
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(content)
        self.checklist_page = ChecklistPage(ctx)
        self.outcomes = OutcomesPage(ctx)
        self.pages = QTabWidget()
        self.pages.setObjectName("editorPages")
        self.pages.setAccessibleName("Session editor pages")
        self.pages.addTab(self.scroll, "In&jections")
        self.pages.addTab(self.checklist_page, "Chec&klist")
        self.pages.addTab(self.outcomes, "O&utcome scores")
        self.safety = SafetyPanel()
        self.side = QSplitter(Qt.Orientation.Vertical)
        self.side.setObjectName("editorSide")
        self.side.setChildrenCollapsible(False)
        self.side.addWidget(self.map_slot)
        self.side.addWidget(self.safety)
        self.side.setStretchFactor(0, 3)
        self.side.setStretchFactor(1, 2)
        line = self.fontMetrics().lineSpacing()
        remember_splitter(self.side, "editor_side", [line * 30, line * 12])
        self.split = QSplitter(Qt.Orientation.Horizontal)
        self.split.setObjectName("editorSplit")
        self.split.setChildrenCollapsible(False)
        self.split.addWidget(self.pages)
        self.split.addWidget(self.side)
        self.split.setStretchFactor(0, 4)
        self.split.setStretchFactor(1, 3)
        panel = self.fontMetrics().averageCharWidth() * 20
        remember_splitter(self.split, "editor_columns", [panel * 4, panel * 3])

        self.save_button = QPushButton("&Save draft")
        self.save_button.setToolTip(f"Save as a draft ({key('save_draft')})")
        self.sign_button = QPushButton("Si&gn session")
        self.sign_button.setToolTip(f"Check and sign ({key('sign_session')}); a signed session is then read-only")
        self.discard_button = QPushButton("Discard draft\u2026")
        self.amend_button = QPushButton("&Amend\u2026")
        self.close_button = QPushButton("Close")
        self.close_button.setToolTip(f"Close the editor ({key('close_editor')})")
        self.sign_hint = ElidedLabel()  # one line beside the buttons (the whole text in its tooltip)
        buttons = QHBoxLayout()
        for b in (self.save_button, self.sign_button, self.discard_button, self.amend_button):
            buttons.addWidget(b)
        buttons.addWidget(self.sign_hint, 1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)  # the chart's tab pane already frames the editor
        layout.addWidget(self.title)
        layout.addWidget(self.general)
        layout.addWidget(self.conflict)
        layout.addWidget(self.split, 1)
        layout.addLayout(buttons)

        self.autosave = Autosaver(ctx, new_path(ctx.location.data_dir), self.snapshot, self)
        self.check = LiveCheck(ctx, self._check_input, self)
        self.check.started.connect(self.safety.checking)
        self.check.reported.connect(self._reported)
        self.check.failed.connect(self._check_failed)
        self.fields.changed.connect(self._changed)
        self.picker.toggled.connect(self._lesion_toggled)
        self.safety.reason_changed.connect(self._reason_changed)
        self.outcomes.edited.connect(self._outcome_edited)
        self.checklist_page.save_requested.connect(self.save_draft)
        self.checklist_page.open_steps_changed.connect(self._show_open_steps)
        self.pages.currentChanged.connect(self._page_shown)
        self.save_button.clicked.connect(self.save_draft)
        self.sign_button.clicked.connect(self.sign)
        self.discard_button.clicked.connect(self.discard_draft)
        self.amend_button.clicked.connect(lambda: self.view and self.amend_requested.emit(self.view.id))
        self.close_button.clicked.connect(self.close_requested)
        for name, slot in (("save_draft", self.save_draft), ("sign_session", self.sign), ("close_editor", self.close_requested)):
            action = QAction(self, shortcut=key(name), shortcutContext=Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(slot)
            self.addAction(action)
        self.follow_catalog()
        self.picker.set_lesions(tuple(lesion for lesion in data.lesions if not lesion.voided))
        if not data.lesions:
            self.picker_message.show_message("This patient has no lesions yet: add one in the Lesions tab first "
                                             f"({key('new_lesion')}).", "warning")

    # -- starting points --------------------------------------------------------
    def start_new(self, lesion_ids: list[int] | tuple[int, ...] = ()) -> None:
        with self._quietly():
            self.fields.set_performed_at(datetime.now(timezone.utc).replace(second=0, microsecond=0))
            self.fields.set_clinician(self.ctx.actor_id)
            for lesion_id in lesion_ids:
                self.picker.set_ticked(lesion_id, True)
        self._set_mode()
        self.check.schedule()

    def open_view(self, view: SessionView) -> None:
        """A saved version: a draft opens for editing, a signed one read-only."""
        self.view = view
        self.ref = DraftRef(view.id, view.row_version, None)
        self.conflict.clear()
        with self._quietly():
            self._fill(view)
            # A draft's reason covers the findings it was saved with; a signed one's is only shown.
            self.safety.carry_reason(view.findings_reason or "", None if view.is_signed else view.findings)
            self.fields.amendment_reason.setText(view.amendment_reason or "")
        self.dirty = False
        self._set_mode()
        said = [f"Discarded before signing ({view.void_reason}): nothing here was given, and none of it counts as a "
                "dose."] if view.is_discarded_draft else []
        self._warn(*said, *self._lesions_gone_text())
        self.check.run_now()

    def start_amendment(self, signed: SessionView) -> None:
        """A correction of a signed version: its content, editable, with a reason to give."""
        self.view = signed
        self.ref = DraftRef(None, None, signed.id)
        with self._quietly():
            self._fill(signed)
            self.safety.carry_reason(signed.findings_reason or "", signed.findings)
        self.dirty = False
        self._set_mode()
        self._warn(*self._lesions_gone_text())
        self.check.run_now()

    def restore(self, recovered: Recovered) -> None:
        """Work a crash interrupted, from its recovery file."""
        p = recovered.payload
        self.ref = DraftRef(p.get("session_id"), p.get("row_version"), p.get("amend_of"))
        self.autosave.path = recovered.path
        with self._quietly():
            self.fields.restore(p["fields"])
            for entry in p.get("lesions", []):
                self.picker.set_ticked(entry["lesion_id"], True)
                group = self.groups.get(entry["lesion_id"])
                if group is None:
                    continue
                while len(group.forms) < len(entry["components"]):
                    group.add_form()
                for form, snap in zip(group.forms, entry["components"], strict=False):
                    form.restore(snap)
            self.safety.carry_reason(p.get("findings_reason", ""))
            self.safety.restore_carried(p.get("reason_given_for"))  # a carried reason stays limited to its findings
            self.outcomes.restore(p.get("outcomes", {}))
        self.dirty = True
        self._set_mode()
        self.check.run_now()

    def _fill(self, view: SessionView) -> None:
        self.fields.set_performed_at(view.performed_at)
        self.fields.set_clinician(view.clinician_id, view.clinician_name)
        self.fields.consent.setChecked(view.consent_obtained)
        self.fields.consent_note.setText(view.consent_note or "")
        self.fields.notes.setPlainText(view.notes or "")
        # A discarded draft shows what it held when discarded (nothing of it was given).
        live = list(view.discarded_injections()) or [i for i in view.injections if not i.voided]
        for lesion_id in dict.fromkeys(i.lesion_id for i in live):
            self.picker.set_ticked(lesion_id, True)
            group = self.groups.get(lesion_id)
            if group is None:  # the lesion was voided since: the picker no longer offers it
                continue
            mine = [i for i in live if i.lesion_id == lesion_id]
            while len(group.forms) < len(mine):
                group.add_form()
            for form, inj in zip(group.forms, mine, strict=False):
                form.load(inj)
        # Those into lesions the editor has no group for (voided since) are not shown, and a save would leave them out.
        self.lesions_gone = lesions_voided_since(live, set(self.groups))

    @contextmanager
    def _quietly(self) -> Iterator[None]:
        """Fill fields without counting it as the person's edits."""
        self._loading = True
        try:
            yield
        finally:
            self._loading = False

    def update_chart(self, data: ChartData) -> None:
        """The chart was reloaded (a lesion added, a session signed elsewhere): keep the ticks."""
        ticked = self.picker.ticked()
        self.data = data
        with self._quietly():
            self.picker.set_lesions(tuple(lesion for lesion in data.lesions if not lesion.voided))
            for lesion_id in ticked:
                self.picker.set_ticked(lesion_id, True)
        if data.lesions:
            self.picker_message.clear_message()
        self._lesions_voided_meanwhile(ticked, data)
        self._follow_void(data)

    def _check_failed(self, text: str) -> None:
        self.safety.idle(f"The safety check could not run: {text}")
        if self.sign_after_check:  # Sign waited for this check: it is not signed, and will not be on a later edit
            self.sign_after_check = False
            self.general.show_message(f"Not signed: the safety check could not run ({text}). Try Sign again.", "error")

    # -- lesions and forms --------------------------------------------------------
    def _lesion_toggled(self, lesion_id: int, ticked: bool) -> None:
        if ticked and lesion_id in self._unticked:
            group = self.groups[lesion_id] = self._unticked.pop(lesion_id)  # what was typed, back again
            order = [i for i in self.picker.order() if i in self.groups]
            self.groups_box.insertWidget(order.index(lesion_id), group)
            group.show()
            for form in group.forms:
                form.set_session_day(self.fields.clinic_day())
            self._active_form = group.forms[0]
        elif ticked and lesion_id not in self.groups:
            lesion = next(lesion for lesion in self.data.lesions if lesion.id == lesion_id)
            group = LesionGroup(self.ctx, lesion, self.data.reference.agents, adult_man=self.patient.is_adult_man,
                                given_before=self._given_before)
            group.changed.connect(self._changed)
            group.form_activated.connect(self._form_activated)
            group.forms_changed.connect(lambda: order_editor_tabs(self))
            self.groups[lesion_id] = group
            order = [i for i in self.picker.order() if i in self.groups]
            self.groups_box.insertWidget(order.index(lesion_id), group)
            form = group.add_form()
            form.set_session_day(self.fields.clinic_day())
            self._active_form = form
            if not self._loading:
                form.agent.setFocus(Qt.FocusReason.OtherFocusReason)
        elif not ticked and lesion_id in self.groups:
            # Set aside, not thrown away: ticking the lesion again brings back what was typed.
            group = self._unticked[lesion_id] = self.groups.pop(lesion_id)
            self.groups_box.removeWidget(group)
            group.hide()
            if self._active_form in group.forms:
                self._active_form = None
        self.picker_message.clear_message()
        self.outcomes.set_lesions([self.groups[i].lesion for i in self.picker.order() if i in self.groups])
        order_editor_tabs(self)
        self._follow_lesion()
        self._changed()

    def _form_activated(self, form: InjectionForm) -> None:
        self._active_form = form
        self._follow_lesion()

    def forms(self) -> list[InjectionForm]:
        return [f for lesion_id in self.picker.order() if lesion_id in self.groups for f in self.groups[lesion_id].forms]

    # -- values ---------------------------------------------------------------------
    def collect(self, *, show: bool) -> SessionInput | None:
        """The session as typed. With ``show``, problems go next to their fields and
        None is returned if there are any; without, incomplete injections are left out."""
        injections, self._form_order, problems = [], [], False
        mix = 0
        for lesion_id in self.picker.order():
            group = self.groups.get(lesion_id)
            if group is None:
                continue
            mix += group.is_mixture
            for form in group.forms:
                parsed = form.parse()
                if parsed.injection is None:
                    problems = True
                    if show:
                        form.show_errors(parsed.errors)
                    continue
                injections.append(replace(parsed.injection, mix_group=mix if group.is_mixture else None))
                self._form_order.append(form)
        clinician = self.fields.clinician.currentData()
        if clinician is None and show:
            self.fields.fields.show_errors({"clinician_id": "choose the clinician who gave the injections"})
            return None
        if show and problems:
            return None
        return SessionInput(  # not chosen yet: the live safety check (show False) reads no clinician
            patient_id=self.patient.id, clinician_id=NO_CLINICIAN if clinician is None else clinician,
            performed_at=self.fields.performed_at(),
            injections=tuple(injections), consent_obtained=self.fields.consent.isChecked(),
            consent_note=self.fields.consent_note.text().strip() or None,
            notes=self.fields.notes.toPlainText().strip() or None,
        )

    def _given_before(self, agent_id: int, day: date | None) -> bool:
        """A counting dose of the agent before ``day`` in the chart (the version being amended left out)."""
        root = self.view.root_id if self.view is not None else None
        if root is None and self.ref.amend_of is not None:
            root = next((v.root_id for v in self.data.sessions if v.id == self.ref.amend_of), None)
        day = day or date.today()
        return given_before(self.data.counted, agent_id, day, since=day - timedelta(days=LOOKBACK_DAYS),
                            exclude_root=root)

    def _check_input(self) -> tuple[SessionInput | None, int | None]:
        if self._discarded():  # nothing of it was given: there is no dose to check
            return None, None
        # While amending, the version being corrected is not a prior dose of its own correction.
        return self.collect(show=False), self.ref.session_id or self.ref.amend_of

    def snapshot(self) -> dict:
        return {
            "database": self.ctx.db.describe(), "patient_id": self.patient.id, "patient_name": self.patient.display_name,
            "session_id": self.ref.session_id, "row_version": self.ref.row_version, "amend_of": self.ref.amend_of,
            "amends_id": self.ref.amend_of or (self.view.amends_id if self.view else None),
            "written_at": datetime.now().strftime("%Y-%m-%d %H:%M:%S"), "fields": self.fields.snapshot(),
            "lesions": [{"lesion_id": i, "components": [f.snapshot() for f in self.groups[i].forms]}
                        for i in self.picker.order() if i in self.groups],
            "findings_reason": self.safety.reason_text(), "reason_given_for": self.safety.given_for(),
            "outcomes": self.outcomes.snapshot(),
        }

    # -- changes ----------------------------------------------------------------------
    def _changed(self, *_args) -> None:  # noqa: ANN002
        day = self.fields.clinic_day()
        for form in self.forms():
            form.set_session_day(day)
        self.outcomes.set_day(day)
        self.fields.check_dates(self.patient.date_of_birth, date.today())
        self._push_markers()
        if self._loading or self.read_only:
            return
        self.dirty = True
        self.autosave.touched()
        self.check.schedule()
        self._update_sign_state()
        self._set_title()
        self._show_checklist_state()

    def _outcome_edited(self) -> None:
        if not self._loading and not self.read_only:
            self.autosave.touched()
            self._set_title()

    def _reason_changed(self) -> None:
        if not self._loading and not self.read_only:
            self.dirty = True
            self.autosave.touched()
            self._set_title()
        self._update_sign_state()

    def _reported(self, report) -> None:  # noqa: ANN001
        unreadable = [problem for form in self.forms() if (problem := form.unreadable())]
        if report is None and self._discarded():
            self.safety.idle("Not checked: this draft was discarded, so nothing in it was given.")
        elif report is None:
            self.safety.idle(left_out_text(unreadable, none_checked=True))
        else:
            self.safety.show_report(report, left_out_text(unreadable, none_checked=False))
            if report.findings:
                self._room_for_findings()
        self._update_sign_state()
        if self.sign_after_check:  # Sign was pressed while this check ran
            self.sign_after_check = False
            self.general.clear_message()
            if self.sign_button.isEnabled():
                self.sign()
            elif report is not None and report.needs_reason and not report.blocked:
                self.safety.demand_reason("The last change raised findings: give a reason here to sign past them.")
            elif self.sign_hint.text():
                self.general.show_message(f"Not signed: {self.sign_hint.text()}", "error")

    def _room_for_findings(self) -> None:
        """Findings appeared: the safety panel takes space from the map (up to 60% of the column)."""
        sizes = self.side.sizes()
        total = sum(sizes)
        if len(sizes) != 2 or not self.map_slot.isVisible() or total <= 0:
            return
        wanted = int(total * 0.6)
        if sizes[1] < wanted:
            self.side.setSizes([total - wanted, wanted])

    def _update_sign_state(self) -> None:
        report = self.check.last
        reason = ""
        if self.read_only:
            reason = ""
        elif not self.forms():
            reason = "Add an injection to sign."
        elif report is None:
            reason = "Complete the injection (see the messages under its fields) to sign."
        elif report.blocked:
            reason = "Cannot sign: see the blocking finding in the safety panel."
        elif report.needs_reason and (problem := reason_problem(self.safety.reason_text())):
            reason = f"{capitalised(problem)} in the safety panel to sign past the findings."
        elif self.safety.uncovered():
            reason = "The reason given does not cover the new findings: write one for them in the safety panel."
        self.sign_button.setEnabled(not self.read_only and not reason)
        self.sign_hint.setText(reason)

    # -- modes --------------------------------------------------------------------------
    def _set_mode(self) -> None:
        # Signed, or voided (a draft discarded, or its visit voided meanwhile): nothing more is written to it.
        # Or it holds a lesion voided since (lesions_gone): a save would leave its injections out.
        signed = bool(self.lesions_gone) or self.view is not None and (
            self.view.is_signed and self.ref.amend_of is None or self.view.voided)
        self.read_only = signed
        amending = self.ref.amend_of is not None or bool(self.view and self.view.amends_id and not signed)
        self.fields.show_amendment(amending)
        self.fields.set_read_only(signed)
        self.fields.amendment_reason.setReadOnly(signed or self.ref.session_id is not None)
        self.picker.setEnabled(not signed)
        for group in self.groups.values():
            group.set_read_only(signed)
        self.safety.set_read_only(signed)
        self.save_button.setVisible(not signed)
        self.sign_button.setVisible(not signed)
        stuck_draft = bool(self.lesions_gone) and self.view is not None and not self.view.is_signed and not self.view.voided
        self.discard_button.setVisible((not signed or stuck_draft) and self.ref.session_id is not None)
        self.amend_button.setVisible(signed and self.view is not None and not self.view.voided and not self.view.superseded
                                     and not self.lesions_gone)
        if self.map_slot.map is not None:
            self.map_slot.map.set_interactive(not signed)
        self.outcomes.set_read_only(signed)
        self.outcomes.set_visit(self._visit_versions())
        self.autosave.pause(signed)
        self._update_sign_state()
        self._set_title()
        self._show_checklist_state()
        order_editor_tabs(self)

    def focus_first_field(self) -> None:
        """Where the keyboard starts once the editor is shown (see focus_order.first_field)."""
        first_field(self).setFocus(Qt.FocusReason.OtherFocusReason)

    def _visit_versions(self) -> tuple[int, ...]:
        """The saved versions of this visit, oldest first, the one being edited last."""
        current = self.ref.session_id
        root = self.view.root_id if self.view else None
        earlier = sorted(v.id for v in self.data.sessions if root is not None and v.root_id == root and v.id != current)
        return tuple(earlier) + ((current,) if current is not None else ())

    # -- the checklist page -------------------------------------------------------------
    def _show_checklist_state(self) -> None:
        self.checklist_page.set_state(self.ref.session_id, stale=self.dirty, read_only=self.read_only)

    def _show_open_steps(self, count: int) -> None:
        index = self.pages.indexOf(self.checklist_page)
        self.pages.setTabText(index, f"Chec&klist ({count} to tick)" if count and not self.read_only else "Chec&klist")

    def _page_shown(self, index: int) -> None:
        """Opening the checklist of a session not saved yet saves the draft first (the checklist is made from it)."""
        if self.pages.widget(index) is not self.checklist_page or self.read_only or self.ref.session_id is not None:
            return
        complete = bool(self.forms()) and all(form.parse().injection is not None for form in self.forms())
        if complete and self.ref.amend_of is None and self.save_draft():
            self.general.show_message(f"Draft saved at {datetime.now().strftime('%H:%M')}: the checklist is made "
                                      "from it.", "ok")

    # -- the switch protocol ------------------------------------------------------------
    def has_unsaved_changes(self) -> bool:
        return not self.read_only and (self.dirty or self.outcomes.has_unsaved_changes())

    def unsaved_description(self) -> str:
        return f"{self.title.text().replace(UNSAVED, '')} ({self.patient.display_name})"

    def save_changes(self) -> bool:
        return self.save_draft()

    def discard_changes(self) -> None:
        self.dirty = False
        self.outcomes.discard()
        self.autosave.drop()
        self.autosave.pause(True)
