"""The traffic-light assessment of a child under 5 with a respiratory infection (DOMAIN.md 3.2,
NICE NG143 table 1 and NICE NG9 1.3): every threshold on both sides, the age band edges, the 999 and
consider-hospital flags, and properties over the full plausible ranges.

The oracle for the properties is the rule as DOMAIN.md states it, written out below, never the table.
"""

import copy
from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from healthhub.clinical.child_respiratory import (
    RULE_VERSION,
    ChildObservation,
    Rating,
    assess,
    implausible,
    rule_table,
)
from healthhub.clinical.child_respiratory import _compile as compile_table
from healthhub.clinical.rule_tables import RuleTableError, load

SEVERITY = {Rating.GREEN: 0, Rating.AMBER: 1, Rating.RED: 2}
RED_SIGNS = [
    "grunting",
    "moderate_or_severe_chest_indrawing",
    "pale_mottled_or_blue",
    "no_response_or_does_not_wake",
    "apnoea",
    "central_cyanosis",
]
AMBER_SIGNS = ["nasal_flaring", "reduced_urine_output"]
DECIMAL_FIELDS = {"temperature", "capillary_refill_seconds"}


def child(age_months=30, **values):
    return ChildObservation(age_months=age_months, **values)


def codes(observation):
    return [reason.code for reason in assess(observation).reasons]


WELL_CHILD = child(
    respiration_rate=30,
    spo2_on_air=98,
    heart_rate=110,
    temperature=Decimal("37.0"),
    capillary_refill_seconds=Decimal("1.5"),
    feeding_percent_of_usual=100,
)

# (rule code, an observation exactly at the threshold that fires it, one just the other side that does not)
BOUNDARIES = [
    ("rr_over_60", child(3, respiration_rate=61), child(3, respiration_rate=60)),
    ("rr_over_60", child(0, respiration_rate=61), child(0, respiration_rate=60)),
    ("rr_over_60", child(59, respiration_rate=61), child(59, respiration_rate=60)),
    ("temperature_38_under_3_months", child(0, temperature=Decimal("38.0")), child(0, temperature=Decimal("37.9"))),
    ("temperature_38_under_3_months", child(2, temperature=Decimal("38.0")), child(2, temperature=Decimal("37.9"))),
    ("temperature_38_under_3_months", child(2, temperature=Decimal("38.0")), child(3, temperature=Decimal("38.0"))),
    (
        "bronchiolitis_rr_over_70",
        child(4, bronchiolitis=True, respiration_rate=71),
        child(4, bronchiolitis=True, respiration_rate=70),
    ),
    ("bronchiolitis_rr_over_70", child(4, bronchiolitis=True, respiration_rate=71), child(4, respiration_rate=71)),
    ("rr_over_50_6_to_12_months", child(6, respiration_rate=51), child(6, respiration_rate=50)),
    ("rr_over_50_6_to_12_months", child(6, respiration_rate=51), child(5, respiration_rate=51)),
    ("rr_over_50_6_to_12_months", child(11, respiration_rate=51), child(12, respiration_rate=51)),
    ("rr_over_40_from_12_months", child(12, respiration_rate=41), child(12, respiration_rate=40)),
    ("rr_over_40_from_12_months", child(12, respiration_rate=41), child(11, respiration_rate=41)),
    ("rr_over_40_from_12_months", child(59, respiration_rate=41), child(59, respiration_rate=40)),
    ("spo2_95_or_less_in_air", child(spo2_on_air=95), child(spo2_on_air=96)),
    ("hr_over_160_under_12_months", child(0, heart_rate=161), child(0, heart_rate=160)),
    ("hr_over_160_under_12_months", child(11, heart_rate=161), child(12, heart_rate=161)),
    ("hr_over_150_12_to_24_months", child(12, heart_rate=151), child(12, heart_rate=150)),
    ("hr_over_150_12_to_24_months", child(12, heart_rate=151), child(11, heart_rate=151)),
    ("hr_over_150_12_to_24_months", child(23, heart_rate=151), child(24, heart_rate=151)),
    ("hr_over_140_2_to_5_years", child(24, heart_rate=141), child(24, heart_rate=140)),
    ("hr_over_140_2_to_5_years", child(24, heart_rate=141), child(23, heart_rate=141)),
    ("hr_over_140_2_to_5_years", child(59, heart_rate=141), child(59, heart_rate=140)),
    (
        "capillary_refill_3_seconds_or_more",
        child(capillary_refill_seconds=Decimal("3.0")),
        child(capillary_refill_seconds=Decimal("2.9")),
    ),
    ("feeding_75_percent_or_less", child(feeding_percent_of_usual=75), child(feeding_percent_of_usual=76)),
    ("temperature_39_3_to_6_months", child(3, temperature=Decimal("39.0")), child(3, temperature=Decimal("38.9"))),
    ("temperature_39_3_to_6_months", child(3, temperature=Decimal("39.0")), child(2, temperature=Decimal("39.0"))),
    ("temperature_39_3_to_6_months", child(5, temperature=Decimal("39.0")), child(6, temperature=Decimal("39.0"))),
    ("bronchiolitis_spo2_below_92_in_air", child(bronchiolitis=True, spo2_on_air=91), child(bronchiolitis=True, spo2_on_air=92)),
    ("bronchiolitis_spo2_below_92_in_air", child(bronchiolitis=True, spo2_on_air=91), child(spo2_on_air=91)),
    (
        "bronchiolitis_spo2_below_92_in_air",
        child(bronchiolitis=True, spo2_on_air=91),
        child(bronchiolitis=True, spo2_on_air=None),
    ),
]


