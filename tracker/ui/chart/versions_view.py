"""A session read-only, with its versions: a list of them, and the chosen
version side by side with the version it corrects (changes marked)."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox, QLabel, QListWidget, QListWidgetItem, QSplitter, QTextBrowser, QVBoxLayout, QWidget

from tracker.services.session_views import SessionView
from tracker.ui.chart.session_html import render, state_text
from tracker.ui.preferences import remember_splitter


def version_line(v: SessionView) -> str:
    when = v.performed_at.strftime("%Y-%m-%d %H:%M")
    reason = f" \u2014 {v.amendment_reason}" if v.amendment_reason else ""
    return f"Version {v.version_no}: {state_text(v)} \u00b7 {when} \u00b7 {v.clinician_name}{reason}"


class VersionsView(QWidget):
    version_chosen = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.versions: list[SessionView] = []
        self.caption = QLabel("Versions of this session:")
        self.list = QListWidget()
        self.list.setAccessibleName("Session versions")
        self.list.setWordWrap(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.caption.setBuddy(self.list)
        self.side_by_side = QCheckBox("Show &side by side with the version it corrects")
        self.side_by_side.setChecked(True)
        self.before = QTextBrowser()
        self.before.setAccessibleName("Earlier version")
        self.after = QTextBrowser()
        self.after.setAccessibleName("Session details")
        self.split = QSplitter(Qt.Orientation.Horizontal)
        self.split.setChildrenCollapsible(False)
        self.split.addWidget(self.before)
        self.split.addWidget(self.after)
        remember_splitter(self.split, "versions_split")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.caption)
        layout.addWidget(self.list)
        layout.addWidget(self.side_by_side)
        layout.addWidget(self.split, 1)
        self.list.currentRowChanged.connect(self._show_row)
        self.side_by_side.toggled.connect(lambda _on: self._show_row(self.list.currentRow()))
        self.clear()

    def clear(self) -> None:
        self.versions = []
        self.list.clear()
        self.before.clear()
        self.after.setHtml("<p>Choose a session in the list to read it.</p>")
        self._set_chain_visible(False)

    def show_versions(self, versions: list[SessionView], selected_id: int | None = None) -> None:
        self.versions = list(versions)
        self.list.blockSignals(True)
        self.list.clear()
        for v in self.versions:
            item = QListWidgetItem(version_line(v))
            item.setData(Qt.ItemDataRole.UserRole, v.id)
            self.list.addItem(item)
        self.list.blockSignals(False)
        self._set_chain_visible(len(self.versions) > 1)
        rows = [i for i, v in enumerate(self.versions) if v.id == selected_id]
        self.list.setCurrentRow(rows[0] if rows else len(self.versions) - 1)
        self._show_row(self.list.currentRow())
        shown = sum(self.list.sizeHintForRow(i) for i in range(min(len(self.versions), 4)))
        self.list.setMaximumHeight(shown + 2 * self.list.frameWidth() + 4)

    def current(self) -> SessionView | None:
        row = self.list.currentRow()
        return self.versions[row] if 0 <= row < len(self.versions) else None

    def _set_chain_visible(self, chain: bool) -> None:
        for widget in (self.caption, self.list, self.side_by_side):
            widget.setVisible(chain)

    def _show_row(self, row: int) -> None:
        if not 0 <= row < len(self.versions):
            return
        chosen = self.versions[row]
        earlier = next((v for v in self.versions if v.id == chosen.amends_id), None)
        paired = earlier is not None and self.side_by_side.isChecked()
        self.before.setVisible(paired)
        if paired:
            self.before.setHtml(render(earlier, title=f"Version {earlier.version_no} (corrected by version {chosen.version_no})"))
        self.after.setHtml(render(chosen, compare_with=earlier if paired else None))
        self.version_chosen.emit(chosen.id)
