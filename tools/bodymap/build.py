"""Draw the body-map figures and write resources/bodymap/ (SVGs + regions.yaml).

    python tools/bodymap/build.py [OUTPUT_DIR]

The drawings and their clickable regions come from the same curves, so they
always agree. tests/test_body_map_data.py checks that the shipped files are
what this script writes.
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from body import body_back, body_front  # noqa: E402
from drawing import COLOURS, Drawing  # noqa: E402
from face import face  # noqa: E402
from scalp import scalp_back, scalp_side, scalp_top  # noqa: E402

REPO = Path(__file__).resolve().parents[2]

HEADER = """\
# Body-map regions: where a click on each drawing lands, as a body site.
#
# Written by tools/bodymap/build.py together with the SVG drawings beside this
# file (edit the script and rebuild, so drawing and regions stay in step).
#
# Coordinates are fractions (0..1) of the drawing's width and height, origin
# at the top left. A point belongs to the first region listed that contains
# it, so small regions (an ear lobule, the sternal strip) are listed before
# the larger ones they sit on. A region may have several polygons.
# `site` is a code from body_sites.yaml; `laterality` is the patient's side
# (left / right / none). `facing` says how the patient is seen, and the loader
# checks every lateral region against it: on a "front" view the patient's
# right is on the viewer's left; on "back" and "top" views (the top view has
# the face at the top) the patient's left is on the viewer's left; "left" and
# "right" are profiles of that side of the head.
# `scalp_mask` (scalp views) is the hair-bearing scalp used for SALT painting.
# `default_views` names the view a lesion at that site opens on, where the
# rule "the view in which the site covers most of the drawing" would pick a
# less useful one. `colours` pairs each drawing colour with the
# one used on a dark palette.
"""


def drawings() -> list[Drawing]:
    return [body_front(), body_back(), face(), scalp_top(), scalp_back(), scalp_side("left"), scalp_side("right")]


def _poly(points: list[list[float]]) -> str:
    return "[" + ", ".join(f"[{x:g}, {y:g}]" for x, y in points) + "]"


def regions_yaml(items: list[Drawing]) -> str:
    lines = [HEADER, "version: 1", "colours:"]
    for name, (light, dark) in COLOURS.items():
        lines.append(f'  {name}: {{light: "{light}", dark: "{dark}"}}')
    lines += ["default_views:", '  "43067004": scalp_top   # skin of scalp', '  "61719002": scalp_top   # vertex',
              '  "73897004": face        # face', "views:"]
    for d in items:
        lines += [f"  {d.key}:", f"    drawing: {d.key}.svg",
                  f"    facing: {d.facing}", f"    aspect: {d.width / d.height:.6g}   # width / height"]
        if d.scalp_mask:
            lines.append(f"    scalp_mask: {_poly(d.normalised(d.scalp_mask))}")
        lines.append("    regions:")
        for r in d.regions:
            lines.append(f'      - name: "{r.name}"')
            lines.append(f'        site: "{r.site}"')
            lines.append(f"        laterality: {r.laterality}")
            lines.append("        polygons:")
            lines += [f"          - {_poly(d.normalised(p))}" for p in r.polygons]
    return "\n".join(lines) + "\n"


def write(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    items = drawings()
    written = []
    for d in items:
        path = out / f"{d.key}.svg"
        path.write_text(d.svg(), encoding="utf-8")
        written.append(path)
    path = out / "regions.yaml"
    path.write_text(regions_yaml(items), encoding="utf-8")
    written.append(path)
    return written


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "resources" / "bodymap"
    for p in write(target):
        print(p)
