"""The patient's aftercare sheet as plain data, for the printing code.

``aftercare_for_session(db, session_id) -> AftercareSheet`` gathers the
patient, the clinic settings, the lesions treated, the medicines in plain
words, the rule-made lines per section, the next review date and the sources
(each line refers to its sources by number). Works for drafts (a preview) and
signed sessions alike.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from tracker.models import Injection, Patient, Reminder, ReminderStatus, Staff, TreatmentSession
from tracker.services.body_sites import describe_site
from tracker.services.dosing import quantity
from tracker.services.errors import NotFoundError
from tracker.services.guidance.engine import Guidance, PlannedLine
from tracker.services.guidance.persist import plan_for
from tracker.services.guidance.rules import SECTION_TITLES
from tracker.services.settings import get_settings

REVIEW_KINDS = ("review", "next_injection")


@dataclass(frozen=True)
class SheetLine:
    text: str
    rule_ids: tuple[str, ...]
    #: numbers into AftercareSheet.citations
    refs: tuple[int, ...]


@dataclass(frozen=True)
class TreatedLesion:
    lesion_id: int
    label: str
    condition: str
    site: str


@dataclass(frozen=True)
class MedicineLine:
    agent_code: str
    name: str
    plain_name: str
    dose_text: str
    lesions: tuple[str, ...]

    @property
    def text(self) -> str:
        return f"{self.name}: {self.plain_name}. Given into {', '.join(self.lesions)} ({self.dose_text})."


@dataclass(frozen=True)
class AftercareSheet:
    session_id: int
    patient_id: int
    patient_name: str
    chart_number: str
    date_of_birth: date
    session_date: date
    clinician_name: str
    signed: bool
    clinic: dict[str, str]
    lesions: tuple[TreatedLesion, ...]
    medicines: tuple[MedicineLine, ...]
    medicine_notes: tuple[SheetLine, ...]
    what_to_expect: tuple[SheetLine, ...]
    care: tuple[SheetLine, ...]
    warning_signs: tuple[SheetLine, ...]
    emergency: tuple[SheetLine, ...]
    next_review: date | None
    next_review_label: str | None
    #: (number, citation text), numbered from 1 in order of first use
    citations: tuple[tuple[int, str], ...] = field(default=())

    def sections(self) -> list[tuple[str, tuple[SheetLine, ...]]]:
        """(heading, lines) for the rule-made sections, in print order, empty ones left out."""
        parts = [("medicine", self.medicine_notes), ("what_to_expect", self.what_to_expect), ("care", self.care),
                 ("warning_signs", self.warning_signs), ("emergency", self.emergency)]
        return [(SECTION_TITLES[name], lines) for name, lines in parts if lines]


class _Numbering:
    def __init__(self) -> None:
        self.numbers: dict[str, int] = {}

    def refs(self, line: PlannedLine) -> tuple[int, ...]:
        out = []
        for why in line.whys:
            for citation in why.citations:
                text = citation.describe()
                out.append(self.numbers.setdefault(text, len(self.numbers) + 1))
        return tuple(dict.fromkeys(out))


def _lines(guidance: Guidance, section: str, numbering: _Numbering) -> tuple[SheetLine, ...]:
    return tuple(SheetLine(line.text, tuple(w.rule_id for w in line.whys), numbering.refs(line))
                 for line in guidance.section(section))


def _medicines(injections: list[Injection]) -> tuple[MedicineLine, ...]:
    grouped: dict[str, list[Injection]] = {}
    for inj in injections:
        grouped.setdefault(inj.agent.code, []).append(inj)
    out = []
    for code, items in grouped.items():
        agent = items[0].agent
        totals: dict[str, Decimal] = {}
        for inj in items:
            totals[inj.dose_unit] = totals.get(inj.dose_unit, Decimal(0)) + inj.dose
        out.append(MedicineLine(code, agent.name, agent.plain_name, ", ".join(quantity(v, u) for u, v in totals.items()),
                                tuple(dict.fromkeys(inj.lesion.label for inj in items))))
    return tuple(out)


def _next_review(s, row: TreatmentSession, guidance: Guidance) -> tuple[date | None, str | None]:  # noqa: ANN001
    """The visit's next appointment as it stands: the earliest review or next
    injection still to come (a snoozed one on its new day). A signed visit
    with none left open leaves the line blank; a draft (a new visit, or an
    amendment) shows what the rules plan."""
    stored = s.execute(
        select(Reminder.due_on, Reminder.snoozed_until, Reminder.title, Reminder.status)
        .join(TreatmentSession, Reminder.session_id == TreatmentSession.id)
        .where(TreatmentSession.root_id == (row.root_id or row.id), Reminder.kind.in_(REVIEW_KINDS))
    ).all()
    waiting = sorted((r.snoozed_until or r.due_on, r.title)
                     for r in stored if r.status in (ReminderStatus.OPEN, ReminderStatus.SNOOZED))
    if waiting:
        return waiting[0]
    if row.is_signed:
        return None, None
    planned = sorted((r for r in guidance.reminders if r.kind in REVIEW_KINDS), key=lambda r: r.due_on)
    return (planned[0].due_on, planned[0].title) if planned else (None, None)


def aftercare_for_session(db, session_id: int) -> AftercareSheet:  # noqa: ANN001
    clinic = get_settings(db)
    with db.read() as s:
        row = s.get(TreatmentSession, session_id, options=[
            selectinload(TreatmentSession.injections).selectinload(Injection.agent),
            selectinload(TreatmentSession.injections).selectinload(Injection.lesion),
        ])
        if row is None:
            raise NotFoundError(f"no treatment session with id {session_id}")
        patient = s.get(Patient, row.patient_id)
        clinician = s.get(Staff, row.clinician_id)
        _, guidance = plan_for(s, row.id, s.info.get("location"))
        live = [i for i in row.injections if not i.is_voided]
        lesions = {}
        for inj in live:
            lesion = inj.lesion
            lesions.setdefault(lesion.id, TreatedLesion(lesion.id, lesion.label, lesion.condition.label,
                                                        describe_site(lesion.site_code, lesion.laterality)))
        next_on, next_label = _next_review(s, row, guidance)
        numbering = _Numbering()
        sections = {name: _lines(guidance, name, numbering)
                    for name in ("medicine", "what_to_expect", "care", "warning_signs", "emergency")}
        return AftercareSheet(
            session_id=row.id, patient_id=patient.id, patient_name=f"{patient.given_names} {patient.family_name}",
            chart_number=patient.chart_number, date_of_birth=patient.date_of_birth, session_date=row.clinic_date,
            clinician_name=clinician.display_name if clinician else "", signed=row.is_signed, clinic=dict(clinic),
            lesions=tuple(lesions.values()), medicines=_medicines(live), medicine_notes=sections["medicine"],
            what_to_expect=sections["what_to_expect"], care=sections["care"], warning_signs=sections["warning_signs"],
            emergency=sections["emergency"], next_review=next_on, next_review_label=next_label,
            citations=tuple((number, text) for text, number in numbering.numbers.items()),
        )
