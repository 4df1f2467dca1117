"""The outcomes report page: who sees which figures, the filter's errors, the chart and tables."""

import re
from html.parser import HTMLParser

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from healthhub.core.models import AuditEvent
from tests import factories
from tests.intake.html_checks import assert_accessible_structure

from .conftest import NOW, WEEK, at, close, received

URL = "/reports/outcomes/"


class _Texts(HTMLParser):
    """The text of every element of one kind (and, for links, where they go)."""

    def __init__(self, tag: str):
        super().__init__()
        self.tag, self.depth, self.found = tag, 0, []

    def handle_starttag(self, tag, attrs):
        if tag == self.tag:
            self.depth += 1
            self.found.append([dict(attrs).get("href"), ""])

    def handle_endtag(self, tag):
        if tag == self.tag:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.found[-1][1] += data


def texts(html: str, tag: str) -> list[tuple[str | None, str]]:
    parser = _Texts(tag)
    parser.feed(html)
    return [(href, " ".join(text.split())) for href, text in parser.found]


def error_summary(html: str) -> list[tuple[str, str]]:
    summary = html.split('class="nhsuk-error-summary"', 1)[1].split("</ul>", 1)[0] if "nhsuk-error-summary" in html else ""
    return texts(summary, "a")


def summary_value(html: str, key: str) -> str:
    match = re.search(rf"<dt[^>]*>\s*{re.escape(key)}\s*</dt>\s*<dd[^>]*>\s*(.*?)\s*</dd>", html, re.S)
    assert match, f"no summary row {key!r}"
    return match.group(1)


def test_anonymous_people_are_sent_to_sign_in(client, world):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/sign-in/?next=")


def test_staff_without_a_reporting_role_are_refused(world, signed_in):
    nobody = factories.make_user("no_role", "", hub=None)
    assert signed_in(nobody).get(URL).status_code == 403


@pytest.mark.parametrize("persona", ["hub_admin", "nurse", "gp", "clinical_director"])
def test_hub_staff_see_their_hubs_practices_only(world, week, report_as, persona):
    response = report_as(getattr(world, persona), **WEEK)
    html = response.content.decode()
    assert response.status_code == 200
    assert summary_value(html, "Requests received") == "6"
    assert "Riverside Medical Practice (G82106)" in html and "Court View Surgery (G82203)" in html
    assert "G82999" not in html and "Sheppey" not in html


@pytest.mark.parametrize(
    ("persona", "own", "received_count", "other"),
    [("practice_a_staff", "G82106", "4", "G82203"), ("practice_b_staff", "G82203", "2", "G82106")],
)
def test_practice_staff_see_their_own_practice_only(world, week, report_as, persona, own, received_count, other):
    html = report_as(getattr(world, persona), **WEEK).content.decode()
    assert summary_value(html, "Requests received") == received_count
    assert own in html and other not in html and "G82999" not in html


def test_practice_staff_cannot_ask_for_another_practice(world, week, report_as):
    response = report_as(world.practice_a_staff, practice="G82203", **WEEK)
    html = response.content.decode()
    assert "<title>Error: " in html and "Select practices from the list" in html
    assert "Requests received" not in html
    assert_accessible_structure(response)


def test_icb_analysts_see_every_hubs_practices(world, week, report_as):
    html = report_as(world.icb_analyst, **WEEK).content.decode()
    assert summary_value(html, "Requests received") == "7"
    assert "Sheppey Surgery (G82999)" in html and "Swale PCN" in html
    assert summary_value(html, "Median time from receipt to closure") == "4.0 hours"  # 2, 3, 4, 24, 48


def test_choosing_a_pcn_takes_all_its_practices(world, week, report_as):
    html = report_as(world.icb_analyst, pcn="U27664", **WEEK).content.decode()
    assert summary_value(html, "Requests received") == "6"
    assert 'id="pcn-U27664" name="pcn" type="checkbox" value="U27664" checked' in html
    assert "2 practices: Court View Surgery, Riverside Medical Practice" in html


def test_icb_analyst_page_holds_no_patient_identifiers(world, week, report_as):
    html = report_as(world.icb_analyst, **WEEK).content.decode()
    for request in week.requests.values():
        assert request.reference not in html
    for identifier in ("Alex", "Smith", "9434765919", "943 476 5919", "07700900123", "alex@example.com", "ME2 1NP", "ough for a week"):
        assert identifier not in html


def test_the_page_shows_the_hand_worked_figures(world, week, report_as):
    response = report_as(world.hub_admin, **WEEK)
    html = response.content.decode()
    assert summary_value(html, "Still open") == "2 (1 past their deadline)"
    assert summary_value(html, "Closed") == "4"
    assert summary_value(html, "Closed within one working day") == "60.0% (3 of 5; 95% confidence interval 23.1% to 88.2%)"
    assert summary_value(html, "Median time from receipt to closure") == "14.0 hours"
    assert "Requests received from 6 January 2025 to 10 January 2025, the 2 practices you can see." in html
    assert_accessible_structure(response)


