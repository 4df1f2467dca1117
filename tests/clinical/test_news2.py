"""NEWS2 (DOMAIN.md 3.1): every threshold of the RCP chart, the response bands and monitoring, the
UK Core example bundle with its copied temperature error, and properties over every plausible reading."""

from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from healthhub.clinical.news2 import (
    RULE_VERSION,
    Band,
    Consciousness,
    ImplausibleVitalSign,
    Monitoring,
    VitalSigns,
    implausible,
    score,
    uses_scale_2,
)
from tests.fhir_examples import example

NORMAL = VitalSigns(
    respiration_rate=16,
    spo2=97,
    on_oxygen=False,
    systolic_bp=120,
    pulse=70,
    consciousness=Consciousness.ALERT,
    temperature=Decimal("37.0"),
)


def _sub_scores(scale=1, **changes):
    return score(replace(NORMAL, **changes), scale=scale).sub_scores()


# The rows of the table in DOMAIN.md 3.1, at each edge of every band.
@pytest.mark.parametrize(
    ("respiration_rate", "expected"),
    [(1, 3), (8, 3), (9, 1), (11, 1), (12, 0), (20, 0), (21, 2), (24, 2), (25, 3), (80, 3)],
)
def test_respiration_rate_scores_by_the_chart(respiration_rate, expected):
    assert _sub_scores(respiration_rate=respiration_rate)["respiration_rate"] == expected


@pytest.mark.parametrize("on_oxygen", [False, True])
@pytest.mark.parametrize(
    ("spo2", "expected"),
    [(50, 3), (91, 3), (92, 2), (93, 2), (94, 1), (95, 1), (96, 0), (100, 0)],
)
def test_spo2_on_scale_1_scores_the_same_on_air_and_on_oxygen(spo2, on_oxygen, expected):
    assert _sub_scores(spo2=spo2, on_oxygen=on_oxygen)["spo2"] == expected


@pytest.mark.parametrize(
    ("spo2", "expected"),
    [(50, 3), (83, 3), (84, 2), (85, 2), (86, 1), (87, 1), (88, 0), (92, 0), (93, 0), (97, 0), (100, 0)],
)
def test_spo2_on_scale_2_breathing_air_never_scores_a_high_saturation(spo2, expected):
    assert _sub_scores(scale=2, spo2=spo2, on_oxygen=False)["spo2"] == expected


@pytest.mark.parametrize(
    ("spo2", "expected"),
    [
        (50, 3),
        (83, 3),
        (84, 2),
        (85, 2),
        (86, 1),
        (87, 1),
        (88, 0),
        (92, 0),
        (93, 1),
        (94, 1),
        (95, 2),
        (96, 2),
        (97, 3),
        (100, 3),
    ],
)
def test_spo2_on_scale_2_on_oxygen_scores_saturation_above_the_target(spo2, expected):
    assert _sub_scores(scale=2, spo2=spo2, on_oxygen=True)["spo2"] == expected


@pytest.mark.parametrize("scale", [1, 2])
@pytest.mark.parametrize(("on_oxygen", "expected"), [(False, 0), (True, 2)])
def test_supplemental_oxygen_scores_2_on_either_scale(scale, on_oxygen, expected):
    assert _sub_scores(scale=scale, on_oxygen=on_oxygen)["air_or_oxygen"] == expected


@pytest.mark.parametrize(
    ("systolic_bp", "expected"),
    [(40, 3), (90, 3), (91, 2), (100, 2), (101, 1), (110, 1), (111, 0), (219, 0), (220, 3), (300, 3)],
)
def test_systolic_blood_pressure_scores_by_the_chart(systolic_bp, expected):
    assert _sub_scores(systolic_bp=systolic_bp)["systolic_bp"] == expected


@pytest.mark.parametrize(
    ("pulse", "expected"),
    [(20, 3), (40, 3), (41, 1), (50, 1), (51, 0), (90, 0), (91, 1), (110, 1), (111, 2), (130, 2), (131, 3), (250, 3)],
)
def test_pulse_scores_by_the_chart(pulse, expected):
    assert _sub_scores(pulse=pulse)["pulse"] == expected


@pytest.mark.parametrize(
    ("consciousness", "expected"),
    [
        (Consciousness.ALERT, 0),
        (Consciousness.NEW_CONFUSION, 3),
        (Consciousness.VOICE, 3),
        (Consciousness.PAIN, 3),
        (Consciousness.UNRESPONSIVE, 3),
    ],
)
def test_anything_but_alert_scores_3(consciousness, expected):
    assert _sub_scores(consciousness=consciousness)["consciousness"] == expected


