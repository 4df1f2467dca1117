"""The outcomes report's figures, counted by the database.

Every figure is a conditional aggregate over the scoped requests, overall and grouped by category
and by practice: three GROUP BY queries however many requests there are. Medians cannot be
summed from groups, so PostgreSQL computes them in the same queries with percentile_cont; SQLite,
which has no percentile function, ranks closed requests with window functions and returns only
the one or two middle rows of each group.

No query here selects a patient-identifiable column: only counts, durations and group keys leave
the database.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from django.db import connections
from django.db.models import Aggregate, Count, F, FloatField, Func, Q, Window
from django.db.models.functions import RowNumber

from healthhub.clinical.statistics import median
from healthhub.consultations.models import OPEN_STATUSES, Outcome, Status

GROUPINGS = ("category", "practice_id")


class HoursToClose(Func):
    """Clock hours from receipt to closure; NULL while a request is open."""

    output_field = FloatField()

    def __init__(self):
        super().__init__(F("closed_at"), F("received_at"))

    def as_sql(self, compiler, connection, **extra_context):
        return super().as_sql(
            compiler, connection,
            template="(EXTRACT(EPOCH FROM (%(expressions)s)) / 3600.0)::double precision", arg_joiner=" - ",
            **extra_context,
        )

    def as_sqlite(self, compiler, connection, **extra_context):
        # Django keeps SQLite datetimes as UTC text, which julianday() reads natively.
        return super().as_sql(
            compiler, connection, template="((julianday(%(expressions)s)) * 24.0)", arg_joiner=") - julianday(",
            **extra_context,
        )


class Median(Aggregate):
    """PostgreSQL's continuous median: the mean of the two middle values for an even count."""

    function = "PERCENTILE_CONT"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


@dataclass(frozen=True)
class GroupCounts:
    """The raw figures for one group of requests (or for all of them, key None)."""

    key: object = None
    received: int = 0
    still_open: int = 0
    open_past_deadline: int = 0
    closed: int = 0
    closed_in_time: int = 0
    outcomes: dict = field(default_factory=dict)
    median_hours: float | None = None


@dataclass(frozen=True)
class OutcomeFigures:
    overall: GroupCounts
    by_category: dict  # category value -> GroupCounts
    by_practice: dict  # practice id -> GroupCounts


def _measures(now: datetime, with_median: bool) -> dict:
    is_open = Q(status__in=OPEN_STATUSES)
    is_closed = Q(status=Status.CLOSED)
    measures = {
        "received": Count("id"),
        "still_open": Count("id", filter=is_open),
        "open_past_deadline": Count("id", filter=is_open & Q(deadline__lt=now)),
        "closed": Count("id", filter=is_closed),
        "closed_in_time": Count("id", filter=is_closed & Q(closed_at__lte=F("deadline"))),
    }
    for outcome in Outcome:
        measures[f"outcome_{outcome.value}"] = Count("id", filter=is_closed & Q(outcome=outcome.value))
    if with_median:
        measures["median_hours"] = Median(HoursToClose())
    return measures


def _group_counts(row: dict, key=None, median_hours=None) -> GroupCounts:
    return GroupCounts(
        key=key,
        received=row["received"],
        still_open=row["still_open"],
        open_past_deadline=row["open_past_deadline"],
        closed=row["closed"],
        closed_in_time=row["closed_in_time"],
        outcomes={outcome.value: row[f"outcome_{outcome.value}"] for outcome in Outcome},
        median_hours=row.get("median_hours", median_hours),
    )


def _uses_percentile(requests) -> bool:
    return connections[requests.db].vendor == "postgresql"


def medians_by_ranking(requests, group_field: str | None) -> dict:
    """Median hours to close per group (key None for all), from the one or two middle-ranked
    closed requests of each group."""
    hours = HoursToClose()
    partition = [F(group_field)] if group_field else None
    ranked = (
        requests.filter(status=Status.CLOSED)
        .order_by()
        .annotate(
            hours=hours,
            position=Window(RowNumber(), partition_by=partition, order_by=[hours.asc(), F("id").asc()]),
            group_size=Window(Count("id"), partition_by=partition),
        )
        # Odd size n: position (n+1)/2; even: n/2 and n/2 + 1 (integer division in SQL).
        .filter(position__gte=(F("group_size") + 1) / 2, position__lte=(F("group_size") + 2) / 2)
    )
    middles = defaultdict(list)
    for key, value in ranked.values_list(group_field or "status", "hours"):
        middles[key if group_field else None].append(value)
    return {key: median(values) for key, values in middles.items()}


def outcome_figures(requests, now: datetime) -> OutcomeFigures:
    """The figures for these (already scoped and filtered) requests."""
    requests = requests.order_by()
    in_database = _uses_percentile(requests)
    measures = _measures(now, with_median=in_database)

    overall_row = requests.aggregate(**measures)
    overall_median = None if in_database else medians_by_ranking(requests, None).get(None)
    overall = _group_counts(overall_row, median_hours=overall_median)

    grouped = {}
    for grouping in GROUPINGS:
        medians = {} if in_database else medians_by_ranking(requests, grouping)
        rows = requests.values(grouping).annotate(**measures).order_by()
        grouped[grouping] = {row[grouping]: _group_counts(row, row[grouping], medians.get(row[grouping])) for row in rows}
    return OutcomeFigures(overall=overall, by_category=grouped["category"], by_practice=grouped["practice_id"])
