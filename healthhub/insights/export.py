"""The outcomes report as CSV: the page's figures in long form, one figure a row, for analysts
to pivot; and the audit record every download leaves."""

import csv
import io
from dataclasses import dataclass

from healthhub.core import audit
from healthhub.core.audit import Actor

from .presenters import GroupRow, OutcomesReport, Share
from .suppression import SUPPRESSED_CSV, FewerThanLimit

HEADER = ["Section", "Group", "Measure", "Value", "Out of", "Percentage", "95% CI lower", "95% CI upper"]
# A cell starting with one of these is run as a formula by spreadsheet programs.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class OutcomesExport:
    """What the audit trail records as exported: the report and its filter, never a patient."""

    description: str
    pk: str = "outcomes"

    def __str__(self) -> str:
        return self.description[:200]


def _safe(value):
    if isinstance(value, FewerThanLimit):
        return value.csv_text
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return "" if value is None else value


def _share_cells(share: Share) -> list:
    if share.suppressed:
        return [share.count, share.total, SUPPRESSED_CSV, SUPPRESSED_CSV, SUPPRESSED_CSV]
    return [share.count, share.total, share.percent, share.lower, share.upper]


def _group_rows(section: str, row: GroupRow) -> list[list]:
    return [
        [section, row.label, "Requests received", row.received, "", "", "", ""],
        [section, row.label, "Still open", row.still_open, "", "", "", ""],
        [section, row.label, "Still open past their deadline", row.open_past_deadline, "", "", "", ""],
        [section, row.label, "Closed", row.closed, "", "", "", ""],
        [section, row.label, "Closed within one working day", *_share_cells(row.in_time)],
        [section, row.label, "Median hours from receipt to closure", _median_cell(row), "", "", "", ""],
    ]


def _median_cell(row: GroupRow):
    if row.median_suppressed:
        return SUPPRESSED_CSV
    return None if row.median_hours is None else round(row.median_hours, 1)


def csv_rows(report: OutcomesReport) -> list[list]:
    filter_ = report.filter
    rows = [
        HEADER,
        ["Filter", "", "Received from", filter_.start.isoformat(), "", "", "", ""],
        ["Filter", "", "Received to", filter_.end.isoformat(), "", "", "", ""],
        ["Filter", "", "Practices", "; ".join(f"{p.ods_code} {p.display_name}" for p in filter_.practices), "", "", "", ""],
    ]
    rows += _group_rows("Summary", report.summary)
    rows += [["Outcome", "All closed requests", row.label, *_share_cells(row.share)] for row in report.outcomes]
    for row in report.by_category:
        rows += _group_rows("Category", row)
    for row in report.by_practice:
        rows += _group_rows("Practice", row)
    return [[_safe(cell) for cell in row] for row in rows]


def csv_text(report: OutcomesReport) -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(csv_rows(report))
    return buffer.getvalue()


def file_name(report: OutcomesReport) -> str:
    return f"outcomes-{report.filter.start.isoformat()}-to-{report.filter.end.isoformat()}.csv"


def record_export(actor: Actor, report: OutcomesReport) -> None:
    """A download leaves the service's control, so it is audited like a view of patient data."""
    filter_ = report.filter
    audit.record(
        actor, "report.outcomes.export", OutcomesExport(filter_.describe()),
        received_from=filter_.start.isoformat(), received_to=filter_.end.isoformat(),
        practices=[practice.ods_code for practice in filter_.practices], requests=report.requests_counted,
    )
