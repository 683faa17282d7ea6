"""Registering, updating, finding and voiding patients."""
from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field, fields, replace
from datetime import date

from sqlalchemy import func, literal, select
from sqlalchemy.orm import Session

from tracker.models import Patient, Sex
from tracker.services import audit
from tracker.services.chart_contents import records_in_use, records_in_use_message
from tracker.services.errors import NotFoundError, ValidationError
from tracker.services.name_words import store_words
from tracker.services.patient_rows import CHILD_AGE_YEARS, age_on, care_flags  # noqa: F401 - also imported from here
from tracker.services.row_versions import require_version
from tracker.services.snapshot import row_values
from tracker.services.text_limits import limit_of, too_long
from tracker.services.voiding import clean_reason, void_row


_KEY_LENGTH = limit_of(Patient.__table__, "family_key")


@functools.lru_cache(maxsize=8192)  # names repeat: bulk imports and searches ask for the same ones
def name_key(text: str) -> str:
    """Lower-case, accent-free form used for indexed prefix search."""
    decomposed = unicodedata.normalize("NFKD", text)
    # Cut to the column: a name within its limit can still grow here ("ß" -> "ss", "ﬁ" -> "fi").
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().strip()[:_KEY_LENGTH]


@dataclass(frozen=True)
class PatientInput:
    chart_number: str
    family_name: str
    given_names: str
    date_of_birth: date | None
    sex: Sex = Sex.UNKNOWN
    phone: str | None = None
    email: str | None = None
    address: str | None = None
    fitzpatrick: int | None = None
    allergies: str | None = None
    diabetes: bool = False
    pregnant: bool = False
    immunosuppressed: bool = False
    notes: str | None = None


@dataclass(frozen=True)
class PatientView(PatientInput):
    id: int = 0
    row_version: int = 1
    voided: bool = False
    void_reason: str | None = None
    flags: tuple[str, ...] = field(default=())

    @property
    def display_name(self) -> str:
        return f"{self.family_name.upper()}, {self.given_names}"

    def age(self, on: date | None = None) -> int:
        return age_on(self.date_of_birth, on or date.today())

    def is_child(self, on: date | None = None) -> bool:
        return self.age(on) < CHILD_AGE_YEARS

    def is_adult_man(self, on: date | None = None) -> bool:
        return is_adult_man(self.sex, self.date_of_birth, on or date.today())


def is_adult_man(sex, born: date | None, on: date) -> bool:  # noqa: ANN001
    """A beard area is a man's, from adulthood (a site strength depends on it)."""
    return getattr(sex, "value", sex) == "male" and born is not None and age_on(born, on) >= CHILD_AGE_YEARS


INPUT_FIELDS = tuple(f.name for f in fields(PatientInput))


def view(p: Patient) -> PatientView:
    return PatientView(
        **{name: getattr(p, name) for name in INPUT_FIELDS},
        id=p.id, row_version=p.row_version, voided=p.is_voided, void_reason=p.void_reason, flags=care_flags(p),
    )


#: What a phone number may hold besides digits: "+1 555 0101", "(01) 234-5678", "0612 34 56 78 ext. 12",
#: "555 0101 / 555 0102", "0612 345 678 or 0698 765 432" (no-break spaces and dashes as pasted, too).
PHONE_MARKS = frozenset(" +().-/,;:#\u00a0\u2010\u2011\u2013")
PHONE_WORDS = re.compile(r"(?<![^\W\d_])(?:extension|ext|x|or)(?![^\W\d_])", re.IGNORECASE)


def is_phone_number(text: str) -> bool:
    """Digits, the marks above, and only the words of an extension or of a second number."""
    rest = PHONE_WORDS.sub(" ", text)
    return any(c.isdecimal() for c in text) and all(c.isdecimal() or c in PHONE_MARKS for c in rest)


OPTIONAL_TEXT = frozenset(("phone", "email", "address", "allergies", "notes"))
TEXT_COLUMNS = ("chart_number", "family_name", "given_names", "phone", "email")  # those with a length


def clean_input(data: PatientInput) -> PatientInput:
    """Text stripped, blank optional text as None (the same object when already clean:
    bulk imports clean thousands of rows)."""
    changes = {}
    for name, value in data.__dict__.items():
        if isinstance(value, str):
            cleaned = value.strip() or (None if name in OPTIONAL_TEXT else "")
            if cleaned != value:
                changes[name] = cleaned
    return replace(data, **changes) if changes else data


def validate(data: PatientInput, today: date | None = None) -> dict[str, str]:
    today = today or date.today()
    errors = too_long(Patient.__table__, data.__dict__, TEXT_COLUMNS)
    if not data.chart_number:
        errors["chart_number"] = "enter the chart number"
    if not data.family_name:
        errors["family_name"] = "enter the family name"
    if not data.given_names:
        errors["given_names"] = "enter the given names"
    if data.date_of_birth is None:
        errors["date_of_birth"] = "enter the date of birth"
    elif data.date_of_birth > today:
        errors["date_of_birth"] = "the date of birth is in the future"
    elif data.date_of_birth.year < 1900:
        errors["date_of_birth"] = "the date of birth is before 1900"
    if data.fitzpatrick is not None and not 1 <= data.fitzpatrick <= 6:
        errors["fitzpatrick"] = "Fitzpatrick skin type is I to VI (1-6)"
    if data.email and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", data.email):
        errors["email"] = "this is not an e-mail address"
    if data.phone and not is_phone_number(data.phone):
        errors["phone"] = "not a phone number: digits, + ( ) - . / and spaces ('ext 12' for an extension)"
    if data.pregnant and data.sex == Sex.MALE:
        errors["pregnant"] = "pregnancy is flagged for a patient recorded as male"
    return errors


