"""The report's figures against the hand-worked week in conftest.py."""

from datetime import date
from decimal import Decimal

import pytest

from healthhub.clinical.statistics import wilson_interval
from healthhub.consultations import services
from healthhub.consultations.models import ConsultationRequest, Outcome
from healthhub.core.audit import Actor
from healthhub.insights.access import report_practices_for, report_requests_for
from healthhub.insights.forms import ReportFilter
from healthhub.insights.presenters import outcomes_report
from healthhub.insights.queries import medians_by_ranking

from .conftest import NOW


def report_for(user, start=date(2025, 1, 6), end=date(2025, 1, 10), practices=None):
    """The exact figures over what this user may see: suppression has its own tests."""
    visible = tuple(report_practices_for(user))
    chosen = practices or visible
    report_filter = ReportFilter(start=start, end=end, practices=tuple(chosen), every_practice=chosen == visible)
    return outcomes_report(report_requests_for(user), report_filter, NOW, exact=True)


def outcome_counts(report) -> dict:
    return {row.label: row.share.count for row in report.outcomes}


def rounded_percent(fraction: float) -> Decimal:
    return Decimal(str(round(fraction * 100, 1))).quantize(Decimal("0.1"))


def test_hub_summary_counts_open_closed_and_the_deadline(world, week):
    summary = report_for(world.hub_admin).summary
    assert summary.received == 6  # 1-6; request 0 is before the range, 8 is another hub's
    assert (summary.still_open, summary.open_past_deadline, summary.closed) == (2, 1, 4)
    # Closed in time: 1, 2 and 5. Missed: 3 (closed late) and 4 (open past its deadline).
    # Request 6 is open but not yet due, so it is not counted either way.
    assert (summary.in_time.count, summary.in_time.total) == (3, 5)
    assert summary.in_time.percent == Decimal("60.0")
    lower, upper = wilson_interval(3, 5)
    assert (summary.in_time.lower, summary.in_time.upper) == (rounded_percent(lower), rounded_percent(upper))


def test_median_time_to_close_is_the_mean_of_the_two_middle_durations(world, week):
    # Closed in 2, 24, 48 and 4 hours: the middle two are 4 and 24.
    assert report_for(world.hub_admin).summary.median_hours == pytest.approx(14.0, abs=0.01)


def test_outcomes_come_in_the_order_and_wording_of_the_hubs_report_and_add_up_to_100(world, week):
    report = report_for(world.hub_admin)
    assert [row.label for row in report.outcomes] == [outcome.label for outcome in Outcome]
    assert report.outcomes[0].label.startswith("Discharged") and report.outcomes[-1].label == "Home visit"
    counts = outcome_counts(report)
    assert counts[Outcome.DISCHARGED.label] == 2
    assert counts[Outcome.BACK_TO_PRACTICE.label] == 1
    assert counts[Outcome.FACE_TO_FACE.label] == 1
    assert sum(counts.values()) == report.summary.closed == 4
    assert [row.share.percent for row in report.outcomes[:4]] == [Decimal("50.0"), Decimal("25.0"), Decimal("0.0"), Decimal("25.0")]
    assert sum(row.share.percent for row in report.outcomes) == Decimal("100.0")
    assert all(row.share.total == 4 for row in report.outcomes)


def test_outcome_shares_that_do_not_divide_evenly_still_add_to_100(world, week, other_hub):
    # Over every hub's practices 5 are closed: thirds and fifths round; the shown shares must still add to 100%.
    report = report_for(world.icb_analyst)
    assert report.summary.closed == 5
    assert sum(row.share.percent for row in report.outcomes) == Decimal("100.0")
    discharged = report.outcomes[0].share
    assert (discharged.count, discharged.percent) == (2, Decimal("40.0"))
    lower, upper = wilson_interval(2, 5)
    assert (discharged.lower, discharged.upper) == (rounded_percent(lower), rounded_percent(upper))
    nobody = report.outcomes[-1].share  # home visit: 0 of 5, interval still from 0%
    assert (nobody.count, nobody.percent, nobody.lower) == (0, Decimal("0.0"), Decimal("0.0"))
    assert nobody.upper > 0


