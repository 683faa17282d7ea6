"""Is a photo's date believable? A camera whose clock was never set, or set
years ahead, gives dates after today or before the patient was born; such a
photo would then be the "first" or "latest" of its lesion in reports and in
Compare. The import checks every date and says so, so a person can correct it.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

from tracker.services.patients import get_patient
from tracker.services.settings import clinic_date, clinic_zone


@dataclass(frozen=True)
class DateDoubt:
    short: str  # a few words, for a photo's card
    detail: str  # a sentence, for the messages and the import report


@dataclass(frozen=True)
class DateCheck:
    """The limits a patient's photo date must fall within, in the clinic's dates."""

    today: date
    born: date | None

    def doubt(self, day: date | None) -> DateDoubt | None:
        if day is None:
            return None
        if day > self.today:
            return DateDoubt("dated after today",
                             f"the date taken, {day:%d %b %Y}, is after today (the camera's clock may be wrong)")
        if self.born is not None and day < self.born:
            return DateDoubt("dated before the patient was born",
                             f"the date taken, {day:%d %b %Y}, is before the patient's date of birth, "
                             f"{self.born:%d %b %Y} (the camera's clock may be wrong)")
        return None


def date_check(db, patient_id: int, zone: ZoneInfo | None = None) -> DateCheck:  # noqa: ANN001
    """Today in the clinic's time zone (``zone``, when the caller has read it) and the patient's date of birth."""
    today = clinic_date(datetime.now(timezone.utc), zone or clinic_zone(db))
    return DateCheck(today, get_patient(db, patient_id).date_of_birth)
