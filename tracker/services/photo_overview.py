"""What the Photos panel lists on its left: the patient's lesions and how
many photos each has, read together in the background."""
from __future__ import annotations

from dataclasses import dataclass

from tracker.services.lesions import LesionView, patient_lesions
from tracker.services.photos import photo_counts


@dataclass(frozen=True)
class PhotoOverview:
    counts: dict[int | None, int]  # photos per lesion id (None: not assigned to a lesion)
    lesions: list[LesionView]  # voided ones included, for the photos still filed on them

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def photo_overview(db, patient_id: int, *, include_voided: bool = False) -> PhotoOverview:  # noqa: ANN001
    return PhotoOverview(photo_counts(db, patient_id, include_voided=include_voided),
                         patient_lesions(db, patient_id, include_voided=True))
