"""What every widget is handed: the database handle, the acting staff member,
the data location, a task runner, and one 'changed' signal.

Widgets call service functions with ``ctx.db`` (services open and close their
own sessions; widgets never do). After a write, call ``ctx.notify(entity, id)``;
every view listening to ``ctx.changed`` decides whether to refresh (as Anki's
operations do).
"""
from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from tracker.config import Location
from tracker.ui.tasks import TaskRunner


class AppContext(QObject):
    #: (entity, id): e.g. ("patient", 12), ("session", 40), ("photo", 7); id 0 = many
    changed = Signal(str, int)
    #: A patient was asked to be opened (from search, the Today dashboard, ...)
    open_patient_requested = Signal(int)
    #: A message for the in-window banner: (text, level) with level info|warning|error
    banner = Signal(str, str)
    #: (old text, new text): a banner message that is no longer true, replaced if it is still shown
    #: (an empty new text takes it down); a message the person closed stays closed
    banner_replaced = Signal(str, str)
    #: The database has opened (``attach``): ``db`` and ``actor`` are set
    opened = Signal()

    def __init__(self, db, actor, location: Location | None = None, parent: QObject | None = None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.db = db
        self.actor = actor
        self.location = location or db.location
        self.tasks = TaskRunner(self)

    def attach(self, db, actor) -> None:  # noqa: ANN001
        """The database opened after this context was made (start-up)."""
        self.db, self.actor = db, actor
        self.opened.emit()

    @property
    def database_name(self) -> str:
        """The database as named to a person (and the key of per-database preferences)."""
        return self.db.describe() if self.db is not None else self.location.describe()

    @property
    def actor_id(self) -> int | None:
        return self.actor.id if self.actor else None

    def notify(self, entity: str, entity_id: int = 0) -> None:
        self.changed.emit(entity, entity_id)