def chart_fold(column):  # noqa: ANN001, ANN201
    """A chart number as compared: letter case aside (the ix_patient_chart_fold index)."""
    return func.lower(column)


def _chart_taken(s: Session, chart: str, exclude_id: int | None = None) -> str | None:
    """The chart number already in use that ``chart`` matches, case aside."""
    query = select(Patient.chart_number).where(chart_fold(Patient.chart_number) == chart_fold(literal(chart)))
    if exclude_id is not None:
        query = query.where(Patient.id != exclude_id)
    return s.execute(query.limit(1)).scalar()


def taken_message(chart: str, taken: str) -> str:
    return f"chart number {chart} is already in use" + ("" if taken == chart else f" (as {taken})")


def _apply(p: Patient, data: PatientInput) -> None:
    for name in INPUT_FIELDS:
        setattr(p, name, getattr(data, name))
    p.family_key, p.given_key = name_key(data.family_name), name_key(data.given_names)


def add_patient(s: Session, actor_id: int | None, data: PatientInput) -> Patient:
    """Register a patient inside an open write transaction (for batch imports)."""
    data = clean_input(data)
    errors = validate(data)
    if not errors.get("chart_number") and (taken := _chart_taken(s, data.chart_number)):
        errors["chart_number"] = taken_message(data.chart_number, taken)
    if errors:
        raise ValidationError(errors)
    p = Patient(created_by_id=actor_id)
    _apply(p, data)
    s.add(p)
    audit.record_row(s, actor_id, "create", p)
    store_words(s.connection(), p.id, (p.family_key, p.given_key))
    return p


def register_patient(db, actor_id: int | None, data: PatientInput) -> PatientView:  # noqa: ANN001
    with db.write() as s:
        return view(add_patient(s, actor_id, data))


def update_patient(db, actor_id: int | None, patient_id: int, data: PatientInput, expected_version: int) -> PatientView:  # noqa: ANN001
    data = clean_input(data)
    errors = validate(data)
    with db.write() as s:
        p = s.get(Patient, patient_id)
        if p is None:
            raise NotFoundError(f"no patient with id {patient_id}")
        require_version(p, expected_version, p.display_name)
        if errors.get("phone") and data.phone == (p.phone or "").strip():  # as stored before the check: not refused now
            del errors["phone"]
        if not errors.get("chart_number") and (taken := _chart_taken(s, data.chart_number, exclude_id=p.id)):
            errors["chart_number"] = taken_message(data.chart_number, taken)
        if errors:
            raise ValidationError(errors)
        before = row_values(p)
        _apply(p, data)
        audit.record_row(s, actor_id, "update", p, before=before)
        if (before["family_key"], before["given_key"]) != (p.family_key, p.given_key):
            store_words(s.connection(), p.id, (p.family_key, p.given_key))
        s.flush()
        return view(p)


def void_patient(db, actor_id: int, patient_id: int, reason: str, expected_version: int | None = None) -> PatientView:  # noqa: ANN001
    """Void a chart registered twice or by mistake: it stays readable, leaves
    the search and takes no new records. Refused while it holds sessions or
    photos in use, which a voided chart would hide: each is voided (or a
    photo filed again on the right chart) first."""
    reason = clean_reason(reason)
    with db.write() as s:
        p = s.get(Patient, patient_id)
        if p is None:
            raise NotFoundError(f"no patient with id {patient_id}")
        require_version(p, expected_version, "this patient's record", "it was not voided")
        in_use = records_in_use(s, patient_id)
        if in_use:
            raise ValidationError({"patient": records_in_use_message(in_use)})
        void_row(s, actor_id, p, reason, "patient record")
        s.flush()
        return view(p)


def get_patient(db, patient_id: int) -> PatientView:  # noqa: ANN001
    with db.read() as s:
        p = s.get(Patient, patient_id)
        if p is None:
            raise NotFoundError(f"no patient with id {patient_id}")
        return view(p)


def patient_by_chart(db, chart: str) -> PatientView | None:  # noqa: ANN001
    """The patient with this chart number, letter case aside (None: no such chart)."""
    chart = (chart or "").strip()
    if not chart:
        return None
    with db.read() as s:
        p = s.execute(select(Patient).where(chart_fold(Patient.chart_number) == chart_fold(literal(chart)))
                      .limit(1)).scalar()
        return view(p) if p is not None else None


def get_patients(db, ids: list[int]) -> list[PatientView]:  # noqa: ANN001
    """Several patients at once, in the order asked (missing ids left out)."""
    found: dict[int, PatientView] = {}
    with db.read() as s:
        for start in range(0, len(ids), 500):  # stay far below the database's parameter limit
            chunk = ids[start:start + 500]
            found.update((p.id, view(p)) for p in s.execute(select(Patient).where(Patient.id.in_(chunk))).scalars())
    return [found[i] for i in ids if i in found]


# Searching lives in patient_search.py; these wrappers keep the older names working.
def search_patients(db, text: str = "", **kw) -> list[PatientView]:  # noqa: ANN001, ANN003
    from tracker.services import patient_search

    return patient_search.search_patients(db, text, **kw)


def count_patients(db, text: str = "", **kw) -> int:  # noqa: ANN001, ANN003
    from tracker.services import patient_search

    return patient_search.count_patients(db, text, **kw)
