"""The response deadline rule (DOMAIN.md 2.2): worked examples, edge cases and properties.

The oracle for the properties is the `holidays` package itself plus the rule as DOMAIN.md states it,
never the code under test.
"""

from datetime import UTC, date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import holidays
import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from healthhub.clinical.deadlines import (
    DEFAULT_RULE,
    LONDON,
    DeadlineRule,
    effective_receipt,
    is_bank_holiday,
    is_core_hours,
    is_working_day,
    next_working_day,
    response_deadline,
)

CORE_START = time(8, 0)
CORE_END = time(18, 30)
FIRST_YEAR, LAST_YEAR = 2020, 2030
ENGLAND = holidays.country_holidays("GB", subdiv="ENG", years=range(FIRST_YEAR - 1, LAST_YEAR + 3))


def london(year, month, day, hour=10, minute=0, second=0, fold=0) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=LONDON, fold=fold)


def end_of_core_hours(day: date) -> datetime:
    return datetime.combine(day, CORE_END, tzinfo=LONDON)


def working(day: date) -> bool:
    return day.weekday() < 5 and day not in ENGLAND


def working_days_after(day: date, count: int) -> date:
    for _ in range(count):
        day += timedelta(days=1)
        while not working(day):
            day += timedelta(days=1)
    return day


# DOMAIN.md 2.2 "Worked dates (received -> next working day)".
WORKED_EXAMPLES = [
    (date(2025, 12, 24), date(2025, 12, 29)),  # Christmas Day, Boxing Day, weekend
    (date(2025, 4, 17), date(2025, 4, 22)),  # Good Friday, weekend, Easter Monday
    (date(2026, 4, 2), date(2026, 4, 7)),  # Easter 2026
    (date(2026, 5, 22), date(2026, 5, 26)),  # weekend, Spring bank holiday
    (date(2026, 12, 24), date(2026, 12, 29)),  # Boxing Day on a Saturday, substituted to Monday 28th
]


@pytest.mark.parametrize(("received", "next_day"), WORKED_EXAMPLES, ids=[str(r) for r, _ in WORKED_EXAMPLES])
def test_worked_examples_from_the_domain_reference(received, next_day):
    assert next_working_day(received) == next_day
    assert response_deadline(london(received.year, received.month, received.day, 10)) == end_of_core_hours(next_day)


@pytest.mark.parametrize(("received", "next_day"), WORKED_EXAMPLES, ids=[str(r) for r, _ in WORKED_EXAMPLES])
def test_worked_examples_received_after_core_hours_get_one_more_working_day(received, next_day):
    evening = london(received.year, received.month, received.day, 19)
    assert response_deadline(evening) == end_of_core_hours(next_working_day(next_day))


@pytest.mark.parametrize(
    ("holiday", "name"),
    [
        (date(2022, 6, 2), "Spring bank holiday moved for the Platinum Jubilee"),
        (date(2022, 6, 3), "Platinum Jubilee"),
        (date(2022, 9, 19), "State funeral of Queen Elizabeth II"),
        (date(2023, 5, 8), "Coronation of King Charles III"),
        (date(2026, 12, 28), "Boxing Day 2026 substitute"),
        (date(2022, 12, 27), "Christmas Day 2022 substitute"),
        (date(2022, 1, 3), "New Year's Day 2022 substitute"),
        (date(2026, 4, 3), "Good Friday 2026"),
        (date(2026, 8, 31), "Summer bank holiday 2026"),
    ],
)
def test_one_off_and_substitute_bank_holidays_are_not_working_days(holiday, name):
    assert is_bank_holiday(holiday), name
    assert not is_working_day(holiday), name


def test_the_day_before_a_bank_holiday_is_an_ordinary_working_day():
    assert is_working_day(date(2022, 6, 1)) and not is_bank_holiday(date(2022, 6, 1))


@pytest.mark.parametrize(
    ("received_at", "deadline_day"),
    [
        (london(2022, 6, 1, 12), date(2022, 6, 6)),  # Jubilee Thursday and Friday
        (london(2022, 9, 16, 12), date(2022, 9, 20)),  # funeral Monday
        (london(2023, 5, 5, 12), date(2023, 5, 9)),  # coronation Monday
        (london(2026, 4, 3, 12), date(2026, 4, 8)),  # received on Good Friday: counts from Tuesday
        (london(2026, 4, 6, 12), date(2026, 4, 8)),  # received on Easter Monday
        (london(2026, 5, 25, 9), date(2026, 5, 27)),  # received on a bank holiday morning
    ],
)
def test_bank_holidays(received_at, deadline_day):
    assert response_deadline(received_at) == end_of_core_hours(deadline_day)


