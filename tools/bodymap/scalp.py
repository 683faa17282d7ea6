"""The scalp in the four SALT views (viewBox 500 x 500 each).

- top: seen from above, face towards the top of the drawing, so the
  patient's left is on the viewer's left;
- back: seen from behind, the patient's left on the viewer's left;
- left / right: profiles of that side (the left profile faces the viewer's
  left); the right view is the mirror image of the left.
"""
from __future__ import annotations

from drawing import Drawing
from geometry import ellipse_cell, inset, mirror, symmetric, whorl

S, CX = 500, 250
SCALP, VERTEX, OCCIPITAL, PARIETAL, TEMPORAL = "43067004", "61719002", "79951008", "21672008", "16621002"
FRONTAL = "local:frontal-scalp"


def _m(points):  # noqa: ANN001, ANN202
    return mirror(points, CX)


def _pair(d: Drawing, name: str, site: str, of: str, cell, near: str) -> None:  # noqa: ANN001
    """A lateral region given by its viewer-left cell, and its mirror image."""
    far = "right" if near == "left" else "left"
    d.region(f"{name} ({near})", site, near, of, cell)
    d.region(f"{name} ({far})", site, far, of, _m(cell))


def _strands(d: Drawing, strands) -> None:  # noqa: ANN001
    for s in strands:
        d.line(s, colour="strand", width=1.2)


_TOP_HALF = [(250, 46), (312, 56), (362, 92), (394, 156), (408, 236), (404, 316), (384, 386), (346, 440), (298, 468),
             (250, 474)]
TOP_HEAD = symmetric(_TOP_HALF, CX)
TOP_HAIR = symmetric([(250, 100, "c"), (298, 104), (342, 124), (376, 164)] + inset(_TOP_HALF[4:], CX, 260, 1.5), CX)
TOP_EAR = [(404, 232), (420, 236), (428, 258), (424, 290), (408, 300), (398, 268, "c")]


def scalp_top() -> Drawing:
    d = Drawing("scalp_top", "Scalp, top (vertex)", S, S, "top")
    d.shape("nose", [(236, 60, "c"), (242, 36), (250, 28), (258, 36), (264, 60, "c")])
    d.shape("ear_right", TOP_EAR)
    d.shape("ear_left", _m(TOP_EAR))
    d.shape("head", TOP_HEAD)
    d.shape("hair", TOP_HAIR, fill="hair", width=1.2, stroke="detail")
    d.line(TOP_HEAD, colour="outline", width=2.2, closed=True)
    d.line([(206, 70), (228, 60), (250, 57), (272, 60), (294, 70)])  # brow ridge
    # the crown whorl with hair running out from it
    d.line([(256, 326), (248, 322), (242, 330), (250, 338), (262, 334), (264, 322), (252, 312), (236, 318)],
           colour="strand", width=1.4)
    _strands(d, whorl(250, 328, inner=34, outer=118, count=16))
    d.mask("hair")
    # regions, first match wins
    d.region("Nose", "local:nose", "none", "nose")
    d.region("Ear (left)", "1902009", "left", "ear_left")
    d.region("Ear (right)", "1902009", "right", "ear_right")
    d.region("Vertex", VERTEX, "none", "hair", ellipse_cell(250, 290, 78, 92))
    _pair(d, "Temporal scalp", TEMPORAL, "hair", [(90, 170), (140, 170), (140, 330), (90, 330)], "left")
    d.region("Frontal scalp", FRONTAL, "none", "hair", [(80, 80), (420, 80), (420, 200), (80, 200)])
    d.region("Occipital scalp", OCCIPITAL, "none", "hair", [(80, 372), (420, 372), (420, 480), (80, 480)])
    _pair(d, "Parietal scalp", PARIETAL, "hair", [(80, 180), (250, 180), (250, 390), (80, 390)], "left")
    d.region("Forehead", "local:forehead", "none", "head", [(80, 30), (420, 30), (420, 150), (80, 150)])
    d.region("Skin of scalp", SCALP, "none", "head")
    return d


