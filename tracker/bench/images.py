"""Generated camera-like JPEGs: smooth shapes with grain, so they compress
and decode like photographs rather than flat test cards."""
from __future__ import annotations

import random
from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QRadialGradient


def _grain(rng: random.Random, side: int = 256) -> QImage:
    data = rng.randbytes(side * side)
    tile = QImage(data, side, side, side, QImage.Format_Grayscale8)
    return tile.copy()  # own the bytes


def make_jpeg(path: Path, width: int, height: int, seed: int, quality: int = 88) -> Path:
    rng = random.Random(seed)
    image = QImage(width, height, QImage.Format_RGB32)
    image.fill(QColor.fromHsv(rng.randrange(360), 60, 170))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.Antialiasing)
    painter.setPen(Qt.NoPen)
    scale = max(width, height)
    for _ in range(140):
        x, y = rng.random() * width, rng.random() * height
        radius = scale * (0.02 + rng.random() * 0.2)
        gradient = QRadialGradient(QPointF(x, y), radius)
        color = QColor.fromHsv(rng.randrange(360), rng.randrange(30, 200), rng.randrange(60, 255), rng.randrange(60, 200))
        gradient.setColorAt(0.0, color)
        gradient.setColorAt(1.0, QColor(color.red(), color.green(), color.blue(), 0))
        painter.setBrush(gradient)
        painter.drawEllipse(QRectF(x - radius, y - radius, 2 * radius, 2 * radius))
    painter.setOpacity(0.18)
    painter.setCompositionMode(QPainter.CompositionMode_Overlay)
    grain = _grain(rng)
    for top in range(0, height, grain.height()):
        for left in range(0, width, grain.width()):
            painter.drawImage(left, top, grain)
    painter.end()
    path.parent.mkdir(parents=True, exist_ok=True)
    if not image.save(str(path), "JPEG", quality):
        raise OSError(f"could not write {path}")
    return path

