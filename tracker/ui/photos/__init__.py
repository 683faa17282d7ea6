"""Follow-up photos in the patient chart: grid, per-lesion timeline, import
with a preview grid, compare and measure. The panel registers itself when
``tracker.ui.photos.panel`` is imported (see tracker/ui/registry.py)."""
