"""Outcome assessments and progress: the entry form, the per-lesion progress
view, the patient overview (a chart panel) and the clinic's Outcomes page."""
