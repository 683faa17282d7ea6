"""Is a new patient likely someone already registered?

The same family name, given names and date of birth as an active patient,
compared as the search keys compare them (letter case and accents aside:
"DUBOIS Chloe" is "Dubois, Chloé"). Only a warning: twins and namesakes
exist, so the person registering decides. Both lookups walk the
(family_key, given_key, id) index.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, select

from tracker.models import Patient
from tracker.services.patients import PatientInput, name_key


@dataclass(frozen=True)
class SamePerson:
    """A new patient (by id) that looks like another one (its id and chart number)."""

    new_id: int
    other_id: int
    other_chart: str


def _same_person(new, other):  # noqa: ANN001, ANN202 - two aliases of the patient table
    return and_(other.c.family_key == new.c.family_key, other.c.given_key == new.c.given_key,
                other.c.date_of_birth == new.c.date_of_birth, other.c.voided_at.is_(None), other.c.id != new.c.id)


def likely_same_person(db, data: PatientInput) -> tuple[str, ...]:  # noqa: ANN001
    """The chart numbers of active patients with the same name and birth date as ``data``."""
    family, given = name_key(data.family_name), name_key(data.given_names)
    if not (family and given and data.date_of_birth):
        return ()
    p = Patient.__table__.c
    query = (select(p.chart_number)
             .where(p.family_key == family, p.given_key == given,
                    p.date_of_birth == data.date_of_birth, p.voided_at.is_(None))
             .order_by(p.chart_number))
    with db.read() as s:
        return tuple(s.execute(query).scalars())


def same_person_among(conn, ids: list[int]) -> list[SamePerson]:  # noqa: ANN001
    """For new patients just written (``ids``, in the open transaction): each
    other active patient with the same name and birth date, new or not."""
    if not ids:
        return []
    new, other = Patient.__table__.alias("new"), Patient.__table__.alias("other")
    rows = conn.execute(select(new.c.id, other.c.id, other.c.chart_number)
                        .join(other, _same_person(new, other))
                        .where(new.c.id.between(min(ids), max(ids))).order_by(new.c.id, other.c.id)).all()
    mine = set(ids)
    return [SamePerson(n, o, chart) for n, o, chart in rows if n in mine]


def same_person_message(charts: tuple[str, ...] | list[str]) -> str:
    """What a person registering is told (the charts named)."""
    named = ", ".join(charts)
    return (f"Likely already registered: the same name and date of birth as chart {named}. "
            "If this is the same person, cancel and open that chart; if not (twins, namesakes), register anyway.")
