"""Dose arithmetic and the safety check run before a session is signed.

Doses are computed, never typed: concentration x volume, exact decimals,
explicit units. Limits come from the agent catalog (editable data with its
source). The check returns structured findings; the clinician decides.
"""
from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

ROLLING_WINDOW_DAYS = 30


class Severity(str, enum.Enum):
    INFO = "info"          # shown, nothing needed
    WARNING = "warning"    # going past it needs a recorded reason
    BLOCKING = "blocking"  # no reason can override it


class FindingCode(str, enum.Enum):
    OVER_SESSION_LIMIT = "over_session_limit"
    OVER_SESSION_VOLUME = "over_session_volume"
    OVER_LESION_LIMIT = "over_lesion_limit"
    OVER_ROLLING_LIMIT = "over_rolling_30d_limit"
    INTERVAL_TOO_SHORT = "interval_too_short"
    ATROPHIC_SITE = "atrophic_site"
    EXPIRED_LOT = "expired_lot"
    CONCENTRATION_OUT_OF_RANGE = "concentration_out_of_range"
    CHILD = "child_patient"


@dataclass(frozen=True)
class Finding:
    code: FindingCode
    severity: Severity
    message: str
    agent_code: str | None = None
    lesion_id: int | None = None
    value: str | None = None
    limit: str | None = None
    source: str | None = None

    def as_dict(self) -> dict:
        return {
            "code": self.code.value, "severity": self.severity.value, "message": self.message,
            "agent_code": self.agent_code, "lesion_id": self.lesion_id, "value": self.value,
            "limit": self.limit, "source": self.source,
        }


def dose_unit_for(concentration_unit: str) -> str:
    """'mg/mL' -> 'mg'. Concentrations are always per mL."""
    unit, sep, per = concentration_unit.partition("/")
    if not sep or per != "mL" or not unit:
        raise ValueError(f"a concentration unit must be per mL, like mg/mL (got {concentration_unit!r})")
    return unit


def compute_dose(concentration: Decimal, volume_ml: Decimal) -> Decimal:
    if not isinstance(concentration, Decimal) or not isinstance(volume_ml, Decimal):
        raise TypeError("doses are computed from exact decimals")
    return concentration * volume_ml


def total_volume(volume_per_point_ml: Decimal, points: int) -> Decimal:
    return volume_per_point_ml * points


def fmt(value: Decimal) -> str:
    """A decimal without trailing zeros or exponent: 3.000 -> '3', 1E+8 -> '100000000'."""
    return format(value.normalize(), "f")


def readable(value: Decimal) -> str:
    """A strength as staff read it: 1E+8 -> '10^8 (100000000)'; other values as fmt."""
    exponent = value.normalize().as_tuple()
    if value >= 1_000_000 and exponent.digits == (1,) and exponent.exponent > 0:
        return f"10^{exponent.exponent} ({fmt(value)})"
    return fmt(value)


def quantity(value: Decimal, unit: str) -> str:
    """'0.6 mL', '40 mg/mL': an exact decimal with its unit."""
    return f"{fmt(value)} {unit}".strip()


# ---- the check -------------------------------------------------------------

@dataclass(frozen=True)
class PlannedInjection:
    """What the check needs to know about one injection of the session."""

    lesion_id: int
    lesion_label: str
    lesion_atrophic: bool
    condition: str
    agent_code: str
    agent_name: str
    dose: Decimal
    dose_unit: str
    volume_ml: Decimal
    concentration: Decimal
    lot_expiry: date | None
    site_code: str | None = None


@dataclass(frozen=True)
class SiteRange:
    """A stricter strength or volume for some body sites (catalog: indication site_ranges)."""
    sites: frozenset[str]
    concentration_max: Decimal | None
    source: str | None
    beard_area: bool = False  # not for an adult man: his beard area takes the beard's strength
    volume_max_ml: Decimal | None = None  # per lesion and session
    concentration_min: Decimal | None = None  # a weaker strength this site takes (the face, against the scalp)

    def applies(self, site_code: str | None, adult_man: bool) -> bool:
        return site_code in self.sites and not (self.beard_area and adult_man)


