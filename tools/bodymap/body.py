"""Whole-body figures, front and back (viewBox 400 x 900, standing, arms slightly out).

Both views share one silhouette; the front shows the patient's right on the
viewer's left, the back shows the patient's left on the viewer's left.
"""
from __future__ import annotations

from drawing import OUTLINE_WIDTH, Drawing
from geometry import ellipse_cell, mirror, symmetric

W, H, CX = 400, 900, 200

# The viewer-right half of the outline, from the crown down to the crotch.
HALF = [
    (200, 16, "c"), (222, 19), (236, 32), (242, 52), (242, 66),
    # ear
    (245, 67), (248, 76), (247, 88), (242, 96),
    # jaw, neck
    (238, 106), (230, 118), (222, 128), (221, 140),
    # trapezius, shoulder
    (226, 152), (248, 159), (270, 164), (285, 174), (292, 192),
    # outer arm
    (295, 220), (300, 260), (306, 300), (311, 325), (317, 360), (323, 400), (327, 432),
    # hand (palm forward, thumb out)
    (331, 446), (337, 456), (342, 468), (345, 482), (343, 491), (338, 490), (334, 480, "c"), (335, 496),
    (336, 514), (333, 529), (325, 536), (315, 533), (309, 519), (306, 498), (305, 472), (304, 448),
    # inner arm up to the armpit
    (301, 432), (295, 400), (287, 362), (280, 326), (274, 290), (268, 250), (263, 228), (259, 216, "c"),
    # side of the torso
    (257, 240), (257, 280), (252, 320), (249, 360), (252, 395), (259, 425), (265, 455),
    # outer leg
    (268, 490), (266, 540), (261, 600), (255, 650), (253, 685), (257, 720), (254, 765), (246, 810),
    (241, 838), (242, 852),
    # foot
    (247, 862), (253, 874), (252, 886), (242, 892), (226, 892), (214, 888), (211, 876), (213, 862),
    # inner leg up to the crotch
    (215, 845), (212, 815), (209, 770), (211, 720), (213, 680), (210, 645), (207, 590), (205, 535), (203, 500),
    (200, 492, "c"),
]
OUTLINE = symmetric(HALF, CX)


def _m(points):  # noqa: ANN001, ANN202
    return mirror(points, CX)


def _flip(cell):  # noqa: ANN001, ANN202
    return [(2 * CX - x, y) for x, y in reversed(cell)]


def _both(d: Drawing, points, **kw) -> None:  # noqa: ANN001
    d.line(points, **kw)
    d.line(_m(points), **kw)


def _sided(d: Drawing, back: bool, items) -> None:  # noqa: ANN001
    """Regions given by their viewer-left cell; the mirrored cell is the other side.
    On the front the viewer's left is the patient's right; on the back, the left."""
    near, far = ("left", "right") if back else ("right", "left")
    for name, site, cell in items:
        d.region(f"{name} ({near})", site, near, "body", cell)
        d.region(f"{name} ({far})", site, far, "body", _flip(cell))


def _limbs(back: bool) -> list:
    arm_site, arm_name = ("72939005", "Upper arm, back") if back else ("45981001", "Upper arm, front")
    return [
        ("Shoulder", "local:shoulder", [(96, 140), (178, 140), (178, 160), (141, 214), (96, 214)]),
        (arm_name, arm_site, [(96, 205), (141, 205), (141, 216), (135, 312), (80, 312)]),
        ("Elbow", "local:elbow", [(80, 312), (135, 312), (125, 346), (70, 346)]),
        ("Forearm", "local:forearm", [(70, 346), (125, 346), (110, 442), (58, 442)]),
        ("Hand", "local:hand", [(58, 442), (110, 442), (110, 545), (50, 545)]),
        ("Thigh", "local:thigh", [(120, 436), (200, 500), (200, 640), (120, 640)]),
        ("Knee", "local:knee", [(125, 640), (200, 640), (200, 700), (125, 700)]),
        ("Lower leg", "local:lower-leg", [(125, 700), (200, 700), (200, 852), (125, 852)]),
        ("Foot", "local:foot", [(120, 852), (200, 852), (200, 900), (120, 900)]),
    ]


