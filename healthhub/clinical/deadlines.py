"""Working days and the response deadline (DOMAIN.md 2.2).

Source: NHS England GP contract, core hours 08:00-18:30 Monday to Friday excluding
bank holidays in England; the hub's promise to close every request within one
working day (Medway and Swale Health Hub, seed 003). Bank holidays come from the
maintained `holidays` package (subdivision England), never a hand-kept list.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

LONDON = ZoneInfo("Europe/London")


@dataclass(frozen=True)
class DeadlineRule:
    """LOCAL: the promise a service makes. The default is the hub's 'one working day'."""

    working_days: int = 1
    core_start: time = time(8, 0)
    core_end: time = time(18, 30)
    version: str = "hub-1wd-2025"
    source: str = "Medway and Swale Health Hub: online consultations closed within one working day (seed 003)"


DEFAULT_RULE = DeadlineRule()


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year).keys())


def is_bank_holiday(day: date) -> bool:
    return day in _bank_holidays(day.year)


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and not is_bank_holiday(day)


def next_working_day(day: date) -> date:
    """The first working day strictly after `day`."""
    day += timedelta(days=1)
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def _in_london(moment: datetime) -> datetime:
    # A naive datetime would be read in the server's own timezone: wrong by an hour all summer.
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("the datetime must be timezone-aware")
    return moment.astimezone(LONDON)


def effective_receipt(received_at: datetime, rule: DeadlineRule = DEFAULT_RULE) -> datetime:
    """When a request counts as received: itself in core hours, else 08:00 on the next working day."""
    local = _in_london(received_at)
    day = local.date()
    if is_working_day(day) and local.time() < rule.core_start:
        return datetime.combine(day, rule.core_start, tzinfo=LONDON)
    if is_working_day(day) and local.time() < rule.core_end:
        return local
    return datetime.combine(next_working_day(day), rule.core_start, tzinfo=LONDON)


def response_deadline(received_at: datetime, rule: DeadlineRule = DEFAULT_RULE) -> datetime:
    """The end of core hours on the Nth working day after the request counts as received."""
    day = effective_receipt(received_at, rule).date()
    for _ in range(rule.working_days):
        day = next_working_day(day)
    return datetime.combine(day, rule.core_end, tzinfo=LONDON)


def is_core_hours(moment: datetime, rule: DeadlineRule = DEFAULT_RULE) -> bool:
    local = _in_london(moment)
    return is_working_day(local.date()) and rule.core_start <= local.time() < rule.core_end