def _decimal(raw) -> Decimal | None:  # noqa: ANN001
    return Decimal(str(raw)) if raw is not None else None


def site_ranges_from(raw: list | None) -> tuple[SiteRange, ...]:
    """The catalog's ``site_ranges`` JSON as SiteRange values."""
    return tuple(SiteRange(frozenset(str(code) for code in r.get("sites", ())), _decimal(r.get("concentration_max")),
                           r.get("source"), bool(r.get("beard_area")), _decimal(r.get("volume_max_ml")),
                           _decimal(r.get("concentration_min")))
                 for r in raw or ())


def site_rule(ranges: tuple[SiteRange, ...], site_code: str | None, adult_man: bool, field_name: str) -> SiteRange | None:
    """The first range at ``site_code`` that sets ``field_name`` (concentration_min or _max, volume_max_ml)."""
    return next((r for r in ranges if r.applies(site_code, adult_man) and getattr(r, field_name) is not None), None)


@dataclass(frozen=True)
class Course:
    """A regimen whose first doses differ from the rest (catalog: indication course)."""
    first_dose_concentration_max: Decimal | None
    second_dose_min_interval_days: int | None
    sources: dict
    later_dose_concentration_min: Decimal | None = None


def course_from(raw: dict | None) -> Course | None:
    """The catalog's ``course`` JSON as a Course (None when the indication has none)."""
    if not raw:
        return None
    second = raw.get("second_dose_min_interval_days")
    return Course(_decimal(raw.get("first_dose_concentration_max")), int(second) if second is not None else None,
                  dict(raw.get("sources") or {}), _decimal(raw.get("later_dose_concentration_min")))


@dataclass(frozen=True)
class AgentLimits:
    code: str
    name: str
    dose_unit: str
    session_limit: Decimal | None
    rolling_30d_limit: Decimal | None
    lesion_limit: Decimal | None
    session_volume_limit_ml: Decimal | None
    min_interval_days: int | None
    is_corticosteroid: bool = False
    #: the minimum interval counts between the patient's visits, whichever lesion (catalog: interval_scope)
    interval_per_patient: bool = False
    #: rolling_30d_limit is the clinic's limit for children (the patient is a child and one is set)
    child_limit: bool = False
    sources: dict = field(default_factory=dict)
    # condition -> (min concentration, max concentration, min interval days, sources)
    indications: dict = field(default_factory=dict)
    site_ranges: dict = field(default_factory=dict)  # condition -> tuple of SiteRange
    courses: dict = field(default_factory=dict)  # condition -> Course


@dataclass(frozen=True)
class PriorDose:
    """A dose already given (signed, counting) to the same patient."""

    day: date
    agent_code: str
    lesion_id: int
    dose: Decimal
    lesion_label: str = ""


def rolling_before(prior: list[PriorDose] | tuple[PriorDose, ...], agent_code: str, day: date) -> Decimal:
    """Dose of one agent already given in the rolling window that ends on ``day``."""
    since = day - timedelta(days=ROLLING_WINDOW_DAYS - 1)
    return sum((d.dose for d in prior if d.agent_code == agent_code and since <= d.day <= day), Decimal(0))


def _doses(prior: list[PriorDose] | tuple[PriorDose, ...], agent_code: str, lesion_id: int | None) -> list[PriorDose]:
    return [d for d in prior if d.agent_code == agent_code and (lesion_id is None or d.lesion_id == lesion_id)]


def last_given(prior: list[PriorDose] | tuple[PriorDose, ...], agent_code: str, lesion_id: int | None, day: date) -> date | None:
    """The last day this agent went into this lesion (None: into any of the patient's), on or before ``day``."""
    return max((d.day for d in _doses(prior, agent_code, lesion_id) if d.day <= day), default=None)