@pytest.mark.parametrize(
    ("received_at", "deadline_day"),
    [
        (london(2022, 12, 23, 12), date(2022, 12, 28)),  # Christmas on a Sunday: Boxing Day and the 27th off
        (london(2022, 12, 23, 19), date(2022, 12, 29)),
        (london(2025, 12, 31, 12), date(2026, 1, 2)),  # New Year's Eve, New Year's Day
        (london(2025, 12, 31, 19), date(2026, 1, 5)),
        (london(2021, 12, 31, 12), date(2022, 1, 4)),  # New Year's Day on a Saturday: the 3rd off
        (london(2026, 12, 24, 19), date(2026, 12, 30)),  # Christmas Eve evening: the longest wait
        (london(2027, 12, 24, 12), date(2027, 12, 29)),  # both Christmas days substituted
        (london(2026, 12, 25, 12), date(2026, 12, 30)),  # received on Christmas Day
    ],
)
def test_christmas_and_new_year_runs(received_at, deadline_day):
    assert response_deadline(received_at) == end_of_core_hours(deadline_day)


@pytest.mark.parametrize(
    ("received_at", "deadline_day"),
    [
        (london(2026, 3, 6, 10), date(2026, 3, 9)),  # Friday in core hours: Monday
        (london(2026, 3, 6, 18, 30), date(2026, 3, 10)),  # Friday after core hours: Tuesday
        (london(2026, 3, 7, 10), date(2026, 3, 10)),  # Saturday: counts from Monday 08:00
        (london(2026, 3, 8, 23, 59), date(2026, 3, 10)),  # Sunday night
    ],
)
def test_weekends(received_at, deadline_day):
    assert response_deadline(received_at) == end_of_core_hours(deadline_day)


@pytest.mark.parametrize(
    ("received_at", "counts_from"),
    [
        (london(2026, 3, 2, 0, 0), london(2026, 3, 2, 8, 0)),  # just after midnight on a Monday
        (london(2026, 3, 2, 7, 59, 59), london(2026, 3, 2, 8, 0)),  # a second before core hours
        (london(2026, 3, 2, 8, 0), london(2026, 3, 2, 8, 0)),  # exactly the start: in core hours
        (london(2026, 3, 2, 12, 15), london(2026, 3, 2, 12, 15)),
        (london(2026, 3, 2, 18, 29, 59), london(2026, 3, 2, 18, 29, 59)),  # a second before the end
        (london(2026, 3, 2, 18, 30), london(2026, 3, 3, 8, 0)),  # exactly the end: next working day
        (london(2026, 3, 2, 23, 59), london(2026, 3, 3, 8, 0)),
        (london(2026, 3, 6, 18, 30), london(2026, 3, 9, 8, 0)),  # Friday evening: Monday morning
    ],
)
def test_out_of_hours_arrivals_count_from_8am_on_the_next_working_day(received_at, counts_from):
    assert effective_receipt(received_at) == counts_from


@pytest.mark.parametrize(
    ("received_at", "deadline_day"),
    [
        (london(2026, 3, 2, 7, 59), date(2026, 3, 3)),
        (london(2026, 3, 2, 8, 0), date(2026, 3, 3)),
        (london(2026, 3, 2, 18, 29), date(2026, 3, 3)),
        (london(2026, 3, 2, 18, 30), date(2026, 3, 4)),
        (london(2026, 3, 3, 0, 0), date(2026, 3, 4)),
    ],
)
def test_out_of_hours_deadlines(received_at, deadline_day):
    assert response_deadline(received_at) == end_of_core_hours(deadline_day)


def test_is_core_hours_at_the_boundaries():
    assert not is_core_hours(london(2026, 3, 2, 7, 59, 59))
    assert is_core_hours(london(2026, 3, 2, 8, 0))
    assert is_core_hours(london(2026, 3, 2, 18, 29, 59))
    assert not is_core_hours(london(2026, 3, 2, 18, 30))
    assert not is_core_hours(london(2026, 3, 7, 12, 0))  # Saturday
    assert not is_core_hours(london(2026, 4, 3, 12, 0))  # Good Friday


