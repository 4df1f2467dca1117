"""The report filter: dates in UK time, defaults, and what a person may choose."""

from datetime import UTC, date, datetime

import pytest
from django.http import QueryDict

from healthhub.accounts.models import User
from healthhub.insights.access import report_practices_for, report_requests_for
from healthhub.insights.forms import DateProblem, OutcomesFilterForm, default_dates, parse_date
from healthhub.insights.presenters import outcomes_report

from .conftest import LONDON, received

TODAY = date(2025, 1, 10)


def parts(day, month, year):
    return {"day": day, "month": month, "year": year}


def test_default_period_is_the_last_12_weeks_including_today():
    start, end = default_dates(TODAY)
    assert (start, end) == (date(2024, 10, 19), TODAY)
    assert (end - start).days + 1 == 84


@pytest.mark.parametrize(
    ("values", "message", "highlighted"),
    [
        (parts("", "", ""), "Enter the start date", ("day", "month", "year")),
        (parts("1", "", "2025"), "Start date must include a month", ("month",)),
        (parts("", "", "2025"), "Start date must include a day and month", ("day", "month")),
        (parts("1", "Jan", "2025"), "Start date must be a real date", ("month",)),
        (parts("29", "2", "2025"), "Start date must be a real date", ("day", "month", "year")),
        (parts("1", "1", "25"), "Year must include 4 numbers", ("year",)),
        (parts("31", "12", "1999"), "Start date must be in or after 2000", ("year",)),
        (parts("11", "1", "2025"), "Start date must be today or in the past", ("day", "month", "year")),
    ],
)
def test_bad_dates_say_what_is_wrong_and_where(values, message, highlighted):
    assert parse_date(values, "Start date", TODAY) == DateProblem(message, highlighted)


def test_a_good_date_with_spaces_and_leading_zeros():
    assert parse_date(parts(" 09 ", "01", "2025"), "Start date", TODAY) == date(2025, 1, 9)
    assert parse_date(parts("29", "2", "2024"), "Start date", TODAY) == date(2024, 2, 29)


def form_for(user, query: str):
    return OutcomesFilterForm(QueryDict(query), practices=report_practices_for(user), today=TODAY)


def test_an_empty_query_uses_the_defaults_and_every_practice(world):
    form = form_for(world.hub_admin, "format=csv")
    assert form.is_valid()
    chosen = form.report_filter()
    assert (chosen.start, chosen.end, chosen.every_practice) == (date(2024, 10, 19), TODAY, True)
    assert {p.ods_code for p in chosen.practices} == {"G82106", "G82203"}


def test_the_range_runs_from_midnight_to_midnight_uk_time_across_a_clock_change(world):
    form = form_for(world.hub_admin, "from_day=29&from_month=3&from_year=2025&to_day=30&to_month=3&to_year=2025")
    form.today = date(2025, 4, 1)
    assert form.is_valid(), form.errors
    chosen = form.report_filter()
    assert chosen.received_from == datetime(2025, 3, 29, 0, 0, tzinfo=UTC)  # GMT
    assert chosen.received_before == datetime(2025, 3, 30, 23, 0, tzinfo=UTC)  # midnight BST


def test_a_late_evening_request_counts_on_its_uk_date(world):
    # 11:30pm on 2 June (BST) is 10:30pm UTC: it belongs to 2 June, not 3 June.
    late = received(world.practice_a, datetime(2025, 6, 2, 23, 30, tzinfo=LONDON))

    def received_between(start, end):
        form = form_for(world.hub_admin, f"from_day={start.day}&from_month=6&from_year=2025&to_day={end.day}&to_month=6&to_year=2025")
        form.today = date(2025, 6, 30)
        assert form.is_valid()
        return outcomes_report(report_requests_for(world.hub_admin), form.report_filter(), late.received_at, exact=True).summary.received

    assert received_between(date(2025, 6, 2), date(2025, 6, 2)) == 1
    assert received_between(date(2025, 6, 3), date(2025, 6, 3)) == 0


def test_practices_and_pcns_combine(world, other_hub):
    form = form_for(world.icb_analyst, "practice=G82999&pcn=U27664&from_day=1&from_month=1&from_year=2025&to_day=10&to_month=1&to_year=2025")
    assert form.is_valid(), form.errors
    assert {p.ods_code for p in form.report_filter().practices} == {"G82106", "G82203", "G82999"}
    assert form.report_filter().every_practice  # all three are all the analyst can see here


def test_a_practice_outside_the_persons_scope_is_not_a_choice(world, other_hub):
    form = form_for(world.hub_admin, "practice=G82999&from_day=1&from_month=1&from_year=2025&to_day=10&to_month=1&to_year=2025")
    assert not form.is_valid()
    assert form.errors["practice"] == ["Select practices from the list"]


def test_practices_the_hub_does_not_serve_and_that_never_had_requests_are_left_out(world):
    assert world.unserved.ods_code not in {p.ods_code for p in report_practices_for(world.icb_analyst)}
    assert {p.ods_code for p in report_practices_for(world.practice_a_staff)} == {"G82106"}
    assert list(report_practices_for(User(role=""))) == []


def test_a_practice_the_hub_no_longer_serves_keeps_its_history_for_the_icb(world):
    received(world.practice_a, datetime(2025, 1, 6, 10, 0, tzinfo=LONDON))
    world.practice_a.hub = None
    world.practice_a.save()
    assert "G82106" in {p.ods_code for p in report_practices_for(world.icb_analyst)}
    assert "G82106" not in {p.ods_code for p in report_practices_for(world.hub_admin)}
