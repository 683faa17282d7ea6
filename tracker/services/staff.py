"""Staff members: who is recorded as having done what.

People are added, edited, deactivated and reactivated, never deleted: a
deactivated person is no longer offered (to work as, or as a session's
clinician) but stays named on everything they did. Every change is audited.

Roles: ``clinician`` is whoever gives the injections (a doctor, or a nurse
who injects: the role says what the person does here, not their title);
only a clinician is a session's clinician. ``nurse`` assists (registers
patients, photos, scores, checklists) and ``admin`` is the front desk.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from tracker.models import Staff, StaffRole
from tracker.services import audit
from tracker.services.errors import NotFoundError, ServiceError, ValidationError
from tracker.services.snapshot import row_values
from tracker.services.text_limits import too_long

#: The roles as a person reads them (forms, lists, the command line).
ROLE_LABELS = {
    StaffRole.CLINICIAN: "Clinician (gives injections)",
    StaffRole.NURSE: "Nurse (assists; does not inject)",
    StaffRole.ADMIN: "Front desk (admin)",
}


@dataclass(frozen=True)
class StaffView:
    id: int
    username: str
    display_name: str
    role: StaffRole
    active: bool

    @property
    def gives_injections(self) -> bool:
        return gives_injections(self.role)


def gives_injections(role: StaffRole | str) -> bool:
    """Whether a person with ``role`` may be a session's clinician."""
    return StaffRole(role) == StaffRole.CLINICIAN


def _view(row: Staff) -> StaffView:
    return StaffView(row.id, row.username, row.display_name, row.role, row.active)


def _role(role: StaffRole | str | None) -> StaffRole:
    try:
        return StaffRole(role)
    except ValueError:
        raise ValidationError({"role": f"choose a role: {', '.join(r.value for r in StaffRole)}"}) from None


def _name_errors(display_name: str) -> dict[str, str]:
    if not display_name:
        return {"display_name": "enter the name shown on records"}
    return too_long(Staff.__table__, {"display_name": display_name}, ("display_name",))


def _username_errors(username: str) -> dict[str, str]:
    if not username:
        return {"username": "enter a user name"}
    if any(c.isspace() for c in username):
        return {"username": "a user name has no spaces"}
    return too_long(Staff.__table__, {"username": username}, ("username",))


def _taken(username: str) -> ValidationError:
    return ValidationError({"username": f"the user name {username!r} is taken"})


def _same_username(username: str):  # noqa: ANN202
    return func.lower(Staff.username) == username.lower()


def add_staff(db, actor_id: int | None, username: str, display_name: str, role: StaffRole | str) -> StaffView:  # noqa: ANN001
    """A new active staff member. User names are unique whatever their letter case.
    With nobody acting (the clinic's first person), the event names the person added."""
    username, display_name = (username or "").strip(), (display_name or "").strip()
    errors = _name_errors(display_name) | _username_errors(username)  # in the order forms show them
    if errors:
        raise ValidationError(errors)
    role = _role(role)
    with db.write() as s:
        taken = s.execute(select(Staff.username).where(_same_username(username))).scalar()
        if taken is not None:
            raise _taken(taken)
        row = Staff(username=username, display_name=display_name, role=role, active=True)
        s.add(row)
        try:
            s.flush()
        except IntegrityError:  # added at another workstation since the check (the database's own index)
            raise _taken(username) from None
        audit.record_row(s, actor_id if actor_id is not None else row.id, "create", row)
        return _view(row)


def _load(s: Session, staff_id: int) -> Staff:
    row = s.get(Staff, staff_id)
    if row is None:
        raise NotFoundError(f"no staff member with id {staff_id}")
    return row


def _other_active_clinicians(s: Session, staff_id: int) -> int:
    return s.execute(select(func.count()).select_from(Staff).where(
        Staff.active.is_(True), Staff.role == StaffRole.CLINICIAN, Staff.id != staff_id)).scalar_one()


def _keep_a_clinician(s: Session, row: Staff, what: str) -> None:
    """Refuse ``what`` when ``row`` is the last active clinician (nobody could sign a session)."""
    if row.active and row.role == StaffRole.CLINICIAN and _other_active_clinicians(s, row.id) == 0:
        raise ServiceError(f"{row.display_name} is the clinic's only active clinician, so {what}: "
                           "sessions need a clinician to sign them. Add another clinician first.")


def _change(db, actor_id: int | None, staff_id: int, action: str, change) -> StaffView:  # noqa: ANN001
    with db.write() as s:
        row = _load(s, staff_id)
        before = row_values(row)
        change(s, row)
        if row_values(row) == before:
            return _view(row)  # nothing changed: nothing to record
        s.flush()
        audit.record_row(s, actor_id, action, row, before=before)
        return _view(row)


def update_staff(db, actor_id: int | None, staff_id: int, display_name: str, role: StaffRole | str) -> StaffView:  # noqa: ANN001
    """Change the name shown on records and the role (the user name stays)."""
    display_name = (display_name or "").strip()
    errors = _name_errors(display_name)
    if errors:
        raise ValidationError(errors)
    role = _role(role)

    def change(s: Session, row: Staff) -> None:
        if role != row.role:
            _keep_a_clinician(s, row, f"their role cannot change to {role.value}")
        row.display_name, row.role = display_name, role

    return _change(db, actor_id, staff_id, "update", change)


def deactivate_staff(db, actor_id: int | None, staff_id: int) -> StaffView:  # noqa: ANN001
    """No longer offered to work as or as a clinician; still named on their records."""
    def change(s: Session, row: Staff) -> None:
        if not row.active:
            raise ServiceError(f"{row.display_name} is already deactivated")
        _keep_a_clinician(s, row, "they cannot be deactivated")
        row.active = False

    return _change(db, actor_id, staff_id, "deactivate", change)


def reactivate_staff(db, actor_id: int | None, staff_id: int) -> StaffView:  # noqa: ANN001
    def change(_s: Session, row: Staff) -> None:
        if row.active:
            raise ServiceError(f"{row.display_name} is already active")
        row.active = True

    return _change(db, actor_id, staff_id, "reactivate", change)


def list_staff(db, *, active_only: bool = True) -> list[StaffView]:  # noqa: ANN001
    with db.read() as s:
        query = select(Staff).order_by(Staff.display_name, Staff.id)
        if active_only:
            query = query.where(Staff.active.is_(True))
        return [_view(r) for r in s.execute(query).scalars()]


def get_staff(db, staff_id: int) -> StaffView:  # noqa: ANN001
    with db.read() as s:
        return _view(_load(s, staff_id))


def find_staff(db, username: str) -> StaffView:  # noqa: ANN001
    """By user name, whatever its letter case."""
    with db.read() as s:
        row = s.execute(select(Staff).where(_same_username(username.strip()))).scalar_one_or_none()
        if row is None:
            raise NotFoundError(f"no staff member with user name {username!r}")
        return _view(row)


def acting_staff(db, username: str) -> StaffView:  # noqa: ANN001
    """The person named to work as (``--user``): an active staff member."""
    person = find_staff(db, username)
    if not person.active:
        raise ServiceError(f"{person.display_name} ({person.username}) is deactivated: reactivate them first, "
                           "or work as someone else")
    return person


def default_staff(db) -> StaffView | None:  # noqa: ANN001
    """The first active clinician, else the first active staff member."""
    people = list_staff(db)
    clinicians = [p for p in people if p.gives_injections]
    return (clinicians or people or [None])[0]