def rolling_peak(prior: list[PriorDose] | tuple[PriorDose, ...], agent_code: str, day: date,
                 session_total: Decimal) -> tuple[Decimal, date]:
    """The most of one agent that any 30-day window holding ``day`` would
    contain with this session's ``session_total``, and that window's last day.
    Doses recorded on later dates count too: a session entered late must not
    push a window that later doses already fill over its limit. A tie goes to
    the window that ends on ``day``."""
    doses = [d for d in prior if d.agent_code == agent_code
             and abs((d.day - day).days) < ROLLING_WINDOW_DAYS]
    best, best_end = Decimal(-1), day
    for shift in range(ROLLING_WINDOW_DAYS):
        end = day + timedelta(days=shift)
        since = end - timedelta(days=ROLLING_WINDOW_DAYS - 1)
        total = session_total + sum((d.dose for d in doses if since <= d.day <= end), Decimal(0))
        if total > best:
            best, best_end = total, end
    return best, best_end


def next_given(prior: list[PriorDose] | tuple[PriorDose, ...], agent_code: str, lesion_id: int | None, day: date) -> date | None:
    """The first day after ``day`` this agent went into this lesion, or any (None) (a session entered late)."""
    return min((d.day for d in _doses(prior, agent_code, lesion_id) if d.day > day), default=None)


def given_into(prior: list[PriorDose] | tuple[PriorDose, ...], agent_code: str, day: date) -> str:
    """The lesions this agent went into on ``day``: 'W1, W2'."""
    return ", ".join(sorted({d.lesion_label or f"lesion {d.lesion_id}" for d in _doses(prior, agent_code, None)
                             if d.day == day}))


#: an indication's fields whose shipped source is written once for the group (catalog ``sources``)
SOURCE_GROUPS = {"concentration_min": "concentration", "concentration_max": "concentration",
                 "concentration_default": "concentration", "min_interval_days": "interval", "usual_interval_days": "interval"}


def source_of(sources: dict, field: str) -> str | None:
    """The citation of one catalog number: its own (an edit records one), else its group's."""
    return sources.get(field) or sources.get(SOURCE_GROUPS.get(field, field))


def min_interval(agent: AgentLimits, condition: str) -> tuple[int | None, str | None]:
    """The minimum days between injections (the condition's, else the agent's), with its source; it counts per
    lesion, or between the patient's visits when ``agent.interval_per_patient``."""
    indication = agent.indications.get(condition)
    if indication and indication[2] is not None:
        return indication[2], source_of(indication[3], "min_interval_days") or agent.sources.get("min_interval_days")
    return agent.min_interval_days, agent.sources.get("min_interval_days")


