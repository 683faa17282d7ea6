"""Clinic settings: name, address, phone, time zone, logo.

Settings are key/value rows without a row version; a write made from what a
screen showed passes the values it showed (``expected``) and is refused,
nothing written, when any of them is stored differently now (changed at
another workstation meanwhile). Comparing the values themselves is as strict
as a version for a key/value row: a value changed and changed back loses
nothing."""
from __future__ import annotations

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from sqlalchemy import select

from tracker.models import Setting
from tracker.services import audit
from tracker.services.errors import ConflictError, ValidationError

KEYS = ("clinic_name", "clinic_address", "clinic_phone", "clinic_timezone", "clinic_logo_path", "paper_size")
DEFAULTS = {"clinic_name": "", "clinic_address": "", "clinic_phone": "", "clinic_timezone": "UTC", "clinic_logo_path": "", "paper_size": ""}
#: what the printed sheets can hold on their letterhead
MAX_LENGTH = {"clinic_name": 120, "clinic_address": 200, "clinic_phone": 40, "clinic_logo_path": 500, "paper_size": 20}
_PHONE = re.compile(r"[0-9+()./ \-]*(?:(?:ext\.?|x)\s*[0-9]+)?", re.IGNORECASE)


def get_settings(db) -> dict[str, str]:  # noqa: ANN001
    with db.read() as s:
        stored = {row.key: row.value for row in s.execute(select(Setting)).scalars()}
    return {**DEFAULTS, **stored}


def time_zones() -> list[str]:
    """The IANA time zone names this machine knows, sorted (UTC first)."""
    names = sorted(z for z in available_timezones() if "/" in z and not z.startswith(("Etc/", "SystemV/")))
    return ["UTC", *names]


def check_values(values: dict[str, str]) -> dict[str, str]:
    """What is wrong with these setting values, by key (empty: all good)."""
    errors = {k: "not a clinic setting" for k in set(values) - set(KEYS)}
    for key, value in values.items():
        limit = MAX_LENGTH.get(key)
        if limit is not None and len(value) > limit:
            errors[key] = f"at most {limit} characters (this has {len(value)})"
    if "clinic_timezone" in values:
        zone = values["clinic_timezone"]
        if known_zone(zone) is None:
            errors["clinic_timezone"] = (f"unknown time zone {zone!r}: choose one from the list, e.g. Europe/London"
                                         if zone.strip() else "choose the clinic's time zone")
    phone = values.get("clinic_phone", "").strip()
    if phone and "clinic_phone" not in errors:
        if not _PHONE.fullmatch(phone):
            errors["clinic_phone"] = "a phone number holds digits, spaces and + ( ) - . only (e.g. +44 20 7946 0000)"
        elif sum(c.isdigit() for c in phone) < 3:
            errors["clinic_phone"] = "too few digits for a phone number that patients can call"
    return errors


def update_settings(db, actor_id: int | None, values: dict[str, str],  # noqa: ANN001
                    expected: dict[str, str] | None = None) -> dict[str, str]:
    """Store ``values`` (each change audited; unchanged values write nothing).

    ``expected``: the values the screen showed; when one of them is stored
    differently now, ConflictError and nothing is written."""
    values = {k: str(v).strip() for k, v in values.items()}
    errors = check_values(values)
    if errors:
        raise ValidationError(errors)
    with db.write() as s:
        rows = {row.key: row for row in s.execute(select(Setting)).scalars()}
        stored = {**DEFAULTS, **{k: r.value for k, r in rows.items()}}
        if expected is not None:
            moved = [k for k, v in expected.items() if stored.get(k, "") != v]
            if moved:
                raise ConflictError("the clinic settings were changed at another workstation since they were "
                                    f"opened here ({', '.join(k.removeprefix('clinic_').replace('_', ' ') for k in moved)}): "
                                    "nothing was saved")
        for key, value in values.items():
            if value == stored.get(key):
                continue
            row = rows.get(key)
            before = None if row is None else {"key": key, "value": row.value}
            if row is None:
                s.add(Setting(key=key, value=value))
            else:
                row.value = value
            audit.record(s, actor_id, "update", "setting", None, before=before, after={"key": key, "value": value})
    return get_settings(db)


def known_zone(name: str) -> ZoneInfo | None:
    """The IANA time zone called ``name``, or None ('', 'Mars/Base', a folder of zones such as 'Europe')."""
    try:
        return ZoneInfo(name.strip()) if name.strip() else None
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None


def zone_of(settings: dict[str, str]) -> ZoneInfo:
    """The clinic's time zone from its settings (UTC when unset or unknown)."""
    return known_zone(settings.get("clinic_timezone") or "UTC") or ZoneInfo("UTC")


def clinic_zone(db) -> ZoneInfo:  # noqa: ANN001
    return zone_of(get_settings(db))


def clinic_date(moment: datetime, zone: ZoneInfo) -> date:
    """The clinical date of a UTC moment in the clinic's time zone."""
    return moment.astimezone(zone).date()
