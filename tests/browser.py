"""Shared support for browser tests: Debian's Chromium driven by Playwright, pages checked with axe.

Browser tests skip with a clear message where no Chromium exists (a developer's laptop), but with
HEALTHHUB_REQUIRE_BROWSER=1 (set by CI) a missing browser is a failure.
"""

import os
import shutil
from pathlib import Path

from django.test import Client

from . import factories

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
AXE = Path(__file__).resolve().parents[1] / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
               "--disable-sync", "--no-first-run"]


def missing_browser_parts() -> str:
    """What is missing to run browser tests, or '' when everything is there."""
    missing = []
    if not os.path.exists(CHROMIUM):
        missing.append("Debian's chromium (apt-get install chromium)")
    if not AXE.exists():
        missing.append("the axe-core npm package (npm ci)")
    return " and ".join(missing)


def browser_required() -> bool:
    return os.environ.get("HEALTHHUB_REQUIRE_BROWSER", "").lower() in {"1", "true", "yes"}


def check_page(page, expected_title_start: str = "", width: int = 320) -> None:
    """axe finds no WCAG 2.2 AA violations, and nothing is wider than the phone-width viewport."""
    # Check the page as people see it: after its scripts have run (the header moves navigation links
    # that do not fit into a "More" menu) and the fonts and layout have settled.
    page.wait_for_load_state("load")
    page.evaluate("document.fonts.ready.then(() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r))))")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
    violations = [(v["id"], v["help"], [n["target"] for n in v["nodes"]]) for v in result["violations"]]
    assert violations == [], f"{page.url}: {violations}"
    assert page.evaluate("document.documentElement.scrollWidth") <= width, f"{page.url} scrolls sideways"
    if expected_title_start:
        assert page.title().startswith(expected_title_start), page.title()


def sign_in_page(page, live_server, user) -> None:
    """Give the browser a session with both factors done (the sign-in pages have their own tests)."""
    client = Client()
    factories.sign_in(client, user)
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])


def fill_patient_details(page) -> None:
    """The patient-details page of the intake journey, filled in for Alex Smith (a test NHS number)."""
    page.get_by_label("First name").fill("Alex")
    page.get_by_label("Last name").fill("Smith")
    page.get_by_label("Day").fill("17")
    page.get_by_label("Month").fill("5")
    page.get_by_label("Year").fill("1980")
    page.get_by_label("NHS number (optional)").fill("943 476 5919")
    page.get_by_label("Postcode").fill("ME2 1NP")
