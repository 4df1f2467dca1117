"""The outcomes report in a real browser at phone width, checked with axe (WCAG 2.2 AA)."""

from urllib.parse import urlencode

import pytest

from tests.browser import check_page, sign_in_page

from .conftest import WEEK

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


@pytest.fixture
def committed_week(transactional_db, week):
    return week


def test_the_report_and_its_error_page_pass_axe_at_phone_width(live_server, world, committed_week, page):
    sign_in_page(page, live_server, world.icb_analyst)
    page.goto(f"{live_server.url}/reports/outcomes/?{urlencode(WEEK)}")
    check_page(page, "Outcomes report")
    page.get_by_text("Choose practices or PCNs").click()
    page.get_by_label("Sheppey Surgery (G82999)").check()
    page.get_by_role("button", name="Show figures").click()
    check_page(page, "Outcomes report")
    assert "1 practice: Sheppey Surgery" in page.content()

    page.get_by_label("Day").first.fill("")
    page.get_by_role("button", name="Show figures").click()
    check_page(page, "Error: ")
    page.get_by_role("link", name="Start date must include a day").click()
    assert page.evaluate("document.activeElement.id") == "from_day"
