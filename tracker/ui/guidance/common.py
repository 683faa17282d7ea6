"""Small pieces shared by the guidance screens: the "why" pane, source text as
HTML, message colours and a button helper."""
from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QLabel, QPushButton, QTextBrowser

MESSAGE_COLOURS = {"info": "#0b3d91", "ok": "#1d6b2a", "warning": "#6b4b00", "error": "#8a1c13"}


def button(text: str, tip: str, slot) -> QPushButton:  # noqa: ANN001
    b = QPushButton(text)
    b.setToolTip(tip)
    b.setAccessibleName(text.rstrip("\u2026"))
    b.clicked.connect(slot)
    return b


def source_html(source: str) -> str:
    """A stored source text (rule line, then one citation per line) as HTML."""
    lines = [line for line in (source or "").splitlines() if line.strip()]
    if not lines:
        return "<p><i>No source recorded.</i></p>"
    head, rest = lines[0], lines[1:]
    notes = [line for line in rest if line.startswith("Note: ")]
    cites = [line for line in rest if not line.startswith("Note: ")]
    html = f"<p><b>{escape(head)}</b></p><ul>" + "".join(f"<li>{escape(c)}</li>" for c in cites) + "</ul>"
    return html + "".join(f"<p><i>{escape(n)}</i></p>" for n in notes)


class WhyPane(QTextBrowser):
    """Shows a reminder's or checklist step's details and its source."""

    def __init__(self, placeholder: str) -> None:
        super().__init__()
        self.setAccessibleName("Why this is here")
        self.setOpenExternalLinks(False)
        self.placeholder = placeholder
        self.clear_to_placeholder()

    def clear_to_placeholder(self) -> None:
        self.setHtml(f"<p style='color:#666'>{escape(self.placeholder)}</p>")


class MessageLabel(QLabel):
    """A one-line message where the person is looking; hidden while empty."""

    def __init__(self) -> None:
        super().__init__()
        self.setWordWrap(True)
        self.setAccessibleName("Message")
        self.hide()

    def show_message(self, text: str, level: str = "info") -> None:
        self.setStyleSheet(f"color: {MESSAGE_COLOURS.get(level, MESSAGE_COLOURS['info'])};")
        self.setText(text)
        self.setVisible(bool(text))
