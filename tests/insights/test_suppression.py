"""Small-number suppression: an ICB analyst never sees a count from 1 to 4, nor a share, interval
or median of fewer than 5 requests; hub and practice staff see the exact figures."""

import csv
import io
import re
from decimal import Decimal
from html.parser import HTMLParser
from types import SimpleNamespace

import pytest

from healthhub.clinical.statistics import wilson_interval
from healthhub.insights.presenters import share
from healthhub.insights.suppression import SMALL_NUMBER_LIMIT

from .conftest import at, close, received
from .test_outcomes_page import summary_value, texts

ONE_MONDAY = {"from_day": "6", "from_month": "1", "from_year": "2025", "to_day": "6", "to_month": "1", "to_year": "2025"}


@pytest.fixture
def monday(world):
    """Riverside: six requests, all discharged in time. Court View: one, sent to urgent care."""
    for hour in range(8, 8 + SMALL_NUMBER_LIMIT + 1):
        close(received(world.practice_a, at(6, hour)), "discharged", at(6, hour + 2), world.nurse)
    close(received(world.practice_b, at(6, 10)), "urgent_care", at(6, 12), world.nurse)
    return SimpleNamespace(court_view={**ONE_MONDAY, "practice": "G82203"}, both=ONE_MONDAY)


class _Tables(HTMLParser):
    """Each table's caption and body rows, each cell's text without its responsive heading."""

    def __init__(self):
        super().__init__()
        self.tables, self.in_caption, self.in_body, self.cell, self.heading_depth = {}, False, False, None, 0

    def handle_starttag(self, tag, attrs):
        if tag == "caption":
            self.in_caption, self.caption = True, ""
        elif tag == "tbody":
            self.in_body, self.tables[" ".join(self.caption.split())] = True, []
        elif tag == "tr" and self.in_body:
            self.tables[" ".join(self.caption.split())].append([])
        elif tag in ("td", "th") and self.in_body:
            self.cell = ""
        elif tag == "span" and "nhsuk-table__heading" in (dict(attrs).get("class") or ""):
            self.heading_depth += 1

    def handle_endtag(self, tag):
        if tag == "caption":
            self.in_caption = False
        elif tag == "tbody":
            self.in_body = False
        elif tag in ("td", "th") and self.cell is not None:
            self.tables[" ".join(self.caption.split())][-1].append(" ".join(self.cell.split()))
            self.cell = None
        elif tag == "span" and self.heading_depth:
            self.heading_depth -= 1

    def handle_data(self, data):
        if self.in_caption:
            self.caption += data
        elif self.cell is not None and not self.heading_depth:
            self.cell += data


def table_rows(html: str, caption: str) -> list[list[str]]:
    parser = _Tables()
    parser.feed(html)
    assert caption in parser.tables, f"no table {caption!r} in {list(parser.tables)}"
    return parser.tables[caption]


def chart(html: str) -> str:
    return re.search(r"<figure.*?</figure>", html, re.S).group(0)


def download(report_as, user, query) -> list[list[str]]:
    response = report_as(user, format="csv", **query)
    return list(csv.reader(io.StringIO(response.content.decode())))


def csv_row(rows, section, group, measure) -> list[str]:
    [row] = [row for row in rows if row[:3] == [section, group, measure]]
    return row[3:]


def test_an_icb_analyst_sees_fewer_than_5_and_no_share_for_a_single_request(world, monday, report_as):
    html = report_as(world.icb_analyst, **monday.court_view).content.decode()
    assert summary_value(html, "Requests received") == "fewer than 5"
    assert summary_value(html, "Closed") == "fewer than 5"
    assert summary_value(html, "Still open") == "0 (0 past their deadline)"  # zero is not suppressed
    assert summary_value(html, "Closed within one working day") == "suppressed: fewer than 5"
    assert summary_value(html, "Median time from receipt to closure") == "suppressed: fewer than 5"
    outcomes = {row[0]: row[1:] for row in table_rows(html, "Outcomes of fewer than 5 closed requests")}
    assert outcomes["Required ED / urgent and emergency care"] == ["fewer than 5", "suppressed: fewer than 5", "suppressed: fewer than 5"]
    assert outcomes["Home visit"] == ["0", "suppressed: fewer than 5", "suppressed: fewer than 5"]
    assert "Counts from 1 to 4 are shown as fewer than 5 to protect patients&#39; privacy" in html


