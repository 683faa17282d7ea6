"""The arithmetic of every outcome instrument, from the shipped data files."""
from __future__ import annotations

from decimal import Decimal

import pytest
import yaml

from tracker.services.instruments import InstrumentFileError, instrument, instruments, score_items
from tracker.services.instruments.definitions import instruments_folder, parse_instrument

D = Decimal


def salt(vertex, back, left, right):  # noqa: ANN001, ANN201
    return score_items(instrument("salt"), {"vertex": vertex, "back": back, "left": left, "right": right})


def test_every_shipped_instrument_loads_with_its_source():
    found = instruments()
    assert {"salt", "patch_regrowth", "vss", "posas_observer", "posas_patient", "keloid_size", "tps", "pga",
            "photo_length", "photo_area"} <= set(found)
    for inst in found.values():
        assert "domain.md" in inst.source or "photo" in inst.code, inst.code
        assert inst.versions and inst.score_metric


def test_salt_of_zero_and_of_a_bald_scalp():
    none = salt("0", "0", "0", "0")
    assert none.complete and none.score == 0 and none.band.code == "S0"
    total = salt("100", "100", "100", "100")
    assert total.score == 100 and total.band.code == "S5"


def test_salt_weights_each_view_exactly():
    # 40% of 60 + 24% of 50 + 18% of 12.5 + 18% of 0 = 24 + 12 + 2.25 = 38.25, exactly,
    # recorded at SALT's one decimal, rounded half up as people round (a float gives 38.2)
    result = salt("60", "50", "12.5", "0")
    assert result.score == D("38.3")
    assert salt("100", "0", "0", "0").score == 40
    assert salt("0", "100", "0", "0").score == 24
    assert salt("0", "0", "100", "0").score == 18 == salt("0", "0", "0", "100").score
    # Decimal, not float: 33.3 per view sums to exactly 33.3
    assert salt("33.3", "33.3", "33.3", "33.3").score == D("33.3")


@pytest.mark.parametrize("value, band", [
    ("0", "S0"), ("0.1", "S1"), ("24.9", "S1"), ("25", "S2"), ("49.9", "S2"), ("50", "S3"),
    ("74.9", "S3"), ("75", "S4"), ("99.9", "S4"), ("100", "S5"),
])
def test_salt_band_boundaries(value, band):
    # All four views at the same percentage give that SALT exactly.
    assert salt(value, value, value, value).band.code == band


def test_salt_with_a_missing_view_is_not_scored():
    result = salt("60", "50", "", None)
    assert not result.complete and result.score is None
    assert result.missing == ("left", "right")
    messages = result.item_messages(instrument("salt"))
    assert messages["left"] == "required: enter a number from 0 to 100 (up to 1 decimal place)"


@pytest.mark.parametrize("typed, message", [
    ("101", "out of range: enter a number from 0 to 100 (up to 1 decimal place)"),
    ("-1", "out of range"),
    ("12.25", "too many decimal places"),
    ("lots", "'lots' is not a number"),
])
def test_salt_view_refuses_bad_values_with_a_message(typed, message):
    result = salt(typed, "0", "0", "0")
    assert result.score is None
    assert message in result.errors["vertex"]


def test_a_decimal_comma_is_accepted_unless_it_could_group_thousands():
    assert salt("12,5", "0", "0", "0").values["vertex"] == D("12.5")
    assert salt("0,500", "0", "0", "0").values["vertex"] == D("0.5")
    assert salt("12,500", "0", "0", "0").errors["vertex"].startswith(
        "'12,500' could mean 12.5 or 12500: type it as 12.5 or as 12500")
    assert salt("12.500", "0", "0", "0").errors["vertex"].startswith("'12.500' could mean 12.5 or 12500")
    assert salt("12.125", "0", "0", "0").errors["vertex"].startswith("too many decimal places")  # read as a decimal point


def test_patch_regrowth_bands_at_the_study_thresholds():
    inst = instrument("patch_regrowth")
    codes = {v: score_items(inst, {"regrowth": v}).band.code for v in ("0", "24", "25", "74", "75", "99", "100")}
    assert codes == {"0": "<25", "24": "<25", "25": "25+", "74": "25+", "75": "75+", "99": "75+", "100": "100"}
    assert score_items(inst, {"regrowth": "12.5"}).errors["regrowth"].startswith("too many decimal places")


