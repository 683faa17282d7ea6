"""Which sessions count as what was really given.

A session counts when it is signed, not voided, and not superseded by a signed,
non-voided amendment. Drafts and older versions stay readable but do not add
to cumulative doses or intervals.
"""
from __future__ import annotations

from functools import lru_cache

from sqlalchemy import and_, exists, select
from sqlalchemy.orm import aliased

from tracker.models import Injection, SessionState, TreatmentSession


@lru_cache(maxsize=1)  # built once: an expression is immutable and reused by every query
def superseded_clause():  # noqa: ANN201
    newer = aliased(TreatmentSession)
    return exists().where(
        and_(
            newer.amends_id == TreatmentSession.id,
            newer.state == SessionState.SIGNED,
            newer.voided_at.is_(None),
        )
    )


def discarded_clause(row=TreatmentSession):  # noqa: ANN001, ANN201
    """SQL condition: ``row`` is a discarded amendment draft (a voided draft
    version after the first). It stays readable in the version list but never
    hides the signed version it would have corrected."""
    return and_(row.state == SessionState.DRAFT, row.voided_at.isnot(None), row.version_no > 1)


@lru_cache(maxsize=1)
def counts_clause():  # noqa: ANN201
    """SQL condition on TreatmentSession: this version is part of the record."""
    return and_(
        TreatmentSession.state == SessionState.SIGNED,
        TreatmentSession.voided_at.is_(None),
        ~superseded_clause(),
    )


def given_injections_query(patient_id: int):  # noqa: ANN201
    """Injections (with their session) that count, for one patient."""
    return (
        select(Injection, TreatmentSession)
        .join(TreatmentSession, Injection.session_id == TreatmentSession.id)
        .where(TreatmentSession.patient_id == patient_id, counts_clause(), Injection.voided_at.is_(None))
    )
