"""A request's page: the patient, what they asked, the proposed route, one timeline, and what you can do next."""

from django.utils import timezone
from django.views.decorators.http import require_GET

from healthhub.core import audit
from healthhub.core.audit import Actor
from healthhub.core.rendering import page

from . import presenters, timeline
from .forms import NoteForm
from .policy import offered, visible_request, work_queue_page


@work_queue_page
@require_GET
def request_detail(request, reference):
    consultation = visible_request(request.user, reference)
    # Reading a patient's request is itself recorded: who looked, when, from where.
    audit.record(Actor.from_request(request), "request.view", consultation)
    context = presenters.request_page(consultation, timezone.now())
    return page(request, "consultations/request.jinja", f"Request {consultation.reference}", active_nav="queue",
                column_class="nhsuk-grid-column-full", actions=offered(request.user, consultation),
                timeline=timeline.timeline(consultation, context["answers"]), note_form=NoteForm(None), **context)
