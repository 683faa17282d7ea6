"""Changing one catalog number: the new value, where it comes from (the source
shown beside it from now on) and why it is changed (kept in the audit trail).
The service checks it (positive, strengths in order, units unchanged) and
refuses a change over a catalog entry changed at another workstation since
the window showed it (Reload shows what is stored now)."""
from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget

from tracker.services.catalog import AgentView, get_agent, update_agent, update_indication
from tracker.services.catalog_rows import CatalogRow, agent_rows
from tracker.ui.widgets.fields import DecimalField, ParseError
from tracker.ui.widgets.form_dialog import FormDialog


def _same_row(agent: AgentView, row: CatalogRow) -> CatalogRow:
    """``row`` as it reads in ``agent`` (after a reload)."""
    return next(r for r in agent_rows(agent) if r.field == row.field and r.condition == row.condition)


class NumberEditDialog(FormDialog):
    """Window-modal, opened with ``open()``; ``saved(agent_id)`` after the change is stored."""

    def __init__(self, ctx, parent: QWidget | None, agent: AgentView, row: CatalogRow) -> None:  # noqa: ANN001
        super().__init__(ctx, parent, f"Change: {row.label}", "Save change")
        self.agent, self.row = agent, row
        where = f" for {row.condition.label.lower()}" if row.condition is not None else " (every use)"
        self.what = QLabel(f"<b>{agent.name}</b>{where}: {row.label.lower()}")
        self.what.setWordWrap(True)
        self.stored = QLabel()
        self.stored.setWordWrap(True)
        self.stored.setAccessibleName("Stored now")
        unit = f" ({row.unit})" if row.unit else ""
        if row.kind == "choice":
            self.value = QComboBox()
            for raw, words in row.choices:
                self.value.addItem(words, raw)
        else:
            self.value = DecimalField(what="a number") if row.kind == "decimal" else QLineEdit()
            self.value.setPlaceholderText("leave empty for none" + (f"; in {row.unit}" if row.unit else ""))
        self.source = QLineEdit(placeholderText="e.g. clinic protocol 2026-03, section 4; or a guideline, a label")
        self.reason = QPlainTextEdit()
        self.reason.setTabChangesFocus(True)
        self.reason.setMaximumHeight(self.fontMetrics().lineSpacing() * 4)
        add = self.fields.add_row
        value_message = add(self.form, f"New &value{unit}:", "value", self.value, accessible="New value")
        self.fields.register(row.field, self.value, value_message)  # the service names the catalog field
        add(self.form, "&Source of the new value:", "source", self.source, accessible="Source")
        add(self.form, "&Reason for the change:", "reason", self.reason, accessible="Reason")
        body = QVBoxLayout()
        body.addWidget(self.what)
        body.addWidget(self.stored)
        body.addLayout(self.form)
        self.finish(body)
        self.load_record(agent)
        self.resize(self.fontMetrics().averageCharWidth() * 80, self.sizeHint().height())

    def load_record(self, agent: AgentView) -> None:
        """Show ``agent``'s stored value and source; the next save compares against its version."""
        self.agent = agent
        self.row = _same_row(agent, self.row)
        self.stored.setText(f"Stored now: {self.row.value}\nSource: {self.row.source or '(none)'}")
        self._show_value(self.row.raw)

    def _show_value(self, raw: str) -> None:
        if isinstance(self.value, QComboBox):
            self.value.setCurrentIndex(max(self.value.findData(raw), 0))
        else:
            self.value.setText(raw)

    def _typed(self) -> str:
        if isinstance(self.value, QComboBox):
            return str(self.value.currentData() or "")
        return self.value.text().strip()

    def shown_record(self) -> AgentView:
        return self.agent

    def stored_record(self) -> AgentView:
        return get_agent(self.ctx.db, self.agent.id)

    def collect(self) -> dict[str, str]:
        return {"value": self._typed()}

    def compared_values(self, data: AgentView | dict[str, str]) -> dict[str, str]:
        if isinstance(data, AgentView):
            return {"value": _same_row(data, self.row).raw}
        return data

    def _version(self) -> int:
        if self.row.condition is None:
            return self.agent.row_version
        return self.agent.indication(self.row.condition).row_version

    def submit(self) -> None:
        self.fields.clear()
        text = self._typed()
        if isinstance(self.value, DecimalField):
            try:
                self.value.value()
            except ParseError as exc:
                self.show_field_errors({"value": str(exc)})
                self.fit_height()
                return
        changes = {self.row.field: text.replace(",", ".") if isinstance(self.value, DecimalField) else text}
        source, reason = self.source.text(), self.reason.toPlainText()
        if self.row.condition is None:
            saved = self.attempt(update_agent, self.ctx.db, self.ctx.actor_id, self.agent.id, changes,
                                 source=source, reason=reason, expected_version=self._version())
        else:
            saved = self.attempt(update_indication, self.ctx.db, self.ctx.actor_id, self.agent.id, self.row.condition,
                                 changes, source=source, reason=reason, expected_version=self._version())
        if saved is None:
            return
        self.ctx.banner.emit(f"{saved.name}: {self.row.label.lower()} is now {_same_row(saved, self.row).value}.", "info")
        self.saved_as("agent", saved.id)
