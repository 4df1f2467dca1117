"""A person's age on a given day, in completed years or completed months, as clinical rules count it."""

from datetime import date, timedelta


def age_in_years(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def age_in_months(born: date, on: date) -> int:
    """Completed months. Born on the 31st, a month is completed on the last day of a shorter month."""
    months = (on.year - born.year) * 12 + (on.month - born.month)
    last_day_of_month = (on + timedelta(days=1)).month != on.month
    return months if on.day >= born.day or last_day_of_month else months - 1