_BACK_HALF = [(250, 40), (318, 48), (370, 84), (398, 150), (404, 222), (394, 292), (372, 340), (344, 372)]
BACK_HEAD = symmetric(_BACK_HALF + [
    (330, 396), (328, 440), (340, 470), (372, 488), (440, 510, "c"), (250, 515, "c"),
], CX)
BACK_HAIR = symmetric(inset(_BACK_HALF, CX, 220, 1.5) + [(332, 378), (296, 392), (250, 396, "c")], CX)
BACK_EAR = [(398, 208), (416, 206), (426, 228), (424, 262), (414, 292), (398, 302, "c")]


def scalp_back() -> Drawing:
    d = Drawing("scalp_back", "Scalp, back", S, S, "back")
    d.shape("ear_left", _m(BACK_EAR))
    d.shape("ear_right", BACK_EAR)
    d.shape("head", BACK_HEAD)
    d.shape("hair", BACK_HAIR, fill="hair", width=1.2, stroke="detail")
    d.line(BACK_HEAD, colour="outline", width=2.2, closed=True)
    for side in (lambda p: p, _m):
        d.line(side([(404, 226), (416, 232), (414, 262), (406, 284)]))
        d.line(side([(300, 420), (304, 470)]))
    d.line([(250, 400), (250, 430)])
    # hair falls from the crown towards the nape
    _strands(d, [[(250, 70), (244, 200), (250, 380)], [(214, 66), (196, 200), (212, 376)],
                 [(286, 66), (304, 200), (288, 376)], [(176, 82), (150, 200), (170, 360)],
                 [(324, 82), (350, 200), (330, 360)], [(138, 114), (116, 210), (132, 320)],
                 [(362, 114), (384, 210), (368, 320)]])
    d.mask("hair")
    for side, near in (("left", True), ("right", False)):
        ear = f"ear_{side}"
        lobe = [(370, 270), (440, 270), (440, 320), (370, 320)]
        d.region(f"Ear lobule ({side})", "2059009", side, ear, _m(lobe) if near else lobe)
        d.region(f"Ear ({side})", "1902009", side, ear)
    d.region("Vertex", VERTEX, "none", "hair", [(100, 20), (400, 20), (400, 110), (100, 110)])
    _pair(d, "Parietal scalp", PARIETAL, "hair", [(80, 110), (250, 110), (250, 230), (80, 230)], "left")
    d.region("Occipital scalp", OCCIPITAL, "none", "hair", [(80, 110), (420, 110), (420, 420), (80, 420)])
    d.region("Neck", "local:neck", "none", "head", [(80, 370), (420, 370), (420, 500), (80, 500)])
    d.region("Skin of scalp", SCALP, "none", "head", [(0, 0), (500, 0), (500, 500), (0, 500)])
    return d


# The left profile: the face looks towards the viewer's left.
_SIDE_BACK = [(262, 44), (334, 52), (392, 88), (424, 150), (430, 222), (418, 290), (396, 336), (372, 364)]
SIDE_HEAD = _SIDE_BACK + [
    (366, 410), (368, 462), (386, 512, "c"), (194, 512, "c"), (200, 456), (196, 430, "c"),
    (168, 424), (138, 421), (120, 413), (110, 398), (111, 384), (115, 377), (108, 368), (109, 358, "c"),
    (104, 349), (106, 339), (112, 333, "c"), (96, 329), (82, 318), (86, 302), (100, 274), (108, 254, "c"),
    (104, 230), (105, 186), (114, 144), (136, 104), (180, 68),
]
SIDE_HAIR = [(128, 118), (142, 98)] + inset([(180, 68)] + _SIDE_BACK[:-1], 290, 220, 1.5) + [
    (376, 358, "c"), (346, 330), (330, 300), (330, 262), (320, 232), (296, 220), (272, 230), (262, 262), (258, 296),
    (248, 304, "c"), (236, 256), (214, 200), (178, 156), (140, 130, "c"),
]
SIDE_EAR = [(278, 234), (298, 222), (322, 232), (330, 264), (322, 298), (306, 322), (290, 330), (278, 320), (280, 298),
            (270, 276), (268, 252)]