def test_the_share_and_interval_of_a_suppressed_group_are_nowhere_on_the_page(world, monday, report_as):
    html = report_as(world.icb_analyst, **monday.court_view).content.decode()
    lower, _ = wilson_interval(1, 1)
    assert "100.0" not in html
    assert f"{round(lower * 100, 1)}%" not in html
    assert "2.0 hours" not in html
    # The chart names the outcome but draws no bar whose length would give the share away.
    assert "Required ED / urgent and emergency care: <strong>suppressed: fewer than 5</strong>" in chart(html)
    assert 'fill="#005eb8"' not in chart(html)


def test_groups_of_5_or_more_stay_exact_for_the_icb_but_their_small_cells_do_not(world, monday, report_as):
    html = report_as(world.icb_analyst, **monday.both).content.decode()
    assert summary_value(html, "Requests received") == "7"
    assert summary_value(html, "Median time from receipt to closure") == "2.0 hours"
    outcomes = {row[0]: row[1:3] for row in table_rows(html, "Outcomes of 7 closed requests")}
    assert outcomes["Discharged (advice, self-care or treated remotely)"] == ["6", "85.7%"]
    assert outcomes["Home visit"] == ["0", "0.0%"]
    # 1 of 7: the share with the total would give the count back, so it is withheld too.
    assert outcomes["Required ED / urgent and emergency care"] == ["fewer than 5", "suppressed: fewer than 5"]
    bars = re.findall(r'width="([\d.]+)" height="20" fill="#005eb8"', chart(html))
    assert bars[0] == "85.7" and len(bars) == 8  # every outcome but the suppressed one
    practices = {row[0]: row[1:] for row in table_rows(html, "Requests by practice")}
    assert practices["Riverside Medical Practice (G82106)"][:4] == ["6", "0", "6", "100.0%"]
    assert practices["Court View Surgery (G82203)"] == [
        "fewer than 5", "0", "fewer than 5", "suppressed: fewer than 5", "suppressed: fewer than 5", "suppressed: fewer than 5",
    ]


def test_the_icb_csv_shows_less_than_5_and_withholds_shares_and_medians(world, monday, report_as):
    rows = download(report_as, world.icb_analyst, monday.court_view)
    assert csv_row(rows, "Summary", "All requests", "Requests received")[0] == "<5"
    assert csv_row(rows, "Summary", "All requests", "Still open")[0] == "0"
    assert csv_row(rows, "Summary", "All requests", "Closed within one working day") == ["<5", "<5", "suppressed", "suppressed", "suppressed"]
    assert csv_row(rows, "Summary", "All requests", "Median hours from receipt to closure")[0] == "suppressed"
    assert csv_row(rows, "Outcome", "All closed requests", "Required ED / urgent and emergency care")[:3] == ["<5", "<5", "suppressed"]
    assert csv_row(rows, "Outcome", "All closed requests", "Home visit")[:3] == ["0", "<5", "suppressed"]
    assert not [cell for row in rows for cell in row if cell in {"1", "100.0", "2.0"}]


@pytest.mark.parametrize("persona", ["hub_admin", "practice_b_staff"])
def test_hub_and_practice_staff_see_exact_figures(world, monday, report_as, persona):
    user = getattr(world, persona)
    html = report_as(user, **monday.court_view).content.decode()
    assert summary_value(html, "Requests received") == "1"
    assert summary_value(html, "Median time from receipt to closure") == "2.0 hours"
    outcomes = {row[0]: row[1:3] for row in table_rows(html, "Outcomes of 1 closed request")}
    assert outcomes["Required ED / urgent and emergency care"] == ["1", "100.0%"]
    assert "fewer than 5" not in html and "protect patients" not in html
    rows = download(report_as, user, monday.court_view)
    assert csv_row(rows, "Outcome", "All closed requests", "Required ED / urgent and emergency care")[:3] == ["1", "1", "100.0"]


def test_the_outcomes_caption_counts_in_the_singular_and_plural(world, monday, report_as):
    one = report_as(world.hub_admin, **monday.court_view).content.decode()
    six = report_as(world.hub_admin, **{**monday.both, "practice": "G82106"}).content.decode()
    assert [text for _, text in texts(one, "caption")][0] == "Outcomes of 1 closed request"
    assert [text for _, text in texts(six, "caption")][0] == "Outcomes of 6 closed requests"


@pytest.mark.parametrize(
    ("count", "total", "shown"),
    [(0, 4, None), (4, 4, None), (1, 100, None), (0, 5, Decimal("0.0")), (5, 5, Decimal("100.0")), (96, 100, Decimal("96.0"))],
)
def test_which_shares_are_withheld_when_small_numbers_are_suppressed(count, total, shown):
    withheld = share(count, total, exact=False)
    assert withheld.percent == shown and withheld.suppressed == (shown is None)
    assert share(count, total, exact=True).percent is not None