def check_session(
    day: date,
    planned: list[PlannedInjection],
    agents: dict[str, AgentLimits],
    prior: list[PriorDose],
    *,
    patient_is_child: bool = False,
    replaced: list[PriorDose] | tuple[PriorDose, ...] = (),
    adult_man: bool = False,
) -> list[Finding]:
    """``replaced``: the doses of the signed version an amendment replaces. A
    finding that comes only from doses recorded after this session's date
    needs a reason for a new session (entered late); for an amendment that
    keeps the date and gives no more, the later session was checked against
    this one when it was signed, so it is shown as a note."""
    findings: list[Finding] = []
    by_agent: dict[str, list[PlannedInjection]] = {}
    for p in planned:
        by_agent.setdefault(p.agent_code, []).append(p)

    for code, items in by_agent.items():
        agent = agents[code]
        unit = agent.dose_unit
        session_total = sum((p.dose for p in items), Decimal(0))
        if agent.session_limit is not None and session_total > agent.session_limit:
            findings.append(Finding(
                FindingCode.OVER_SESSION_LIMIT, Severity.WARNING,
                f"{agent.name}: {fmt(session_total)} {unit} this session is over the per-session limit of {fmt(agent.session_limit)} {unit}",
                code, None, fmt(session_total), fmt(agent.session_limit), agent.sources.get("session_limit")))
        volume = sum((p.volume_ml for p in items), Decimal(0))
        if agent.session_volume_limit_ml is not None and volume > agent.session_volume_limit_ml:
            findings.append(Finding(
                FindingCode.OVER_SESSION_VOLUME, Severity.WARNING,
                f"{agent.name}: {fmt(volume)} mL this session is over the per-session volume of {fmt(agent.session_volume_limit_ml)} mL",
                code, None, fmt(volume), fmt(agent.session_volume_limit_ml), agent.sources.get("session_volume_limit_ml")))
        if agent.rolling_30d_limit is not None:
            earlier = rolling_before(prior, code, day)
            rolling = earlier + session_total
            later = any(d.agent_code == code and d.day > day for d in prior)  # a session entered late
            peak, peak_end = rolling_peak(prior, code, day, session_total) if later else (rolling, day)
            if rolling > agent.rolling_30d_limit:
                findings.append(Finding(
                    FindingCode.OVER_ROLLING_LIMIT, Severity.WARNING,
                    f"{agent.name}: {fmt(rolling)} {unit} in the 30 days to {day.isoformat()} "
                    f"({fmt(earlier)} before this session) is over the limit of {fmt(agent.rolling_30d_limit)} {unit}",
                    code, None, fmt(rolling), fmt(agent.rolling_30d_limit), agent.sources.get("rolling_30d_limit")))
            elif peak > agent.rolling_30d_limit:
                kept = _kept(replaced, day, code, session_total)
                findings.append(Finding(
                    FindingCode.OVER_ROLLING_LIMIT, Severity.INFO if kept else Severity.WARNING,
                    f"{agent.name}: with the doses already recorded after {day.isoformat()}, the 30 days to "
                    f"{peak_end.isoformat()} would hold {fmt(peak)} {unit}, over the limit of "
                    f"{fmt(agent.rolling_30d_limit)} {unit}" + (_KEPT_NOTE if kept else ""),
                    code, None, fmt(peak), fmt(agent.rolling_30d_limit), agent.sources.get("rolling_30d_limit")))
        per_lesion: dict[int, list[PlannedInjection]] = {}
        for p in items:
            per_lesion.setdefault(p.lesion_id, []).append(p)
        for lesion_id, lesion_items in per_lesion.items():
            first = lesion_items[0]
            lesion_total = sum((p.dose for p in lesion_items), Decimal(0))
            if agent.lesion_limit is not None and lesion_total > agent.lesion_limit:
                findings.append(Finding(
                    FindingCode.OVER_LESION_LIMIT, Severity.WARNING,
                    f"{agent.name}: {fmt(lesion_total)} {unit} into {first.lesion_label} is over the per-lesion limit of {fmt(agent.lesion_limit)} {unit}",
                    code, lesion_id, fmt(lesion_total), fmt(agent.lesion_limit), agent.sources.get("lesion_limit")))
            indication = agent.indications.get(first.condition)
            ranges = agent.site_ranges.get(first.condition, ())
            volume_rule = site_rule(ranges, first.site_code, adult_man, "volume_max_ml")
            into = sum((p.volume_ml for p in lesion_items), Decimal(0))
            if volume_rule is not None and into > volume_rule.volume_max_ml:
                findings.append(Finding(
                    FindingCode.OVER_LESION_LIMIT, Severity.WARNING,
                    f"{first.lesion_label}: {fmt(into)} mL is more than the {fmt(volume_rule.volume_max_ml)} mL used "
                    f"at this site for {first.condition.replace('_', ' ')}",
                    code, lesion_id, fmt(into), f"{fmt(volume_rule.volume_max_ml)} mL", volume_rule.source))
            for p in lesion_items:
                if indication is None:
                    continue
                # A site that takes a weaker strength (the face) lowers the bottom of the range there.
                weaker = site_rule(ranges, p.site_code, adult_man, "concentration_min")
                low, high = weaker.concentration_min if weaker else indication[0], indication[1]
                if (low is not None and p.concentration < low) or (high is not None and p.concentration > high):
                    below = low is not None and p.concentration < low
                    findings.append(Finding(
                        FindingCode.CONCENTRATION_OUT_OF_RANGE, Severity.WARNING,
                        f"{p.lesion_label}: {agent.name} at {fmt(p.concentration)} {unit}/mL is outside the catalog's range "
                        f"for {first.condition.replace('_', ' ')}{' at this site' if weaker else ''} "
                        f"({fmt(low)}-{fmt(high)} {unit}/mL)",
                        code, lesion_id, fmt(p.concentration), f"{fmt(low)}-{fmt(high)}",
                        weaker.source if below and weaker else
                        source_of(indication[3], "concentration_min" if below else "concentration_max")))
                    continue
                site = site_rule(ranges, p.site_code, adult_man, "concentration_max")
                if site is not None and p.concentration > site.concentration_max:
                    findings.append(Finding(
                        FindingCode.CONCENTRATION_OUT_OF_RANGE, Severity.WARNING,
                        f"{p.lesion_label}: {agent.name} at {fmt(p.concentration)} {unit}/mL is stronger than the "
                        f"{fmt(site.concentration_max)} {unit}/mL used at this site for {first.condition.replace('_', ' ')}",
                        code, lesion_id, fmt(p.concentration), f"at most {fmt(site.concentration_max)}", site.source))
        findings.extend(_interval_findings(agent, items, prior, day, replaced))
        findings.extend(_course_findings(agent, items, prior, day, replaced))
    for p in planned:
        if p.lesion_atrophic:
            into_lesion = sum((q.dose for q in planned if q.agent_code == p.agent_code and q.lesion_id == p.lesion_id),
                              Decimal(0))
            kept = _kept(replaced, day, p.agent_code, into_lesion, p.lesion_id)  # a dose given before the flag, corrected
            findings.append(Finding(
                FindingCode.ATROPHIC_SITE, Severity.INFO if kept else Severity.WARNING,
                f"{p.lesion_label} is flagged atrophic: re-injecting an atrophic area is advised against"
                + (_KEPT_NOTE if kept else ""),
                p.agent_code, p.lesion_id, source="domain.md, Side effects: skin atrophy, do not re-inject an atrophic area [strong]"))
        if p.lot_expiry is not None and p.lot_expiry < day:
            findings.append(Finding(
                FindingCode.EXPIRED_LOT, Severity.BLOCKING,
                f"{p.agent_name} lot expired on {p.lot_expiry.isoformat()}, before the session date {day.isoformat()}: use another lot",
                p.agent_code, p.lesion_id, p.lot_expiry.isoformat(), day.isoformat()))
    steroids = [agents[c] for c in by_agent if agents[c].is_corticosteroid]
    if patient_is_child and steroids:
        # Until the clinic sets its children's limit, each child's steroid session asks for a reason:
        # the only limit checked is an adult's.
        own_limit = all(a.child_limit for a in steroids)
        checked = ("the 30-day limit checked is the clinic's limit for children" if own_limit
                   else "the 30-day limit checked is the adult one (no limit for children is published, and the clinic "
                        "has set none in File > Agent catalog): keep cumulative doses well below it")
        findings.append(Finding(
            FindingCode.CHILD, Severity.INFO if own_limit else Severity.WARNING,
            f"Child: most reported Cushing syndrome after intralesional triamcinolone was in children; {checked}",
            source="domain.md, Triamcinolone: Cushing syndrome ... 80% in children [single]; a 30-day limit "
                   "stricter for children"))
    return _unique(findings)


