"""Staff members: who is recorded as having done what."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from tracker.models import Staff, StaffRole
from tracker.services import audit
from tracker.services.errors import NotFoundError, ValidationError
from tracker.services.text_limits import too_long


@dataclass(frozen=True)
class StaffView:
    id: int
    username: str
    display_name: str
    role: StaffRole
    active: bool


def _view(row: Staff) -> StaffView:
    return StaffView(row.id, row.username, row.display_name, row.role, row.active)


def add_staff(db, actor_id: int | None, username: str, display_name: str, role: StaffRole) -> StaffView:  # noqa: ANN001
    username, display_name = username.strip(), display_name.strip()
    errors = too_long(Staff.__table__, {"username": username, "display_name": display_name}, ("username", "display_name"))
    if not username:
        errors["username"] = "enter a user name"
    if not display_name:
        errors["display_name"] = "enter the name shown on records"
    if errors:
        raise ValidationError(errors)
    with db.write() as s:
        if s.execute(select(Staff.id).where(Staff.username == username)).first():
            raise ValidationError({"username": f"the user name {username!r} is taken"})
        row = Staff(username=username, display_name=display_name, role=StaffRole(role))
        s.add(row)
        s.flush()
        audit.record_row(s, actor_id if actor_id is not None else row.id, "create", row)
        return _view(row)


def list_staff(db, *, active_only: bool = True) -> list[StaffView]:  # noqa: ANN001
    with db.read() as s:
        query = select(Staff).order_by(Staff.display_name)
        if active_only:
            query = query.where(Staff.active.is_(True))
        return [_view(r) for r in s.execute(query).scalars()]


def get_staff(db, staff_id: int) -> StaffView:  # noqa: ANN001
    with db.read() as s:
        row = s.get(Staff, staff_id)
        if row is None:
            raise NotFoundError(f"no staff member with id {staff_id}")
        return _view(row)


def find_staff(db, username: str) -> StaffView:  # noqa: ANN001
    with db.read() as s:
        row = s.execute(select(Staff).where(Staff.username == username)).scalar_one_or_none()
        if row is None:
            raise NotFoundError(f"no staff member with user name {username!r}")
        return _view(row)


def default_staff(db) -> StaffView | None:  # noqa: ANN001
    """The first active clinician, else the first active staff member."""
    people = list_staff(db)
    clinicians = [p for p in people if p.role == StaffRole.CLINICIAN]
    return (clinicians or people or [None])[0]
