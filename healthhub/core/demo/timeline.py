"""When synthetic requests arrive and when the hub works on them, on the real working-day calendar.

Arrivals peak on Monday mornings and still come in the evening and at weekends; staff work
happens only in core hours, so work on a request is timed in core-hours minutes.
"""

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from healthhub.clinical.deadlines import DEFAULT_RULE, LONDON, effective_receipt, is_working_day, next_working_day

CORE_START = DEFAULT_RULE.core_start
CORE_END = DEFAULT_RULE.core_end
WEEKDAY_WEIGHTS = (1.35, 1.1, 1.0, 0.95, 0.9)  # Monday to Friday
CLOSED_DAY_WEIGHT = 0.22  # weekends and bank holidays: online forms stay open
# Arrivals by hour within core hours (08:00 to 18:30): the morning rush, then a steady afternoon.
CORE_HOUR_WEIGHTS = {8: 3.0, 9: 2.6, 10: 2.0, 11: 1.6, 12: 1.3, 13: 1.3, 14: 1.2, 15: 1.1, 16: 1.0, 17: 0.9, 18: 0.4}
LATE_SHARE = 0.08  # closed after the deadline: a realistic minority
LATE_BY_WORKING_DAYS = (1, 1, 1, 2, 2, 3)  # most late ones close the next working day, a few drag on
SAME_DAY_SHARE = 0.55  # of those on time, closed on the day they count as received


def at(day: date, clock: time) -> datetime:
    return datetime.combine(day, clock, tzinfo=LONDON)


def window_days(start: date, end: date) -> list[date]:
    return [start + timedelta(days=offset) for offset in range((end - start).days + 1)]


def day_weight(day: date) -> float:
    return WEEKDAY_WEIGHTS[day.weekday()] if is_working_day(day) else CLOSED_DAY_WEIGHT


def arrival(rng: random.Random, day: date) -> datetime:
    if not is_working_day(day):
        return at(day, time(8)) + timedelta(minutes=rng.randint(0, 14 * 60))
    roll = rng.random()
    if roll < 0.82:
        hour = rng.choices(list(CORE_HOUR_WEIGHTS), weights=list(CORE_HOUR_WEIGHTS.values()))[0]
        return at(day, time(hour)) + timedelta(minutes=rng.randint(0, 29 if hour == 18 else 59))
    if roll < 0.95:
        return at(day, time(18, 30)) + timedelta(minutes=rng.randint(1, 4 * 60 + 29))  # evening
    return at(day, time(6)) + timedelta(minutes=rng.randint(0, 119))  # early morning


def core_minutes_between(start: datetime, end: datetime) -> float:
    """Minutes of core hours on working days between two moments (both inside core hours or not)."""
    total, cursor = 0.0, start.astimezone(LONDON)
    end = end.astimezone(LONDON)
    while cursor < end:
        day = cursor.date()
        if is_working_day(day):
            opens, closes = max(cursor, at(day, CORE_START)), min(end, at(day, CORE_END))
            if closes > opens:
                total += (closes - opens).total_seconds() / 60
        cursor = at(day + timedelta(days=1), time(0))
    return total


def add_core_minutes(start: datetime, minutes: float) -> datetime:
    """The moment `minutes` of core hours after `start`, skipping evenings, weekends and bank holidays."""
    cursor = start.astimezone(LONDON)
    remaining = minutes
    while True:
        day = cursor.date()
        if is_working_day(day):
            opens, closes = max(cursor, at(day, CORE_START)), at(day, CORE_END)
            available = (closes - opens).total_seconds() / 60
            if available >= remaining and available > 0:
                return opens + timedelta(minutes=remaining)
            remaining -= max(available, 0)
        cursor = at(next_working_day(day), CORE_START)


@dataclass
class Plan:
    """When the hub would have finished with a request, had time run on."""

    counts_from: datetime  # effective receipt: in core hours
    closes_at: datetime
    late: bool

    def moment(self, fraction: float) -> datetime:
        """A moment `fraction` of the way through the work, counted in core hours."""
        return add_core_minutes(self.counts_from, fraction * core_minutes_between(self.counts_from, self.closes_at))


def plan_work(rng: random.Random, received_at: datetime, deadline: datetime) -> Plan:
    counts_from = effective_receipt(received_at, DEFAULT_RULE)
    deadline_day = deadline.astimezone(LONDON).date()
    if rng.random() < LATE_SHARE:
        close_day = deadline_day
        for _ in range(rng.choice(LATE_BY_WORKING_DAYS)):
            close_day = next_working_day(close_day)
        closes_at = at(close_day, time(9)) + timedelta(minutes=rng.randint(0, 8 * 60 + 30))
        return Plan(counts_from, closes_at, late=True)
    end_of_first_day = at(counts_from.date(), time(18, 25))
    room = (end_of_first_day - counts_from).total_seconds() / 60
    if rng.random() < SAME_DAY_SHARE and room >= 60:
        closes_at = counts_from + timedelta(minutes=rng.uniform(40, room))
    else:
        closes_at = at(deadline_day, time(8, 30)) + timedelta(minutes=rng.uniform(0, 9 * 60 + 50))
    return Plan(counts_from, closes_at, late=False)
