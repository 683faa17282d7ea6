"""The main window: workspaces as tabs, a banner for messages, the recovery
bar, menus with every action and its shortcut, and the status bar with the
acting staff member and the database in use."""
from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QTimer
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMainWindow, QTabWidget, QVBoxLayout, QWidget

if TYPE_CHECKING:  # what the full window needs is imported after the first paint
    from PySide6.QtGui import QAction

    from tracker.config import Location
    from tracker.services.patient_first_look import FirstLook
    from tracker.ui.context import AppContext
    from tracker.ui.extensions import Workspace
    from tracker.ui.session_editor.recovery import Recovered
    from tracker.ui.shortcuts_dialog import ShortcutsDialog
    from tracker.ui.staff_dialog import StaffDialog
    from tracker.ui.staff_window import StaffWindow

log = logging.getLogger(__name__)

GEOMETRY_KEY = "layout/main_geometry"
STATE_KEY = "layout/main_state"


def when_painted(widget: QWidget, callback) -> None:  # noqa: ANN001
    """Call ``callback`` from the event loop once ``widget`` has painted."""
    from PySide6.QtCore import QEvent, QObject

    class _Once(QObject):
        def eventFilter(self, obj, ev) -> bool:  # noqa: ANN001, N802
            if ev.type() == QEvent.Type.Paint:
                widget.removeEventFilter(self)
                QTimer.singleShot(0, callback)
            return False

    widget.installEventFilter(_Once(widget))


