"""Reading PDFs the way a person checks them: text (pdftotext), pages (pdfinfo), pictures (pdftoppm)."""
from __future__ import annotations

import re
import subprocess
import unicodedata
from collections.abc import Callable
from pathlib import Path


def pdf_text(path: Path) -> str:
    """The PDF's text in reading order: ligatures undone (NFKC), runs of white space made single spaces."""
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", out))


def pdf_info(path: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return {k.strip(): v.strip() for k, v in (line.split(":", 1) for line in out.splitlines() if ":" in line)}


def pdf_pages(path: Path) -> int:
    return int(pdf_info(path)["Pages"])


def pdf_pngs(path: Path, out_dir: Path, name: str, dpi: int = 80) -> list[Path]:
    """Render every page to PNG (``name-1.png``, ...) for looking at."""
    out_dir.mkdir(parents=True, exist_ok=True)
    for old in out_dir.glob(f"{name}-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(path), str(out_dir / name)], check=True)
    return sorted(out_dir.glob(f"{name}-*.png"))


def count_pixels(png: Path, test: Callable[[int, int, int], bool]) -> int:
    """How many pixels of a rendered page pass ``test(r, g, b)``: is a picture (of its colours) there?"""
    from PIL import Image

    data = Image.open(png).convert("RGB").tobytes()
    return sum(1 for i in range(0, len(data), 3) if test(data[i], data[i + 1], data[i + 2]))
