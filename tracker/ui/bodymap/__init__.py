"""Body-map widgets: drawings of the body, face and scalp to place lesions and
injection points on (``BodyMapWidget``) and to paint scalp hair loss for SALT
(``ScalpPaintWidget``). Site lookup lives in tracker.services.body_map."""
from tracker.ui.bodymap.body_map_widget import BodyMapWidget
from tracker.ui.bodymap.scalp_paint_widget import ScalpPaintWidget
from tracker.ui.bodymap.types import MapClick, MapMarker

__all__ = ["BodyMapWidget", "ScalpPaintWidget", "MapClick", "MapMarker"]
