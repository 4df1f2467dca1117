"""Structural accessibility checks on a rendered page, cheap enough for every test.

They catch what breaks most often when templates change: duplicate ids, inputs without
labels, radios and checkboxes outside a fieldset with a legend, more or fewer than one
<h1>, and error-summary links that point at nothing. (The browser suite runs axe too.)
"""

from html.parser import HTMLParser

INPUT_TAGS = {"input", "select", "textarea"}
UNLABELLED_TYPES = {"hidden", "submit", "button"}


class _Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: list[str] = []
        self.label_for: set[str] = set()
        self.inputs: list[dict] = []
        self.h1_count = 0
        self.fieldset_depth = 0
        self.legend_seen: list[bool] = []
        self.grouped_without_legend: list[str] = []
        self.links: list[str] = []
        self.in_error_summary = 0
        self.error_summary_links: list[str] = []
        self._stack: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag not in {"input", "br", "img", "meta", "link", "hr"}:
            self._stack.append(tag)
        if "id" in attrs:
            self.ids.append(attrs["id"])
        if tag == "label" and attrs.get("for"):
            self.label_for.add(attrs["for"])
        if tag == "h1":
            self.h1_count += 1
        if tag == "fieldset":
            self.legend_seen.append(False)
        if tag == "legend" and self.legend_seen:
            self.legend_seen[-1] = True
        if tag in INPUT_TAGS and attrs.get("type") not in UNLABELLED_TYPES:
            self.inputs.append(attrs)
            if attrs.get("type") in {"radio", "checkbox"} and not any(self.legend_seen):
                self.grouped_without_legend.append(attrs.get("id", "?"))
        if tag == "div" and "nhsuk-error-summary" in attrs.get("class", "").split():
            self.in_error_summary = len(self._stack)
        if tag == "a" and self.in_error_summary and attrs.get("href", "").startswith("#"):
            self.error_summary_links.append(attrs["href"][1:])

    def handle_endtag(self, tag):
        if tag == "fieldset" and self.legend_seen:
            self.legend_seen.pop()
        if self._stack and self._stack[-1] == tag:
            if self.in_error_summary and len(self._stack) == self.in_error_summary:
                self.in_error_summary = 0
            self._stack.pop()


def problems(html: str) -> list[str]:
    page = _Page()
    page.feed(html)
    found = []
    duplicates = sorted({i for i in page.ids if page.ids.count(i) > 1})
    if duplicates:
        found.append(f"duplicate ids: {duplicates}")
    if page.h1_count != 1:
        found.append(f"{page.h1_count} <h1> elements")
    for attrs in page.inputs:
        if attrs.get("id") not in page.label_for and not attrs.get("aria-label"):
            found.append(f"input without a label: {attrs.get('name')}")
    if page.grouped_without_legend:
        found.append(f"radios or checkboxes outside a fieldset with a legend: {page.grouped_without_legend}")
    for target in page.error_summary_links:
        if target not in page.ids:
            found.append(f"error summary links to missing #{target}")
    return found


def assert_accessible_structure(response) -> None:
    html = response.content.decode()
    assert problems(html) == [], problems(html)


class _Links(HTMLParser):
    def __init__(self, css_class: str):
        super().__init__()
        self.css_class = css_class
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and self.css_class in (attrs.get("class") or "").split():
            self.hrefs.append(attrs.get("href", ""))


def back_link(response) -> str | None:
    """Where the page's back link goes (None when the page has none)."""
    links = _Links("nhsuk-back-link")
    links.feed(response.content.decode())
    return links.hrefs[0] if links.hrefs else None