class MainWindow(QMainWindow):
    """``MainWindow(db, actor)``; or ``MainWindow(opening=where)`` on screen at
    once, saying the clinic is being opened, then ``attach(db, actor)``
    (tracker/ui/app.py). In between, ``show_first_look(location, look)`` may
    show the Patients page on a first look at the list, before the database
    layer is loaded. Keep this module's imports light: they are loaded
    before the window's first paint (docs/ARCHITECTURE.md, Speed)."""

    def __init__(self, db=None, actor=None, parent: QWidget | None = None, *, opening: str = "") -> None:  # noqa: ANN001
        super().__init__(parent)
        self.setWindowTitle("Injection Tracker")
        self.resize(1200, 780)
        self.pages: dict[str, QWidget] = {}
        self._factories: dict = {}
        if db is not None:
            self.attach(db, actor)
        else:
            self.setCentralWidget(self._opening_note(opening))

    @staticmethod
    def _opening_note(where: str) -> QWidget:
        """What the window shows for the moment the database takes to open,
        centred by stretches (the Qt namespace costs tens of ms to load: not
        before the first paint)."""
        note = QLabel(f"Opening the clinic database\n{where} ...")
        note.setAccessibleName("Opening the clinic database")
        page = QWidget()
        row = QHBoxLayout(page)
        row.addStretch(1)
        row.addWidget(note)
        row.addStretch(1)
        return page

    def show_first_look(self, location: Location, look: FirstLook) -> None:
        """The Patients page on what ``first_look`` read, while the database
        is still opening: the list and the search field work at once, the
        rest of the window comes with ``attach``."""
        from tracker.ui.context import AppContext
        from tracker.ui.extensions import workspaces
        from tracker.ui.patients_workspace import PatientsWorkspace

        self._build(AppContext(None, None, location=location, parent=self), [w for w in workspaces() if w.factory is PatientsWorkspace])
        self.pages["patients"].show_first_look(look)

    def attach(self, db, actor) -> None:  # noqa: ANN001
        """Build the workspaces on the opened database."""
        from tracker.ui.context import AppContext
        from tracker.ui.extensions import workspaces
        from tracker.ui.registry import load_features

        load_features()
        if hasattr(self, "ctx"):  # the Patients page is already on screen (show_first_look)
            later = self._add_workspaces(workspaces())
            self.ctx.attach(db, actor)
            QTimer.singleShot(0, lambda: self._build_later(later))
        else:
            self._build(AppContext(db, actor, parent=self), workspaces())
        self.db_label.setText(f"Database: {db.describe()}")
        self._show_actor()
        for action in (self.new_patient_action, self.staff_action, self.manage_staff_action):
            action.setEnabled(True)
        QTimer.singleShot(0, self.offer_recovery)
        if actor is None:  # a new clinic: nobody may record anything until someone acts
            from tracker.ui.first_run import NobodyActing

            NobodyActing(self)

    def _build(self, ctx: AppContext, items: list[Workspace]) -> None:
        """The window around the workspaces: the first page is built now, the
        others right after it has painted, one per turn of the event loop."""
        from tracker.ui.banner import Banner
        from tracker.ui.recovery_bar import RecoveryBar

        self.ctx = ctx
        self.banner = Banner()
        self.ctx.banner.connect(self.banner.show_message)
        self.ctx.banner_replaced.connect(self.banner.replace_message)
        self.recovery = RecoveryBar(self.restore_recovered)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        later = self._add_workspaces(items)
        self.tabs.currentChanged.connect(self._current_changed)
        if later:
            first = self._make_page(later.pop(0))
            if later:
                when_painted(first, lambda: self._build_later(later))

        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.banner)
        layout.addWidget(self.recovery)
        layout.addWidget(self.tabs)
        self.setCentralWidget(body)

        self.user_label = QLabel()
        self.user_label.setAccessibleName("Current user")
        self.db_label = QLabel(f"Database: {ctx.database_name}")
        self.db_label.setAccessibleName("Database in use")
        self.statusBar().addWidget(self.user_label)
        self.statusBar().addPermanentWidget(self.db_label)
        self._show_actor()
        self._build_menus()
        self.ctx.open_patient_requested.connect(self.open_patient)
        self._restore_layout()

    def _add_workspaces(self, items: list[Workspace]) -> list[str]:
        """Tabs (stand-ins until built) for the workspaces not shown yet, in
        their order among those shown; returns their keys."""
        from PySide6.QtGui import QKeySequence, QShortcut

        from tracker.ui.extensions import workspaces

        shown = [w for w in workspaces() if w.key in self._factories]
        ordered = sorted({w.key: w for w in [*shown, *items]}.values(), key=lambda w: (w.order, w.title))
        added = []
        self.tabs.blockSignals(True)
        for index, item in enumerate(ordered):
            if item.key not in self._factories:
                self.tabs.insertTab(index, QWidget(), item.title)
                added.append(item.key)
                if item.shortcut:
                    QShortcut(QKeySequence(item.shortcut), self, activated=lambda k=item.key: self.tabs.setCurrentWidget(self.page(k)))
        self.tabs.blockSignals(False)
        self._factories = {w.key: w.factory for w in ordered}
        return added

    # -- menus -------------------------------------------------------------------
    def _action(self, menu, text: str, name: str | None, slot) -> QAction:  # noqa: ANN001
        from PySide6.QtGui import QAction, QKeySequence

        from tracker.ui.shortcuts import key

        action = QAction(text, self)
        if name:
            action.setShortcut(QKeySequence(key(name)))
        action.triggered.connect(slot)
        menu.addAction(action)
        self.addAction(action)
        return action

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self.new_patient_action = self._action(file_menu, "&New patient\u2026", "new_patient", self.new_patient)
        self.find_action = self._action(file_menu, "&Find patient", "find_patient", self.focus_search)
        file_menu.addSeparator()
        self.manage_staff_action = self._action(file_menu, "S&taff\u2026", None, self.manage_staff)
        self.staff_action = self._action(file_menu, "&Switch staff member\u2026", "switch_staff", self.switch_staff)
        for action in (self.new_patient_action, self.staff_action, self.manage_staff_action):  # until the database is open
            action.setEnabled(self.ctx.db is not None)
        file_menu.addSeparator()
        self.clinic_settings_action = self._action(file_menu, "&Clinic settings\u2026", None, self.clinic_settings)
        self.catalog_action = self._action(file_menu, "Agent c&atalog\u2026", None, self.agent_catalog)
        for action in (self.clinic_settings_action, self.catalog_action):
            action.setEnabled(self.ctx.db is not None)
            self.ctx.opened.connect(lambda a=action: a.setEnabled(True))
        file_menu.addSeparator()
        self._action(file_menu, "&Quit", "quit", self.close)
        help_menu = self.menuBar().addMenu("&Help")
        self.shortcuts_action = self._action(help_menu, "&Keyboard shortcuts", "shortcuts", self.show_shortcuts)

    # -- pages -------------------------------------------------------------------
    def page(self, key: str) -> QWidget:
        """A workspace page (built now if it was still waiting)."""
        if key not in self.pages:
            self._make_page(key)
        return self.pages[key]

    def _make_page(self, key: str) -> QWidget:
        """Build a page; when its tab is already there, it takes the place of the stand-in."""
        keys = list(self._factories)
        page = self._factories[key](self.ctx)
        self.pages[key] = page
        index = keys.index(key)
        if index < self.tabs.count():
            current, stand_in, title = self.tabs.currentIndex(), self.tabs.widget(index), self.tabs.tabText(index)
            self.tabs.blockSignals(True)
            self.tabs.removeTab(index)
            self.tabs.insertTab(index, page, title)
            self.tabs.setCurrentIndex(current)
            self.tabs.blockSignals(False)
            stand_in.deleteLater()
        return page

    def _build_later(self, keys: list[str]) -> None:
        if keys:
            key, rest = keys[0], keys[1:]
            if key not in self.pages:
                self._make_page(key)
            QTimer.singleShot(0, lambda: self._build_later(rest))
        else:  # start-up is over: what it made stays out of full garbage collections
            from tracker.ui.heap import freeze_startup_objects

            freeze_startup_objects()

    def _current_changed(self, index: int) -> None:
        key = list(self._factories)[index] if 0 <= index < len(self._factories) else None
        if key is not None and key not in self.pages:
            self._make_page(key)

    def focus_search(self) -> None:
        patients = self.pages.get("patients")
        if patients is not None:
            self.tabs.setCurrentWidget(patients)
            patients.focus_search()

    def new_patient(self):  # noqa: ANN201
        patients = self.pages.get("patients")
        if patients is not None:
            self.tabs.setCurrentWidget(patients)
            return patients.new_patient()
        return None

    def open_patient(self, patient_id: int) -> bool:
        patients = self.pages.get("patients")
        if patients is None:
            return False
        self.tabs.setCurrentWidget(patients)
        return patients.open_patient(patient_id)

    def switch_staff(self) -> StaffDialog:
        from tracker.ui.staff_dialog import StaffDialog

        dialog = StaffDialog(self.ctx, self)
        dialog.chosen.connect(self.act_as)
        dialog.open()
        return dialog

    def clinic_settings(self) -> None:
        from tracker.ui.clinic_settings_dialog import open_clinic_settings

        open_clinic_settings(self.ctx, self)

    def agent_catalog(self) -> QWidget:
        from tracker.ui.catalog.window import show_catalog

        return show_catalog(self.ctx, self)

    def manage_staff(self) -> StaffWindow:
        from PySide6.QtCore import Qt

        from tracker.ui.staff_window import StaffWindow

        window = StaffWindow(self.ctx, self)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.open()
        return window

    def act_as(self, person) -> None:  # noqa: ANN001
        self.ctx.actor = person
        self._show_actor()
        self.ctx.notify("staff", person.id)
        self.ctx.banner.emit(f"Now working as {person.display_name}.", "info")

    def _show_actor(self) -> None:
        if self.ctx.db is None:
            self.user_label.setText("Opening the clinic database\u2026")
            return
        who = self.ctx.actor.display_name if self.ctx.actor else "no staff member"
        self.user_label.setText(f"User: {who}")

    def show_shortcuts(self) -> ShortcutsDialog:
        from tracker.ui.shortcuts_dialog import ShortcutsDialog

        dialog = ShortcutsDialog(self)
        dialog.open()
        return dialog

    # -- recovery ----------------------------------------------------------------
    def offer_recovery(self) -> None:
        from tracker.ui.session_editor.recovery import read_all

        found = read_all(self.ctx.location.data_dir, self.ctx.db.describe())
        if found:
            log.info("%d recovery file(s) found", len(found))
            self.recovery.offer(found)

    def restore_recovered(self, recovered: Recovered) -> bool:
        patients = self.pages.get("patients")
        if patients is None:
            return False
        self.tabs.setCurrentWidget(patients)
        return patients.restore_recovered(recovered)

    # -- unsaved work and closing ------------------------------------------------
    def holders(self) -> list[object]:
        """Everything in the window that may hold unsaved work (pages or their parts)."""
        out: list[object] = []
        for page in self.pages.values():
            out.extend(page.holders() if hasattr(page, "holders") else [page])
        return out

    def unsaved_work(self) -> list[str]:
        """What holds edits not yet saved, described for a person."""
        from tracker.ui import unsaved

        return [unsaved.describe(h) for h in unsaved.dirty(self.holders())]

    def _restore_layout(self) -> None:
        from tracker.ui.preferences import preferences

        settings = preferences()
        geometry, state = settings.value(GEOMETRY_KEY), settings.value(STATE_KEY)
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        if isinstance(state, QByteArray):
            self.restoreState(state)

    def save_layout(self) -> None:
        from tracker.ui.preferences import preferences

        settings = preferences()
        settings.setValue(GEOMETRY_KEY, self.saveGeometry())
        settings.setValue(STATE_KEY, self.saveState())
        for page in self.pages.values():
            if hasattr(page, "save_layout"):
                page.save_layout()  # pages with layout beyond their splitters (splitters save themselves)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if not hasattr(self, "ctx") or self.ctx.db is None:  # closed while the database was still opening
            event.accept()
            return
        from tracker.ui import unsaved

        if not unsaved.settle(self, self.holders(), "close the program"):
            event.ignore()
            return
        self.save_layout()
        self.ctx.tasks.wait(5000)
        event.accept()
