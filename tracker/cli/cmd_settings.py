"""``tracker settings show`` / ``tracker settings set KEY VALUE``: the clinic's
name, address, phone, time zone (what the printed sheets and clinical dates use).

A value the program does not accept (an unknown time zone, a phone number
with letters) is one line on stderr, exit 2, nothing stored. A change is
audited like one made in the app's File > Clinic settings."""
from __future__ import annotations

import argparse
from datetime import datetime, timezone

from tracker.cli.context import acting_staff_id, existing_clinic
from tracker.services.errors import ValidationError
from tracker.services.settings import KEYS, get_settings, update_settings, zone_of


def register(sub) -> None:  # noqa: ANN001
    p = sub.add_parser("settings", help="show or set the clinic's name, address, phone and time zone")
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    actions.add_parser("show", help="every clinic setting, one per line")
    setter = actions.add_parser("set", help="set one clinic setting (audited)")
    setter.add_argument("key", metavar="KEY", help=f"one of: {', '.join(KEYS)}")
    setter.add_argument("value", metavar="VALUE", help="the new value ('' to clear)")
    p.set_defaults(handler=run)


def _show(values: dict[str, str]) -> None:
    width = max(len(k) for k in KEYS)
    for key in KEYS:
        print(f"{key:<{width}}  {values.get(key, '')}")
    now = datetime.now(timezone.utc).astimezone(zone_of(values))
    print(f"{'(clinic time)':<{width}}  {now:%Y-%m-%d %H:%M} {now.tzname()}")


def run(args: argparse.Namespace) -> int:
    db = existing_clinic(args)
    if args.action == "show":
        _show(get_settings(db))
        return 0
    if args.key not in KEYS:
        raise ValidationError({args.key: f"not a clinic setting; the settings are {', '.join(KEYS)}"})
    before = get_settings(db)[args.key]
    after = update_settings(db, acting_staff_id(db, args), {args.key: args.value})[args.key]
    print(f"{args.key}: {before or '(empty)'} -> {after or '(empty)'}" if before != after
          else f"{args.key} is already {after or '(empty)'}: nothing changed")
    if args.key == "clinic_timezone" and before != after:
        print("Clinical dates of records made from now on are taken in this time zone; "
              "stored times stay in UTC and records already saved keep their dates.")
    return 0
