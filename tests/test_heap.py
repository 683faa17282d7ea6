"""Once the program has started, what it made while starting is out of the
cyclic garbage collector's full passes (a full pass over it held the
interpreter lock long enough to freeze the window while photos imported);
what is made later is still collected."""
from __future__ import annotations

import subprocess
import sys

from helpers import child_env

# Runs the real program in a child process (the freeze is once per process)
# and, once every workspace page is built, reports on the collector.
CHILD = """
import gc, os, sys, weakref
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

app = QApplication(["tracker"])
import tracker.ui.main_window as main_window
import tracker.ui.heap as heap
from tracker.ui.extensions import workspaces

before = any(o is main_window for o in gc.get_objects())


class Later:
    pass


def check():
    windows = [w for w in app.topLevelWidgets() if isinstance(w, main_window.MainWindow) and hasattr(w, "pages")]
    if not windows or not heap.startup_frozen():
        return
    window = windows[0]
    tracked = {id(o) for o in gc.get_objects()}
    print("module tracked before start-up:", before)
    print("every page built:", all(item.key in window.pages for item in workspaces()))
    print("module tracked after:", id(main_window) in tracked)
    print("window attributes tracked after:", id(window.__dict__) in tracked)
    cycle = Later()
    cycle.me = cycle
    gone = weakref.ref(cycle)
    del cycle
    gc.collect()
    print("later cycle collected:", gone() is None)
    print("second freeze:", heap.freeze_startup_objects())
    sys.stdout.flush()
    os._exit(0)


timer = QTimer()
timer.timeout.connect(check)
timer.start(20)
QTimer.singleShot(45_000, lambda: (print("start-up objects not frozen within 45 s", flush=True), os._exit(3)))
from tracker.cli import main
main(["--data-dir", sys.argv[1]])
print("the program ended first", flush=True)
"""


def test_start_up_objects_leave_the_collector_and_later_garbage_is_still_collected(tmp_path):
    result = subprocess.run([sys.executable, "-c", CHILD, str(tmp_path)], capture_output=True, text=True, timeout=120,
                            env=child_env({"QT_QPA_PLATFORM": "offscreen"}), stdin=subprocess.DEVNULL)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines() == [
        "module tracked before start-up: True",
        "every page built: True",
        "module tracked after: False",
        "window attributes tracked after: False",
        "later cycle collected: True",
        "second freeze: False",
    ], result.stdout + result.stderr
