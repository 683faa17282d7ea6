"""A QGuiApplication for rendering documents, also where there is no display.

Text layout needs a QGuiApplication. A script or the command line on a server
has no display: then the offscreen platform is used instead of letting Qt abort.
"""
from __future__ import annotations

import logging
import os
import sys

from PySide6.QtGui import QGuiApplication

log = logging.getLogger(__name__)

_app: QGuiApplication | None = None


def has_display() -> bool:
    if not sys.platform.startswith("linux"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def ensure_gui_application() -> QGuiApplication:
    """The running Qt application, or a new one (offscreen when no display is available)."""
    global _app
    app = QGuiApplication.instance()
    if app is not None:
        return app
    if not has_display() and not os.environ.get("QT_QPA_PLATFORM"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        log.info("no display: rendering documents offscreen")
    _app = QGuiApplication([sys.argv[0] if sys.argv and sys.argv[0] else "tracker"])
    return _app
