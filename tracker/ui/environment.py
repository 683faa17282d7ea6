"""Preparing the process for Qt: a display, a runtime folder."""
from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path


def display_problem() -> str | None:
    """A plain explanation when no window can be shown, instead of Qt's abort."""
    if not sys.platform.startswith("linux"):
        return None
    if os.environ.get("QT_QPA_PLATFORM") or os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        return None
    return (
        "no display to show the window on (neither DISPLAY nor WAYLAND_DISPLAY is set). "
        "Run it from a desktop session, or use 'xvfb-run tracker', or set QT_QPA_PLATFORM=offscreen "
        "for a headless run."
    )


def ensure_runtime_dir() -> None:
    """Qt warns without XDG_RUNTIME_DIR; give it a private (0700) folder."""
    if sys.platform.startswith("linux") and not os.environ.get("XDG_RUNTIME_DIR"):
        path = Path(tempfile.gettempdir()) / f"tracker-runtime-{os.getuid()}"
        path.mkdir(mode=0o700, exist_ok=True)
        path.chmod(0o700)
        os.environ["XDG_RUNTIME_DIR"] = str(path)
