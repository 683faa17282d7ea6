"""A writer process for the concurrency and crash tests.

Records COUNT signed sessions into the clinic at DATA_DIR, spread over the
given patients, and prints "committed <session id>" after each commit returns
(so the parent knows exactly which commits were reported before a kill).
"""
from __future__ import annotations

import sys
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

from tracker.config import resolve_location
from tracker.services.catalog import agent_by_code
from tracker.services.clinic import open_clinic
from tracker.services.session_input import InjectionInput, SessionInput
from tracker.services.sessions import record_session


def main() -> int:
    data_dir, count, actor = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    pairs = [tuple(int(x) for x in pair.split(":")) for pair in sys.argv[4].split(",")]
    db = open_clinic(resolve_location(data_dir=data_dir))
    tac = agent_by_code(db, "tac")
    start = date(2024, 1, 1)
    for i in range(count):
        patient_id, lesion_id = pairs[i % len(pairs)]
        day = start + timedelta(days=i % 700)
        data = SessionInput(
            patient_id=patient_id, clinician_id=actor, consent_obtained=True,
            performed_at=datetime(day.year, day.month, day.day, 9, 0, tzinfo=timezone.utc),
            injections=(InjectionInput(lesion_id=lesion_id, agent_id=tac.id, concentration=Decimal("5"), points=2,
                                       volume_per_point_ml=Decimal("0.1"), lot_number=f"W{i}", lot_expiry=date(2099, 1, 1)),),
        )
        view = record_session(db, actor, data, findings_reason="load test: repeated visits on purpose")
        print(f"committed {view.id}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
