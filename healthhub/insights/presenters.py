"""Shape the outcomes figures for the page, the chart and the CSV, so templates hold no logic."""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from healthhub.clinical.statistics import rounded_percentages, wilson_interval
from healthhub.consultations.models import Category, Outcome

from .forms import ReportFilter
from .queries import GroupCounts, outcome_figures
from .suppression import (
    SUPPRESSED_TEXT,
    SUPPRESSION_NOTE,
    FewerThanLimit,
    shown_count,
    withholds_median,
    withholds_share,
)

# The chart's bars use the NHS blue; the SVG draws them with attributes, which the CSP allows.
BAR_COLOUR = "#005eb8"


@dataclass(frozen=True)
class Share:
    """count out of total, as a percentage with its 95% Wilson interval (None when total is 0,
    and when the share is suppressed for a reader who may not see small numbers)."""

    count: int | FewerThanLimit
    total: int | FewerThanLimit
    percent: Decimal | None
    lower: Decimal | None
    upper: Decimal | None
    suppressed: bool = False

    @property
    def text(self) -> str:
        if self.suppressed:
            return SUPPRESSED_TEXT
        return "No requests" if self.percent is None else f"{self.percent}%"

    @property
    def interval_text(self) -> str:
        if self.suppressed:
            return SUPPRESSED_TEXT
        return "" if self.percent is None else f"{self.lower}% to {self.upper}%"

    @property
    def summary_text(self) -> str:
        if self.suppressed:
            return SUPPRESSED_TEXT
        if self.percent is None:
            return "No requests closed or due yet"
        return f"{self.text} ({self.count} of {self.total}; 95% confidence interval {self.interval_text})"


def _one_decimal(fraction: float) -> Decimal:
    return Decimal(str(round(fraction * 100, 1))).quantize(Decimal("0.1"))


def share(count: int, total: int, percent: Decimal | None = None, exact: bool = True) -> Share:
    if withholds_share(count, total, exact):
        return Share(shown_count(count, exact), shown_count(total, exact), None, None, None, suppressed=True)
    if total == 0:
        return Share(count, total, None, None, None)
    lower, upper = wilson_interval(count, total)
    shown = percent if percent is not None else _one_decimal(count / total)
    return Share(count, total, shown, _one_decimal(lower), _one_decimal(upper))


def hours_text(hours: float | None) -> str:
    return "No closed requests" if hours is None else f"{hours:.1f} hours"


@dataclass(frozen=True)
class GroupRow:
    label: str
    received: int | FewerThanLimit
    still_open: int | FewerThanLimit
    open_past_deadline: int | FewerThanLimit
    closed: int | FewerThanLimit
    in_time: Share
    median_hours: float | None
    median_suppressed: bool = False

    @property
    def median_text(self) -> str:
        return SUPPRESSED_TEXT if self.median_suppressed else hours_text(self.median_hours)


@dataclass(frozen=True)
class OutcomeRow:
    label: str
    share: Share

    @property
    def bar_width(self) -> str:
        """Width of the chart bar as a percentage of the chart; a sliver for small non-zero shares
        so they still show."""
        if self.share.suppressed or not self.share.percent:
            return "0"
        return str(max(self.share.percent, Decimal("0.5")))


@dataclass(frozen=True)
class OutcomesReport:
    filter: ReportFilter
    summary: GroupRow
    outcomes: list[OutcomeRow]
    by_category: list[GroupRow]
    by_practice: list[GroupRow]
    exact: bool  # False: small numbers are suppressed for this reader
    requests_counted: int  # exact, for the audit record of an export; never shown
    bar_colour: str = BAR_COLOUR

    @property
    def closed_total(self) -> int | FewerThanLimit:
        return self.summary.closed

    @property
    def outcomes_caption(self) -> str:
        closed = self.closed_total
        return f"Outcomes of {closed} closed request{'' if closed == 1 else 's'}"

    @property
    def suppression_note(self) -> str | None:
        return None if self.exact else SUPPRESSION_NOTE


def in_time_share(counts: GroupCounts, exact: bool = True) -> Share:
    """Closed by the deadline, out of every request that is closed or already past its deadline:
    an open request past its deadline has missed it; one not yet due has not been judged."""
    return share(counts.closed_in_time, counts.closed + counts.open_past_deadline, exact=exact)