SIDE_EYE = [(118, 252, "c"), (132, 244), (150, 248), (156, 254, "c"), (140, 260), (124, 258)]
SIDE_BROW = [(110, 228, "c"), (136, 220), (168, 224), (176, 230, "c"), (150, 230), (122, 234)]


def scalp_side(side: str) -> Drawing:
    """A profile of the ``side`` of the head; the right is the mirror of the left."""
    f = (lambda p: p) if side == "left" else _m
    d = Drawing(f"scalp_{side}", f"Scalp, {side} side", S, S, side)
    d.shape("head", f(SIDE_HEAD))
    d.shape("hair", f(SIDE_HAIR), fill="hair", width=1.2, stroke="detail")
    d.line(f(SIDE_HEAD), colour="outline", width=2.2, closed=True)
    d.shape("ear", f(SIDE_EAR))
    d.line(f([(292, 242), (312, 246), (314, 272), (302, 296), (292, 302)]))
    d.line(f([(284, 270), (294, 276), (290, 290)]))
    d.line(f(SIDE_BROW), colour="feature", fill="feature", closed=True, width=1)
    d.line(f(SIDE_EYE), colour="feature", closed=True, width=1.6)
    d.line(f([(100, 325), (110, 327), (114, 321)]), colour="feature")  # nostril
    d.line(f([(109, 358), (121, 359)]), colour="feature", width=1.6)  # lips
    d.line(f([(200, 456), (226, 470)]))
    d.line(f([(180, 300), (168, 340), (146, 360)]))
    _strands(d, [f(s) for s in [[(150, 110), (230, 76), (320, 74)], [(190, 150), (270, 110), (360, 110)],
                                 [(236, 200), (300, 160), (390, 160)], [(346, 196), (400, 220), (420, 270)],
                                 [(344, 300), (380, 310), (404, 290)]]])
    d.mask("hair")
    d.region(f"Ear lobule ({side})", "2059009", side, "ear", f([(260, 306), (340, 306), (340, 340), (260, 340)]))
    d.region(f"Ear ({side})", "1902009", side, "ear", f([(278, 244), (312, 244), (312, 304), (278, 304)]))
    d.region(f"Helix of ear ({side})", "79313003", side, "ear")
    d.region(f"Eyebrow ({side})", "367577003", side, "head", f(ellipse_cell(142, 226, 38, 14)))
    d.region(f"Eyelid ({side})", "local:eyelid", side, "head", f(ellipse_cell(136, 254, 30, 16)))
    d.region("Nose", "local:nose", "none", "head", f([(60, 264), (120, 264), (128, 334), (60, 334)]))
    d.region("Lips", "local:lip", "none", "head", f([(60, 334), (138, 334), (138, 382), (60, 382)]))
    d.region(f"Temporal scalp ({side})", TEMPORAL, side, "hair", f([(200, 170), (330, 170), (330, 320), (200, 320)]))
    d.region("Frontal scalp", FRONTAL, "none", "hair", f([(100, 40), (230, 40), (230, 200), (100, 200)]))
    d.region("Occipital scalp", OCCIPITAL, "none", "hair", f([(330, 170), (460, 170), (460, 400), (330, 400)]))
    d.region(f"Parietal scalp ({side})", PARIETAL, side, "hair", f([(200, 20), (460, 20), (460, 170), (200, 170)]))
    d.region("Forehead", "local:forehead", "none", "head", f([(60, 40), (230, 40), (230, 216), (60, 216)]))
    d.region("Chin", "23747009", "none", "head", f([(60, 384), (190, 384), (190, 430), (60, 430)]))
    d.region(f"Cheek ({side})", "36141000", side, "head", f([(100, 216), (330, 216), (380, 400), (100, 400)]))
    d.region("Neck", "local:neck", "none", "head", f([(150, 340), (400, 340), (400, 500), (150, 500)]))
    d.region("Skin of scalp", SCALP, "none", "head", [(0, 0), (500, 0), (500, 500), (0, 500)])
    return d
