"""Every feature's workspaces and chart panels, registered in one place.

Each feature adds one import line below; its module calls
``register_workspace``/``register_chart_panel`` at import time.
"""
from __future__ import annotations

_loaded = False


def load_features() -> None:
    """Import every feature (at start-up a worker thread does this while the
    database opens: module code only, no widgets)."""
    global _loaded
    if _loaded:
        return
    # One line per feature (keep alphabetical):
    import tracker.ui.documents_panel  # noqa: F401
    import tracker.ui.guidance  # noqa: F401
    import tracker.ui.history_panel  # noqa: F401
    import tracker.ui.patients_workspace  # noqa: F401
    import tracker.ui.photos.panel  # noqa: F401
    import tracker.ui.progress.outcomes_workspace  # noqa: F401
    import tracker.ui.progress.progress_panel  # noqa: F401
    _loaded = True
