"""The patient list paints what its cells hold: the model answers a painted
cell's roles in one call (multiData), and the picture must be the one a plain
Qt model with the same texts gives, tool tips and patient ids included."""
from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel

import tracker.ui.patient_list_model as list_model
from tracker.services.patient_rows import PatientRow, SearchPage
from tracker.ui.patient_list_model import COLUMNS, PatientIdRole, PatientListModel
from tracker.ui.patients.finder import PatientFinder
from tracker.ui.widgets.tables import read_only_table


class _NotOpenYet(QObject):
    """A program context before its database is open (rows come from the first look)."""
    opened = Signal()
    db = None


def _rows() -> tuple[PatientRow, ...]:
    return tuple(
        PatientRow(i, f"C{i:05d}", f"Family{i}", f"Given {i}", date(1950 + i, 1 + i % 12, 1 + i % 28),
                   ("diabetes: slower healing",) if i % 3 == 0 else (), False)
        for i in range(1, 41))


def _listed(qtbot, rows):  # noqa: ANN001, ANN202
    model = PatientListModel(_NotOpenYet())
    model.set_search("")
    assert model.show_first_page("", SearchPage(rows, None), (len(rows), False))
    return model


def _same_texts(model: PatientListModel) -> QStandardItemModel:
    plain = QStandardItemModel(model.rowCount(), model.columnCount())
    plain.setHorizontalHeaderLabels(list(COLUMNS))
    for r in range(model.rowCount()):
        for c in range(model.columnCount()):
            plain.setItem(r, c, QStandardItem(model.index(r, c).data(Qt.ItemDataRole.DisplayRole)))
    return plain


def _picture(qtbot, model):  # noqa: ANN001, ANN202
    table = read_only_table(model, "Patients found")
    qtbot.addWidget(table)
    table.resize(640, 480)
    table.show()
    qtbot.waitExposed(table)
    return table.grab().toImage()


def test_the_list_paints_the_same_cells_as_a_plain_model(qtbot):
    model = _listed(qtbot, _rows())
    assert model.index(2, 0).data() == "FAMILY3, Given 3"
    ours = _picture(qtbot, model)
    reference = _picture(qtbot, _same_texts(model))
    assert ours.size() == reference.size()
    assert ours == reference, "the painted list differs from the same texts in a plain Qt model"


def test_tool_tips_names_and_ids_answer_as_before(qtbot):
    rows = _rows()
    model = _listed(qtbot, rows)
    index = model.index(2, 3)
    assert index.data(Qt.ItemDataRole.DisplayRole) == "diabetes"
    assert index.data(Qt.ItemDataRole.ToolTipRole) == "diabetes: slower healing"
    assert index.data(PatientIdRole) == rows[2].id
    assert "chart C00003" in index.data(Qt.ItemDataRole.AccessibleTextRole)
    assert model.index(0, 3).data(Qt.ItemDataRole.ToolTipRole) is None  # no flags, no tip
    assert index.data(Qt.ItemDataRole.FontRole) is None


def test_ages_turn_over_at_midnight_while_the_list_stays_open(qtbot, monkeypatch):
    born = PatientRow(7, "C00007", "Family", "Birthday", date(2000, 3, 15), (), False)
    before_midnight = datetime(2026, 3, 14, 23, 59, 59).timestamp()
    monkeypatch.setattr(list_model, "_clock", lambda: before_midnight)
    model = _listed(qtbot, (born,))
    assert model.index(0, 2).data() == "2000-03-15 (25 y)"
    monkeypatch.setattr(list_model, "_clock", lambda: before_midnight + 2)
    assert model.index(0, 2).data() == "2000-03-15 (26 y)"


def test_the_chart_column_widens_to_the_longest_chart_number_loaded(qtbot):
    class _Context(_NotOpenYet):
        changed = Signal(str, int)
        database_name = "test-widths"
        tasks = None

    finder = PatientFinder(_Context())
    qtbot.addWidget(finder)
    rows = (*_rows()[:3], PatientRow(99, "LONG-CHART-0000099-B", "Family", "Long", date(1940, 1, 1), (), False))
    finder.patients.show_first_page("", SearchPage(rows, None), (len(rows), False))
    finder.resize(900, 400)
    finder.show()
    qtbot.waitExposed(finder)
    table = finder.table
    needed = table.fontMetrics().horizontalAdvance("LONG-CHART-0000099-B")
    assert table.columnWidth(1) > needed
    assert table.columnWidth(2) > table.fontMetrics().horizontalAdvance(finder.patients.index(3, 2).data())
    # As wide as Qt's own measure of the cells asks (what resize-to-contents would give): nothing cut off.
    assert table.columnWidth(1) >= table.sizeHintForColumn(1)
    assert table.columnWidth(2) >= table.sizeHintForColumn(2)
    # Staff who enlarge the text: the columns are measured again in the new font.
    bigger = finder.font()
    bigger.setPointSizeF(bigger.pointSizeF() * 1.6)
    finder.setFont(bigger)
    assert table.columnWidth(1) > table.fontMetrics().horizontalAdvance("LONG-CHART-0000099-B") > needed
    assert table.columnWidth(1) >= table.sizeHintForColumn(1)
    assert table.columnWidth(2) >= table.sizeHintForColumn(2)
