"""A session version as readable HTML (for QTextBrowser), with the fields that
changed from another version marked in words, not only in colour."""
from __future__ import annotations

from html import escape

from tracker.services.dosing import fmt
from tracker.services.session_views import InjectionView, SessionView

CHANGED = "\u25c6 changed"
#: how a discarded draft's injections are headed: readable, and plainly not part of the record
NOT_GIVEN = "discarded with the draft, not given"


def state_text(v: SessionView) -> str:
    if v.voided:
        return "Discarded draft" if v.is_discarded_draft else "Voided"
    if not v.is_signed:
        return "Draft amendment" if v.amends_id else "Draft"
    if v.superseded:
        return "Signed, superseded by an amendment"
    return "Signed" + (" (amended)" if v.version_no > 1 else "")


def _injection_fields(i: InjectionView) -> dict[str, str]:
    per_point = f"{fmt(i.volume_per_point_ml)} mL \u00d7 {i.points} point{'s' if i.points != 1 else ''}"
    return {
        "Agent": i.agent_name + (f" (mixture {i.mix_group})" if i.mix_group else ""),
        "Concentration": f"{fmt(i.concentration)} {i.concentration_unit}",
        "Volume": f"{fmt(i.volume_ml)} mL ({per_point})",
        "Dose": f"{fmt(i.dose)} {i.dose_unit}",
        "Lot": f"{i.lot_number or '-'}, expires {i.lot_expiry.isoformat() if i.lot_expiry else '-'}",
        "Needle": i.needle_gauge or "-",
        "Depth": i.depth or "-",
        "Technique": i.technique or "-",
        "Points on the body map": str(len(i.map_points)) if i.map_points else "-",
    }


def fields(v: SessionView) -> dict[str, str]:
    """Flat 'section / field' -> text, for showing and for comparing versions."""
    out = {
        "Session / Date": v.performed_at.strftime("%Y-%m-%d %H:%M UTC") + f" (clinic date {v.clinic_date.isoformat()})",
        "Session / Clinician": v.clinician_name,
        "Session / Consent": ("obtained" if v.consent_obtained else "not recorded") + (f": {v.consent_note}" if v.consent_note else ""),
        "Session / Notes": v.notes or "-",
        "Session / State": state_text(v),
    }
    if v.amendment_reason:
        out["Session / Amendment reason"] = v.amendment_reason
    if v.signed_at:
        out["Session / Signed"] = f"{v.signed_by_name or '?'}, {v.signed_at.strftime('%Y-%m-%d %H:%M UTC')}"
    if v.findings:
        label = "Findings at signing" if v.is_signed else "Findings the draft's reason was given for"
        out[f"Session / {label}"] = "; ".join(f.get("message", "") for f in v.findings)
        out["Session / Reason given"] = v.findings_reason or "-"
    if v.voided:
        out["Session / Void reason"] = v.void_reason or "-"
    discarded = v.discarded_injections()
    for i in v.injections:
        if i.voided and i not in discarded:
            continue
        heading = f"{i.lesion_label} \u2014 {i.agent_name}" + (f" ({NOT_GIVEN})" if i.voided else "")
        for name, value in _injection_fields(i).items():
            out[f"{heading} / {name}"] = value
    return out


def render(v: SessionView, *, compare_with: SessionView | None = None, title: str | None = None) -> str:
    mine = fields(v)
    theirs = fields(compare_with) if compare_with is not None else None
    heading = title or f"Version {v.version_no}: {state_text(v)}"
    parts = [f"<h3>{escape(heading)}</h3>"]
    section = None
    for key, value in mine.items():
        group, name = key.split(" / ", 1)
        if group != section:
            if section is not None:
                parts.append("</table>")
            parts.append(f"<h4>{escape(group)}</h4><table cellspacing='0' cellpadding='3'>")
            section = group
        changed = theirs is not None and theirs.get(key) != value
        mark = f" <b>{CHANGED}</b>" if changed else ""
        shown = f"<b>{escape(value)}</b>" if changed else escape(value)
        parts.append(f"<tr><td valign='top'><i>{escape(name)}</i></td><td>{shown}{mark}</td></tr>")
    if section is not None:
        parts.append("</table>")
    if theirs is not None:
        gone = [k for k in theirs if k not in mine and not k.startswith("Session / ")]
        if gone:
            parts.append("<h4>No longer in this version</h4><ul>")
            parts.extend(f"<li>{escape(k.replace(' / ', ': '))} = {escape(theirs[k])}</li>" for k in gone)
            parts.append("</ul>")
    totals = v.totals()
    if totals:
        text = ", ".join(f"{fmt(t)} {unit} {name}" for (name, unit), t in totals.items())
        parts.append(f"<p><b>Total this visit:</b> {escape(text)}</p>")
    return "".join(parts)
