"""Reading the hub's pages the way a person would: which requests are listed, what a row says, what
the banner says, and the order of the history."""

import re
from html import unescape

from django.test import Client

from tests import factories

REFERENCE_LINK = re.compile(r'href="/hub/requests/([A-Z0-9]{4}-[A-Z0-9]{4})/"')


def text_of(html: str) -> str:
    words = " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())
    return re.sub(r" ([.,:;])", r"\1", words)  # a tag closing before punctuation is not a space


def listed(response) -> list[str]:
    """The references in the page's table, top to bottom."""
    html = response.content.decode()
    table = html[html.find("<table"):html.find("</table>")] if "<table" in html else ""
    return REFERENCE_LINK.findall(table)


def row_text(response, reference: str) -> str:
    html = response.content.decode()
    for row in html.split("<tr")[1:]:
        if f"/hub/requests/{reference}/" in row:
            return text_of("<tr" + row.split("</tr>")[0])
    raise AssertionError(f"{reference} is not in the table")


def row_html(response, reference: str) -> str:
    html = response.content.decode()
    return next(row.split("</tr>")[0] for row in html.split("<tr")[1:] if f"/hub/requests/{reference}/" in row)


def banners(response) -> list[str]:
    """The text of every notification banner on the page."""
    found = re.findall(r'class="nhsuk-notification-banner__title"[^>]*>(.*?)</h2>.*?class="nhsuk-notification-banner__content">(.*?)</div>',
                       response.content.decode(), re.S)
    return [f"{text_of(title)} {text_of(content)}" for title, content in found]


def error_summary(response) -> str:
    html = response.content.decode()
    start = html.find("nhsuk-error-summary")
    return text_of(html[start:html.find("</ul>", start)]) if start >= 0 else ""


def main_text(response) -> str:
    html = response.content.decode()
    return text_of(html[html.find("<main"):html.find("</main>")])


def client_for(user) -> Client:
    """A second (or third) browser, for tests where two people act at once."""
    client = Client()
    factories.sign_in(client, user)
    return client