_KEPT_NOTE = " (a note only: this correction keeps the date and gives no more)"
_PER_PATIENT = " (counted per patient, whichever lesion)"


def _interval_findings(agent: AgentLimits, items: list[PlannedInjection], prior: list[PriorDose], day: date,
                       replaced: list[PriorDose] | tuple[PriorDose, ...] = ()) -> list[Finding]:
    """Too short a gap to the last dose before ``day``, or to one already recorded after it (a session
    entered late): per lesion, or, for an agent whose interval counts per patient, to a dose into any of
    the patient's lesions (the strictest interval of the conditions treated), unless the agent's course
    already checks the gap to that dose more strictly (T-VEC's second dose)."""
    groups: dict[int | None, list[PlannedInjection]] = {}
    for p in items:
        groups.setdefault(None if agent.interval_per_patient else p.lesion_id, []).append(p)
    findings = []
    for lesion_id, group in groups.items():
        min_days, src = max((min_interval(agent, p.condition) for p in group), key=lambda m: -1 if m[0] is None else m[0])
        if min_days is None:
            continue
        last, following = last_given(prior, agent.code, lesion_id, day), next_given(prior, agent.code, lesion_id, day)
        if lesion_id is None:
            covered = _course_gaps(agent, items, prior, day, min_days)
            last, following = (None if last in covered else last), (None if following in covered else following)
            src = "; ".join(filter(None, (src, agent.sources.get("interval_scope")))) or None
            what, usual = f"{agent.name}: ", f"the usual minimum interval between visits is {min_days} days{_PER_PATIENT}"
            last_words = f"the last injection (into {given_into(prior, agent.code, last)})" if last else ""
            later_words = f"a later injection (into {given_into(prior, agent.code, following)})" if following else ""
        else:
            what, usual = f"{group[0].lesion_label}: ", f"the usual minimum interval is {min_days} days"
            last_words, later_words = f"last {agent.name} injection", f"a later {agent.name} injection"
        if last is not None and (day - last).days < min_days:
            gap = (day - last).days
            findings.append(Finding(
                FindingCode.INTERVAL_TOO_SHORT, Severity.WARNING,
                f"{what}{last_words} was {gap} days ago ({last.isoformat()}); {usual}",
                agent.code, lesion_id, str(gap), str(min_days), src))
        if following is not None and (following - day).days < min_days:
            gap = (following - day).days
            kept = _kept(replaced, day, agent.code, None, lesion_id)
            findings.append(Finding(
                FindingCode.INTERVAL_TOO_SHORT, Severity.INFO if kept else Severity.WARNING,
                f"{what}{later_words} is already recorded {gap} days after this date ({following.isoformat()}); "
                f"{usual}" + (_KEPT_NOTE if kept else ""),
                agent.code, lesion_id, str(gap), str(min_days), src))
    return findings


