"""Follow-up photos: the record copy is content-addressed and never modified."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from tracker.models.base import Audited, Base, Voidable
from tracker.models.types import UTCDateTime


class Photo(Audited, Voidable, Base):
    __tablename__ = "photo"

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patient.id"), index=True)
    lesion_id: Mapped[int | None] = mapped_column(ForeignKey("lesion.id"), index=True)
    session_id: Mapped[int | None] = mapped_column(ForeignKey("treatment_session.id"), index=True)
    # One photo in use per file: a photo voided (say, filed on the wrong
    # chart) leaves its file free to be imported again (migration 0010).
    sha256: Mapped[str] = mapped_column(String(64))
    # Path inside the photo store, relative to it (e.g. "ab/abcdef....jpg").
    stored_path: Mapped[str] = mapped_column(String(200))
    original_name: Mapped[str | None] = mapped_column(String(255))
    media_type: Mapped[str] = mapped_column(String(40))
    byte_size: Mapped[int] = mapped_column()
    width: Mapped[int | None] = mapped_column()
    height: Mapped[int | None] = mapped_column()
    taken_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    # overview, regional, close-up, or a SALT scalp view (top, back, left, right)
    view_label: Mapped[str | None] = mapped_column(String(30))
    # Rotation, crop, calibration and alignment: view settings, never applied to the file.
    view_settings: Mapped[dict] = mapped_column(JSON, default=dict)
    notes: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (
        Index("uq_photo_sha256_active", "sha256", unique=True,
              sqlite_where=text("voided_at IS NULL"), postgresql_where=text("voided_at IS NULL")),
    )
