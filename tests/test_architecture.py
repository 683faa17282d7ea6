"""The core (models, services, db) never imports Qt; the contract is checked
both statically (import-linter) and by importing every core module."""
from __future__ import annotations

import pkgutil
import re
import subprocess
import sys

from helpers import REPO, child_env

import tracker


def test_import_linter_contracts_hold():
    result = subprocess.run([sys.executable, "-c", "from importlinter.cli import lint_imports_command; lint_imports_command()"],
                            cwd=REPO, capture_output=True, text=True, env=child_env())
    assert result.returncode == 0, result.stdout + result.stderr
    # Features add their own contracts; every one of them must hold.
    assert re.search(r"Contracts: [2-9]\d* kept, 0 broken", result.stdout), result.stdout


def test_importing_the_core_loads_no_qt():
    modules = [m.name for m in pkgutil.walk_packages(tracker.__path__, "tracker.")
               if m.name.split(".")[1] in {"models", "services", "db", "config", "paths"}]
    code = ("import sys, importlib\n"
            f"for name in {modules!r}: importlib.import_module(name)\n"
            "qt = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6')))\n"
            "print(qt)\nraise SystemExit(1 if qt else 0)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=child_env())
    assert result.returncode == 0, f"core imported Qt: {result.stdout} {result.stderr}"
    assert len(modules) > 15


def test_printing_builds_documents_without_widgets():
    """tracker.printing uses QtGui only: importing it (and rendering) loads no QtWidgets / QtPrintSupport."""
    modules = [m.name for m in pkgutil.walk_packages(tracker.__path__, "tracker.") if m.name.startswith("tracker.printing")]
    code = ("import sys, importlib\n"
            f"for name in {modules!r}: importlib.import_module(name)\n"
            "from tracker.printing.qt_app import ensure_gui_application\n"
            "ensure_gui_application()\n"
            "bad = sorted(m for m in sys.modules if m in ('PySide6.QtWidgets', 'PySide6.QtPrintSupport'))\n"
            "print(bad)\nraise SystemExit(1 if bad else 0)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env=child_env({"QT_QPA_PLATFORM": "offscreen"}))
    assert result.returncode == 0, f"printing loaded widgets: {result.stdout} {result.stderr}"
    assert {"tracker.printing.render", "tracker.printing.aftercare", "tracker.printing.progress"} <= set(modules)
