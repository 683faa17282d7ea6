"""Start the real program (``tracker --data-dir DIR``) and report when a
person could see it: ``painted`` (the main window's first paint) or
``usable`` (the patient list shows at least 50 patients, or all there are,
and the patient search field is enabled). Exits at once after reporting.

``python -m tracker.bench.probe_app painted|usable DATA_DIR``

The QApplication is made here before the program runs so that an event
filter can watch it; the program takes the existing instance.

For ``painted`` the probe watches as the bare window's probe does, with a
filter on the main window alone: an application-wide filter sees it first
and hands over. A Python filter on the whole application is not free: PySide
wraps every receiver for it, and wrapping Qt's private window classes sets
up every type of QtCore, QtGui and QtWidgets (some 170 enums, ~20 ms on this
machine), which would be counted against the program. ``usable`` needs the
list's viewport paints, so it keeps the application-wide filter (a margin
against the program, not for it).
"""
import os
import sys

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QAbstractItemView, QApplication, QMainWindow

from tracker.bench.finders import patient_views, search_fields, source_model

USABLE_ROWS = 50


class Probe(QObject):
    def __init__(self, mode: str, expected_rows: int) -> None:
        super().__init__()
        self.mode, self.expected, self.done = mode, expected_rows, False
        self.watching = False

    def eventFilter(self, obj, ev) -> bool:  # noqa: ANN001, N802
        if self.done:
            return False
        if self.mode == "painted":
            if isinstance(obj, QMainWindow):
                if not self.watching:  # the main window's first event: watch it alone from now on
                    self.watching = True
                    QApplication.instance().removeEventFilter(self)
                    obj.installEventFilter(self)
                elif ev.type() == QEvent.Paint:
                    self._finish()
        elif ev.type() == QEvent.Paint and isinstance(obj.parent(), QAbstractItemView) and self._usable(obj.window()):
            self._finish()
        return False

    def _usable(self, window) -> bool:  # noqa: ANN001
        need = min(USABLE_ROWS, self.expected)
        return (any(source_model(v.model()).rowCount() >= need for v in patient_views(window))
                and any(e.isEnabled() for e in search_fields(window)))

    def _finish(self) -> None:
        self.done = True
        QTimer.singleShot(0, lambda: (print(self.mode, flush=True), os._exit(0)))


def main() -> None:
    mode, data_dir, expected = sys.argv[1], sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else USABLE_ROWS
    app = QApplication(["tracker"])
    probe = Probe(mode, expected)
    app.installEventFilter(probe)
    QTimer.singleShot(60_000, lambda: (print("timeout", flush=True), os._exit(3)))
    from tracker.cli import main as tracker_main

    tracker_main(["--data-dir", data_dir])
    print("the program ended before it was " + mode, flush=True)
    os._exit(4)


if __name__ == "__main__":
    main()