def _course_gaps(agent: AgentLimits, items: list[PlannedInjection], prior: list[PriorDose], day: date,
                 min_days: int) -> set[date]:
    """The days of recorded doses whose gap from ``day`` the course's second-dose rule checks (_course_findings),
    when it asks at least ``min_days``."""
    course = next((agent.courses[p.condition] for p in items if p.condition in agent.courses), None)
    if course is None or course.second_dose_min_interval_days is None or course.second_dose_min_interval_days < min_days:
        return set()
    earlier = {d.day for d in _doses(prior, agent.code, None) if d.day < day}
    if earlier:
        return earlier if len(earlier) == 1 else set()
    return {next_given(prior, agent.code, None, day)}


def _kept(replaced: list[PriorDose] | tuple[PriorDose, ...], day: date, agent_code: str,
          session_total: Decimal | None, lesion_id: int | None = None) -> bool:
    """An amendment that changes nothing a later session was checked against:
    the version it replaces gave this agent (into this lesion) on the same day,
    and at least ``session_total``."""
    given = [d for d in replaced if d.agent_code == agent_code and (lesion_id is None or d.lesion_id == lesion_id)]
    if not given or any(d.day != day for d in given):
        return False
    return session_total is None or session_total <= sum((d.dose for d in given), Decimal(0))


