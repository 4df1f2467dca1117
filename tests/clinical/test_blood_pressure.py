"""Blood pressure rules (DOMAIN.md 3.3, NICE NG136): the worked home-monitoring example, boundaries and properties.

The oracles for the properties restate DOMAIN.md's thresholds here and average with exact fractions,
never calling the code under test.
"""

from datetime import UTC, date, datetime, time, timedelta, timezone
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from healthhub.clinical.blood_pressure import (
    RULE_VERSION,
    SYMPTOM_LABELS,
    BpReading,
    BpTarget,
    Escalation,
    Setting,
    Stage,
    at_target,
    check_single_reading,
    hbpm_average,
    hbpm_days_still_needed,
    implausible,
    mean_rounded_half_up,
    stage,
    target,
)
from healthhub.clinical.deadlines import LONDON
from healthhub.clinical.rule_tables import load

SYMPTOMS = (
    "new_confusion",
    "chest_pain",
    "heart_failure_signs",
    "acute_kidney_injury",
    "visual_disturbance",
    "dizziness_or_fainting",
)
EMERGENCY_SYMPTOMS = frozenset(SYMPTOMS) - {"dizziness_or_fainting"}
ESCALATION_ORDER = [Escalation.NONE, Escalation.CLINICAL_REVIEW, Escalation.SAME_DAY_REVIEW, Escalation.EMERGENCY]
STAGE_ORDER = [Stage.NORMAL, Stage.STAGE_1, Stage.STAGE_2, Stage.SEVERE]
SITTING_TIMES = (time(7, 30), time(7, 32), time(19, 0), time(19, 2))  # two readings a sitting, morning and evening


def day_of_readings(day: date, pairs) -> list[BpReading]:
    return [
        BpReading(datetime.combine(day, at, tzinfo=LONDON), systolic, diastolic)
        for at, (systolic, diastolic) in zip(SITTING_TIMES, pairs, strict=True)
    ]


# DOMAIN.md 3.3 worked example: seven days of home readings, day 1 higher (the 'white coat' first day).
WORKED_FIRST_DAY = date(2025, 3, 3)
WORKED_DAY_1 = [(148, 92), (146, 90), (150, 94), (148, 92)]
WORKED_LATER_DAY = [(140, 88), (138, 86), (142, 90), (140, 88)]


def worked_example_readings(later_days: int = 6) -> list[BpReading]:
    readings = day_of_readings(WORKED_FIRST_DAY, WORKED_DAY_1)
    for offset in range(1, later_days + 1):
        readings += day_of_readings(WORKED_FIRST_DAY + timedelta(days=offset), WORKED_LATER_DAY)
    return readings


def test_the_worked_example_averages_140_0_over_88_0_from_24_readings_after_discarding_day_1():
    average = hbpm_average(worked_example_readings())
    assert average is not None
    assert (average.systolic, average.diastolic) == (Decimal("140.0"), Decimal("88.0"))
    assert (str(average.systolic), str(average.diastolic)) == ("140.0", "88.0")
    assert average.readings_used == 24
    assert average.days_used == 6
    assert average.first_day == WORKED_FIRST_DAY
    assert average.readings_discarded == 4
    assert average.rule_version == RULE_VERSION == "nice-ng136-2023.1"


def test_including_day_1_in_the_worked_example_would_wrongly_give_141_1_over_88_6():
    readings = worked_example_readings()
    assert mean_rounded_half_up([reading.systolic for reading in readings]) == Decimal("141.1")
    assert mean_rounded_half_up([reading.diastolic for reading in readings]) == Decimal("88.6")
    assert hbpm_average(readings).systolic != Decimal("141.1")


def test_day_1_plus_three_days_has_no_average_yet_and_needs_one_more_day():
    readings = worked_example_readings(later_days=3)
    assert hbpm_average(readings) is None
    assert hbpm_days_still_needed(readings) == 1


def test_day_1_plus_four_days_has_an_average():
    readings = worked_example_readings(later_days=4)
    average = hbpm_average(readings)
    assert average is not None
    assert (average.systolic, average.diastolic, average.readings_used, average.days_used) == (
        Decimal("140.0"),
        Decimal("88.0"),
        16,
        4,
    )
    assert hbpm_days_still_needed(readings) == 0


def test_days_still_needed_counts_day_1_when_nothing_is_recorded_yet():
    assert hbpm_days_still_needed([]) == 5
    assert hbpm_average([]) is None
    assert hbpm_days_still_needed(day_of_readings(WORKED_FIRST_DAY, WORKED_DAY_1)) == 4


