"""File > Agent catalog: each agent with its class and units, its limits and
its usual values per condition, every number beside its source (in a column,
not a tooltip). A number is changed from here (Enter or "Change…" on its row):
the edit dialog asks for the new value, its source and a reason."""
from __future__ import annotations

import logging

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView, QDialog, QDialogButtonBox, QHBoxLayout, QHeaderView, QLabel, QListWidget, QListWidgetItem,
    QPushButton, QSplitter, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from tracker.services.catalog import AgentView, list_agents
from tracker.services.catalog_rows import CatalogRow, agent_rows
from tracker.services.dosing import dose_unit_for
from tracker.ui.catalog.edit_dialog import NumberEditDialog
from tracker.ui.widgets.field_message import FieldMessage

log = logging.getLogger(__name__)

COLUMNS = ("Number", "Value", "Source")
EDIT_HINT = "Select a number and press Enter (or Change) to change it: a change needs its source and a reason."


class CatalogWindow(QDialog):
    """A window of its own beside the main one (not modal); ``show_catalog`` opens or raises it."""

    def __init__(self, ctx, parent: QWidget | None = None) -> None:  # noqa: ANN001
        super().__init__(parent, Qt.WindowType.Window)
        self.ctx = ctx
        self.setWindowTitle("Agent catalog")
        self.agents: list[AgentView] = []
        self.rows: list[CatalogRow | None] = []  # per table row; None for a section heading
        self.agent_list = QListWidget()
        self.agent_list.setAccessibleName("Agents")
        agents_caption = QLabel("A&gents:")
        agents_caption.setBuddy(self.agent_list)
        self.header = QLabel()
        self.header.setWordWrap(True)
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setAccessibleName("Catalog numbers and their sources")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        chars = self.fontMetrics().averageCharWidth()
        head = self.table.horizontalHeader()
        head.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        head.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        head.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(0, chars * 30)
        self.table.setColumnWidth(1, chars * 20)
        head.sectionResized.connect(lambda *_: self.table.resizeRowsToContents())
        table_caption = QLabel("&Numbers:")
        table_caption.setBuddy(self.table)
        self.edit_button = QPushButton("&Change selected number\u2026")
        self.edit_button.setEnabled(False)
        self.hint = QLabel(EDIT_HINT)
        self.hint.setWordWrap(True)
        self.message = FieldMessage()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.close)

        left = QWidget()
        left_column = QVBoxLayout(left)
        left_column.setContentsMargins(0, 0, 0, 0)
        left_column.addWidget(agents_caption)
        left_column.addWidget(self.agent_list)
        right = QWidget()
        right_column = QVBoxLayout(right)
        right_column.setContentsMargins(0, 0, 0, 0)
        right_column.addWidget(self.header)
        right_column.addWidget(table_caption)
        right_column.addWidget(self.table, 1)
        actions = QHBoxLayout()
        actions.addWidget(self.edit_button)
        actions.addWidget(self.hint, 1)
        right_column.addLayout(actions)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.setChildrenCollapsible(False)
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(1, 1)
        split.setSizes([chars * 28, chars * 100])
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.resize(chars * 140, self.fontMetrics().lineSpacing() * 40)

        self.agent_list.currentRowChanged.connect(self._show_agent)
        self.table.currentCellChanged.connect(lambda *_: self._update_edit_button())
        self.table.activated.connect(lambda _index: self.edit_selected())
        self.edit_button.clicked.connect(self.edit_selected)
        ctx.changed.connect(self._on_changed)
        self.reload()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        QTimer.singleShot(0, self.table.resizeRowsToContents)  # sources wrap to the new width, whole

    # -- reading -------------------------------------------------------------------------
    def reload(self) -> None:
        self.ctx.tasks.run(list_agents, self.ctx.db, on_done=self._loaded, owner=self,
                           on_error=lambda exc: self.message.show_message(f"The catalog could not be read: {exc}", "error"))

    def _on_changed(self, entity: str, _entity_id: int) -> None:
        if entity in ("agent", "catalog"):
            self.reload()

    def _loaded(self, agents: list[AgentView]) -> None:
        current = self.current_agent()
        row = self.table.currentRow()
        self.agents = list(agents)
        self.agent_list.blockSignals(True)
        self.agent_list.clear()
        for agent in self.agents:
            item = QListWidgetItem(agent.name)
            item.setToolTip(agent.plain_name)
            self.agent_list.addItem(item)
        index = next((i for i, a in enumerate(self.agents) if current and a.id == current.id), 0)
        if self.agents:
            self.agent_list.setCurrentRow(index)  # signals still blocked: the table is filled once, here
        self.agent_list.blockSignals(False)
        if self.agents:
            self._show_agent(index)
            if row >= 0:
                self.table.setCurrentCell(min(row, self.table.rowCount() - 1), 0)

    def current_agent(self) -> AgentView | None:
        index = self.agent_list.currentRow()
        return self.agents[index] if 0 <= index < len(self.agents) else None

    def current_row(self) -> CatalogRow | None:
        index = self.table.currentRow()
        return self.rows[index] if 0 <= index < len(self.rows) else None

    # -- showing -------------------------------------------------------------------------
    def _show_agent(self, index: int) -> None:
        agent = self.agents[index] if 0 <= index < len(self.agents) else None
        self.table.setRowCount(0)
        self.rows = []
        if agent is None:
            self.header.setText("")
            return
        self.header.setText(
            f"<b>{agent.name}</b> ({agent.code}) \u2014 {agent.agent_class.value.replace('_', ' ')}<br>"
            f"Concentration in <b>{agent.concentration_unit}</b>, doses counted in "
            f"<b>{dose_unit_for(agent.concentration_unit)}</b>. For patients: {agent.plain_name}.")
        section = None
        for row in agent_rows(agent):
            if row.section != section:
                section = row.section
                self._add_heading(section)
            self._add_row(row)
        self.table.resizeRowsToContents()
        self._update_edit_button()

    def _add_heading(self, text: str) -> None:
        at = self.table.rowCount()
        self.table.insertRow(at)
        item = QTableWidgetItem(text)
        font = QFont(item.font())
        font.setBold(True)
        item.setFont(font)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        self.table.setItem(at, 0, item)
        self.table.setSpan(at, 0, 1, len(COLUMNS))
        self.rows.append(None)

    def _add_row(self, row: CatalogRow) -> None:
        at = self.table.rowCount()
        self.table.insertRow(at)
        for column, text in enumerate((row.label, row.value, row.source or "\u2013")):
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            self.table.setItem(at, column, item)
        self.rows.append(row)

    def _update_edit_button(self) -> None:
        row = self.current_row()
        self.edit_button.setEnabled(row is not None and row.field is not None)
        if row is not None and row.field is None:
            self.hint.setText("Site strengths, dosing courses and notes are read-only here "
                              "(they come from the catalog file shipped with the program).")
        else:
            self.hint.setText(EDIT_HINT)

    # -- editing -------------------------------------------------------------------------
    def edit_selected(self) -> NumberEditDialog | None:
        agent, row = self.current_agent(), self.current_row()
        if agent is None or row is None or row.field is None:
            return None
        dialog = NumberEditDialog(self.ctx, self, agent, row)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog


def show_catalog(ctx, parent: QWidget) -> CatalogWindow:  # noqa: ANN001
    """Open the catalog window, or bring the open one to the front."""
    window = next((w for w in parent.findChildren(CatalogWindow) if w.isVisible()), None)
    if window is None:
        window = CatalogWindow(ctx, parent)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    window.show()
    window.raise_()
    window.activateWindow()
    return window
