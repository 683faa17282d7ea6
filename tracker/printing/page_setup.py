"""Paper size and margins: the clinic's setting, else what the locale uses."""
from __future__ import annotations

from PySide6.QtCore import QLocale, QMarginsF
from PySide6.QtGui import QPageLayout, QPageSize

#: Countries that use US Letter paper although their measurement system is metric.
_LETTER_TERRITORIES = frozenset({
    QLocale.Country.UnitedStates, QLocale.Country.Canada, QLocale.Country.Mexico,
    QLocale.Country.Philippines, QLocale.Country.Chile, QLocale.Country.Colombia,
    QLocale.Country.Venezuela, QLocale.Country.Guatemala, QLocale.Country.CostaRica,
    QLocale.Country.PuertoRico, QLocale.Country.Panama, QLocale.Country.DominicanRepublic,
})
_NAMED = {"a4": QPageSize.PageSizeId.A4, "letter": QPageSize.PageSizeId.Letter,
          "legal": QPageSize.PageSizeId.Legal, "a5": QPageSize.PageSizeId.A5}
MARGIN_MM = 15.0


def page_size_for(setting: str = "", locale: QLocale | None = None) -> QPageSize:
    """A4 or Letter (or another named size) from the setting; blank means the locale's usual paper."""
    named = _NAMED.get((setting or "").strip().lower())
    if named is not None:
        return QPageSize(named)
    locale = locale or QLocale.system()
    letter = (locale.measurementSystem() == QLocale.MeasurementSystem.ImperialUSSystem
              or locale.territory() in _LETTER_TERRITORIES)
    return QPageSize(QPageSize.PageSizeId.Letter if letter else QPageSize.PageSizeId.A4)


def page_layout_for(setting: str = "", locale: QLocale | None = None) -> QPageLayout:
    margins = QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM)
    return QPageLayout(page_size_for(setting, locale), QPageLayout.Orientation.Portrait, margins, QPageLayout.Unit.Millimeter)
