"""The hub's remote monitoring at a glance: its programmes, and each programme's caseload."""

from django.http import Http404
from django.utils import timezone
from django.views.decorators.http import require_GET

from healthhub.core.rendering import page

from . import access, presenters
from .models import Programme


@require_GET
def overview(request):
    access.require_monitoring(request.user)
    return page(request, "monitoring/overview.jinja", "Remote monitoring", active_nav="monitoring",
                **presenters.overview(request.user))


@require_GET
def caseload(request, programme):
    access.require_monitoring(request.user)
    try:
        programme = Programme(programme)
    except ValueError:
        raise Http404("No such programme") from None
    context = presenters.caseload(request.user, programme, timezone.now())
    return page(request, "monitoring/caseload.jinja", programme.label, active_nav="monitoring",
                column_class="nhsuk-grid-column-full", **context)
