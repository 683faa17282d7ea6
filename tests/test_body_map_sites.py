"""Where a point on a body-map drawing lands (Qt-free), and how the region
data is checked."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tracker.services.body_map import (
    VIEWS,
    BodyMapDataError,
    SiteHit,
    body_map,
    drawing_path,
    regions_file,
    resolve_site,
    scalp_mask,
    scalp_views,
    view_for_site,
)
from tracker.services.body_map_data import load_body_map, polygon_area
from tracker.services.body_sites import site_by_code

REPO = Path(__file__).resolve().parents[1]
SIZE = {"body_front": (400, 900), "body_back": (400, 900), "face": (600, 720), "scalp_top": (500, 500),
        "scalp_back": (500, 500), "scalp_left": (500, 500), "scalp_right": (500, 500)}

# (view, x, y in the drawing's own units, expected site code, laterality)
KNOWN_POINTS = [
    ("body_front", 115, 260, "45981001", "right"),   # viewer's left upper arm = patient's right
    ("body_back", 115, 260, "72939005", "left"),     # same spot from behind = patient's left
    ("body_front", 240, 560, "local:thigh", "left"),
    ("body_back", 240, 560, "local:thigh", "right"),
    ("body_front", 80, 500, "local:hand", "right"),
    ("body_front", 230, 245, "82038008", "left"),
    ("body_front", 200, 220, "244107007", "none"),
    ("body_front", 200, 85, "73897004", "none"),
    ("body_front", 200, 22, "43067004", "none"),
    ("body_front", 200, 135, "local:neck", "none"),
    ("body_front", 154, 80, "1902009", "right"),
    ("body_front", 232, 668, "local:knee", "left"),
    ("body_front", 100, 330, "local:elbow", "right"),
    ("body_front", 200, 480, "local:groin", "none"),
    ("body_back", 200, 300, "66643007", "none"),
    ("body_back", 170, 470, "local:buttock", "left"),
    ("body_back", 200, 410, "local:lower-back", "none"),
    ("face", 220, 420, "36141000", "right"),
    ("face", 380, 272, "367577003", "left"),
    ("face", 376, 314, "local:eyelid", "left"),
    ("face", 300, 380, "local:nose", "none"),
    ("face", 300, 560, "23747009", "none"),
    ("face", 300, 200, "local:forehead", "none"),
    ("face", 300, 80, "local:frontal-scalp", "none"),
    ("face", 150, 200, "16621002", "right"),
    ("face", 458, 410, "2059009", "left"),
    ("face", 478, 330, "79313003", "left"),
    ("face", 300, 475, "local:lip", "none"),
    ("face", 300, 650, "local:neck", "none"),
    ("scalp_top", 250, 290, "61719002", "none"),
    ("scalp_top", 250, 150, "local:frontal-scalp", "none"),
    ("scalp_top", 250, 430, "79951008", "none"),
    ("scalp_top", 150, 280, "21672008", "left"),     # from above, face at the top: viewer's left = patient's left
    ("scalp_top", 380, 250, "16621002", "right"),
    ("scalp_top", 85, 265, "1902009", "left"),
    ("scalp_back", 250, 70, "61719002", "none"),
    ("scalp_back", 250, 300, "79951008", "none"),
    ("scalp_back", 150, 170, "21672008", "left"),
    ("scalp_back", 350, 170, "21672008", "right"),
    ("scalp_back", 410, 250, "1902009", "right"),
    ("scalp_back", 250, 460, "local:neck", "none"),
    ("scalp_left", 400, 250, "79951008", "none"),
    ("scalp_left", 280, 190, "16621002", "left"),
    ("scalp_left", 300, 100, "21672008", "left"),
    ("scalp_left", 180, 110, "local:frontal-scalp", "none"),
    ("scalp_left", 295, 265, "1902009", "left"),
    ("scalp_left", 292, 320, "2059009", "left"),
    ("scalp_left", 170, 300, "36141000", "left"),
    ("scalp_right", 100, 250, "79951008", "none"),
    ("scalp_right", 220, 190, "16621002", "right"),
    ("scalp_right", 205, 265, "1902009", "right"),
    ("scalp_right", 330, 300, "36141000", "right"),
]


@pytest.mark.parametrize(("view", "x", "y", "code", "side"), KNOWN_POINTS)
def test_known_points_resolve_to_their_site_and_side(view, x, y, code, side):
    w, h = SIZE[view]
    hit = resolve_site(view, x / w, y / h)
    assert hit is not None, f"{view} ({x}, {y}) resolved to nothing"
    assert (hit.site_code, hit.laterality) == (code, side), hit
    assert hit.site_name == site_by_code(code).name


def test_front_and_back_mirror_the_patients_sides():
    for x in (0.2, 0.3, 0.62, 0.75):
        for y in (0.3, 0.45, 0.6, 0.8):
            front, back = resolve_site("body_front", x, y), resolve_site("body_back", x, y)
            if front is None or front.laterality == "none":
                continue
            assert back is not None and back.laterality != front.laterality, (x, y, front, back)
    # and the side views: the left profile is the patient's left, the right profile the right
    assert resolve_site("scalp_left", 0.56, 0.38).laterality == "left"
    assert resolve_site("scalp_right", 0.44, 0.38).laterality == "right"


def test_points_off_the_figure_or_the_drawing_resolve_to_nothing():
    assert resolve_site("body_front", 0.05, 0.05) is None
    assert resolve_site("body_front", 0.5, 0.99) is None        # between the feet
    assert resolve_site("scalp_top", 0.02, 0.98) is None
    assert resolve_site("face", -0.1, 0.5) is None
    assert resolve_site("face", 0.5, 1.2) is None


def test_a_click_on_the_outline_takes_the_nearest_region():
    # The top of the head in the body front view is at y = 16/900; just above it is the outline.
    hit = resolve_site("body_front", 0.5, 15 / 900)
    assert isinstance(hit, SiteHit) and hit.site_code == "43067004"
    assert resolve_site("body_front", 0.5, 4 / 900) is None


def test_unknown_view_is_a_clear_error():
    with pytest.raises(KeyError, match="unknown body-map view 'leg'"):
        resolve_site("leg", 0.5, 0.5)


def test_default_view_for_a_site():
    assert view_for_site("61719002") == "scalp_top"          # vertex
    assert view_for_site("79951008") == "scalp_back"         # occipital
    assert view_for_site("16621002", "left") == "scalp_left"  # temporal
    assert view_for_site("16621002", "right") == "scalp_right"
    assert view_for_site("73897004") == "face"
    assert view_for_site("36141000", "left") == "face"       # cheek
    assert view_for_site("66643007") == "body_back"          # back
    assert view_for_site("72939005", "right") == "body_back"  # upper arm, posterior
    assert view_for_site("local:knee", "left") == "body_front"
    assert view_for_site("770809003") == "body_front"        # on no drawing: the front of the body


def test_scalp_views_and_masks():
    assert scalp_views() == ("scalp_top", "scalp_back", "scalp_left", "scalp_right")
    for view in scalp_views():
        assert abs(polygon_area(scalp_mask(view))) > 0.2
    with pytest.raises(KeyError, match="no scalp mask"):
        scalp_mask("face")


def test_every_view_has_a_drawing_and_only_known_sites():
    data = body_map()
    assert list(data.views) == list(VIEWS)
    for key, view in data.views.items():
        assert drawing_path(key).read_text(encoding="utf-8").lstrip().startswith("<?xml")
        assert view.regions
        for region in view.regions:
            assert site_by_code(region.site_code) is not None


def test_shipped_drawings_are_what_the_drawing_script_makes(tmp_path):
    result = subprocess.run([sys.executable, str(REPO / "tools" / "bodymap" / "build.py"), str(tmp_path)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    shipped = regions_file().parent
    for made in sorted(tmp_path.iterdir()):
        assert made.read_text(encoding="utf-8") == (shipped / made.name).read_text(encoding="utf-8"), (
            f"{made.name} differs from tools/bodymap/build.py's output: run the script")


# -- checking the data ---------------------------------------------------------------------------

@pytest.fixture
def regions_copy(tmp_path):
    """A writable copy of the shipped regions and drawings, and a way to save edits."""
    folder = tmp_path / "bodymap"
    shutil.copytree(regions_file().parent, folder)
    path = folder / "regions.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))

    def save(edited: dict) -> Path:
        path.write_text(yaml.safe_dump(edited), encoding="utf-8")
        return path
    return data, save


def _region(data: dict, view: str, name: str) -> dict:
    return next(r for r in data["views"][view]["regions"] if r["name"] == name)


def _problems(path: Path) -> str:
    with pytest.raises(BodyMapDataError) as err:
        load_body_map(path)
    return str(err.value)


def test_the_shipped_data_passes_its_own_checks():
    load_body_map(regions_file())


def test_a_wrongly_mirrored_region_is_reported(regions_copy):
    data, save = regions_copy
    _region(data, "body_front", "Hand (right)")["laterality"] = "left"
    with pytest.raises(BodyMapDataError) as err:
        load_body_map(save(data))
    assert ("view 'body_front', region 'Hand (right)': laterality is 'left' but the region lies on the viewer's "
            "left of a front view, which is the patient's right") in str(err.value)


def test_the_back_view_uses_the_other_mirror(regions_copy):
    data, save = regions_copy
    _region(data, "body_back", "Hand (left)")["laterality"] = "right"
    with pytest.raises(BodyMapDataError, match="viewer's left of a back view, which is the patient's left"):
        load_body_map(save(data))


def test_every_problem_is_listed_with_where_it_is(regions_copy):
    data, save = regions_copy
    _region(data, "face", "Nose")["site"] = "12345"
    _region(data, "face", "Chin")["laterality"] = "left"
    _region(data, "scalp_left", "Ear (left)")["laterality"] = "right"
    _region(data, "scalp_top", "Vertex")["polygons"][0][0] = [1.4, 0.2]
    _region(data, "body_front", "Knee (left)")["laterality"] = "none"
    del data["views"]["scalp_back"]
    data["views"]["scalp_front"] = data["views"]["scalp_top"]
    text = _problems(save(data))
    for expected in (
        "regions.yaml has 7 problems",
        "view 'face', region 'Nose': site '12345' is not in body_sites.yaml",
        "view 'face', region 'Chin': Chin has no left or right; laterality must be none, found 'left'",
        "view 'scalp_left', region 'Ear (left)': a left profile shows the patient's left side, but laterality is 'right'",
        "view 'scalp_top', region 'Vertex', polygon #1: point #1 [1.4, 0.2] is outside the drawing",
        "region 'Knee (left)': Knee has a left and a right; say which",
        "view 'scalp_back': missing",
        "view 'scalp_front': unknown view",
    ):
        assert expected in text, text


def test_structural_mistakes_are_reported(regions_copy, tmp_path):
    data, save = regions_copy
    data["version"] = 2
    data["views"]["face"]["drawing"] = "nothing.svg"
    data["views"]["scalp_top"].pop("scalp_mask")
    data["views"]["body_back"]["regions"][0]["polygons"] = [[[0.1, 0.1], [0.2, 0.2]]]
    data["default_views"]["99999"] = "face"
    data["colours"]["skin"] = {"light": "beige", "dark": "#000000"}
    text = _problems(save(data))
    for expected in (
        "version: expected 1, found 2",
        "view 'face': drawing 'nothing.svg' not found beside the regions file",
        "view 'scalp_top', scalp_mask: must be a list of at least 3 [x, y] points",
        "polygon #1: must be a list of at least 3 [x, y] points",
        "default_views: site '99999' is not in body_sites.yaml",
        "colours, 'skin': needs light and dark colours written #rrggbb",
    ):
        assert expected in text, text
    broken = tmp_path / "broken.yaml"
    broken.write_text("views: [unclosed", encoding="utf-8")
    with pytest.raises(BodyMapDataError, match="broken.yaml has 1 problem:\n- is not valid YAML"):
        load_body_map(broken)
