"""Clinic settings: name, address, phone, time zone, logo."""
from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select

from tracker.models import Setting
from tracker.services import audit
from tracker.services.errors import ValidationError

KEYS = ("clinic_name", "clinic_address", "clinic_phone", "clinic_timezone", "clinic_logo_path", "paper_size")
DEFAULTS = {"clinic_name": "", "clinic_address": "", "clinic_phone": "", "clinic_timezone": "UTC", "clinic_logo_path": "", "paper_size": ""}


def get_settings(db) -> dict[str, str]:  # noqa: ANN001
    with db.read() as s:
        stored = {row.key: row.value for row in s.execute(select(Setting)).scalars()}
    return {**DEFAULTS, **stored}


def update_settings(db, actor_id: int | None, values: dict[str, str]) -> dict[str, str]:  # noqa: ANN001
    unknown = set(values) - set(KEYS)
    if unknown:
        raise ValidationError({k: "not a clinic setting" for k in unknown})
    if "clinic_timezone" in values:
        try:
            ZoneInfo(values["clinic_timezone"])
        except (ZoneInfoNotFoundError, ValueError):
            raise ValidationError({"clinic_timezone": f"unknown time zone {values['clinic_timezone']!r}"}) from None
    with db.write() as s:
        for key, value in values.items():
            row = s.get(Setting, key)
            before = None if row is None else {"key": key, "value": row.value}
            if row is None:
                row = Setting(key=key, value=str(value))
                s.add(row)
            else:
                row.value = str(value)
            audit.record(s, actor_id, "update", "setting", None, before=before, after={"key": key, "value": str(value)})
    return get_settings(db)


def zone_of(settings: dict[str, str]) -> ZoneInfo:
    """The clinic's time zone from its settings (UTC when unset or unknown)."""
    try:
        return ZoneInfo(settings.get("clinic_timezone") or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def clinic_zone(db) -> ZoneInfo:  # noqa: ANN001
    return zone_of(get_settings(db))


def clinic_date(moment: datetime, zone: ZoneInfo) -> date:
    """The clinical date of a UTC moment in the clinic's time zone."""
    return moment.astimezone(zone).date()
