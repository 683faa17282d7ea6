"""Follow-up photos for the demo clinic, drawn with Pillow: a bald patch that
fills in with hair, a keloid that shrinks and pales, a plaque that clears, a
wart that goes. Each lesion gets a few photos on its visit days (a ruler
beside it, a label card with site and date, EXIF date taken), imported
through the real import path so they are stored exactly like camera photos.

Deterministic: the same demo clinic draws the same pictures.
"""
from __future__ import annotations

import logging
import math
import random
import tempfile
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from PIL import ExifTags, Image, ImageDraw, ImageFilter, ImageFont

from tracker.models import Condition
from tracker.services.instruments import instruments
from tracker.services.instruments.outcome_rules import outcome_rules
from tracker.services.lesions import LesionView, get_lesion
from tracker.services.outcome_data import load_facts
from tracker.services.patients import get_patient
from tracker.services.photo_import import ImportItem, import_photos
from tracker.services.photo_visits import patient_visits
from tracker.services.settings import clinic_zone

log = logging.getLogger(__name__)

SIZE = (800, 600)
PHOTOS_PER_LESION = 4
PX_PER_MM = 6  # the ruler's scale in the demo pictures
SKIN = {1: (246, 221, 204), 2: (236, 200, 176), 3: (214, 172, 140), 4: (183, 134, 99), 5: (139, 94, 64), 6: (96, 64, 45)}
HAIR = (38, 30, 26)


def _mix(a: tuple, b: tuple, t: float) -> tuple:
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b))


def _font(size: int) -> ImageFont.ImageFont:
    return ImageFont.load_default(size=size)