@pytest.mark.parametrize(("code", "fires", "does_not_fire"), BOUNDARIES)
def test_each_rule_fires_at_its_threshold_and_not_just_the_other_side(code, fires, does_not_fire):
    assert code in codes(fires)
    assert code not in codes(does_not_fire)


@pytest.mark.parametrize(
    ("sign", "code", "rating"),
    [
        ("grunting", "grunting", Rating.RED),
        ("moderate_or_severe_chest_indrawing", "chest_indrawing", Rating.RED),
        ("pale_mottled_or_blue", "pale_mottled_ashen_or_blue", Rating.RED),
        ("no_response_or_does_not_wake", "no_response_or_does_not_wake", Rating.RED),
        ("apnoea", "apnoea", Rating.RED),
        ("central_cyanosis", "central_cyanosis", Rating.RED),
        ("nasal_flaring", "nasal_flaring", Rating.AMBER),
        ("reduced_urine_output", "reduced_urine_output", Rating.AMBER),
    ],
)
def test_each_sign_alone_gives_its_rating(sign, code, rating):
    assessment = assess(replace(WELL_CHILD, **{sign: True}))
    assert assessment.rating == rating
    assert [(reason.code, reason.rating) for reason in assessment.reasons] == [(code, rating)]
    assert codes(replace(WELL_CHILD, **{sign: False})) == []


@pytest.mark.parametrize(
    ("observation", "rating"),
    [
        (child(11, heart_rate=155), Rating.GREEN),  # over 150 only counts from 12 months
        (child(12, heart_rate=155), Rating.AMBER),
        (child(23, heart_rate=145), Rating.GREEN),  # over 140 only counts from 2 years
        (child(24, heart_rate=145), Rating.AMBER),
        (child(5, respiration_rate=55), Rating.GREEN),  # under 6 months only over 60 counts
        (child(6, respiration_rate=55), Rating.AMBER),
        (child(11, respiration_rate=45), Rating.GREEN),
        (child(12, respiration_rate=45), Rating.AMBER),
        (child(2, temperature=Decimal("38.0")), Rating.RED),
        (child(3, temperature=Decimal("38.0")), Rating.GREEN),
        (child(3, temperature=Decimal("39.0")), Rating.AMBER),
        (child(6, temperature=Decimal("39.5")), Rating.GREEN),  # NG143 rates fever alone at 6 months and over by other signs
        (child(30, respiration_rate=61), Rating.RED),
    ],
)
def test_the_rating_changes_at_the_age_band_edges(observation, rating):
    assert assess(observation).rating == rating


@pytest.mark.parametrize("feeding", [0, 25, 49, 50, 75])
def test_feeding_below_half_of_usual_is_never_green(feeding):
    assessment = assess(child(feeding_percent_of_usual=feeding))
    assert assessment.rating == Rating.AMBER
    assert "less than 50%" in assessment.reasons[0].text