def test_vss_totals_and_item_ranges():
    inst = instrument("vss")
    top = score_items(inst, {"vascularity": 3, "pigmentation": 2, "pliability": 5, "height": 3})
    assert top.score == 13
    assert score_items(inst, {"vascularity": 0, "pigmentation": 0, "pliability": 0, "height": 0}).score == 0
    assert score_items(inst, {"vascularity": 2, "pigmentation": 1, "pliability": 3, "height": 2}).score == 8
    over = score_items(inst, {"vascularity": 1, "pigmentation": 3, "pliability": 1, "height": 1})
    assert over.score is None
    assert over.errors == {"pigmentation": "out of range: enter a whole number from 0 to 2"}
    half = score_items(inst, {"vascularity": "1.5", "pigmentation": 1, "pliability": 1, "height": 1})
    assert "whole number from 0 to 3" in half.errors["vascularity"]
    assert [v.code for v in inst.versions] == ["original", "modified"]
    assert inst.item("pliability").anchor_for(D(5)) == "contracture"


def test_posas_totals_leave_the_overall_opinion_out():
    observer = instrument("posas_observer")
    items = {"vascularity": 5, "pigmentation": 4, "thickness": 6, "relief": 3, "pliability": 7, "surface_area": 2, "overall": 9}
    result = score_items(observer, items)
    assert result.score == 27 and result.metrics["overall"] == 9
    assert score_items(observer, {**items, "thickness": 0}).errors["thickness"].startswith("out of range")
    assert score_items(observer, {k: v for k, v in items.items() if k != "overall"}).missing == ("overall",)
    patient = instrument("posas_patient")
    lowest = score_items(patient, {k: 1 for k in ("pain", "itch", "colour", "stiffness", "thickness", "irregularity", "overall")})
    highest = score_items(patient, {k: 10 for k in ("pain", "itch", "colour", "stiffness", "thickness", "irregularity", "overall")})
    assert (lowest.score, highest.score) == (6, 60)


def test_keloid_volume_and_area_are_exact_products():
    inst = instrument("keloid_size")
    result = score_items(inst, {"length": "12.5", "width": "8.2", "height": "3.1"})
    assert result.complete
    # 317.750 mm³ and 102.50 mm², recorded at the metrics' whole mm³ and mm²
    assert result.metrics["volume"] == D("318") == result.score
    assert result.metrics["area"] == D("103")
    assert result.metrics["height"] == D("3.1")
    assert "itch" not in result.metrics  # optional and empty: not guessed
    with_symptoms = score_items(inst, {"length": 20, "width": 10, "height": 6, "itch": 7, "pain": 0})
    assert with_symptoms.metrics["itch"] == 7 and with_symptoms.metrics["pain"] == 0
    assert score_items(inst, {"length": 20, "width": 10, "height": 6, "itch": 11}).errors["itch"].startswith("out of range")
    assert score_items(inst, {"length": 20, "width": 10}).missing == ("height",)
    assert inst.score_metric.format(D("317.750")) == "318 mm³"


def test_psoriasis_target_plaque_score_and_pga():
    tps = instrument("tps")
    assert score_items(tps, {"erythema": 4, "induration": 4, "scaling": 4}).score == 12
    assert score_items(tps, {"erythema": 0, "induration": 0, "scaling": 0}).score == 0
    assert score_items(tps, {"erythema": 5, "induration": 1, "scaling": 1}).errors["erythema"].startswith("out of range")
    pga = instrument("pga")
    assert score_items(pga, {"grade": 0}).band.label == "clear"
    assert score_items(pga, {"grade": 1}).band.label == "almost clear"
    assert score_items(pga, {"grade": 3}).band is None  # domain.md gives no wording for 2-4
    assert score_items(pga, {"grade": 5}).errors


def test_unknown_items_are_reported():
    result = score_items(instrument("tps"), {"erythema": 1, "induration": 1, "scaling": 1, "redness": 2})
    assert result.errors == {"redness": "Target plaque score has no item 'redness'"}
    assert not result.complete


def test_a_broken_instrument_file_is_refused_with_file_and_field_named():
    data = yaml.safe_load((instruments_folder() / "tps.yaml").read_text(encoding="utf-8"))
    bad_formula = {**data, "metrics": [{**data["metrics"][0], "formula": "average"}]}
    with pytest.raises(InstrumentFileError, match=r"tps.yaml: metrics\[0\].formula"):
        parse_instrument(bad_formula, "tps.yaml")
    with pytest.raises(InstrumentFileError, match="needs its source"):
        parse_instrument({**data, "source": ""}, "tps.yaml")
    with pytest.raises(InstrumentFileError, match="unknown: \\['redness'\\]"):
        parse_instrument({**data, "metrics": [{**data["metrics"][0], "of": ["redness"]}]}, "tps.yaml")
    with pytest.raises(InstrumentFileError, match="min is above max"):
        parse_instrument({**data, "items": [{**data["items"][0], "min": 5, "max": 1}]}, "tps.yaml")
