"""Lesions: what is treated over many visits, with a stable identity."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, fields, replace
from datetime import date
from decimal import Decimal

from sqlalchemy import select

from tracker.models import Agent, Condition, Injection, Laterality, Lesion, LesionStatus, Patient, TreatmentSession
from tracker.services import audit
from tracker.services.body_sites import describe_site, site_by_code
from tracker.services.errors import NotFoundError, ValidationError
from tracker.services.history import given_injections_query
from tracker.services.row_versions import require_version
from tracker.services.snapshot import row_values
from tracker.services.text_limits import too_long
from tracker.services.voiding import clean_reason, void_row


@dataclass(frozen=True)
class LesionInput:
    patient_id: int
    label: str
    condition: Condition
    site_code: str
    laterality: Laterality = Laterality.NONE
    site_text: str | None = None
    map_view: str | None = None
    map_x: float | None = None
    map_y: float | None = None
    onset_date: date | None = None
    notes: str | None = None


INPUT_FIELDS = tuple(f.name for f in fields(LesionInput))


@dataclass(frozen=True)
class LesionView(LesionInput):
    id: int = 0
    status: LesionStatus = LesionStatus.ACTIVE
    atrophic: bool = False
    site_name: str = ""
    voided: bool = False
    row_version: int = 1
    session_count: int = 0
    last_treated: date | None = None
    # ((agent name, dose unit), total given), over signed sessions that count
    cumulative: tuple[tuple[tuple[str, str], Decimal], ...] = ()

    @property
    def site_phrase(self) -> str:
        """The site as words inside a sentence: 'right shoulder', 'ear lobule (upper part)'."""
        text = describe_site(self.site_code, self.laterality, self.site_text)
        return text[:1].lower() + text[1:]

    @property
    def site_display(self) -> str:
        """The site on its own, as a table cell shows it: 'Right shoulder'."""
        text = self.site_phrase
        return text[:1].upper() + text[1:]

    @property
    def cumulative_text(self) -> str:
        return ", ".join(f"{format(v.normalize(), 'f')} {unit} {name}" for (name, unit), v in self.cumulative) or "-"


def _site_name(code: str) -> str:
    site = site_by_code(code)
    return site.name if site else code


def _view(row: Lesion, count: int = 0, last: date | None = None, totals: dict | None = None) -> LesionView:
    return LesionView(
        **{n: getattr(row, n) for n in INPUT_FIELDS}, id=row.id, status=row.status, atrophic=row.atrophic,
        site_name=_site_name(row.site_code), voided=row.is_voided, row_version=row.row_version,
        session_count=count, last_treated=last, cumulative=tuple(sorted((totals or {}).items())),
    )


def validate(data: LesionInput) -> dict[str, str]:
    """What is wrong with a lesion as typed (no database needed: a form can show it all at once)."""
    errors = too_long(Lesion.__table__, data.__dict__, ("label", "site_text"))
    if not data.label.strip():
        errors["label"] = "give the lesion a short name (e.g. 'left earlobe keloid')"
    if site_by_code(data.site_code) is None:
        errors["site_code"] = f"unknown body site code {data.site_code!r}"
    for name in ("map_x", "map_y"):
        value = getattr(data, name)
        if value is not None and not 0 <= value <= 1:
            errors[name] = "the body-map position must lie on the drawing"
    if data.onset_date and data.onset_date > date.today():
        errors["onset_date"] = "the onset date is in the future"
    return errors


def add_lesion(db, actor_id: int | None, data: LesionInput) -> LesionView:  # noqa: ANN001
    data = replace(data, label=data.label.strip())
    errors = validate(data)
    if errors:
        raise ValidationError(errors)
    with db.write() as s:
        patient = s.get(Patient, data.patient_id)
        if patient is None or patient.is_voided:
            raise ValidationError({"patient_id": "no such patient (or the record is voided)"})
        if data.onset_date and data.onset_date < patient.date_of_birth:
            raise ValidationError({"onset_date": "the onset date is before the patient's birth"})
        row = Lesion(created_by_id=actor_id, **{n: getattr(data, n) for n in INPUT_FIELDS})
        s.add(row)
        audit.record_row(s, actor_id, "create", row)
        return _view(row)


def _change(db, actor_id: int | None, lesion_id: int, action: str, reason: str | None,  # noqa: ANN001
            expected_version: int | None, **values) -> LesionView:  # noqa: ANN003
    """``expected_version``: the row_version the person's screen showed (refused, nothing written, if it moved on)."""
    with db.write() as s:
        row = s.get(Lesion, lesion_id)
        if row is None:
            raise NotFoundError(f"no lesion with id {lesion_id}")
        require_version(row, expected_version, f"The lesion \u201c{row.label}\u201d")
        if row.is_voided:  # a voided record stays as it was voided
            raise ValidationError({"lesion": f"{row.label} is voided ({row.void_reason}): it cannot be changed"})
        before = row_values(row)
        for key, value in values.items():
            setattr(row, key, value)
        audit.record_row(s, actor_id, action, row, before=before, reason=reason)
    return get_lesion(db, lesion_id)