def test_a_well_child_is_green_with_no_reasons():
    assessment = assess(WELL_CHILD)
    assert assessment.rating == Rating.GREEN
    assert assessment.reasons == ()
    assert not assessment.call_999 and not assessment.consider_hospital
    assert assessment.rule_version == RULE_VERSION == "nice-ng143-ng9-2025.1"


def test_a_child_with_nothing_measured_is_green():
    assert assess(child(0)).rating == Rating.GREEN


def test_several_rules_fire_together_and_all_are_listed_red_first():
    observation = child(
        2,
        grunting=True,
        temperature=Decimal("38.4"),
        nasal_flaring=True,
        spo2_on_air=94,
        heart_rate=170,
        feeding_percent_of_usual=60,
    )
    assessment = assess(observation)
    assert assessment.rating == Rating.RED
    assert {reason.code: reason.rating for reason in assessment.reasons} == {
        "grunting": Rating.RED,
        "temperature_38_under_3_months": Rating.RED,
        "nasal_flaring": Rating.AMBER,
        "spo2_95_or_less_in_air": Rating.AMBER,
        "hr_over_160_under_12_months": Rating.AMBER,
        "feeding_75_percent_or_less": Rating.AMBER,
    }
    assert [reason.rating for reason in assessment.reasons] == [Rating.RED] * 2 + [Rating.AMBER] * 4
    assert all(reason.text for reason in assessment.reasons)


@pytest.mark.parametrize(
    "observation",
    [child(apnoea=True), child(central_cyanosis=True), child(7, bronchiolitis=True, respiration_rate=71)],
)
def test_apnoea_central_cyanosis_and_bronchiolitis_breathing_over_70_mean_call_999(observation):
    assessment = assess(observation)
    assert assessment.call_999 and assessment.rating == Rating.RED
    assert "call 999" in " ".join(reason.text for reason in assessment.reasons)


@pytest.mark.parametrize(
    "observation",
    [
        child(7, respiration_rate=71),
        child(7, bronchiolitis=True, respiration_rate=70),
        child(grunting=True),
        child(spo2_on_air=85),
    ],
)
def test_other_findings_do_not_ask_for_999(observation):
    assert not assess(observation).call_999


def test_bronchiolitis_with_saturation_below_92_in_air_means_consider_hospital():
    assessment = assess(child(4, bronchiolitis=True, spo2_on_air=91))
    assert assessment.consider_hospital and not assessment.call_999
    assert assessment.rating == Rating.AMBER
    assert "persists" in next(r.text for r in assessment.reasons if r.code == "bronchiolitis_spo2_below_92_in_air")


@pytest.mark.parametrize(
    "observation",
    [
        child(4, spo2_on_air=91),  # not bronchiolitis
        child(4, bronchiolitis=True, spo2_on_air=92),
        child(4, bronchiolitis=True, spo2_on_air=None),  # on oxygen
    ],
)
def test_no_consider_hospital_without_bronchiolitis_and_saturation_below_92_in_air(observation):
    assert not assess(observation).consider_hospital


def test_bronchiolitis_only_rules_do_not_fire_without_bronchiolitis():
    assert codes(child(7, respiration_rate=75, spo2_on_air=88)) == [
        "rr_over_60",
        "rr_over_50_6_to_12_months",
        "spo2_95_or_less_in_air",
    ]
    with_bronchiolitis = codes(child(7, bronchiolitis=True, respiration_rate=75, spo2_on_air=88))
    assert "bronchiolitis_rr_over_70" in with_bronchiolitis and "bronchiolitis_spo2_below_92_in_air" in with_bronchiolitis


@pytest.mark.parametrize("age", [-1, 60, 120])
def test_ages_outside_the_table_are_refused(age):
    with pytest.raises(ValueError, match="age_months"):
        assess(child(age))


@pytest.mark.parametrize("age", [None, 6.5, True, "12"])
def test_an_age_that_is_not_whole_months_is_refused(age):
    with pytest.raises(ValueError, match="age_months"):
        assess(child(age))


@pytest.mark.parametrize("age", [0, 59])
def test_the_first_and_last_month_are_in_the_table(age):
    assert assess(child(age)).rating == Rating.GREEN


