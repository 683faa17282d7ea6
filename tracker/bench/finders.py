"""Finding the widgets a person would use, the way a person would: the
patient list (an item view over the patient list model) and the patient
search field (a line edit whose accessible name says search)."""
from __future__ import annotations

from PySide6.QtCore import QAbstractProxyModel
from PySide6.QtWidgets import QAbstractItemView, QLineEdit, QWidget


def source_model(model):  # noqa: ANN001, ANN201
    while isinstance(model, QAbstractProxyModel):
        model = model.sourceModel()
    return model


def patient_views(window: QWidget, *, visible: bool = True) -> list[QAbstractItemView]:
    from tracker.ui.patient_list_model import PatientListModel

    return [v for v in window.findChildren(QAbstractItemView)
            if isinstance(source_model(v.model()), PatientListModel) and (v.isVisible() or not visible)]


def search_fields(window: QWidget) -> list[QLineEdit]:
    return [e for e in window.findChildren(QLineEdit)
            if "search" in e.accessibleName().lower() and "patient" in e.accessibleName().lower() and e.isVisible()]
