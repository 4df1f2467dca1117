"""The CSV download: the page's figures, its filter described, audited as a data export."""

import csv
import io

from healthhub.consultations.models import Outcome
from healthhub.core.models import AuditEvent
from healthhub.insights.export import HEADER
from tests import factories

from .conftest import WEEK, at, close, received


def download(report_as, user, **query):
    response = report_as(user, format="csv", **{**WEEK, **query})
    return response, list(csv.reader(io.StringIO(response.content.decode())))


def find(rows, section, group, measure):
    matches = [row for row in rows if row[:3] == [section, group, measure]]
    assert len(matches) == 1, (section, group, measure)
    return matches[0]


def test_csv_is_a_download_with_a_header_and_rows_of_one_shape(world, week, report_as):
    response, rows = download(report_as, world.hub_admin)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="outcomes-2025-01-06-to-2025-01-10.csv"'
    assert rows[0] == HEADER
    assert {len(row) for row in rows} == {len(HEADER)}
    # Filter 3 rows, summary 6, outcomes 9, 6 categories and 2 practices of 6 rows each.
    assert len(rows) == 1 + 3 + 6 + 9 + 6 * 6 + 2 * 6


def test_csv_describes_its_filter(world, week, report_as):
    _, rows = download(report_as, world.hub_admin, practice="G82203")
    assert find(rows, "Filter", "", "Received from")[3] == "2025-01-06"
    assert find(rows, "Filter", "", "Received to")[3] == "2025-01-10"
    assert find(rows, "Filter", "", "Practices")[3] == "G82203 Court View Surgery"


def test_csv_holds_the_same_figures_as_the_page(world, week, report_as):
    _, rows = download(report_as, world.hub_admin)
    assert find(rows, "Summary", "All requests", "Requests received")[3] == "6"
    assert find(rows, "Summary", "All requests", "Closed within one working day")[3:] == ["3", "5", "60.0", "23.1", "88.2"]
    assert find(rows, "Summary", "All requests", "Median hours from receipt to closure")[3] == "14.0"
    outcomes = [row for row in rows if row[0] == "Outcome"]
    assert [row[2] for row in outcomes] == [outcome.label for outcome in Outcome]
    assert outcomes[0][3:6] == ["2", "4", "50.0"]
    assert sum(float(row[5]) for row in outcomes) == 100.0
    assert find(rows, "Category", "Medication request", "Closed within one working day")[3:6] == ["0", "1", "0.0"]
    assert find(rows, "Category", "Pregnancy", "Median hours from receipt to closure")[3] == ""
    assert find(rows, "Practice", "Riverside Medical Practice (G82106)", "Median hours from receipt to closure")[3] == "24.0"


def test_each_download_is_audited_with_who_and_what(world, week, report_as):
    download(report_as, world.icb_analyst, pcn="U27664")
    event = AuditEvent.objects.get(action="report.outcomes.export")
    assert event.actor == world.icb_analyst
    assert event.object_type == "OutcomesExport"
    assert event.object_label.startswith("Requests received from 6 January 2025 to 10 January 2025, 2 practices")
    assert event.detail == {
        "received_from": "2025-01-06", "received_to": "2025-01-10", "practices": ["G82203", "G82106"], "requests": 6,
    }


def test_icb_analyst_csv_holds_no_patient_identifiers(world, week, report_as):
    _, rows = download(report_as, world.icb_analyst)
    text = "\n".join(",".join(row) for row in rows)
    assert "G82999" in text  # the other hub's practice is there
    for request in week.requests.values():
        assert request.reference not in text
    for identifier in ("Alex", "Smith", "9434765919", "943 476 5919", "07700900123", "alex@example.com", "ME2 1NP", "ough"):
        assert identifier not in text


def test_a_practice_name_cannot_become_a_spreadsheet_formula(world, report_as):
    practice = factories.make_practice("G84444", '=HYPERLINK("http://example.com","x")', hub=world.hub, pcn=world.pcn)
    close(received(practice, at(6, 10)), "discharged", at(6, 12), world.nurse)
    _, rows = download(report_as, world.hub_admin)
    cells = [cell for row in rows for cell in row]
    assert not [cell for cell in cells if cell.startswith(("=", "+", "-", "@"))]
    assert "'=Hyperlink(\"Http://Example.Com\",\"X\") (G84444)" in cells


def test_bad_filters_give_the_error_page_not_a_download_and_no_audit(world, week, report_as):
    response = report_as(world.hub_admin, format="csv", **{**WEEK, "to_month": "13"})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert "End date must be a real date" in response.content.decode()
    assert not AuditEvent.objects.filter(action="report.outcomes.export").exists()


def test_the_page_links_to_the_csv_for_the_same_filter(world, week, report_as):
    html = report_as(world.hub_admin, practice="G82106", **WEEK).content.decode()
    assert (
        'href="?from_day=6&amp;from_month=1&amp;from_year=2025&amp;to_day=10&amp;to_month=1&amp;to_year=2025'
        '&amp;practice=G82106&amp;format=csv"' in html
    )


def test_practice_staff_csv_covers_their_practice_only(world, week, report_as):
    _, rows = download(report_as, world.practice_b_staff)
    assert {row[1] for row in rows if row[0] == "Practice"} == {"Court View Surgery (G82203)"}
    assert find(rows, "Summary", "All requests", "Requests received")[3] == "2"