PLAUSIBLE = {
    "respiration_rate": (5, 150, "breaths/min"),
    "spo2_on_air": (50, 100, "%"),
    "heart_rate": (40, 300, "beats/min"),
    "temperature": (Decimal("30.0"), Decimal("44.0"), "°C"),
    "capillary_refill_seconds": (Decimal("0"), Decimal("10"), "seconds"),
    "feeding_percent_of_usual": (0, 150, "% of usual"),
}


def _step(field):
    return Decimal("0.1") if field in DECIMAL_FIELDS else 1


@pytest.mark.parametrize("field", PLAUSIBLE)
def test_the_plausible_limits_are_accepted_and_just_beyond_them_refused(field):
    low, high, unit = PLAUSIBLE[field]
    assert implausible(**{field: low}) == {} and implausible(**{field: high}) == {}
    for value in (low - _step(field), high + _step(field)):
        message = implausible(**{field: value})[field]
        assert str(low) in message and str(high) in message and unit in message
        with pytest.raises(ValueError, match=field):
            assess(child(**{field: value}))


def test_implausible_reads_like_a_sentence_for_the_nurse():
    assert implausible(spo2_on_air=40) == {
        "spo2_on_air": "Oxygen saturation in air 40% is outside the plausible range 50–100%: check the reading."
    }
    assert implausible(temperature=Decimal("45.2"))["temperature"].startswith("Temperature 45.2 °C is outside")


def test_implausible_reports_every_bad_field_and_ignores_missing_ones():
    assert implausible(respiration_rate=200, heart_rate=20, spo2_on_air=None, temperature=Decimal("37.0")).keys() == {
        "respiration_rate",
        "heart_rate",
    }
    assert implausible() == {}


def test_a_temperature_that_is_not_a_number_is_implausible():
    assert "temperature" in implausible(temperature=Decimal("NaN"))
    assert "temperature" in implausible(temperature=Decimal("Infinity"))


def test_implausible_refuses_a_field_it_does_not_know():
    with pytest.raises(TypeError, match="spo2"):
        implausible(spo2=97)


# The table itself


RAW = load("child_respiratory")


def test_the_table_names_its_version_and_its_sources_and_that_sign_off_is_pending():
    assert RAW["version"] == RULE_VERSION
    assert "NG143" in RAW["source"] and "table 1" in RAW["source"] and "NG9" in RAW["source"]
    assert "sign-off pending" in RAW["source"]


def test_the_table_covers_under_fives_in_half_open_age_bands():
    assert RAW["covers_months"] == {"from": 0, "below": 60}
    assert [(band["from"], band["below"]) for band in RAW["age_bands_months"]] == [(0, 3), (3, 6), (6, 12), (12, 24), (24, 60)]
    assert any("6 <= age < 12" in note and "age >= 12" in note for note in RAW["notes"])


def test_the_plausible_ranges_are_the_agreed_ones():
    for field, (low, high, unit) in PLAUSIBLE.items():
        limits = RAW["plausible"][field]
        assert (limits["min"], limits["max"], limits["unit"]) == (low, high, unit)


def test_every_rule_code_is_unique_and_every_rule_has_a_rating_and_a_reason():
    rule_codes = [rule["code"] for rule in RAW["rules"]]
    assert len(rule_codes) == len(set(rule_codes)) == 21
    assert all(rule["rating"] in ("red", "amber") and rule["reason"].strip() for rule in RAW["rules"])


def _firing(rule):
    """The observation at the rule's threshold, at the youngest age it applies to."""
    values = {}
    for condition in rule["when"]:
        field = condition["field"]
        (comparison, threshold), *_ = ((key, value) for key, value in condition.items() if key != "field")
        threshold = Decimal(str(threshold)) if field in DECIMAL_FIELDS else threshold
        nudge = {"is": 0, "above": 1, "at_least": 0, "at_most": 0, "below": -1}[comparison]
        values[field] = threshold if comparison == "is" else threshold + nudge * _step(field)
    return child(rule.get("ages_months", {}).get("from", 0), **values)