@pytest.mark.parametrize(
    ("temperature", "expected"),
    [
        ("25.0", 3),
        ("35.0", 3),
        ("35.05", 1),
        ("35.1", 1),
        ("36.0", 1),
        ("36.1", 0),
        ("37.5", 0),
        ("38.0", 0),
        ("38.05", 1),
        ("38.1", 1),
        ("39.0", 1),
        ("39.1", 2),
        ("45.0", 2),
    ],
)
def test_temperature_scores_by_the_chart(temperature, expected):
    assert _sub_scores(temperature=Decimal(temperature))["temperature"] == expected


@pytest.mark.parametrize("temperature", [38, 38.0, "38.0", " 38 ", Decimal("38.00")])
def test_a_temperature_of_38_scores_0_however_it_is_given(temperature):
    assert _sub_scores(temperature=temperature)["temperature"] == 0


@pytest.mark.parametrize("temperature", [38.1, "38.1", Decimal("38.1")])
def test_a_temperature_of_38_1_scores_1_however_it_is_given(temperature):
    assert _sub_scores(temperature=temperature)["temperature"] == 1


def test_sub_scores_come_in_the_order_of_the_observation_chart():
    assert list(score(NORMAL).sub_scores()) == [
        "respiration_rate",
        "spo2",
        "air_or_oxygen",
        "systolic_bp",
        "pulse",
        "consciousness",
        "temperature",
    ]


# The UK Core example bundle, read by the SNOMED codes of DOMAIN.md 3.1.
NEWS2_TOTAL = "1104051000000101"
BUNDLE_SUB_SCORE_CODES = {
    "1104301000000104": "respiration_rate",
    "1104311000000102": "spo2",
    "1104331000000105": "air_or_oxygen",
    "1104341000000101": "systolic_bp",
    "1104351000000103": "pulse",
    "1104361000000100": "consciousness",
    "1104371000000107": "temperature",
}
ACVPU_CODES = {"248234008": Consciousness.ALERT}  # SNOMED "Mentally alert"


def _codes(concept):
    return {coding["code"] for coding in concept["coding"] if coding["system"] == "http://snomed.info/sct"}


def _observation(bundle, snomed_code):
    (found,) = [entry["resource"] for entry in bundle["entry"] if snomed_code in _codes(entry["resource"]["code"])]
    return found


def _systolic(bundle):
    blood_pressure = _observation(bundle, "75367002")
    (systolic,) = [part["valueQuantity"]["value"] for part in blood_pressure["component"] if "72313002" in _codes(part["code"])]
    return systolic


def _vital_signs_from(bundle):
    (consciousness,) = _codes(_observation(bundle, "1104441000000107")["valueCodeableConcept"])
    _observation(bundle, "722742002")  # breathing room air: exactly one such observation
    return VitalSigns(
        respiration_rate=_observation(bundle, "86290005")["valueQuantity"]["value"],
        spo2=_observation(bundle, "103228002")["valueQuantity"]["value"],
        on_oxygen=False,
        systolic_bp=_systolic(bundle),
        pulse=_observation(bundle, "78564009")["valueQuantity"]["value"],
        consciousness=ACVPU_CODES[consciousness],
        temperature=_observation(bundle, "276885007")["valueQuantity"]["value"],
    )


@pytest.fixture
def bundle():
    return example("UKCore-Bundle-NEWS2Observations-Example")


def test_the_uk_core_example_reads_as_the_set_domain_md_describes(bundle):
    assert _vital_signs_from(bundle) == VitalSigns(21, 93, False, 120, 95, Consciousness.ALERT, 37.5)


def test_the_uk_core_example_totals_5_and_is_medium(bundle):
    result = score(_vital_signs_from(bundle))
    assert result.sub_scores() == {
        "respiration_rate": 2,
        "spo2": 2,
        "air_or_oxygen": 0,
        "systolic_bp": 0,
        "pulse": 1,
        "consciousness": 0,
        "temperature": 0,
    }
    assert (result.total, result.band, result.has_single_three) == (5, Band.MEDIUM, False)


def test_the_uk_core_example_wrongly_scores_37_5_as_1_and_totals_6(bundle):
    total = _observation(bundle, NEWS2_TOTAL)
    stated = {
        BUNDLE_SUB_SCORE_CODES[code]: part["valueQuantity"]["value"]
        for part in total["component"]
        for code in _codes(part["code"])
    }
    ours = score(_vital_signs_from(bundle)).sub_scores()
    assert total["valueQuantity"]["value"] == 6
    assert {name: (stated[name], ours[name]) for name in ours if stated[name] != ours[name]} == {"temperature": (1, 0)}