def group_row(label: str, counts: GroupCounts, exact: bool = True) -> GroupRow:
    median_suppressed = withholds_median(counts.closed, exact)
    return GroupRow(
        label=label,
        received=shown_count(counts.received, exact),
        still_open=shown_count(counts.still_open, exact),
        open_past_deadline=shown_count(counts.open_past_deadline, exact),
        closed=shown_count(counts.closed, exact),
        in_time=in_time_share(counts, exact),
        median_hours=None if median_suppressed else counts.median_hours,
        median_suppressed=median_suppressed,
    )


def outcome_rows(counts: GroupCounts, exact: bool = True) -> list[OutcomeRow]:
    """The nine outcomes in the order and wording of the hub's report (DOMAIN.md 2.4), shares of
    closed requests rounded so they add up to 100%."""
    values = [counts.outcomes.get(outcome.value, 0) for outcome in Outcome]
    closed = sum(values)
    percents = rounded_percentages(values) if closed else [None] * len(values)
    return [
        OutcomeRow(label=outcome.label, share=share(value, closed, percent, exact))
        for outcome, value, percent in zip(Outcome, values, percents, strict=True)
    ]


def outcomes_report(requests, report_filter: ReportFilter, now: datetime, *, exact: bool) -> OutcomesReport:
    """The report for the requests a user may see, narrowed to the filter; with exact False,
    small numbers are suppressed throughout (see suppression.py)."""
    chosen = requests.filter(
        practice_id__in=report_filter.practice_ids,
        received_at__gte=report_filter.received_from,
        received_at__lt=report_filter.received_before,
    )
    figures = outcome_figures(chosen, now)
    empty = GroupCounts()
    return OutcomesReport(
        filter=report_filter,
        summary=group_row("All requests", figures.overall, exact),
        outcomes=outcome_rows(figures.overall, exact),
        by_category=[
            group_row(category.label, figures.by_category.get(category.value, empty), exact) for category in Category
        ],
        by_practice=[
            group_row(
                f"{practice.display_name} ({practice.ods_code})", figures.by_practice.get(practice.pk, empty), exact,
            )
            for practice in report_filter.practices
        ],
        exact=exact,
        requests_counted=figures.overall.received,
    )


@dataclass(frozen=True)
class CheckboxItem:
    id: str
    name: str
    value: str
    text: str
    checked: bool


@dataclass(frozen=True)
class PracticeGroup:
    legend: str
    items: list  # CheckboxItem; a PCN's own "all practices" box first, when it has one


@dataclass(frozen=True)
class PracticeGroups:
    groups: list[PracticeGroup]

    @property
    def first_checkbox_id(self) -> str:
        """Where the error summary sends someone whose choice of practices was refused."""
        for group in self.groups:
            if group.items:
                return group.items[0].id
        return "maincontent"


NOT_IN_A_PCN = "Practices not in a PCN"


def pcn_label(pcn) -> str:
    """Published names are upper case; people read title case more easily."""
    return pcn.name.title().replace("Pcn", "PCN")


def practice_groups(practices, form) -> PracticeGroups:
    """The practice checkboxes grouped by PCN (PCNs by name, practices outside any PCN last)."""
    chosen_practices, chosen_pcns = form.chosen("practice"), form.chosen("pcn")
    by_pcn: dict = {}
    for practice in practices:
        by_pcn.setdefault(practice.pcn, []).append(practice)
    groups = []
    for pcn in sorted(by_pcn, key=lambda pcn: (pcn is None, pcn.name if pcn else "")):
        items = []
        if pcn is not None:
            items.append(CheckboxItem(
                f"pcn-{pcn.code}", "pcn", pcn.code, f"Every practice in {pcn_label(pcn)}", pcn.code in chosen_pcns,
            ))
        for practice in sorted(by_pcn[pcn], key=lambda p: p.display_name):
            items.append(CheckboxItem(
                f"practice-{practice.ods_code}", "practice", practice.ods_code,
                f"{practice.display_name} ({practice.ods_code})", practice.ods_code in chosen_practices,
            ))
        groups.append(PracticeGroup(pcn_label(pcn) if pcn else NOT_IN_A_PCN, items))
    return PracticeGroups(groups)
