"""What the Photos panel lists on its left: the patient's lesions and how
many photos each has, read together in the background."""
from __future__ import annotations

from dataclasses import dataclass

from tracker.services.lesions import LesionView, lesions_in
from tracker.services.photos import counts_query


@dataclass(frozen=True)
class PhotoOverview:
    counts: dict[int | None, int]  # photos per lesion id (None: not assigned to a lesion)
    lesions: list[LesionView]  # voided ones included, for the photos still filed on them

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def photo_overview(db, patient_id: int, *, include_voided: bool = False) -> PhotoOverview:  # noqa: ANN001
    """Read together, so the counts and the lesions agree."""
    with db.read() as s:
        return PhotoOverview(dict(s.execute(counts_query(patient_id, include_voided=include_voided)).all()),
                             lesions_in(s, patient_id, include_voided=True))