class TestClockChanges:
    """Clocks go forward on the last Sunday of March and back on the last Sunday of October."""

    def test_deadline_after_the_clocks_go_forward_is_1830_summer_time(self):
        deadline = response_deadline(london(2026, 3, 27, 12))  # Friday, still GMT
        assert deadline == datetime(2026, 3, 30, 17, 30, tzinfo=UTC)
        assert deadline.utcoffset() == timedelta(hours=1)

    def test_deadline_after_the_clocks_go_back_is_1830_gmt(self):
        deadline = response_deadline(london(2026, 10, 23, 12))  # Friday, still BST
        assert deadline == datetime(2026, 10, 26, 18, 30, tzinfo=UTC)
        assert deadline.utcoffset() == timedelta(0)

    @pytest.mark.parametrize(
        ("received_utc", "deadline_day"),
        [
            (datetime(2026, 3, 30, 6, 59, tzinfo=UTC), date(2026, 3, 31)),  # 07:59 BST
            (datetime(2026, 3, 30, 17, 29, tzinfo=UTC), date(2026, 3, 31)),  # 18:29 BST: in core hours
            (datetime(2026, 3, 30, 17, 30, tzinfo=UTC), date(2026, 4, 1)),  # 18:30 BST: after core hours
            (datetime(2026, 10, 26, 18, 29, tzinfo=UTC), date(2026, 10, 27)),  # 18:29 GMT
            (datetime(2026, 10, 26, 18, 30, tzinfo=UTC), date(2026, 10, 28)),  # 18:30 GMT
        ],
    )
    def test_core_hours_follow_london_clocks_not_utc(self, received_utc, deadline_day):
        assert response_deadline(received_utc) == end_of_core_hours(deadline_day)

    def test_out_of_hours_on_the_friday_before_the_change_counts_from_monday_8am_local(self):
        assert effective_receipt(datetime(2026, 3, 27, 18, 45, tzinfo=UTC)) == datetime(2026, 3, 30, 7, 0, tzinfo=UTC)
        assert effective_receipt(datetime(2026, 10, 23, 17, 45, tzinfo=UTC)) == datetime(2026, 10, 26, 8, 0, tzinfo=UTC)

    @pytest.mark.parametrize("fold", [0, 1])
    def test_the_repeated_hour_in_october_is_a_sunday_either_way(self, fold):
        assert response_deadline(london(2026, 10, 25, 1, 30, fold=fold)) == end_of_core_hours(date(2026, 10, 27))

    def test_the_missing_hour_in_march_is_a_sunday(self):
        assert response_deadline(london(2026, 3, 29, 1, 30)) == end_of_core_hours(date(2026, 3, 31))


@pytest.mark.parametrize(
    "zone",
    [UTC, ZoneInfo("America/New_York"), ZoneInfo("Asia/Kolkata"), ZoneInfo("Australia/Sydney"), timezone(timedelta(hours=-3))],
    ids=str,
)
@pytest.mark.parametrize(
    "instant",
    [london(2026, 3, 2, 18, 29), london(2026, 3, 2, 18, 30), london(2026, 7, 1, 7, 59), london(2026, 12, 24, 12)],
    ids=str,
)
def test_the_same_instant_in_any_timezone_gives_the_same_deadline(zone, instant):
    assert response_deadline(instant.astimezone(zone)) == response_deadline(instant)


def test_the_deadline_is_given_in_london_time():
    deadline = response_deadline(datetime(2026, 6, 1, 9, 0, tzinfo=UTC))
    assert deadline.tzinfo == LONDON
    assert deadline.timetz().replace(tzinfo=None) == CORE_END


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        response_deadline(datetime(2026, 3, 2, 10, 0))
    with pytest.raises(ValueError, match="timezone-aware"):
        effective_receipt(datetime(2026, 3, 2, 10, 0))
    with pytest.raises(ValueError, match="timezone-aware"):
        is_core_hours(datetime(2026, 3, 2, 10, 0))


