"""Small HTML builders for QTextDocument's rich-text subset, and shared document pieces."""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from html import escape

from tracker.services.documents import ClinicHeader

#: Colours that stay readable when printed in grey.
INK = "#1a1a1a"
MUTED = "#555555"
ACCENT = "#1f4e79"
WARNING_BG = "#fff4e0"
WARNING_LINE = "#b36b00"
DANGER_BG = "#fdeaea"
DANGER_LINE = "#a40000"

BASE_STYLE = f"""
body {{ color: {INK}; }}
h1 {{ font-size: 17pt; color: {ACCENT}; margin-top: 2px; margin-bottom: 4px; }}
h2 {{ font-size: 14pt; color: {ACCENT}; margin-top: 10px; margin-bottom: 3px; }}
h3 {{ font-size: 12.5pt; margin-top: 8px; margin-bottom: 2px; }}
h4 {{ font-size: 11pt; margin-top: 6px; margin-bottom: 2px; }}
p {{ margin-top: 0px; margin-bottom: 3px; }}
ul {{ margin-top: 0px; margin-bottom: 3px; -qt-list-indent: 1; }}
li {{ margin-bottom: 1px; }}
.muted {{ color: {MUTED}; }}
.clinic {{ font-size: 15pt; font-weight: bold; color: {ACCENT}; }}
.small {{ font-size: 9pt; color: {MUTED}; }}
th {{ background-color: #e8eef5; text-align: left; }}
"""


def esc(text: object) -> str:
    return escape(str(text), quote=True)


def long_date(day: date) -> str:
    """'Monday 1 June 2026', unambiguous in every country."""
    return f"{day:%A} {day.day} {day:%B %Y}"


def short_date(day: date) -> str:
    return f"{day.day} {day:%b %Y}"


def bullets(lines: Iterable[str]) -> str:
    items = "".join(f"<li>{esc(line)}</li>" for line in lines)
    return f"<ul>{items}</ul>" if items else ""


def image_tag(name: str, width_px: int, height_px: int) -> str:
    """An <img> sized in CSS pixels (96 per inch), whatever resolution the image has."""
    return f'<img src="{esc(name)}" width="{width_px}" height="{height_px}">'


def boxed(title: str, body: str, background: str, line: str) -> str:
    """A tinted box with a coloured rule on the left, for what must not be missed."""
    return (f'<table width="100%" cellspacing="0" cellpadding="6" style="margin-top: 6px; border-collapse: collapse;">'
            f'<tr><td width="5" style="background-color: {line};"></td>'
            f'<td style="background-color: {background};"><p style="font-weight: bold; color: {line};">{esc(title)}</p>'
            f"{body}</td></tr></table>")


def clinic_heading(clinic: ClinicHeader, logo: tuple[str, int, int] | None) -> str:
    """The clinic's name, address and phone, with its logo on the left when there is one."""
    lines = [f'<p class="clinic">{esc(clinic.name)}</p>'] if clinic.name else []
    contact = " · ".join(esc(part) for part in (clinic.address, f"Phone {clinic.phone}" if clinic.phone else "") if part)
    if contact:
        lines.append(f'<p class="muted">{contact}</p>')
    text = "".join(lines)
    if not text and logo is None:
        return ""
    if logo is None:
        return f'<table width="100%" cellspacing="0" cellpadding="0"><tr><td>{text}</td></tr></table><hr>'
    name, width, height = logo
    return (f'<table width="100%" cellspacing="0" cellpadding="0"><tr>'
            f'<td width="{width + 12}" valign="middle">{image_tag(name, width, height)}</td>'
            f'<td valign="middle">{text}</td></tr></table><hr>')


def table(headers: Iterable[str], rows: Iterable[Iterable[str]], *, widths: Iterable[str] | None = None,
          font_pt: float | None = None) -> str:
    """A ruled data table; cell text is escaped."""
    style = f" font-size: {font_pt}pt;" if font_pt else ""
    width_list = list(widths) if widths else []
    head = "".join(f'<th width="{width_list[i]}">{esc(h)}</th>' if i < len(width_list) else f"<th>{esc(h)}</th>"
                   for i, h in enumerate(headers))
    body = "".join("<tr>" + "".join(f"<td>{esc(c)}</td>" for c in row) + "</tr>" for row in rows)
    return (f'<table width="100%" cellspacing="0" cellpadding="3" border="1" '
            f'style="border-collapse: collapse; border-style: solid; border-color: #9a9a9a;{style}">'
            f"<thead><tr>{head}</tr></thead>{body}</table>")
