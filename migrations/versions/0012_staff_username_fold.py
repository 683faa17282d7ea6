"""Staff user names unique whatever their letter case, in the database itself

The service already refuses "Admin" beside "admin" (services/staff.py); a
unique index on lower(username) makes the database refuse it too, so two
workstations adding the same person at the same moment cannot both succeed.
A database that already holds such a pair is not changed: the migration stops
and names them (the program then does not open the database, and the backup
taken before migrating is kept).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-05
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from tracker.db.errors import DatabaseError

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    clashes = op.get_bind().execute(sa.text(
        "SELECT username FROM staff WHERE lower(username) IN "
        "(SELECT lower(username) FROM staff GROUP BY lower(username) HAVING count(*) > 1) ORDER BY lower(username), id"
    )).scalars().all()
    if clashes:
        raise DatabaseError(
            "the database was not changed: staff user names that differ only in letter case cannot both stay: "
            f"{', '.join(map(repr, clashes))}; give all but one of each a different user name in the database "
            "(or ask for help), then open it again")
    op.create_index("uq_staff_username_fold", "staff", [sa.text("lower(username)")], unique=True)


def downgrade() -> None:
    op.drop_index("uq_staff_username_fold", table_name="staff")