def _just_outside(rule, observation):
    """Each condition pushed one step over to the side where it no longer holds, and the ages either side."""
    for condition in rule["when"]:
        field = condition["field"]
        value = getattr(observation, field)
        if "is" in condition:
            yield replace(observation, **{field: not value})
        else:
            # The firing value sits on the threshold's firing side; one step back crosses it.
            back = -_step(field) if ("above" in condition or "at_least" in condition) else _step(field)
            yield replace(observation, **{field: value + back})
    ages = rule.get("ages_months")
    if ages and ages["from"] > 0:
        yield replace(observation, age_months=ages["from"] - 1)
    if ages and ages["below"] < 60:
        yield replace(observation, age_months=ages["below"])


@pytest.mark.parametrize("rule", RAW["rules"], ids=lambda rule: rule["code"])
def test_every_rule_in_the_table_can_fire_and_stops_just_outside_its_threshold(rule):
    observation = _firing(rule)
    assessment = assess(observation)
    fired = {reason.code: reason for reason in assessment.reasons}
    assert fired[rule["code"]].rating == rule["rating"] and fired[rule["code"]].text == rule["reason"]
    assert assessment.call_999 == (rule.get("action") == "call_999")
    assert assessment.consider_hospital == (rule.get("action") == "consider_hospital")
    for outside in _just_outside(rule, observation):
        assert rule["code"] not in codes(outside), outside


def _named(table, code):
    return next(rule for rule in table["rules"] if rule["code"] == code)


@pytest.mark.parametrize(
    ("change", "complaint"),
    [
        (lambda table: table["rules"].append(copy.deepcopy(_named(table, "rr_over_60"))), "unique"),
        (lambda table: _named(table, "rr_over_50_6_to_12_months").update(ages_months={"from": 7, "below": 12}), "age band edges"),
        (lambda table: _named(table, "rr_over_60")["when"][0].update(field="respiratory_rate"), "respiratory_rate"),
        (lambda table: _named(table, "rr_over_60").update(rating="yellow"), "red or amber"),
        (lambda table: _named(table, "rr_over_60").update(when=[]), "every child"),
        (lambda table: _named(table, "rr_over_60")["when"][0].update(above=60.5), "whole numbers"),
        (lambda table: _named(table, "apnoea").update(action="call_111"), "call_111"),
        (lambda table: table["age_bands_months"].pop(2), "age bands"),
        (lambda table: table["plausible"].pop("heart_rate"), "plausible range"),
    ],
)
def test_a_table_with_a_mistake_is_refused(change, complaint):
    table = copy.deepcopy(RAW)
    change(table)
    with pytest.raises(RuleTableError, match=complaint):
        compile_table(table)


def test_the_compiled_table_keeps_the_decimal_thresholds_exact():
    thresholds = {rule.code: rule.conditions[-1].threshold for rule in rule_table().rules}
    assert thresholds["temperature_38_under_3_months"] == Decimal("38.0")
    assert thresholds["capillary_refill_3_seconds_or_more"] == Decimal("3")


# Properties over the full plausible ranges, against DOMAIN.md 3.2 written out by hand


def _over(value, limit):
    return value is not None and value > limit


def _at_least(value, limit):
    return value is not None and value >= limit


def _at_most(value, limit):
    return value is not None and value <= limit


def expected_red(o):
    return (
        _over(o.respiration_rate, 60)
        or o.grunting
        or o.moderate_or_severe_chest_indrawing
        or o.pale_mottled_or_blue
        or o.no_response_or_does_not_wake
        or (o.age_months < 3 and _at_least(o.temperature, 38))
        or o.apnoea
        or o.central_cyanosis
        or (o.bronchiolitis and _over(o.respiration_rate, 70))
    )


def expected_amber(o):
    age = o.age_months
    return (
        (6 <= age < 12 and _over(o.respiration_rate, 50))
        or (age >= 12 and _over(o.respiration_rate, 40))
        or _at_most(o.spo2_on_air, 95)
        or o.nasal_flaring
        or (age < 12 and _over(o.heart_rate, 160))
        or (12 <= age < 24 and _over(o.heart_rate, 150))
        or (age >= 24 and _over(o.heart_rate, 140))
        or _at_least(o.capillary_refill_seconds, 3)
        or _at_most(o.feeding_percent_of_usual, 75)
        or o.reduced_urine_output
        or (3 <= age < 6 and _at_least(o.temperature, 39))
        or (o.bronchiolitis and _at_most(o.spo2_on_air, 91))
    )


