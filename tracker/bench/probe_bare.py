"""The baseline process: a bare PySide6 main window of the app's size.

Run as a script (not through the tracker package). Prints ``painted`` when the
window gets its first paint event, with ``rss=<MB>`` when asked for memory,
then exits at once.
"""
import os
import sys

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow


def _rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    return 0.0


class _FirstPaint(QObject):
    def eventFilter(self, obj, ev):  # noqa: ANN001, N802
        if ev.type() == QEvent.Paint and obj is window:
            QTimer.singleShot(0, _report)
            obj.removeEventFilter(self)
        return False


def _report() -> None:
    extra = f" rss={_rss_mb():.1f}" if "--memory" in sys.argv else ""
    print(f"painted{extra}", flush=True)
    os._exit(0)


app = QApplication(sys.argv)
window = QMainWindow()
window.setWindowTitle("bare window")
window.resize(1200, 780)
watch = _FirstPaint()
window.installEventFilter(watch)
window.show()
QTimer.singleShot(60_000, lambda: os._exit(3))
app.exec()