# Response bands and monitoring (chart 4), on sets with known totals.
@pytest.mark.parametrize(
    ("changes", "total", "band", "single_three", "monitoring"),
    [
        ({}, 0, Band.NONE, False, Monitoring("At least 12-hourly", 12)),
        ({"pulse": 95}, 1, Band.LOW, False, Monitoring("At least 4–6-hourly", 4)),
        ({"respiration_rate": 21, "pulse": 95, "temperature": "38.5"}, 4, Band.LOW, False, Monitoring("At least 4–6-hourly", 4)),
        ({"on_oxygen": True, "pulse": 111}, 4, Band.LOW, False, Monitoring("At least 4–6-hourly", 4)),
        ({"consciousness": Consciousness.NEW_CONFUSION}, 3, Band.LOW_MEDIUM, True, Monitoring("At least hourly", 1)),
        ({"systolic_bp": 90, "pulse": 95}, 4, Band.LOW_MEDIUM, True, Monitoring("At least hourly", 1)),
        ({"respiration_rate": 21, "spo2": 93, "pulse": 95}, 5, Band.MEDIUM, False, Monitoring("At least hourly", 1)),
        ({"respiration_rate": 21, "spo2": 93, "pulse": 111}, 6, Band.MEDIUM, False, Monitoring("At least hourly", 1)),
        ({"respiration_rate": 25, "spo2": 93, "pulse": 95}, 6, Band.MEDIUM, True, Monitoring("At least hourly", 1)),
        (
            {"respiration_rate": 25, "spo2": 92, "pulse": 111},
            7,
            Band.HIGH,
            True,
            Monitoring("Continuous monitoring: escalate out of the virtual ward", 0),
        ),
        (
            {"respiration_rate": 21, "spo2": 93, "on_oxygen": True, "pulse": 95},
            7,
            Band.HIGH,
            False,
            Monitoring("Continuous monitoring: escalate out of the virtual ward", 0),
        ),
    ],
)
def test_the_total_and_any_single_3_set_the_band_and_monitoring(changes, total, band, single_three, monitoring):
    result = score(replace(NORMAL, **changes))
    assert (result.total, result.band, result.has_single_three, result.monitoring) == (total, band, single_three, monitoring)


def test_every_score_records_the_rule_version_and_scale():
    assert RULE_VERSION == "rcp-news2-2017.1"
    assert (score(NORMAL).rule_version, score(NORMAL).scale) == (RULE_VERSION, 1)
    assert score(NORMAL, scale=2).scale == 2


# Scale 2 is for a clinician-prescribed 88-92 % target only.
@pytest.mark.parametrize(
    ("low", "high", "expected"),
    [
        (88, 92, True),
        (88, 93, False),
        (90, 94, False),
        (87, 92, False),
        (None, None, False),
        (88, None, False),
        (None, 92, False),
    ],
)
def test_scale_2_only_for_a_target_of_88_to_92(low, high, expected):
    assert uses_scale_2(low, high) is expected


# Impossible readings are refused, never scored.
@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("respiration_rate", 0, "Respiration rate must be between 1 and 80 breaths per minute"),
        ("respiration_rate", 81, "Respiration rate must be between 1 and 80 breaths per minute"),
        ("spo2", 49, "Oxygen saturation must be between 50 and 100%"),
        ("spo2", 101, "Oxygen saturation must be between 50 and 100%"),
        ("systolic_bp", 39, "Systolic blood pressure must be between 40 and 300 mmHg"),
        ("systolic_bp", 301, "Systolic blood pressure must be between 40 and 300 mmHg"),
        ("pulse", 19, "Pulse must be between 20 and 250 beats per minute"),
        ("pulse", 251, "Pulse must be between 20 and 250 beats per minute"),
        ("temperature", Decimal("24.9"), "Temperature must be between 25.0 and 45.0 °C"),
        ("temperature", "45.1", "Temperature must be between 25.0 and 45.0 °C"),
        ("temperature", 375, "Temperature must be between 25.0 and 45.0 °C"),  # a missed decimal point
        ("temperature", "thirty-seven", "Temperature must be between 25.0 and 45.0 °C"),
        ("temperature", float("nan"), "Temperature must be between 25.0 and 45.0 °C"),
        ("pulse", None, "Pulse must be between 20 and 250 beats per minute"),
    ],
)
def test_implausible_names_the_field_with_its_range_and_unit(field, value, message):
    assert implausible(**{field: value}) == {field: message}


def test_implausible_reports_every_bad_field_and_only_those():
    assert set(implausible(respiration_rate=0, spo2=97, systolic_bp=500, pulse=70, temperature="37.0")) == {
        "respiration_rate",
        "systolic_bp",
    }