def _maybe(strategy):
    return st.none() | strategy


observations = st.builds(
    ChildObservation,
    age_months=st.integers(0, 59),
    bronchiolitis=st.booleans(),
    respiration_rate=_maybe(st.integers(5, 150)),
    spo2_on_air=_maybe(st.integers(50, 100)),
    heart_rate=_maybe(st.integers(40, 300)),
    temperature=_maybe(st.decimals(Decimal("30.0"), Decimal("44.0"), places=1)),
    capillary_refill_seconds=_maybe(st.decimals(Decimal("0"), Decimal("10"), places=1)),
    grunting=st.booleans(),
    moderate_or_severe_chest_indrawing=st.booleans(),
    pale_mottled_or_blue=st.booleans(),
    no_response_or_does_not_wake=st.booleans(),
    apnoea=st.booleans(),
    central_cyanosis=st.booleans(),
    nasal_flaring=st.booleans(),
    feeding_percent_of_usual=_maybe(st.integers(0, 150)),
    reduced_urine_output=st.booleans(),
)
# Mostly-well children, so green and amber come up as often as red.
calm_observations = observations.map(lambda o: replace(o, **dict.fromkeys([*RED_SIGNS, *AMBER_SIGNS], False))) | observations


@hypothesis_settings(max_examples=500)
@given(calm_observations)
def test_the_rating_is_the_worst_reason_and_matches_domain(observation):
    assessment = assess(observation)
    ratings = [reason.rating for reason in assessment.reasons]
    assert (assessment.rating == Rating.RED) == (Rating.RED in ratings)
    assert (assessment.rating == Rating.AMBER) == (Rating.AMBER in ratings and Rating.RED not in ratings)
    assert (assessment.rating == Rating.GREEN) == (ratings == [])
    assert ratings == sorted(ratings, key=SEVERITY.get, reverse=True)
    expected = Rating.RED if expected_red(observation) else Rating.AMBER if expected_amber(observation) else Rating.GREEN
    assert assessment.rating == expected
    assert assessment.call_999 == (
        observation.apnoea
        or observation.central_cyanosis
        or (observation.bronchiolitis and _over(observation.respiration_rate, 70))
    )
    assert assessment.consider_hospital == (observation.bronchiolitis and _at_most(observation.spo2_on_air, 91))
    assert assessment.rule_version == RULE_VERSION


@given(calm_observations, st.sampled_from(RED_SIGNS + AMBER_SIGNS + ["bronchiolitis"]))
def test_adding_a_sign_never_lowers_the_rating(observation, sign):
    before = assess(observation)
    after = assess(replace(observation, **{sign: True}))
    assert SEVERITY[after.rating] >= SEVERITY[before.rating]
    assert {reason.code for reason in before.reasons} <= {reason.code for reason in after.reasons}
    if sign in RED_SIGNS:
        assert after.rating == Rating.RED


WORSE = {
    "respiration_rate": (1, 150),
    "heart_rate": (1, 300),
    "temperature": (Decimal("0.1"), Decimal("44.0")),
    "capillary_refill_seconds": (Decimal("0.1"), Decimal("10")),
    "spo2_on_air": (-1, 50),
    "feeding_percent_of_usual": (-1, 0),
}


@given(calm_observations, st.sampled_from(sorted(WORSE)), st.integers(1, 50))
def test_a_worse_measurement_never_lowers_the_rating(observation, field, steps):
    value = getattr(observation, field)
    if value is None:
        return
    step, limit = WORSE[field]
    worse = min(value + steps * step, limit) if step > 0 else max(value + steps * step, limit)
    assert SEVERITY[assess(replace(observation, **{field: worse})).rating] >= SEVERITY[assess(observation).rating]


@given(
    st.sampled_from(sorted(PLAUSIBLE)),
    st.sampled_from(["below", "above"]),
    st.integers(1, 1000),
)
def test_any_value_beyond_a_plausible_range_is_refused_naming_the_field(field, side, distance):
    low, high, _unit = PLAUSIBLE[field]
    value = low - distance * _step(field) if side == "below" else high + distance * _step(field)
    assert field in implausible(**{field: value})
    with pytest.raises(ValueError, match=field):
        assess(child(**{field: value}))
