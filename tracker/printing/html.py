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
#: the document title's share of the letterhead's width, without and with a logo (the clinic's name,
#: address and logo take the rest)
TITLE_SHARE = ("62%", "56%")

BASE_STYLE = f"""
body {{ color: {INK}; }}
h1 {{ font-size: 17pt; color: {ACCENT}; margin-top: 0px; margin-bottom: 2px; }}
h2 {{ font-size: 14pt; color: {ACCENT}; margin-top: 10px; margin-bottom: 3px; }}
h3 {{ font-size: 12.5pt; margin-top: 5px; margin-bottom: 0px; }}
h4 {{ font-size: 11pt; margin-top: 6px; margin-bottom: 2px; }}
p {{ margin-top: 0px; margin-bottom: 3px; }}
ul {{ margin-top: 0px; margin-bottom: 3px; -qt-list-indent: 1; }}
li {{ margin-bottom: 1px; line-height: 96%; }}
.muted {{ color: {MUTED}; }}
.clinic {{ font-size: 13pt; font-weight: bold; color: {ACCENT}; margin-bottom: 0px; }}
.contact {{ font-size: 10pt; color: {MUTED}; margin-bottom: 0px; }}
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


def letterhead(clinic: ClinicHeader, logo: tuple[str, int, int] | None, title: str) -> str:
    """The document's title on the left; the clinic's logo, name, address and phone on the right."""
    lines = [f'<p class="clinic">{esc(clinic.name)}</p>'] if clinic.name else []
    lines += [f'<p class="contact">{esc(part)}</p>' for part in (clinic.address, f"Phone {clinic.phone}" if clinic.phone else "")
              if part]
    picture = f'<td valign="middle" align="right" width="{logo[1] + 12}">{image_tag(*logo)}</td>' if logo else ""
    clinic_cell = (f'<td valign="middle" align="right" style="padding-right: 4px;">{"".join(lines)}</td>{picture}'
                   if lines or logo else "")
    width = f' width="{TITLE_SHARE[logo is not None]}"' if clinic_cell else ""
    return (f'<table width="100%" cellspacing="0" cellpadding="0"><tr>'
            f'<td valign="bottom"{width}><h1>{esc(title)}</h1></td>{clinic_cell}</tr></table><hr>')


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