def test_days_after_day_1_need_not_be_consecutive():
    readings = day_of_readings(WORKED_FIRST_DAY, WORKED_DAY_1)
    for offset in (2, 5, 9, 10):
        readings += day_of_readings(WORKED_FIRST_DAY + timedelta(days=offset), WORKED_LATER_DAY)
    assert hbpm_average(readings).days_used == 4


def test_several_readings_on_the_same_later_day_count_as_one_day():
    readings = worked_example_readings(later_days=3)
    readings += [BpReading(datetime(2025, 3, 6, 21, 0, tzinfo=LONDON), 140, 88)]
    assert hbpm_average(readings) is None


def test_a_mean_ending_in_exactly_5_hundredths_rounds_half_up():
    # Nineteen readings of 140 and one of 141: 2801 / 20 = 140.05, which rounds up to 140.1.
    readings = [BpReading(datetime(2025, 3, 3, 8, 0, tzinfo=LONDON), 200, 100)]
    systolics = [140] * 19 + [141]
    for index, systolic in enumerate(systolics):
        day = date(2025, 3, 4) + timedelta(days=index // 5)
        readings.append(BpReading(datetime.combine(day, time(8, index % 5), tzinfo=LONDON), systolic, 85))
    average = hbpm_average(readings)
    assert average.readings_used == 20
    assert average.systolic == Decimal("140.1")


def test_a_summer_reading_at_23_30_utc_belongs_to_the_next_london_day():
    day_1 = BpReading(datetime(2025, 7, 1, 10, 0, tzinfo=LONDON), 200, 100)
    late_evenings = [BpReading(datetime(2025, 7, day, 23, 30, tzinfo=UTC), 130, 80) for day in (1, 2, 3, 4)]
    average = hbpm_average([day_1, *late_evenings])
    # Counted in UTC, the 1 July 23:30 reading would share day 1 and only three days would remain.
    assert average is not None
    assert average.first_day == date(2025, 7, 1)
    assert (average.readings_discarded, average.readings_used, average.days_used) == (1, 4, 4)
    assert (average.systolic, average.diastolic) == (Decimal("130.0"), Decimal("80.0"))


def test_days_are_counted_in_london_time_across_the_clocks_going_forward():
    # The clocks went forward at 01:00 UTC on 30 March 2025: 23:30 UTC is 23:30 before it and 00:30 the next day after.
    day_1 = [
        BpReading(datetime(2025, 3, 29, 12, 0, tzinfo=UTC), 200, 100),
        BpReading(datetime(2025, 3, 29, 23, 30, tzinfo=UTC), 200, 100),
    ]
    later = [BpReading(datetime(2025, 3, day, 23, 30, tzinfo=UTC), 130, 80) for day in (30, 31)]
    later.append(BpReading(datetime(2025, 4, 2, 4, 30, tzinfo=timezone(timedelta(hours=5))), 130, 80))  # 1 April 23:30 UTC
    assert hbpm_average(day_1 + later) is None
    assert hbpm_days_still_needed(day_1 + later) == 1
    later.append(BpReading(datetime(2025, 4, 2, 23, 30, tzinfo=UTC), 130, 80))
    average = hbpm_average(day_1 + later)
    assert average.first_day == date(2025, 3, 29)
    assert (average.readings_discarded, average.readings_used, average.days_used) == (2, 4, 4)
    assert (average.systolic, average.diastolic) == (Decimal("130.0"), Decimal("80.0"))


def test_a_reading_with_a_naive_time_is_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        BpReading(datetime(2025, 3, 3, 8, 0), 130, 80)


@pytest.mark.parametrize(("systolic", "diastolic"), [(49, 30), (301, 90), (120, 19), (250, 201), (120, 120), (80, 90)])
def test_a_reading_with_implausible_values_is_refused(systolic, diastolic):
    with pytest.raises(ValueError, match="Implausible"):
        BpReading(datetime(2025, 3, 3, 8, 0, tzinfo=LONDON), systolic, diastolic)


@pytest.mark.parametrize(
    ("systolic", "diastolic", "expected"),
    [
        (None, None, {}),
        (50, 20, {}),
        (300, 200, {}),
        (49, None, {"systolic": "Systolic must be between 50 and 300 mmHg"}),
        (301, None, {"systolic": "Systolic must be between 50 and 300 mmHg"}),
        (None, 19, {"diastolic": "Diastolic must be between 20 and 200 mmHg"}),
        (None, 201, {"diastolic": "Diastolic must be between 20 and 200 mmHg"}),
        (120, 120, {"systolic": "The top number (systolic) must be higher than the bottom number (diastolic)"}),
        (80, 120, {"systolic": "The top number (systolic) must be higher than the bottom number (diastolic)"}),
        (121, 120, {}),
        (
            40,
            250,
            {"systolic": "Systolic must be between 50 and 300 mmHg", "diastolic": "Diastolic must be between 20 and 200 mmHg"},
        ),
    ],
)
def test_implausible_values_get_plain_english_messages_by_field(systolic, diastolic, expected):
    assert implausible(systolic, diastolic) == expected


@pytest.mark.parametrize(
    ("systolic", "diastolic", "setting", "expected"),
    [
        (139, 89, Setting.CLINIC, Stage.NORMAL),
        (140, 89, Setting.CLINIC, Stage.STAGE_1),
        (139, 90, Setting.CLINIC, Stage.STAGE_1),
        (159, 99, Setting.CLINIC, Stage.STAGE_1),
        (160, 99, Setting.CLINIC, Stage.STAGE_2),
        (159, 100, Setting.CLINIC, Stage.STAGE_2),
        (179, 119, Setting.CLINIC, Stage.STAGE_2),
        (180, 80, Setting.CLINIC, Stage.SEVERE),
        (150, 120, Setting.CLINIC, Stage.SEVERE),
        (134, 84, Setting.HOME, Stage.NORMAL),
        (135, 85, Setting.HOME, Stage.STAGE_1),
        (135, 84, Setting.HOME, Stage.STAGE_1),
        (134, 85, Setting.HOME, Stage.STAGE_1),
        (149, 94, Setting.HOME, Stage.STAGE_1),
        (150, 94, Setting.HOME, Stage.STAGE_2),
        (149, 95, Setting.HOME, Stage.STAGE_2),
        (200, 130, Setting.HOME, Stage.STAGE_2),
        (Decimal("134.9"), Decimal("84.9"), Setting.HOME, Stage.NORMAL),
        (Decimal("135.0"), Decimal("80.0"), Setting.HOME, Stage.STAGE_1),
    ],
)
def test_stage_boundaries_for_clinic_and_home(systolic, diastolic, setting, expected):
    assert stage(systolic, diastolic, setting) == expected


def test_the_worked_example_average_is_stage_1_at_home():
    average = hbpm_average(worked_example_readings())
    assert stage(average.systolic, average.diastolic, Setting.HOME) == Stage.STAGE_1


def expected_stage(systolic, diastolic, setting) -> Stage:
    """DOMAIN.md 3.3 restated: the higher stage of either value; severe only in clinic."""
    if setting == Setting.CLINIC:
        bands = [(Stage.SEVERE, 180, 120), (Stage.STAGE_2, 160, 100), (Stage.STAGE_1, 140, 90)]
    else:
        bands = [(Stage.STAGE_2, 150, 95), (Stage.STAGE_1, 135, 85)]

    def stage_of(value, index):
        return next((band[0] for band in bands if value >= band[index]), Stage.NORMAL)

    return max(stage_of(systolic, 1), stage_of(diastolic, 2), key=STAGE_ORDER.index)


settings_strategy = st.sampled_from(list(Setting))


@given(st.integers(50, 300), st.integers(20, 200), settings_strategy)
def test_stage_is_the_higher_stage_of_either_value_everywhere(systolic, diastolic, setting):
    assert stage(systolic, diastolic, setting) == expected_stage(systolic, diastolic, setting)


@given(st.integers(50, 300), st.integers(20, 200), st.integers(0, 100), st.integers(0, 100), settings_strategy)
def test_raising_either_value_never_lowers_the_stage(systolic, diastolic, systolic_rise, diastolic_rise, setting):
    before = STAGE_ORDER.index(stage(systolic, diastolic, setting))
    assert STAGE_ORDER.index(stage(systolic + systolic_rise, diastolic, setting)) >= before
    assert STAGE_ORDER.index(stage(systolic, diastolic + diastolic_rise, setting)) >= before


@given(st.integers(50, 300), st.integers(20, 200))
def test_home_readings_are_never_severe(systolic, diastolic):
    assert stage(systolic, diastolic, Setting.HOME) != Stage.SEVERE


@pytest.mark.parametrize(
    ("age", "setting", "systolic_below", "diastolic_below", "age_band"),
    [
        (79, Setting.CLINIC, 140, 90, "under 80"),
        (79, Setting.HOME, 135, 85, "under 80"),
        (80, Setting.CLINIC, 150, 90, "80 and over"),
        (80, Setting.HOME, 145, 85, "80 and over"),
        (18, Setting.HOME, 135, 85, "under 80"),
        (104, Setting.CLINIC, 150, 90, "80 and over"),
    ],
)
def test_targets_change_at_age_80(age, setting, systolic_below, diastolic_below, age_band):
    assert target(age, setting) == BpTarget(systolic_below, diastolic_below, setting, age_band)


def test_a_negative_age_has_no_target():
    with pytest.raises(ValueError):
        target(-1, Setting.CLINIC)


@pytest.mark.parametrize(
    ("age", "setting", "systolic", "diastolic", "expected"),
    [
        (79, Setting.HOME, 135, 84, False),
        (79, Setting.HOME, 134, 85, False),
        (79, Setting.HOME, 134, 84, True),
        (79, Setting.CLINIC, 140, 80, False),
        (79, Setting.CLINIC, 139, 89, True),
        (80, Setting.CLINIC, 149, 89, True),
        (80, Setting.CLINIC, 150, 89, False),
        (80, Setting.HOME, 144, 84, True),
        (80, Setting.HOME, 144, 85, False),
        (79, Setting.HOME, Decimal("134.9"), Decimal("84.9"), True),
    ],
)
def test_at_target_needs_both_values_strictly_below(age, setting, systolic, diastolic, expected):
    assert at_target(systolic, diastolic, target(age, setting)) is expected


@pytest.mark.parametrize(
    ("systolic", "diastolic", "symptoms", "expected"),
    [
        (179, 119, frozenset(), Escalation.NONE),
        (179, 119, frozenset({"chest_pain"}), Escalation.NONE),
        (180, 80, frozenset(), Escalation.SAME_DAY_REVIEW),
        (150, 120, frozenset(), Escalation.SAME_DAY_REVIEW),
        (185, 100, frozenset({"chest_pain"}), Escalation.EMERGENCY),
        (185, 100, frozenset({"dizziness_or_fainting"}), Escalation.SAME_DAY_REVIEW),
        (160, 125, frozenset({"visual_disturbance"}), Escalation.EMERGENCY),
        (85, 60, frozenset({"dizziness_or_fainting"}), Escalation.CLINICAL_REVIEW),
        (85, 60, frozenset({"new_confusion"}), Escalation.CLINICAL_REVIEW),
        (89, 60, frozenset({"dizziness_or_fainting"}), Escalation.CLINICAL_REVIEW),
        (90, 60, frozenset({"dizziness_or_fainting"}), Escalation.NONE),
        (85, 60, frozenset(), Escalation.NONE),
    ],
)
def test_single_reading_escalation(systolic, diastolic, symptoms, expected):
    check = check_single_reading(systolic, diastolic, symptoms)
    assert check.escalation == expected
    assert check.rule_version == RULE_VERSION
    assert bool(check.reasons) == (expected != Escalation.NONE)


@pytest.mark.parametrize("symptom", sorted(EMERGENCY_SYMPTOMS))
def test_each_red_flag_symptom_with_a_very_high_reading_means_999(symptom):
    assert check_single_reading(190, 110, frozenset({symptom})).escalation == Escalation.EMERGENCY


def test_escalation_reasons_name_the_values_and_symptoms_that_triggered_it():
    check = check_single_reading(185, 125, frozenset({"chest_pain"}))
    assert check.reasons == ("Systolic 185 mmHg is at or above 180", "Diastolic 125 mmHg is at or above 120", "With chest pain")
    assert check_single_reading(85, 60, frozenset({"dizziness_or_fainting"})).reasons == (
        "Systolic 85 mmHg is below 90",
        "With dizziness or fainting",
    )


def test_unknown_symptom_codes_are_refused():
    with pytest.raises(ValueError, match="Unknown symptom"):
        check_single_reading(185, 100, frozenset({"headache"}))


@pytest.mark.parametrize(("systolic", "diastolic"), [(301, 100), (49, 30), (120, 130), (150, 201)])
def test_a_single_reading_with_implausible_values_is_refused(systolic, diastolic):
    with pytest.raises(ValueError, match="Implausible"):
        check_single_reading(systolic, diastolic)


symptom_sets = st.frozensets(st.sampled_from(SYMPTOMS))


@given(st.integers(180, 300), st.integers(180, 300), st.integers(20, 179), symptom_sets)
def test_escalation_never_falls_as_systolic_rises_above_180(first, second, diastolic, symptoms):
    lower, higher = sorted((first, second))
    lower_rank = ESCALATION_ORDER.index(check_single_reading(lower, diastolic, symptoms).escalation)
    higher_rank = ESCALATION_ORDER.index(check_single_reading(higher, diastolic, symptoms).escalation)
    assert lower_rank <= higher_rank
    assert lower_rank >= ESCALATION_ORDER.index(Escalation.SAME_DAY_REVIEW)


@given(st.integers(50, 300), st.integers(20, 200), symptom_sets)
def test_escalation_matches_the_rule_for_every_plausible_reading(systolic, diastolic, symptoms):
    assume(systolic > diastolic)
    if systolic >= 180 or diastolic >= 120:
        expected = Escalation.EMERGENCY if symptoms & EMERGENCY_SYMPTOMS else Escalation.SAME_DAY_REVIEW
    elif systolic < 90 and symptoms:
        expected = Escalation.CLINICAL_REVIEW
    else:
        expected = Escalation.NONE
    assert check_single_reading(systolic, diastolic, symptoms).escalation == expected


def test_the_table_names_its_version_source_and_symptom_vocabulary():
    table = load("hypertension_ng136")
    assert table["version"] == RULE_VERSION
    assert "NG136" in table["source"]
    assert set(SYMPTOM_LABELS) == set(SYMPTOMS)
    assert all(label.strip() for label in SYMPTOM_LABELS.values())


# Home readings as (days after the first day, minute of the day, systolic, diastolic), built in London time.
blood_pressures = st.integers(70, 250).flatmap(
    lambda systolic: st.tuples(st.just(systolic), st.integers(30, min(systolic - 1, 150)))
)
home_readings = st.lists(st.tuples(st.integers(0, 13), st.integers(0, 24 * 60 - 1), blood_pressures), min_size=1, max_size=60)
first_days = st.dates(date(2024, 1, 1), date(2027, 12, 31))


def build(first_day: date, rows) -> list[tuple[date, BpReading]]:
    built = []
    for offset, minute, (systolic, diastolic) in rows:
        day = first_day + timedelta(days=offset)
        taken_at = datetime.combine(day, time(minute // 60, minute % 60), tzinfo=LONDON)
        built.append((day, BpReading(taken_at, systolic, diastolic)))
    return built


def exact_mean_half_up(values) -> Decimal:
    mean = Fraction(sum(values), len(values))
    return (Decimal(mean.numerator) / Decimal(mean.denominator)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@given(first_days, home_readings)
def test_the_average_is_the_mean_of_every_reading_after_the_earliest_day(first_day, rows):
    built = build(first_day, rows)
    day_1 = min(day for day, _ in built)
    used = [reading for day, reading in built if day > day_1]
    later_days = {day for day, _ in built if day > day_1}
    average = hbpm_average(reading for _, reading in built)
    assert hbpm_days_still_needed([reading for _, reading in built]) == max(0, 4 - len(later_days))
    if len(later_days) < 4:
        assert average is None
        return
    assert average.first_day == day_1
    assert average.readings_used == len(used)
    assert average.readings_discarded == len(built) - len(used)
    assert average.days_used == len(later_days)
    assert average.systolic == exact_mean_half_up([reading.systolic for reading in used])
    assert average.diastolic == exact_mean_half_up([reading.diastolic for reading in used])
    assert min(reading.systolic for reading in used) <= average.systolic <= max(reading.systolic for reading in used)
    assert min(reading.diastolic for reading in used) <= average.diastolic <= max(reading.diastolic for reading in used)


@given(first_days, home_readings, blood_pressures)
def test_the_average_never_uses_day_1(first_day, rows, day_1_values):
    built = build(first_day, rows)
    day_1 = min(day for day, _ in built)
    changed = [BpReading(reading.taken_at, *day_1_values) if day == day_1 else reading for day, reading in built]
    assert hbpm_average(changed) == hbpm_average(reading for _, reading in built)


@given(first_days, home_readings, st.randoms(use_true_random=False))
def test_the_average_does_not_depend_on_the_order_of_readings(first_day, rows, random):
    readings = [reading for _, reading in build(first_day, rows)]
    shuffled = readings[:]
    random.shuffle(shuffled)
    assert hbpm_average(shuffled) == hbpm_average(readings)
    assert hbpm_days_still_needed(shuffled) == hbpm_days_still_needed(readings)
