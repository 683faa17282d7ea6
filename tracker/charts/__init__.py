"""Charts drawn with QtCharts from plain service data, shared by the GUI and
printed reports (QtGui/QtCharts; no tracker.ui imports)."""
