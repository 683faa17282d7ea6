"""The safety panel: updated while the session is written.

It shows this session's total against the per-session limit, the rolling
30-day total, the days since each lesion was last injected (or, for an agent
whose interval counts per patient, since its last visit, any lesion) against the
agent's interval, the atrophy flag, and every finding with its source. A
finding that needs a reason keeps signing closed until one is written; a
blocking finding (an expired lot) cannot be signed past at all.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from tracker.services.dosing import Finding, Severity, fmt
from tracker.services.reasons import reason_problem
from tracker.services.safety import AgentTally, LesionTally, SafetyReport
from tracker.ui import theme
from tracker.ui.widgets.field_message import FieldMessage
from tracker.ui.widgets.tables import notes_box
from tracker.ui.wording import capitalised

SEVERITY_WORDS = {Severity.BLOCKING: "BLOCKED", Severity.WARNING: "NEEDS A REASON", Severity.INFO: "NOTE"}
SEVERITY_TONES = {Severity.BLOCKING: "error", Severity.WARNING: "warning", Severity.INFO: "info"}


def agent_lines(t: AgentTally) -> list[str]:
    unit = t.unit
    session = f"{t.agent_name}: {fmt(t.session_total)} {unit} this session"
    session += f" (limit {fmt(t.session_limit)} {unit} per session)" if t.session_limit is not None else " (no per-session limit in the catalog)"
    lines = [session]
    if t.rolling_limit is not None:
        lines.append(f"    Rolling 30 days: {fmt(t.rolling_total)} of {fmt(t.rolling_limit)} {unit} "
                     f"({fmt(t.rolling_before)} {unit} before this session)")
    else:
        lines.append(f"    Rolling 30 days: {fmt(t.rolling_total)} {unit} (no 30-day limit in the catalog)")
    if t.peak_end is not None and t.rolling_peak is not None:
        limit = f" (limit {fmt(t.rolling_limit)} {unit})" if t.rolling_limit is not None else ""
        lines.append(f"    With doses recorded after this date: {fmt(t.rolling_peak)} {unit} "
                     f"in the 30 days to {t.peak_end.isoformat()}{limit}")
    if t.volume_limit_ml is not None:
        lines.append(f"    Volume: {fmt(t.volume_ml)} of {fmt(t.volume_limit_ml)} mL per session")
    return lines


def lesion_line(t: LesionTally) -> str:
    anywhere = " into any lesion" if t.per_patient else ""
    if t.last_given is None:
        since = f"no earlier {t.agent_name} injection{anywhere} recorded"
    else:
        into = f", into {t.last_into}" if t.last_into else ""
        since = f"last {t.agent_name} {t.days_since} days ago ({t.last_given.isoformat()}{into})"
    if t.next_given is not None:
        since += f"; next{anywhere} already recorded on {t.next_given.isoformat()}"
    between = " between visits (any lesion)" if t.per_patient else ""
    interval = f"; minimum interval{between} {t.min_interval_days} days" if t.min_interval_days is not None else ""
    atrophy = "; ATROPHIC: re-injection advised against" if t.atrophic else ""
    return f"{t.lesion_label}: {since}{interval}{atrophy}"


#: the panel's word while there is nothing to check
NOTHING_TO_CHECK = "Choose the lesions treated and the agent to see the check."


def left_out_text(problems: list[str], *, none_checked: bool) -> str:
    """What keeps injections out of the check: the first, by field (``InjectionForm.unreadable``), and how many more."""
    if not problems:
        return NOTHING_TO_CHECK if none_checked else ""
    more = len(problems) - 1
    also = f" ({more} more injection{'s' if more > 1 else ''} cannot be read either.)" if more else ""
    if none_checked:
        return f"{capitalised(problems[0])} \u2014 fix it to see the check.{also}"
    return f"Not in this check: {problems[0]} \u2014 fix it to check that injection too.{also}"


class SafetyPanel(QFrame):
    reason_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName("Safety check")
        self.report: SafetyReport | None = None
        title = QLabel("Safety check")
        theme.scale_font(title, 1.2, QFont.Weight.Bold)
        self.status = QLabel(NOTHING_TO_CHECK)
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Safety status")
        self.body = QWidget()
        self.body_layout = QVBoxLayout(self.body)
        self.body_layout.setContentsMargins(0, 0, 0, 0)
        self.body_layout.addStretch(1)
        self.reason_label = QLabel("&Reason for going past the findings (kept with the signed record):")
        self.reason_label.setWordWrap(True)
        self.reason = notes_box()
        self.reason.setAccessibleName("Reason for going past the findings")
        self.reason.setMaximumHeight(self.fontMetrics().lineSpacing() * 5)  # the findings above get the rest
        self.reason_label.setBuddy(self.reason)
        self.reason_message = FieldMessage()
        # The findings and the reason for going past them scroll together under the status: the
        # panel's least height is then its title, status and two lines, with or without findings
        # (a scroll area's default least height, about 70 pixels, and the reason box's set the
        # editor's, and so the window's, least height together with the body map above it).
        content = QWidget()
        column = QVBoxLayout(content)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.body, 1)
        column.addWidget(self.reason_label)
        column.addWidget(self.reason)
        column.addWidget(self.reason_message)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setWidget(content)
        self.scroll.setMinimumHeight(self.fontMetrics().lineSpacing() * 2)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.status)
        layout.addWidget(self.scroll, 1)
        self.reason.textChanged.connect(self._reason_edited)
        self.finding_labels: list[QLabel] = []
        #: a signed version's reason shown again in its amendment, and the findings it was given for
        self._carried: tuple[str, frozenset[str]] | None = None
        self._show_reason(False)

    # -- public ---------------------------------------------------------------
    def checking(self) -> None:
        self.status.setText("Checking\u2026")

    def idle(self, text: str) -> None:
        self.report = None
        self.status.setText(text)
        self._rebuild([])
        self._show_reason(False)

    def show_report(self, report: SafetyReport, left_out: str = "") -> None:
        """``left_out``: what says which injections typed are not in this report (left_out_text)."""
        self.report = report
        blocking = [f for f in report.findings if f.severity == Severity.BLOCKING]
        warnings = [f for f in report.findings if f.severity == Severity.WARNING]
        if blocking:
            self.status.setText(f"Cannot be signed: {len(blocking)} blocking finding{'s' if len(blocking) > 1 else ''}.")
        elif warnings:
            self.status.setText(f"{len(warnings)} finding{'s' if len(warnings) > 1 else ''}: signing needs a reason.")
        else:
            self.status.setText("No findings: within the catalog's limits.")
        if left_out:
            self.status.setText(f"{self.status.text()} {left_out}")
        self._rebuild(self._widgets(report))
        self._show_reason(bool(warnings))
        if self.uncovered():
            self.reason_message.show_message(
                "This reason was given for the findings when it was saved or signed. There are findings now it "
                "was not given for: write the reason for them here.", "warning")
        elif self._carried is not None:
            self.reason_message.clear_message()

    def reason_text(self) -> str:
        return self.reason.toPlainText().strip()

    def carry_reason(self, text: str, findings: tuple[dict, ...] | None = None) -> None:
        """A saved version's reason. ``findings``: the findings it was given
        for (a draft's when saved, or the signed version an amendment
        corrects); it covers only those (the same words) until it is edited."""
        self.reason.setPlainText(text)
        given_for = frozenset(f.get("message", "") for f in findings or () if f.get("severity") == Severity.WARNING.value)
        self._carried = (self.reason_text(), given_for) if findings is not None and self.reason_text() else None

    def given_for(self) -> list[str] | None:
        """The findings (their words) a carried reason, still as carried, was given for; None when the
        reason is the person's own (typed or edited here), which covers the findings shown."""
        if self._carried is None or self.reason_text() != self._carried[0]:
            return None
        return sorted(self._carried[1])

    def restore_carried(self, given_for: list[str] | None) -> None:
        """After a crash: the reason shown was carried, and covers only these findings."""
        text = self.reason_text()
        self._carried = (text, frozenset(given_for)) if given_for is not None and text else None

    def uncovered(self) -> list[Finding]:
        """Findings needing a reason that the carried reason, as it stands, was not given for."""
        if self._carried is None or self.report is None or self.reason_text() != self._carried[0]:
            return []
        return [f for f in self.report.findings if f.severity == Severity.WARNING and f.message not in self._carried[1]]

    def demand_reason(self, text: str) -> None:
        self._show_reason(True)
        self.reason_message.show_message(text, "error")
        self.reason.setFocus(Qt.FocusReason.OtherFocusReason)
        self.scroll.ensureWidgetVisible(self.reason)

    def findings_text(self) -> list[str]:
        return [label.text() for label in self.finding_labels]

    def set_read_only(self, read_only: bool) -> None:
        self.reason.setReadOnly(read_only)

    # -- internals ------------------------------------------------------------
    def _reason_edited(self) -> None:
        if not reason_problem(self.reason_text()) and not self.uncovered():  # "x" is not yet a reason
            self.reason_message.clear_message()
        self.reason_changed.emit()

    def _show_reason(self, visible: bool) -> None:
        for widget in (self.reason_label, self.reason):
            widget.setVisible(visible or bool(self.reason_text()))

    def _section(self, text: str) -> QLabel:
        label = QLabel(text)
        font = QFont(label.font())
        font.setBold(True)
        label.setFont(font)
        return label

    def _line(self, text: str) -> QLabel:
        label = QLabel(text)
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    def _widgets(self, report: SafetyReport) -> list[QWidget]:
        out: list[QWidget] = []
        if report.agents:
            out.append(self._section(f"This session ({report.day.isoformat()})"))
            out.extend(self._line(line) for t in report.agents for line in agent_lines(t))
        if report.lesions:
            out.append(self._section("Lesions"))
            out.extend(self._line(lesion_line(t)) for t in report.lesions)
        out.append(self._section("Findings" if report.findings else "Findings: none"))
        self.finding_labels = []
        for finding in report.findings:
            out.append(self._finding(finding))
        return out

    def _finding(self, finding: Finding) -> QWidget:
        box = QFrame()
        box.setProperty("tone", SEVERITY_TONES[finding.severity])
        column = QVBoxLayout(box)
        column.setContentsMargins(6, 4, 6, 4)
        label = self._line(f"{SEVERITY_WORDS[finding.severity]}: {finding.message}")
        label.setAccessibleName(f"Finding: {finding.message}")
        self.finding_labels.append(label)
        column.addWidget(label)
        source = self._line(f"Source: {finding.source}" if finding.source else "Source: the lot's expiry date and the session date"
                            if finding.code.value == "expired_lot" else "Source: not recorded in the catalog")
        source.setProperty("muted", True)
        column.addWidget(source)
        self._style(box)
        return box

    def _style(self, box: QFrame) -> None:
        fg, bg = theme.tone(box.property("tone"))
        box.setStyleSheet(f"QFrame {{ background-color: {bg.name()}; border-left: 4px solid {fg.name()}; }}"
                          f" QLabel {{ color: {fg.name()}; border: none; background: transparent; }}")

    def _rebuild(self, widgets: list[QWidget]) -> None:
        while self.body_layout.count() > 1:
            item = self.body_layout.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        for i, widget in enumerate(widgets):
            self.body_layout.insertWidget(i, widget)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.ApplicationPaletteChange:
            for box in self.body.findChildren(QFrame):
                if box.property("tone"):
                    self._style(box)
        super().changeEvent(event)
