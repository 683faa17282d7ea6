"""Gathering what a patient's aftercare sheet says about one visit.

What was treated and where the injections went come from the session (its
current version); the medicine in plain words, the advice (what to expect, care
of the site, warning signs, emergencies), the next review and the sources come
from the guidance rules (``services/guidance/aftercare.py``). Nothing here is
written per agent.
"""
from __future__ import annotations

import logging
from collections import OrderedDict

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload

from tracker.models import Injection, Lesion, TreatmentSession
from tracker.services.body_map import view_for_site, view_info
from tracker.services.documents import (
    AftercareDocument, GuidanceSection, MapArea, MapMark, TreatedSite, clinic_header,
)
from tracker.services.body_sites import describe_site
from tracker.services.dosing import quantity
from tracker.services.errors import NotFoundError, ServiceError
from tracker.services.guidance.aftercare import AftercareSheet, SheetLine, aftercare_for_session
from tracker.services.guidance.loader import ruleset_for
from tracker.services.guidance.rules import DOMAIN_DOCUMENT, SECTION_TITLES

log = logging.getLogger(__name__)


def current_version(versions: list[TreatmentSession], requested: TreatmentSession) -> TreatmentSession:
    """The version of a visit that is the record (as ``history.counts_clause`` decides): an amended
    visit prints as amended. ``versions`` is the whole chain."""
    if requested.is_voided:
        reason = f" ({requested.void_reason})" if requested.void_reason else ""
        raise ServiceError(f"visit {requested.id} was voided{reason}; there is no aftercare sheet for it")
    superseded = {v.amends_id for v in versions if v.is_signed and not v.is_voided and v.amends_id is not None}
    counting = [v for v in versions if v.is_signed and not v.is_voided and v.id not in superseded]
    current = max(counting, key=lambda v: v.version_no, default=requested)
    if current.id != requested.id:
        log.info("visit %s was amended; printing its current version %s", requested.id, current.id)
    return current


def _load(s: Session, session_id: int) -> tuple[TreatmentSession, list[Injection]]:
    """The visit's current version with its injections, agents and lesions (two statements)."""
    root = select(func.coalesce(TreatmentSession.root_id, TreatmentSession.id)).where(
        TreatmentSession.id == session_id).scalar_subquery()
    versions = list(s.execute(select(TreatmentSession).where(
        (TreatmentSession.root_id == root) | (TreatmentSession.id == session_id))).scalars())
    requested = next((v for v in versions if v.id == session_id), None)
    if requested is None:
        raise NotFoundError(f"no treatment session with id {session_id}")
    current = current_version(versions, requested)
    injections = s.execute(
        select(Injection).where(Injection.session_id == current.id, Injection.voided_at.is_(None))
        .options(joinedload(Injection.agent), joinedload(Injection.lesion)).order_by(Injection.id)
    ).scalars().all()
    return current, list(injections)


def _site_area(number: int, lesion: Lesion) -> MapArea | None:
    """The lesion's body site shaded on the view that shows it best (no point was placed on the map)."""
    side = lesion.laterality.value
    try:
        view = view_for_site(lesion.site_code, side)
        regions = view_info(view).regions
    except KeyError:
        return None
    polygons = tuple(tuple(poly) for r in regions if r.site_code == lesion.site_code
                     and (side not in ("left", "right") or r.laterality == side) for poly in r.polygons)
    return MapArea(view, number, polygons) if polygons else None


def _treated(injections: list[Injection]) -> tuple[tuple[TreatedSite, ...], tuple[MapMark, ...], tuple[MapArea, ...]]:
    by_lesion: OrderedDict[int, list[Injection]] = OrderedDict()
    for inj in injections:
        by_lesion.setdefault(inj.lesion_id, []).append(inj)
    sites: list[TreatedSite] = []
    marks: list[MapMark] = []
    areas: list[MapArea] = []
    for number, (lesion_id, items) in enumerate(by_lesion.items(), start=1):
        lesion = items[0].lesion
        medicines = tuple(f"{i.agent.name} {quantity(i.volume_ml, 'mL')}" for i in items)
        sites.append(TreatedSite(number=number, lesion_id=lesion_id, label=lesion.label,
                                 condition=lesion.condition.label,
                                 site=describe_site(lesion.site_code, lesion.laterality, lesion.site_text),
                                 medicines=medicines))
        points = [p for i in items for p in (i.map_points or ()) if p.get("view")]
        if points:
            marks += [MapMark(view=str(p["view"]), x=float(p["x"]), y=float(p["y"]), number=number) for p in points]
        elif lesion.map_view and lesion.map_x is not None and lesion.map_y is not None:
            marks.append(MapMark(view=lesion.map_view, x=lesion.map_x, y=lesion.map_y, number=number))
        else:
            area = _site_area(number, lesion)
            areas += [area] if area else []
    return tuple(sites), tuple(marks), tuple(areas)


def _sections(sheet: AftercareSheet) -> tuple[GuidanceSection, ...]:
    """The guidance sheet's sections; "Your medicine" opens with each medicine in plain words."""
    def texts(lines: tuple[SheetLine, ...]) -> tuple[str, ...]:
        return tuple(line.text for line in lines)

    medicine = tuple(m.text for m in sheet.medicines) + texts(sheet.medicine_notes)
    parts = (("medicine", medicine), ("what_to_expect", texts(sheet.what_to_expect)), ("care", texts(sheet.care)),
             ("warning_signs", texts(sheet.warning_signs)), ("emergency", texts(sheet.emergency)))
    return tuple(GuidanceSection(key, SECTION_TITLES[key], lines) for key, lines in parts if lines)


def _sources(db, sheet: AftercareSheet) -> tuple[str, ...]:  # noqa: ANN001
    """The documents the sheet's advice rests on, each named once (the quotes stay with the rules)."""
    used = {rule_id for _, lines in sheet.sections() for line in lines for rule_id in line.rule_ids}
    citations = [c for rule in ruleset_for(db.location).rules if rule.id in used for c in rule.sources]
    seeds = sorted({c.document for c in citations if not c.is_domain})
    sections = sorted({c.section for c in citations if c.is_domain and c.section})
    out = []
    if seeds:
        out.append(("seed document " if len(seeds) == 1 else "seed documents ") + ", ".join(seeds))
    if sections:
        out.append(f"{DOMAIN_DOCUMENT}: " + "; ".join(sections))
    return tuple(out)


def aftercare_document(db, session_id: int) -> AftercareDocument:  # noqa: ANN001
    """Everything the aftercare sheet for one visit says, as plain data: the visit's current
    version (what was treated, where the injections went) with the guidance rules' advice."""
    with db.read() as s:
        row, injections = _load(s, session_id)
        if not injections:
            raise ServiceError(f"visit {row.id} records no injections, so there is no aftercare to print")
        treated, marks, areas = _treated(injections)
    sheet = aftercare_for_session(db, row.id)
    return AftercareDocument(
        clinic=clinic_header(values=sheet.clinic), session_id=sheet.session_id, patient_id=sheet.patient_id,
        patient_name=sheet.patient_name, chart_number=sheet.chart_number, visit_date=sheet.session_date,
        clinician=sheet.clinician_name, signed=sheet.signed, treated=treated, marks=marks, areas=areas,
        sections=_sections(sheet), next_visit=sheet.next_review, next_visit_text=sheet.next_review_label,
        sources=_sources(db, sheet),
    )
