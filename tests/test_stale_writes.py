"""Writes made from an older read are refused inside their transaction (nothing
written): a draft changed at another workstation is neither saved over, signed
nor discarded from a screen that did not show the change; a lesion edited
elsewhere is not overwritten."""
from __future__ import annotations

from datetime import timedelta

import pytest

from tracker.models import Condition, LesionStatus
from tracker.services import sessions
from tracker.services.errors import ConflictError
from tracker.services.guidance.checklist import sign_with_checklist
from tracker.services.guidance.reminders import clinic_today
from tracker.services.lesions import LesionInput, get_lesion, set_atrophic, set_status, update_lesion
from tracker.services.session_views import get_session


def _draft(clinic, points: int = 4):  # noqa: ANN001, ANN202
    p = clinic.patient()
    patch = clinic.lesion(p.id, Condition.ALOPECIA_AREATA, label="Vertex patch")
    day = clinic_today(clinic.db) - timedelta(days=1)

    def data(n: int):  # noqa: ANN202
        return clinic.session_input(p.id, [clinic.injection(patch.id, conc="5", points=n)], day=day)

    return sessions.create_draft(clinic.db, clinic.doctor.id, data(points)), data


def _live_points(db, session_id: int) -> list[int]:  # noqa: ANN001
    return [i.points for i in get_session(db, session_id).injections if not i.voided]


def test_changing_only_the_injections_of_a_draft_moves_its_version_on(clinic):
    draft, data = _draft(clinic)
    changed = sessions.update_draft(clinic.db, clinic.nurse.id, draft.id, data(12), draft.row_version)
    assert changed.row_version > draft.row_version
    with pytest.raises(ConflictError, match="another workstation.*nothing was saved"):
        sessions.update_draft(clinic.db, clinic.doctor.id, draft.id, data(6), draft.row_version)
    assert _live_points(clinic.db, draft.id) == [12]


def test_a_draft_changed_elsewhere_is_not_signed_from_the_older_screen(clinic):
    draft, data = _draft(clinic)
    sessions.update_draft(clinic.db, clinic.nurse.id, draft.id, data(12), draft.row_version)
    for sign in (lambda: sessions.sign_session(clinic.db, clinic.doctor.id, draft.id, expected_version=draft.row_version),
                 lambda: sign_with_checklist(clinic.db, clinic.doctor.id, draft.id, checklist_reason="on paper",
                                             expected_version=draft.row_version)):
        with pytest.raises(ConflictError, match="it was not signed"):
            sign()
    view = get_session(clinic.db, draft.id)
    assert not view.is_signed and view.signed_by_name is None and _live_points(clinic.db, draft.id) == [12]
    signed = sign_with_checklist(clinic.db, clinic.doctor.id, draft.id, checklist_reason="on paper",
                                 expected_version=view.row_version)
    assert signed.is_signed


def test_a_draft_changed_elsewhere_is_not_discarded_from_the_older_screen(clinic):
    draft, data = _draft(clinic)
    sessions.update_draft(clinic.db, clinic.nurse.id, draft.id, data(12), draft.row_version)
    with pytest.raises(ConflictError, match="it was not discarded"):
        sessions.discard_draft(clinic.db, clinic.doctor.id, draft.id, "not needed", expected_version=draft.row_version)
    assert not get_session(clinic.db, draft.id).voided


def test_a_lesion_changed_elsewhere_is_not_overwritten(clinic):
    p = clinic.patient()
    shown = clinic.lesion(p.id, Condition.KELOID, site="2059009", label="Left earlobe keloid")
    data = LesionInput(p.id, "Left earlobe keloid", Condition.KELOID, "2059009", notes="firm, pruritic")
    update_lesion(clinic.db, clinic.doctor.id, shown.id, data, expected_version=shown.row_version)
    for write in (lambda: update_lesion(clinic.db, clinic.nurse.id, shown.id, LesionInput(
                      p.id, "L earlobe keloid", Condition.KELOID, "2059009"), expected_version=shown.row_version),
                  lambda: set_status(clinic.db, clinic.nurse.id, shown.id, LesionStatus.RESOLVED,
                                     expected_version=shown.row_version),
                  lambda: set_atrophic(clinic.db, clinic.nurse.id, shown.id, True, "thin skin",
                                       expected_version=shown.row_version)):
        with pytest.raises(ConflictError, match="Left earlobe keloid.*another workstation"):
            write()
    stored = get_lesion(clinic.db, shown.id)
    assert (stored.label, stored.notes, stored.status, stored.atrophic) == (
        "Left earlobe keloid", "firm, pruritic", LesionStatus.ACTIVE, False)