@pytest.mark.parametrize(
    "values",
    [
        {},
        {"respiration_rate": 1, "spo2": 50, "systolic_bp": 40, "pulse": 20, "temperature": Decimal("25.0")},
        {"respiration_rate": 80, "spo2": 100, "systolic_bp": 300, "pulse": 250, "temperature": 45},
        {"temperature": "37.5"},
    ],
)
def test_implausible_is_empty_for_readings_in_range(values):
    assert implausible(**values) == {}


def test_implausible_refuses_a_field_that_is_not_a_reading():
    with pytest.raises(TypeError, match="diastolic_bp"):
        implausible(diastolic_bp=80)


@pytest.mark.parametrize("scale", [0, 3, True])
def test_score_refuses_a_scale_other_than_1_or_2(scale):
    with pytest.raises(ValueError, match="scale"):
        score(NORMAL, scale=scale)


def test_score_refuses_an_implausible_reading_naming_the_field():
    with pytest.raises(ValueError, match="pulse: Pulse must be between 20 and 250") as refused:
        score(replace(NORMAL, pulse=300))
    assert isinstance(refused.value, ImplausibleVitalSign)
    assert refused.value.errors == {"pulse": "Pulse must be between 20 and 250 beats per minute"}


# Properties over every plausible reading.
temperatures = st.decimals(min_value=Decimal("25.0"), max_value=Decimal("45.0"), places=1) | st.decimals(
    min_value=Decimal("25.0"), max_value=Decimal("45.0"), places=2
)
vital_signs = st.builds(
    VitalSigns,
    respiration_rate=st.integers(1, 80),
    spo2=st.integers(50, 100),
    on_oxygen=st.booleans(),
    systolic_bp=st.integers(40, 300),
    pulse=st.integers(20, 250),
    consciousness=st.sampled_from(Consciousness),
    temperature=temperatures,
)


@given(vital_signs, st.sampled_from([1, 2]))
def test_the_total_is_the_sum_and_the_band_follows_from_it(signs, scale):
    result = score(signs, scale=scale)
    sub_scores = result.sub_scores()
    assert result.total == sum(sub_scores.values())
    assert 0 <= result.total <= 20
    assert all(0 <= points <= 3 for points in sub_scores.values())
    assert result.has_single_three == (3 in sub_scores.values())
    if result.total >= 7:
        assert result.band == Band.HIGH
    elif result.total >= 5:
        assert result.band == Band.MEDIUM
    elif result.has_single_three:
        assert result.band == Band.LOW_MEDIUM
    elif result.total >= 1:
        assert result.band == Band.LOW
    else:
        assert result.band == Band.NONE


@given(vital_signs, vital_signs)
def test_a_worse_band_never_allows_a_longer_gap_between_observations(first, second):
    order = [Band.NONE, Band.LOW, Band.LOW_MEDIUM, Band.MEDIUM, Band.HIGH]
    calmer, sicker = sorted((score(first), score(second)), key=lambda result: order.index(result.band))
    assert sicker.monitoring.hours_between <= calmer.monitoring.hours_between


@given(vital_signs, st.integers(20, 80), st.integers(20, 80))
def test_a_faster_breathing_rate_above_20_never_scores_less(signs, first, second):
    slower, faster = sorted((first, second))
    assert (
        score(replace(signs, respiration_rate=slower)).respiration_rate
        <= score(replace(signs, respiration_rate=faster)).respiration_rate
    )


@given(vital_signs, st.integers(1, 12), st.integers(1, 12))
def test_a_slower_breathing_rate_below_12_never_scores_less(signs, first, second):
    slower, faster = sorted((first, second))
    assert (
        score(replace(signs, respiration_rate=slower)).respiration_rate
        >= score(replace(signs, respiration_rate=faster)).respiration_rate
    )


@given(vital_signs, st.integers(88, 100))
def test_scale_2_on_air_never_scores_a_saturation_of_88_or_more(signs, spo2):
    assert score(replace(signs, spo2=spo2, on_oxygen=False), scale=2).spo2 == 0


@given(vital_signs)
def test_scales_1_and_2_differ_only_in_the_spo2_score(signs):
    scale_1, scale_2 = score(signs, scale=1).sub_scores(), score(signs, scale=2).sub_scores()
    del scale_1["spo2"], scale_2["spo2"]
    assert scale_1 == scale_2


@given(vital_signs)
def test_a_temperature_scores_the_same_as_a_decimal_a_string_or_a_float(signs):
    as_decimal = score(signs).temperature
    assert score(replace(signs, temperature=str(signs.temperature))).temperature == as_decimal
    assert score(replace(signs, temperature=float(signs.temperature))).temperature == as_decimal