class TestLocalRule:
    """Some services promise two working days, or keep different core hours (LOCAL)."""

    def test_two_working_days(self):
        rule = DeadlineRule(working_days=2)
        assert response_deadline(london(2025, 12, 24, 10), rule) == end_of_core_hours(date(2025, 12, 30))
        assert response_deadline(london(2026, 3, 6, 19), rule) == end_of_core_hours(date(2026, 3, 11))

    def test_other_core_hours(self):
        rule = DeadlineRule(core_start=time(9, 0), core_end=time(17, 0))
        assert effective_receipt(london(2026, 3, 2, 8, 30), rule) == london(2026, 3, 2, 9, 0)
        assert response_deadline(london(2026, 3, 2, 17, 0), rule) == datetime(2026, 3, 4, 17, 0, tzinfo=LONDON)

    def test_the_default_rule_is_the_hubs_one_working_day_and_names_its_source(self):
        assert DEFAULT_RULE.working_days == 1
        assert (DEFAULT_RULE.core_start, DEFAULT_RULE.core_end) == (CORE_START, CORE_END)
        assert DEFAULT_RULE.version and DEFAULT_RULE.source


# --- Properties -------------------------------------------------------------------------------

ZONES = st.sampled_from([LONDON, UTC, ZoneInfo("America/New_York"), ZoneInfo("Asia/Kolkata"), ZoneInfo("Australia/Sydney")])
received_times = st.datetimes(
    min_value=datetime(FIRST_YEAR, 1, 1), max_value=datetime(LAST_YEAR, 12, 31), timezones=ZONES
)


def _longest_wait_in_calendar_days() -> int:
    """N: the most calendar days from a receipt day to the second working day after it, from the holidays data."""
    day, longest = date(FIRST_YEAR, 1, 1), 0
    while day <= date(LAST_YEAR, 12, 31):
        longest = max(longest, (working_days_after(day, 2) - day).days)
        day += timedelta(days=1)
    return longest


LONGEST_WAIT_DAYS = _longest_wait_in_calendar_days()


def test_the_longest_wait_is_the_christmas_and_easter_runs():
    # Received on a Thursday evening before Good Friday, or on Christmas Eve 2026: six calendar days.
    assert LONGEST_WAIT_DAYS == 6


@hypothesis_settings(max_examples=400)
@given(received_times)
def test_the_deadline_is_after_receipt(received_at):
    assert response_deadline(received_at).astimezone(UTC) > received_at.astimezone(UTC)


@hypothesis_settings(max_examples=400)
@given(received_times)
def test_the_deadline_is_the_end_of_core_hours_on_a_working_day(received_at):
    deadline = response_deadline(received_at).astimezone(LONDON)
    assert working(deadline.date())
    assert deadline.time() == CORE_END


@hypothesis_settings(max_examples=400)
@given(received_times)
def test_the_deadline_matches_the_rule_as_written(received_at):
    """Before 18:30 on a working day: the next working day; otherwise the one after that."""
    local = received_at.astimezone(LONDON)
    before_close_on_a_working_day = working(local.date()) and local.time() < CORE_END
    expected_day = working_days_after(local.date(), 1 if before_close_on_a_working_day else 2)
    assert response_deadline(received_at) == end_of_core_hours(expected_day)


@hypothesis_settings(max_examples=400)
@given(received_times, received_times)
def test_a_later_receipt_never_gets_an_earlier_deadline(first, second):
    # Compare instants in UTC: Python compares datetimes sharing a tzinfo by wall-clock time.
    earlier, later = sorted([first, second], key=lambda moment: moment.astimezone(UTC))
    assert response_deadline(earlier).astimezone(UTC) <= response_deadline(later).astimezone(UTC)


@hypothesis_settings(max_examples=400)
@given(received_times)
def test_the_deadline_is_at_most_n_calendar_days_after_receipt(received_at):
    local_day = received_at.astimezone(LONDON).date()
    assert 1 <= (response_deadline(received_at).date() - local_day).days <= LONGEST_WAIT_DAYS


@hypothesis_settings(max_examples=400)
@given(received_times)
def test_the_request_counts_as_received_in_core_hours_and_never_earlier(received_at):
    counted = effective_receipt(received_at)
    assert counted.astimezone(UTC) >= received_at.astimezone(UTC)
    assert is_core_hours(counted)
    if is_core_hours(received_at):
        assert counted == received_at


@given(st.dates(min_value=date(FIRST_YEAR, 1, 1), max_value=date(LAST_YEAR, 12, 31)))
def test_working_days_agree_with_the_holidays_package(day):
    assert is_working_day(day) == working(day)
    assert next_working_day(day) == working_days_after(day, 1)