@lru_cache(maxsize=1)
def _texture() -> tuple[Image.Image, Image.Image]:
    """Skin grain and the lamp's fall-off, made once and shared by every picture."""
    half = (SIZE[0] // 2, SIZE[1] // 2)
    noise = Image.frombytes("L", half, random.Random(7).randbytes(half[0] * half[1]))
    noise = noise.filter(ImageFilter.GaussianBlur(1)).resize(SIZE, Image.Resampling.BILINEAR)
    falloff = Image.radial_gradient("L").resize(SIZE).point(lambda v: max(0, 255 - v * 2 // 3))
    return Image.merge("RGB", (noise, noise, noise)), falloff


def _background(skin: tuple) -> Image.Image:
    grain, falloff = _texture()
    image = Image.blend(Image.new("RGB", SIZE, skin), grain, 0.08)
    # the lamp lights the middle; the edges fall off a little
    return Image.composite(image, image.point(lambda v: int(v * 0.82)), falloff)


def _ruler(draw: ImageDraw.ImageDraw, left: int, top: int, mm: int = 90) -> None:
    draw.rectangle((left - 8, top, left + mm * PX_PER_MM + 8, top + 46), fill=(250, 250, 245), outline=(90, 90, 90))
    for n in range(mm + 1):
        x = left + n * PX_PER_MM
        tall = 22 if n % 10 == 0 else (15 if n % 5 == 0 else 9)
        draw.line((x, top, x, top + tall), fill=(20, 20, 20), width=1)
        if n % 10 == 0 and n < mm:
            draw.text((x + 2, top + 24), f"{n // 10}", fill=(20, 20, 20), font=_font(15))
    draw.text((left + mm * PX_PER_MM - 26, top + 24), "cm", fill=(20, 20, 20), font=_font(15))


def _label(draw: ImageDraw.ImageDraw, lines: list[str]) -> None:
    font = _font(17)
    width = max(draw.textlength(line, font=font) for line in lines)
    draw.rectangle((14, 14, 30 + width, 22 + 22 * len(lines)), fill=(255, 255, 255), outline=(120, 120, 120))
    for n, line in enumerate(lines):
        draw.text((22, 19 + 22 * n), line, fill=(15, 15, 15), font=font)


PATCH = (400, 270, 150, 105)  # centre and radii of the bald patch at the first visit


def _in_oval(x: float, y: float, rx: float, ry: float) -> bool:
    return ((x - PATCH[0]) / max(rx, 1)) ** 2 + ((y - PATCH[1]) / max(ry, 1)) ** 2 < 1


@lru_cache(maxsize=4)
def _hair_field(seed: int) -> tuple[Image.Image, tuple]:
    """The hair around the patch (the same at every visit) as a layer, and the strokes inside it."""
    rng = random.Random(seed)
    layer = Image.new("RGBA", SIZE, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    inside = []
    for _ in range(5200):
        x, y = rng.uniform(0, SIZE[0]), rng.uniform(0, 470)
        angle = rng.uniform(-0.6, 0.6) + math.pi / 2.6
        length = rng.uniform(9, 22)
        if _in_oval(x, y, PATCH[2], PATCH[3]):
            inside.append((x, y, angle, length, rng.random()))
        else:
            draw.line((x, y, x + math.cos(angle) * length, y + math.sin(angle) * length), fill=HAIR + (255,), width=1)
    return layer, tuple(inside)


def _hair_patch(image: Image.Image, seed: int, t: float) -> None:
    """Scalp hair everywhere except an oval patch that fills in as t goes 0 -> 1."""
    layer, inside = _hair_field(seed)
    image.paste(layer, (0, 0), layer)
    draw = ImageDraw.Draw(image)
    rx, ry = PATCH[2] - 40 * t, PATCH[3] - 28 * t
    colour = _mix((205, 190, 170), HAIR, min(1.0, t * 1.1))  # fine pale hairs darken as they regrow
    for x, y, angle, length, chance in inside:
        if _in_oval(x, y, rx, ry) and chance > t * 0.85:
            continue  # still bald here
        length *= 0.45 + 0.55 * t
        draw.line((x, y, x + math.cos(angle) * length, y + math.sin(angle) * length), fill=colour, width=1)


def _raised(image: Image.Image, centre: tuple, radii: tuple, colour: tuple, skin: tuple, height: float) -> None:
    """A raised, shiny lesion: concentric ovals from the rim colour to a highlight."""
    draw = ImageDraw.Draw(image)
    cx, cy = centre
    rx, ry = radii
    steps = 14
    for n in range(steps):
        f = 1 - n / steps
        tone = _mix(skin, colour, min(1.0, 0.35 + 0.65 * (1 - f) + 0.2)) if n else _mix(skin, colour, 0.5)
        tone = _mix(tone, (255, 236, 230), max(0.0, (n / steps - 0.65)) * height)
        draw.ellipse((cx - rx * f, cy - ry * f, cx + rx * f, cy + ry * f), fill=tone)


def _keloid(image: Image.Image, seed: int, t: float, skin: tuple) -> None:
    """A raised, shiny, dumbbell-shaped scar that shrinks, flattens and pales."""
    scale = 1 - 0.55 * t
    colour = _mix((150, 55, 60), skin, 0.45 * t)
    shadow = ImageDraw.Draw(image)
    for dx in (-70, 70):
        cx = 400 + dx * scale
        shadow.ellipse((cx - 95 * scale, 272 - 62 * scale, cx + 95 * scale, 272 + 66 * scale), fill=_mix(skin, (0, 0, 0), 0.25 * (1 - t)))
    for dx in (-70, 70):
        _raised(image, (400 + dx * scale, 260), (95 * scale, 60 * scale), colour, skin, 1 - 0.7 * t)


def _plaque(image: Image.Image, seed: int, t: float, skin: tuple) -> None:
    rng = random.Random(seed)
    draw = ImageDraw.Draw(image)
    red = _mix((196, 70, 70), skin, 0.8 * t)
    scale = 1 - 0.3 * t
    points = [(400 + math.cos(a) * 150 * scale * rng.uniform(0.85, 1.1), 260 + math.sin(a) * 100 * scale * rng.uniform(0.85, 1.1))
              for a in (i * math.pi / 9 for i in range(18))]
    draw.polygon(points, fill=red)
    for _ in range(int(260 * (1 - t))):
        x, y = rng.uniform(290, 510), rng.uniform(190, 330)
        draw.ellipse((x, y, x + rng.uniform(3, 9), y + rng.uniform(2, 5)), fill=(236, 232, 226))


def _wart(image: Image.Image, seed: int, t: float, skin: tuple) -> None:
    """A rough, greyish papule with dark dots that shrinks and flattens."""
    rng = random.Random(seed)
    draw = ImageDraw.Draw(image)
    size = 70 * (1 - 0.8 * t)
    body = _mix((205, 196, 178), skin, 0.6 * t)
    draw.ellipse((400 - size, 260 - size * 0.85, 400 + size, 260 + size * 0.85), fill=_mix(body, (120, 100, 90), 0.25))
    for _ in range(int(90 * (1 - 0.5 * t))):
        a, r = rng.uniform(0, 2 * math.pi), rng.uniform(0, size * 0.9)
        x, y, s = 400 + math.cos(a) * r, 260 + math.sin(a) * r * 0.85, rng.uniform(4, 10) * (1 - 0.5 * t)
        draw.ellipse((x - s, y - s, x + s, y + s), fill=_mix(body, (250, 248, 240), rng.uniform(0, 0.4)))
    for _ in range(int(25 * (1 - t))):
        a, r = rng.uniform(0, 2 * math.pi), rng.uniform(0, size * 0.7)
        x, y = 400 + math.cos(a) * r, 260 + math.sin(a) * r * 0.85
        draw.ellipse((x - 2, y - 2, x + 2, y + 2), fill=(70, 30, 30))


def _draw_lesion(condition: Condition) -> Callable:
    return {
        Condition.ALOPECIA_AREATA: lambda im, seed, t, skin: _hair_patch(im, seed, t),
        Condition.KELOID: _keloid, Condition.HYPERTROPHIC_SCAR: _keloid,
        Condition.PSORIASIS: _plaque,
    }.get(condition, _wart)


def draw_follow_up(condition: Condition, progress: float, *, skin: tuple, seed: int, label: list[str]) -> Image.Image:
    """One follow-up picture of a lesion at ``progress`` (0 = first visit, 1 = best response)."""
    image = _background(skin)
    if condition == Condition.ALOPECIA_AREATA:
        image = Image.blend(image, Image.new("RGB", SIZE, _mix(skin, (250, 235, 225), 0.3)), 0.25)
    _draw_lesion(condition)(image, seed, progress, skin)
    image = image.filter(ImageFilter.SMOOTH)  # a camera's softness, not a drawing's hard edges
    draw = ImageDraw.Draw(image)
    _ruler(draw, 120, 520)
    _label(draw, label)
    return image


def _save(image: Image.Image, path: Path, taken: datetime) -> Path:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Demo clinic camera"
    exif.get_ifd(ExifTags.IFD.Exif)[ExifTags.Base.DateTimeOriginal] = taken.strftime("%Y:%m:%d %H:%M:%S")
    image.save(path, "JPEG", quality=82, exif=exif.tobytes())
    return path


def _spread(count: int, wanted: int) -> list[int]:
    if count <= wanted:
        return list(range(count))
    return sorted({round(i * (count - 1) / (wanted - 1)) for i in range(wanted)})


def score_progress(db, lesion_id: int) -> Callable[[date], float] | None:  # noqa: ANN001
    """How far the lesion's recorded scores say it has come by a day (0 = as at
    its first assessment, 1 = cleared), on the measure its trend is judged by;
    None without two assessments. The pictures then agree with the scores: a
    non-responder stays as it was, a keloid growing back grows on the photos."""
    with db.read() as s:
        found = load_facts(s, lesion_id=lesion_id)
    for code, rule in outcome_rules().trends.items():
        points = found[0].series(code, rule.metric) if found else ()
        if len({p.day for p in points}) >= 2:
            break
    else:
        return None
    metric = instruments()[code].metric(rule.metric)
    base = points[0].value

    def at(day: date) -> float:
        value = next((p.value for p in reversed(points) if p.day <= day), base)
        if metric.lower_is_better:
            share = (base - value) / base if base else Decimal(0)
        else:
            top = metric.max if metric.max is not None else max(p.value for p in points)
            share = (value - base) / (top - base) if top != base else Decimal(0)
        return min(1.0, max(0.0, float(share)))

    return at


def add_demo_photos(db, actor_id: int | None, lesion_ids: list[int], *, per_lesion: int = PHOTOS_PER_LESION) -> int:  # noqa: ANN001
    """Draw and import follow-up photos for each lesion on its visit days; returns how many were stored."""
    zone = clinic_zone(db)
    stored = 0
    with tempfile.TemporaryDirectory(prefix="demo-photos-") as folder:
        for n, lesion_id in enumerate(lesion_ids):
            lesion: LesionView = get_lesion(db, lesion_id)
            patient = get_patient(db, lesion.patient_id)
            visits = [v for v in patient_visits(db, lesion.patient_id).sessions
                      if not v.voided and any(i.lesion_id == lesion_id and not i.voided for i in v.injections)]
            visits.sort(key=lambda v: v.performed_at)
            if not visits:
                continue
            skin = SKIN.get(patient.fitzpatrick or 3, SKIN[3])
            span = max(1, (visits[-1].clinic_date - visits[0].clinic_date).days)
            scored = score_progress(db, lesion_id)
            items = []
            for k in _spread(len(visits), per_lesion):
                visit = visits[k]
                # By the scores where there are some; a wart (no score) clears as time goes on.
                progress = scored(visit.clinic_date) if scored else (visit.clinic_date - visits[0].clinic_date).days / span
                taken = visit.performed_at.astimezone(zone).replace(tzinfo=None)
                label = [f"{patient.chart_number}  {lesion.label}", f"{lesion.site_display}  {visit.clinic_date:%d %b %Y}"]
                image = draw_follow_up(lesion.condition, progress, skin=skin, seed=lesion_id * 7919, label=label)
                path = _save(image, Path(folder) / f"L{lesion_id}-{k}.jpg", taken)
                items.append(ImportItem(path=path, lesion_id=lesion_id, session_id=visit.id, view_label="close-up"))
            report = import_photos(db, actor_id, lesion.patient_id, items)
            stored += report.imported
            for problem in report.problems:
                log.warning("demo photo not stored: %s", problem.message)
            log.debug("demo photos for lesion %d (%d of %d)", lesion_id, n + 1, len(lesion_ids))
    return stored