def _course_findings(agent: AgentLimits, items: list[PlannedInjection], prior: list[PriorDose], day: date,
                     replaced: list[PriorDose] | tuple[PriorDose, ...] = ()) -> list[Finding]:
    """The first two doses of a course (T-VEC: the first at a lower strength,
    the second after a longer gap), counted per patient: the doses of this
    agent before ``day``. A session entered late, dated before the first
    recorded dose, becomes the first: the recorded one becomes the second,
    and its gap from this date is checked."""
    course = next((agent.courses[p.condition] for p in items if p.condition in agent.courses), None)
    if course is None:
        return []
    earlier = sorted({d.day for d in prior if d.agent_code == agent.code and d.day < day})
    unit = agent.dose_unit
    findings = []
    if not earlier and course.first_dose_concentration_max is not None:
        for p in items:
            if p.concentration > course.first_dose_concentration_max:
                findings.append(Finding(
                    FindingCode.CONCENTRATION_OUT_OF_RANGE, Severity.WARNING,
                    f"{p.lesion_label}: no earlier {agent.name} dose is recorded in the past year, and a first dose is at most "
                    f"{readable(course.first_dose_concentration_max)} {unit}/mL (this is {readable(p.concentration)} {unit}/mL)",
                    agent.code, p.lesion_id, fmt(p.concentration), f"at most {fmt(course.first_dose_concentration_max)}",
                    course.sources.get("first_dose_concentration_max")))
    if earlier and course.later_dose_concentration_min is not None:
        for p in items:
            if p.concentration < course.later_dose_concentration_min:
                findings.append(Finding(
                    FindingCode.CONCENTRATION_OUT_OF_RANGE, Severity.WARNING,
                    f"{p.lesion_label}: from the second {agent.name} dose on, the strength is "
                    f"{readable(course.later_dose_concentration_min)} {unit}/mL; this is {readable(p.concentration)} {unit}/mL "
                    f"(an earlier dose is recorded on {earlier[-1].isoformat()})",
                    agent.code, p.lesion_id, fmt(p.concentration), f"at least {fmt(course.later_dose_concentration_min)}",
                    course.sources.get("later_dose_concentration_min")))
    if len(earlier) == 1 and course.second_dose_min_interval_days is not None:
        gap = (day - earlier[0]).days
        if gap < course.second_dose_min_interval_days:
            findings.append(Finding(
                FindingCode.INTERVAL_TOO_SHORT, Severity.WARNING,
                f"{agent.name}: this is the second dose, {gap} days after the first ({earlier[0].isoformat()}); "
                f"the second dose comes at least {course.second_dose_min_interval_days} days after the first",
                agent.code, None, str(gap), str(course.second_dose_min_interval_days),
                course.sources.get("second_dose_min_interval_days")))
    later = min((d.day for d in prior if d.agent_code == agent.code and d.day > day), default=None)
    if not earlier and later is not None and course.second_dose_min_interval_days is not None:
        gap = (later - day).days
        if gap < course.second_dose_min_interval_days:
            kept = _kept(replaced, day, agent.code, None)  # the recorded one was checked as the second then
            findings.append(Finding(
                FindingCode.INTERVAL_TOO_SHORT, Severity.INFO if kept else Severity.WARNING,
                f"{agent.name}: a dose is already recorded {gap} days after this date ({later.isoformat()}); with this "
                f"one as the first dose, that one is the second, which comes at least "
                f"{course.second_dose_min_interval_days} days after the first" + (_KEPT_NOTE if kept else ""),
                agent.code, None, str(gap), str(course.second_dose_min_interval_days),
                course.sources.get("second_dose_min_interval_days")))
    return findings


def _unique(findings: list[Finding]) -> list[Finding]:
    seen, out = set(), []
    for f in findings:
        key = (f.code, f.agent_code, f.lesion_id, f.message)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


def needs_reason(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity == Severity.WARNING]


def blocking(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity == Severity.BLOCKING]