def test_figures_by_category(world, week):
    rows = {row.label: row for row in report_for(world.hub_admin).by_category}
    assert list(rows) == ["Clinical presentation", "Administration", "Test request", "Referral request", "Medication request", "Pregnancy"]
    clinical = rows["Clinical presentation"]  # 1, 2 and 5
    assert (clinical.received, clinical.closed, clinical.in_time.count, clinical.in_time.total) == (3, 3, 3, 3)
    assert clinical.median_hours == pytest.approx(4.0, abs=0.01)
    medication = rows["Medication request"]  # 3, closed late after 48 hours
    assert (medication.in_time.count, medication.in_time.total) == (0, 1)
    assert medication.median_hours == pytest.approx(48.0, abs=0.01)
    admin = rows["Administration"]  # 4, open past its deadline
    assert (admin.still_open, admin.open_past_deadline, admin.in_time.total, admin.median_hours) == (1, 1, 1, None)
    test = rows["Test request"]  # 6, open and not yet due
    assert (test.received, test.in_time.total, test.in_time.percent) == (1, 0, None)
    assert (rows["Pregnancy"].received, rows["Pregnancy"].median_hours) == (0, None)


def test_figures_by_practice(world, week):
    rows = {row.label: row for row in report_for(world.hub_admin).by_practice}
    assert set(rows) == {"Riverside Medical Practice (G82106)", "Court View Surgery (G82203)"}
    a = rows["Riverside Medical Practice (G82106)"]  # 1-4
    assert (a.received, a.still_open, a.closed, a.in_time.count, a.in_time.total) == (4, 1, 3, 2, 4)
    assert a.median_hours == pytest.approx(24.0, abs=0.01)  # 2, 24, 48
    b = rows["Court View Surgery (G82203)"]  # 5 and 6
    assert (b.received, b.still_open, b.closed, b.in_time.count, b.in_time.total) == (2, 1, 1, 1, 1)
    assert b.median_hours == pytest.approx(4.0, abs=0.01)


def test_the_date_range_includes_both_whole_days_in_uk_time(world, week):
    only_monday = report_for(world.hub_admin, start=date(2025, 1, 6), end=date(2025, 1, 6)).summary
    assert only_monday.received == 3  # 1, 2 and 3
    with_new_year = report_for(world.hub_admin, start=date(2024, 12, 30), end=date(2025, 1, 6)).summary
    assert with_new_year.received == 4


def test_choosing_one_practice_narrows_every_figure(world, week):
    report = report_for(world.hub_admin, practices=[world.practice_b])
    assert report.summary.received == 2 and report.summary.closed == 1
    assert [row.label for row in report.by_practice] == ["Court View Surgery (G82203)"]
    assert report.filter.describe_practices() == "1 practice: Court View Surgery"


def test_an_empty_period_has_no_shares_rather_than_dividing_by_zero(world, week):
    report = report_for(world.hub_admin, start=date(2024, 6, 1), end=date(2024, 6, 30))
    assert report.summary.received == 0 and report.summary.median_hours is None
    assert report.summary.in_time.percent is None
    assert all(row.share.percent is None for row in report.outcomes)


def test_a_reopened_request_counts_as_open_again(world, week):
    services.reopen(week.requests[1], world.nurse, Actor.staff(world.nurse), "Patient rang back")
    summary = report_for(world.hub_admin).summary
    assert (summary.closed, summary.still_open) == (3, 3)
    assert summary.median_hours == pytest.approx(24.0, abs=0.01)  # 4, 24, 48


def test_the_ranking_median_used_on_sqlite_agrees_on_any_database(world, week):
    # PostgreSQL runs percentile_cont in the report; the window-function median is SQLite's. Both
    # must give the hand-worked medians, so check the ranking one directly on whichever runs here.
    chosen = report_requests_for(world.hub_admin).filter(received_at__gte=week.requests[1].received_at)
    assert medians_by_ranking(chosen, None) == {None: pytest.approx(14.0, abs=0.01)}
    by_practice = medians_by_ranking(chosen, "practice_id")
    assert by_practice == {world.practice_a.pk: pytest.approx(24.0, abs=0.01), world.practice_b.pk: pytest.approx(4.0, abs=0.01)}
    by_category = medians_by_ranking(chosen, "category")
    assert by_category == {"clinical": pytest.approx(4.0, abs=0.01), "medication": pytest.approx(48.0, abs=0.01)}
    assert medians_by_ranking(ConsultationRequest.objects.none(), None) == {}