def test_tables_have_captions_and_are_responsive(world, week, report_as):
    html = report_as(world.hub_admin, **WEEK).content.decode()
    captions = [text for _, text in texts(html, "caption")]
    assert captions == ["Outcomes of 4 closed requests", "Requests by category", "Requests by practice"]
    assert " ".join(html.split()).count('<table class="nhsuk-table nhsuk-table--responsive" role="table"') == 3


def test_the_chart_draws_each_share_and_is_hidden_from_screen_readers_which_get_the_table(world, week, report_as):
    html = report_as(world.hub_admin, **WEEK).content.decode()
    chart = re.search(r"<figure.*?</figure>", html, re.S).group(0)
    assert '<div aria-hidden="true">' in chart
    widths = re.findall(r'<rect x="0" y="0" width="([\d.]+)" height="20" fill="#005eb8">', chart)
    assert widths == ["50.0", "25.0", "0", "25.0", "0", "0", "0", "0", "0"]


def test_the_page_needs_no_inline_styles_so_the_csp_holds(world, week, report_as):
    response = report_as(world.hub_admin, **WEEK)
    assert "style-src 'self'" in response["Content-Security-Policy"]
    assert "style=" not in response.content.decode()


def test_without_a_filter_the_report_covers_the_last_12_weeks(world, week, report_as):
    html = report_as(world.hub_admin).content.decode()
    assert "Requests received from 19 October 2024 to 10 January 2025" in html
    assert summary_value(html, "Requests received") == "7"  # request 0 (30 December) is in range now
    assert 'id="from_day" name="from_day" type="text" value="19"' in html


def test_a_start_date_after_the_end_date_is_refused_with_an_error_summary(world, week, report_as):
    response = report_as(world.hub_admin, **{**WEEK, "from_day": "9", "to_day": "8"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in html
    assert error_summary(html) == [("#from_day", "Start date must be the same as or before the end date")]
    assert "Requests received" not in html and "Download these figures" not in html
    assert_accessible_structure(response)


@pytest.mark.parametrize(
    ("changes", "message", "target"),
    [
        ({"to_day": ""}, "End date must include a day", "to_day"),
        ({"from_day": "", "from_month": "", "from_year": ""}, "Enter the start date", "from_day"),
        ({"from_month": "13"}, "Start date must be a real date", "from_day"),
        ({"from_month": "Jan"}, "Start date must be a real date", "from_month"),
        ({"to_year": "25"}, "Year must include 4 numbers", "to_year"),
        ({"to_day": "11"}, "End date must be today or in the past", "to_day"),
        ({"from_year": "1999"}, "Start date must be in or after 2000", "from_year"),
    ],
)
def test_bad_dates_get_a_clear_message_linked_to_the_field(world, report_as, changes, message, target):
    response = report_as(world.hub_admin, **{**WEEK, **changes})
    html = response.content.decode()
    assert error_summary(html) == [(f"#{target}", message)]
    assert f'id="{target}"' in html and "nhsuk-input--error" in html
    assert_accessible_structure(response)


def test_the_number_of_queries_does_not_grow_with_the_data(world, week, signed_in):
    client = signed_in(world.icb_analyst)

    def queries_for_one_page() -> int:
        with time_machine.travel(NOW, tick=False), CaptureQueriesContext(connection) as queries:
            assert client.get(URL, WEEK).status_code == 200
        return len(queries)

    queries_for_one_page()  # the first page of a session also records when the user was last seen
    before = queries_for_one_page()
    extra_pcn = factories.make_pcn("U11111", "HOO PENINSULA PCN")
    for index in range(3):
        practice = factories.make_practice(f"G8300{index}", f"EXTRA SURGERY {index}", hub=world.hub, pcn=extra_pcn)
        for day in (6, 7, 8):
            close(received(practice, at(day, 10), "referral"), "secondary_care", at(day, 15), world.gp)
    assert queries_for_one_page() == before
    assert before <= 10  # sign-in and session: 3; practices: 1; figures: 3, and 3 medians on SQLite


def test_viewing_the_page_is_not_an_export(world, week, report_as):
    report_as(world.icb_analyst, **WEEK)
    assert not AuditEvent.objects.filter(action="report.outcomes.export").exists()


def test_the_report_is_the_current_navigation_item(world, report_as):
    html = report_as(world.icb_analyst).content.decode()
    assert 'href="/reports/outcomes/" aria-current="page"' in html