def _head(d: Drawing, back: bool) -> None:
    near, far = ("left", "right") if back else ("right", "left")
    d.region(f"Ear ({near})", "1902009", near, "body", [(140, 60), (159, 60), (159, 100), (140, 100)])
    d.region(f"Ear ({far})", "1902009", far, "body", [(241, 60), (260, 60), (260, 100), (241, 100)])
    if back:
        d.region("Scalp", "43067004", "none", "body", [(150, 0), (250, 0), (250, 104), (150, 104)])
    else:
        d.region("Scalp", "43067004", "none", "hair")
        d.region("Face", "73897004", "none", "body", [(150, 0), (250, 0), (250, 112), (150, 112)])
    d.region("Neck", "local:neck", "none", "body", [(150, 100), (250, 100), (250, 145), (222, 158), (178, 158), (150, 145)])


def _figure(d: Drawing, hair: list) -> None:  # noqa: ANN001
    d.shape("body", OUTLINE)
    d.fill_only("hair", symmetric(hair, CX), "hair")
    d.line(OUTLINE, colour="outline", width=OUTLINE_WIDTH, closed=True)


def body_front() -> Drawing:
    d = Drawing("body_front", "Body, front", W, H, "front")
    _figure(d, [(200, 16, "c"), (222, 19), (236, 32), (242, 52), (241, 62, "c"), (236, 48), (226, 36), (212, 31), (200, 30)])
    # face
    _both(d, [(178, 67), (186, 64), (193, 67)], colour="feature")
    _both(d, [(180, 76), (186, 73.5), (192, 76)], colour="feature")
    d.line([(200, 76), (197, 92), (200, 95), (204, 94)])
    d.line([(190, 106), (200, 108), (210, 106)], colour="feature")
    # neck and clavicles
    _both(d, [(187, 124), (189, 142)])
    _both(d, [(205, 160), (232, 158), (262, 167)])
    # chest, nipples, navel
    _both(d, [(203, 250), (222, 263), (246, 257), (256, 240)])
    d.dot(230, 245, 2.2)
    d.dot(170, 245, 2.2)
    d.line([(200, 178), (200, 296)])
    d.line([(197, 364), (200, 369), (203, 364)])
    # groin, knees, fingers, elbow creases
    _both(d, [(256, 432), (232, 466), (207, 488)])
    _both(d, [(222, 658), (232, 666), (244, 658)])
    _both(d, [(314, 506), (315, 526)])
    _both(d, [(321, 508), (322, 531)])
    _both(d, [(328, 506), (329, 529)])
    _both(d, [(285, 331), (297, 334)])
    for x in (222, 231, 240):
        _both(d, [(x, 881), (x + 1, 888)])
    _head(d, back=False)
    d.region("Sternal region", "244107007", "none", "body", [(190, 162), (210, 162), (210, 290), (190, 290)])
    d.region("Breast (right)", "82038008", "right", "body", ellipse_cell(170, 245, 24, 23))
    d.region("Breast (left)", "82038008", "left", "body", ellipse_cell(230, 245, 24, 23))
    _sided(d, False, _limbs(back=False))
    d.region("Anterior thorax", "244106003", "none", "body", [(140, 140), (260, 140), (260, 300), (140, 300)])
    d.region("Abdomen", "local:abdomen", "none", "body", [(132, 300), (268, 300), (280, 417), (200, 470), (120, 417)])
    groin = [(120, 417), (200, 470), (200, 500), (120, 436)]
    d.region("Groin", "local:groin", "none", "body", groin, _flip(groin))
    return d


def body_back() -> Drawing:
    d = Drawing("body_back", "Body, back", W, H, "back")
    _figure(d, [(200, 16, "c"), (222, 19), (236, 32), (242, 52), (242, 66), (241, 84, "c"), (228, 97), (214, 102), (200, 103)])
    # neck, spine, shoulder blades
    d.line([(200, 120), (200, 418)])
    _both(d, [(221, 200), (224, 236), (236, 266)])
    _both(d, [(223, 210), (240, 202), (256, 198)])
    # lower back dimples, buttocks, backs of the knees, heels, elbows
    _both(d, [(212, 420), (216, 424)])
    d.line([(200, 440), (200, 492)])
    _both(d, [(203, 497), (230, 502), (262, 492)])
    _both(d, [(220, 670), (232, 674), (244, 670)])
    _both(d, [(298, 328), (305, 338)])
    _both(d, [(222, 872), (236, 874)])
    _head(d, back=True)
    _sided(d, True, [("Buttock", "local:buttock", [(125, 432), (200, 432), (200, 503), (125, 497)])] + _limbs(back=True))
    d.region("Back", "66643007", "none", "body", [(140, 140), (260, 140), (260, 385), (140, 385)])
    d.region("Lower back", "local:lower-back", "none", "body", [(132, 385), (268, 385), (268, 432), (132, 432)])
    return d
