"""Guidance in the GUI: the Today workspace, the session checklist panel and
the patient chart's Guidance tab. Importing this package registers them."""
from tracker.ui.guidance import chart_panel, today_workspace  # noqa: F401
