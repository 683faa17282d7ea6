"""The face seen from the front (viewBox 600 x 720): the patient's right is on
the viewer's left."""
from __future__ import annotations

from drawing import OUTLINE_WIDTH, Drawing
from geometry import ellipse_cell, mirror, symmetric

W, H, CX = 600, 720, 300

HEAD = symmetric([
    (300, 58), (362, 64), (414, 98), (442, 160), (452, 236), (452, 300), (446, 360), (434, 420),
    (416, 470), (390, 518), (356, 560), (326, 584), (300, 591),
], CX)
HAIR = symmetric([
    (300, 30, "c"), (370, 36), (428, 74), (466, 146), (476, 230), (470, 300), (458, 322, "c"),
    (448, 282), (440, 222), (418, 176), (378, 152), (334, 143), (300, 141),
], CX)
NECK = symmetric([
    (300, 470, "c"), (388, 480), (392, 560), (396, 620), (420, 668), (500, 702), (610, 730, "c"), (300, 740, "c"),
], CX)
# The patient's left ear (on the viewer's right); the other is its mirror image.
EAR = [(446, 292), (466, 280), (484, 290), (490, 326), (484, 370), (474, 404), (462, 426), (448, 428, "c")]
BROW = [(328, 284), (346, 270), (380, 262), (414, 266), (430, 276, "c"), (412, 276), (380, 276), (348, 284), (330, 292, "c")]
EYE = [(334, 316, "c"), (352, 302), (378, 298), (402, 304), (418, 318, "c"), (400, 326), (376, 330), (352, 326)]
NOSE = symmetric([
    (300, 296, "c"), (314, 312), (322, 352), (332, 386), (346, 404), (338, 422), (316, 428), (300, 424, "c"),
], CX)
MOUTH = symmetric([(300, 460, "c"), (316, 455), (336, 462), (350, 474, "c"), (332, 488), (300, 494, "c")], CX)


def _m(points):  # noqa: ANN001, ANN202
    return mirror(points, CX)


def face() -> Drawing:
    d = Drawing("face", "Face", W, H, "front")
    d.shape("neck", NECK)
    d.shape("ear_left", EAR + [(438, 360)])
    d.shape("ear_right", _m(EAR + [(438, 360)]))
    d.shape("head", HEAD)
    d.shape("hair", HAIR, fill="hair", width=1.6)
    for side in (lambda p: p, _m):
        d.line(side([(458, 300), (474, 304), (478, 336), (470, 372), (460, 392)]))
        d.line(side([(456, 396), (464, 410), (458, 418)]))
        d.line(side(BROW), colour="feature", fill="feature", closed=True, width=1)
        d.line(side(EYE), colour="feature", closed=True, width=1.8)
        d.line(side([(376, 300), (364, 306), (362, 316), (368, 326), (384, 328), (392, 318), (390, 306)]), colour="feature",
               closed=True, width=1.2, fill="detail")
        d.line(side([(338, 340), (376, 348), (410, 338)]), width=1.1)
        d.line(side([(318, 410), (326, 416)]), colour="feature")
        d.line(side([(380, 430), (390, 470), (384, 510)]), width=1.0)
    # nose bridge and tip, lips, chin, neck
    d.line([(312, 318), (318, 356), (328, 388)])
    d.line([(300, 424), (286, 428), (280, 422)], colour="feature")
    d.line([(300, 424), (314, 428), (320, 422)], colour="feature")
    d.line(MOUTH, colour="feature", closed=True, width=1.5, fill="hair")
    d.line([(250, 474), (300, 477), (350, 474)], colour="feature", width=1.5)
    d.line([(280, 548), (300, 552), (320, 548)])
    d.line([(262, 608), (270, 660)])
    d.line([(338, 608), (330, 660)])
    d.line([(250, 690), (290, 700)])
    d.line([(350, 690), (310, 700)])
    _regions(d)
    return d


def _regions(d: Drawing) -> None:
    """First match wins: features, then hair, the rest of the face, ears, neck."""
    for side, lat, flip in (("right", "right", _m), ("left", "left", lambda p: p)):
        d.region(f"Eyebrow ({side})", "367577003", lat, "head", ellipse_cell(*flip([(380, 275)])[0], 58, 20))
        d.region(f"Eyelid ({side})", "local:eyelid", lat, "head", ellipse_cell(*flip([(376, 314)])[0], 50, 24))
    d.region("Nose", "local:nose", "none", "head", [(300, 290), (316, 298), (342, 392), (348, 426), (300, 436),
                                                   (252, 426), (258, 392), (284, 298)])
    d.region("Lips", "local:lip", "none", "head", ellipse_cell(300, 476, 76, 40))
    d.region("Chin", "23747009", "none", "head", [(220, 516), (380, 516), (380, 600), (220, 600)])
    d.region("Frontal scalp", "local:frontal-scalp", "none", "hair", [(210, 0), (390, 0), (390, 160), (210, 160)])
    d.region("Temporal scalp (right)", "16621002", "right", "hair", [(0, 0), (210, 0), (210, 340), (0, 340)])
    d.region("Temporal scalp (left)", "16621002", "left", "hair", [(390, 0), (600, 0), (600, 340), (390, 340)])
    d.region("Forehead", "local:forehead", "none", "head", [(140, 0), (460, 0), (460, 262), (140, 262)])
    d.region("Cheek (right)", "36141000", "right", "head", [(140, 262), (300, 262), (300, 600), (140, 600)])
    d.region("Cheek (left)", "36141000", "left", "head", [(300, 262), (460, 262), (460, 600), (300, 600)])
    for side, flip in (("right", _m), ("left", lambda p: p)):
        d.region(f"Ear lobule ({side})", "2059009", side, f"ear_{side}", flip([(430, 396), (500, 396), (500, 440), (430, 440)]))
        d.region(f"Helix of ear ({side})", "79313003", side, f"ear_{side}", flip([(470, 270), (500, 270), (500, 396), (470, 396)]))
        d.region(f"Ear ({side})", "1902009", side, f"ear_{side}")
    d.region("Neck", "local:neck", "none", "neck", [(0, 400), (600, 400), (600, 720), (0, 720)])