def update_lesion(db, actor_id: int | None, lesion_id: int, data: LesionInput, *,  # noqa: ANN001
                  expected_version: int | None = None) -> LesionView:
    errors = validate(data)
    if errors:
        raise ValidationError(errors)
    return _change(db, actor_id, lesion_id, "update", None, expected_version,
                   **{n: getattr(data, n) for n in INPUT_FIELDS if n != "patient_id"})


def set_status(db, actor_id: int | None, lesion_id: int, status: LesionStatus, reason: str | None = None, *,  # noqa: ANN001
               expected_version: int | None = None) -> LesionView:
    return _change(db, actor_id, lesion_id, "status", reason, expected_version, status=LesionStatus(status))


def set_atrophic(db, actor_id: int | None, lesion_id: int, atrophic: bool, reason: str | None = None, *,  # noqa: ANN001
                 expected_version: int | None = None) -> LesionView:
    return _change(db, actor_id, lesion_id, "atrophy", reason, expected_version, atrophic=bool(atrophic))


def void_lesion(db, actor_id: int, lesion_id: int, reason: str) -> LesionView:  # noqa: ANN001
    reason = clean_reason(reason)
    with db.write() as s:
        row = s.get(Lesion, lesion_id)
        if row is None:
            raise NotFoundError(f"no lesion with id {lesion_id}")
        void_row(s, actor_id, row, reason, "lesion")
    return get_lesion(db, lesion_id)


def get_lesion(db, lesion_id: int) -> LesionView:  # noqa: ANN001
    with db.read() as s:
        row = s.get(Lesion, lesion_id)
        if row is None:
            raise NotFoundError(f"no lesion with id {lesion_id}")
        return _summaries(s, row.patient_id, [row])[0]


def patient_lesions(db, patient_id: int, *, include_voided: bool = False) -> list[LesionView]:  # noqa: ANN001
    """The patient's lesions with session count, last treatment and cumulative dose."""
    with db.read() as s:
        return lesions_in(s, patient_id, include_voided=include_voided)


def lesions_in(s, patient_id: int, *, include_voided: bool = False) -> list[LesionView]:  # noqa: ANN001
    """``patient_lesions`` within a read the caller has open."""
    query = select(Lesion).where(Lesion.patient_id == patient_id).order_by(Lesion.id)
    if not include_voided:
        query = query.where(Lesion.voided_at.is_(None))
    return _summaries(s, patient_id, list(s.execute(query).scalars()))


def _summaries(s, patient_id: int, rows: list[Lesion]) -> list[LesionView]:  # noqa: ANN001
    sessions: dict[int, set[int]] = defaultdict(set)
    last: dict[int, date] = {}
    totals: dict[int, dict[tuple[str, str], Decimal]] = defaultdict(dict)
    # Plain columns with the agent joined in: a long history costs one query and no ORM objects.
    given = (given_injections_query(patient_id)
             .with_only_columns(Injection.lesion_id, TreatmentSession.root_id, TreatmentSession.clinic_date,
                                Agent.name, Injection.dose_unit, Injection.dose)
             .join(Agent, Injection.agent_id == Agent.id))
    for lesion_id, root_id, day, agent_name, unit, dose in s.execute(given).all():
        sessions[lesion_id].add(root_id)
        last[lesion_id] = max(last.get(lesion_id, day), day)
        bucket = totals[lesion_id]
        bucket[(agent_name, unit)] = bucket.get((agent_name, unit), Decimal(0)) + dose
    return [_view(r, len(sessions[r.id]), last.get(r.id), totals[r.id]) for r in rows]
