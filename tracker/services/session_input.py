"""What a person enters for a treatment session, and its validation."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from tracker.models import Injection
from tracker.services.dosing import total_volume
from tracker.services.text_limits import too_long

_TEXT_COLUMNS = ("needle_gauge", "depth", "lot_number")  # the typed ones with a length


@dataclass(frozen=True)
class InjectionInput:
    lesion_id: int
    agent_id: int
    concentration: Decimal
    points: int = 1
    # Either the volume per point (total = per point x points) or the total volume.
    volume_per_point_ml: Decimal | None = None
    volume_ml: Decimal | None = None
    needle_gauge: str | None = None
    depth: str | None = None
    lot_number: str | None = None
    lot_expiry: date | None = None
    technique: str | None = None
    map_points: tuple = ()
    mix_group: int | None = None

    @property
    def total_volume_ml(self) -> Decimal | None:
        if self.volume_per_point_ml is not None:
            return total_volume(self.volume_per_point_ml, self.points)
        return self.volume_ml


@dataclass(frozen=True)
class SessionInput:
    patient_id: int
    clinician_id: int
    performed_at: datetime
    injections: tuple[InjectionInput, ...] = field(default=())
    consent_obtained: bool = False
    consent_note: str | None = None
    notes: str | None = None


def _positive(value: Decimal | None) -> bool:
    return value is not None and value.is_finite() and value > 0


#: digits a concentration or volume may have: two such numbers multiply into a dose
#: well inside Decimal's 28 digits, so the dose stored is exact
MAX_DIGITS = 12
#: points in one injection: a bound on what can be typed (3 digits), so a volume per point times the
#: points, times a concentration, stays within Decimal's 28 digits too
MAX_POINTS = 500


def _too_many_digits(value: Decimal | None) -> bool:
    return value is not None and value.is_finite() and len(value.normalize().as_tuple().digits) > MAX_DIGITS


def validate_session(data: SessionInput, *, born: date, today: date) -> dict[str, str]:
    """Field errors for a draft: shapes and ranges, not yet the signing rules."""
    errors: dict[str, str] = {}
    if data.performed_at.tzinfo is None:
        errors["performed_at"] = "the session time has no time zone"
    else:
        day = data.performed_at.date()
        if day < born:
            errors["performed_at"] = f"the session date is before the patient's birth ({born.isoformat()})"
        elif day > today + timedelta(days=1):
            errors["performed_at"] = "the session date is more than a day ahead: a draft can be dated tomorrow at the latest"
    for i, inj in enumerate(data.injections):
        prefix = f"injections[{i}]"
        errors.update(too_long(Injection.__table__, inj.__dict__, _TEXT_COLUMNS, f"{prefix}."))
        if not _positive(inj.concentration):
            errors[f"{prefix}.concentration"] = "the concentration must be more than zero"
        elif _too_many_digits(inj.concentration):
            errors[f"{prefix}.concentration"] = f"a concentration has at most {MAX_DIGITS} digits"
        if inj.points < 1:
            errors[f"{prefix}.points"] = "at least one injection point"
        elif inj.points > MAX_POINTS:
            errors[f"{prefix}.points"] = f"at most {MAX_POINTS} injection points"
        if inj.volume_per_point_ml is not None and not _positive(inj.volume_per_point_ml):
            errors[f"{prefix}.volume_per_point_ml"] = "the volume per point must be more than zero"
        elif not _positive(inj.total_volume_ml):
            errors[f"{prefix}.volume_ml"] = "the volume must be more than zero"
        elif _too_many_digits(inj.volume_per_point_ml if inj.volume_per_point_ml is not None else inj.volume_ml):
            # The volume as typed; times at most 3 digits of points, a dose still stays within 28 digits.
            name = "volume_per_point_ml" if inj.volume_per_point_ml is not None else "volume_ml"
            errors[f"{prefix}.{name}"] = f"a volume has at most {MAX_DIGITS} digits"
    return errors


def not_yet_held(clinic_day: date, clinic_today: date) -> dict[str, str]:
    """A session is signed once it has taken place (a draft may be dated ahead)."""
    if clinic_day <= clinic_today:
        return {}
    return {"performed_at": f"a session is signed once it has taken place: this one is dated "
                            f"{clinic_day.day} {clinic_day:%B %Y}; keep it as a draft until then"}


def signing_errors(data: SessionInput) -> dict[str, str]:
    """What must be complete before a session is signed."""
    errors: dict[str, str] = {}
    if not data.injections:
        errors["injections"] = "a signed session records at least one injection"
    if not data.consent_obtained:
        errors["consent_obtained"] = "record that consent was obtained"
    for i, inj in enumerate(data.injections):
        if not (inj.lot_number or "").strip():
            errors[f"injections[{i}].lot_number"] = "enter the lot number"
        if inj.lot_expiry is None:
            errors[f"injections[{i}].lot_expiry"] = "enter the lot's expiry date"
    return errors
