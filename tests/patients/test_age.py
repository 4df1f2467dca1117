"""Ages in completed years and months, as the clinical rules count them."""

import calendar
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from healthhub.patients.age import age_in_months, age_in_years


@pytest.mark.parametrize(
    ("born", "on", "years"),
    [
        (date(2000, 3, 1), date(2026, 2, 28), 25),
        (date(2000, 3, 1), date(2026, 3, 1), 26),
        (date(2000, 2, 29), date(2025, 2, 28), 24),  # a leap-day birthday is reached on 1 March in other years
        (date(2000, 2, 29), date(2025, 3, 1), 25),
    ],
)
def test_age_in_years_counts_birthdays_reached(born, on, years):
    assert age_in_years(born, on) == years


@pytest.mark.parametrize(
    ("born", "on", "months"),
    [
        (date(2026, 1, 15), date(2026, 2, 14), 0),
        (date(2026, 1, 15), date(2026, 2, 15), 1),
        (date(2026, 1, 31), date(2026, 2, 27), 0),
        (date(2026, 1, 31), date(2026, 2, 28), 1),  # the shorter month's last day completes it
        (date(2025, 8, 20), date(2026, 8, 19), 11),
        (date(2025, 8, 20), date(2026, 8, 20), 12),
        (date(2026, 3, 5), date(2026, 3, 5), 0),
    ],
)
def test_age_in_months_counts_completed_months(born, on, months):
    assert age_in_months(born, on) == months


@given(born=st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 1, 1)), days=st.integers(0, 40_000))
def test_months_and_years_agree_and_never_fall_as_time_passes(born, days):
    on = born + timedelta(days=days)
    # Born on 29 February: in other years the month is completed on 28 February, the year only on 1 March.
    month_before_year = (born.month, born.day) == (2, 29) and (on.month, on.day) == (2, 28) and not calendar.isleap(on.year)
    assert age_in_months(born, on) // 12 == age_in_years(born, on) + (1 if month_before_year and on.year > born.year else 0)
    assert age_in_months(born, on + timedelta(days=1)) >= age_in_months(born, on) >= 0
