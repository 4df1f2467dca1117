"""The outcomes report for the hub, its practices and the ICB."""

from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from healthhub.core.audit import Actor
from healthhub.core.rendering import page

from . import export
from .access import can_see_outcomes_report, report_practices_for, report_requests_for, sees_exact_figures
from .forms import OutcomesFilterForm
from .presenters import outcomes_report, practice_groups


@require_GET
def outcomes(request):
    if not can_see_outcomes_report(request.user):
        raise PermissionDenied
    wants_csv = request.GET.get("format") == "csv"
    practices = list(report_practices_for(request.user))
    form = OutcomesFilterForm(request.GET, practices=practices, today=timezone.localdate())
    groups = practice_groups(practices, form)
    report = None
    if form.is_valid():
        report = outcomes_report(
            report_requests_for(request.user), form.report_filter(), timezone.now(),
            exact=sees_exact_figures(request.user),
        )
        if wants_csv:
            export.record_export(Actor.from_request(request), report)
            response = HttpResponse(export.csv_text(report), content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = f'attachment; filename="{export.file_name(report)}"'
            return response
    return page(
        request, "insights/outcomes.jinja", "Outcomes report", form=form, report=report, practice_groups=groups,
        form_errors=form.error_summary(groups.first_checkbox_id), csv_href=_csv_href(report),
        active_nav="report", column_class="nhsuk-grid-column-full", status=400 if wants_csv and report is None else 200,
    )


def _csv_href(report) -> str | None:
    if report is None:
        return None
    return "?" + urlencode({**report.filter.as_query(), "format": "csv"}, doseq=True)
