"""The work queue and the lists beside it: my queue, new arrivals, recently closed, sent back to a practice."""

from datetime import datetime

from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from healthhub.core.rendering import page

from ..access import requests_visible_to
from . import presenters
from .forms import FindRequestForm
from .policy import work_queue_page

FULL_WIDTH = "nhsuk-grid-column-full"


@work_queue_page
@require_GET
def queue(request):
    context = presenters.queue_page(request.user, request.GET, timezone.now())
    title = "My queue" if context["is_my_queue"] else "Work queue"
    return page(request, "consultations/queue.jinja", title, form=context["search"], active_nav="queue",
                column_class=FULL_WIDTH, **context)


@work_queue_page
@require_GET
def my_queue(request):
    """One clinician's own requests: the queue filtered to them, so every other filter still works."""
    query = request.GET.copy()
    query["assignee"] = "me"
    return redirect(reverse("consultations:queue") + "?" + query.urlencode())


@work_queue_page
@require_GET
def queue_updates(request):
    """For the queue page's script: how many new requests match its filters since it was shown."""
    try:
        since = datetime.fromisoformat(request.GET.get("since", ""))
    except ValueError:
        since = None
    if since is None or since.tzinfo is None:
        return JsonResponse({"error": "Give 'since' as an ISO 8601 date and time with a time zone"}, status=400)
    return JsonResponse(presenters.new_arrivals(request.user, request.GET, since, timezone.now()))


@work_queue_page
@require_GET
def find_request(request):
    form = FindRequestForm(request.GET)
    if form.is_valid():
        reference = form.cleaned_data["reference"]
        if requests_visible_to(request.user).filter(reference=reference).exists():
            return redirect("consultations:request_detail", reference)
        form.add_error("reference", f"No request you can see has the reference {reference}. Check it and try again")
    return page(request, "consultations/find.jinja", "Find a request", form=form, find=form, active_nav="queue")


@work_queue_page
@require_GET
def recently_closed(request):
    now = timezone.now()
    context = presenters.listing(presenters.recently_closed(request.user, now), request.GET, now)
    return page(request, "consultations/closed.jinja", "Closed in the last 14 days", active_nav="queue",
                column_class=FULL_WIDTH, **context)


@work_queue_page
@require_GET
def practice_queue(request):
    """Requests the hub sent back to the user's practice that the practice has not yet acknowledged."""
    now = timezone.now()
    context = presenters.listing(presenters.awaiting_practice(request.user), request.GET, now)
    return page(request, "consultations/practice_queue.jinja", "Sent back to your practice", active_nav="queue",
                column_class=FULL_WIDTH, **context)
