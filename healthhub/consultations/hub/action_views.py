"""What staff do to a request. Each view: check who may do it now (policy), call the service, say what happened."""

from functools import wraps

from django.contrib import messages
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from healthhub.core import audit
from healthhub.core.audit import Actor
from healthhub.core.rendering import page

from .. import access, services
from ..models import Outcome
from ..workflow import TransitionNotAllowed
from . import presenters
from .forms import AssignForm, ContactAttemptForm, NoteForm, OutcomeForm, ReopenForm, RouteForm
from .policy import ACTIONS, ActionNotAvailable, check, visible_request, work_queue_page


def request_action(name: str):
    """Give the view a request the user may see and may act on now; a request whose state has moved
    on sends them back to its page with the reason, rather than an error."""

    def decorate(view):
        @wraps(view)
        @work_queue_page
        def wrapper(request, reference):
            consultation = visible_request(request.user, reference)
            try:
                check(name, request.user, consultation)
                return view(request, consultation)
            except (ActionNotAvailable, TransitionNotAllowed) as refusal:
                messages.error(request, str(refusal))
            except services.NotAssignee:
                messages.error(request, "Only the clinician holding this request can do that")
            return redirect("consultations:request_detail", consultation.reference)

        return wrapper

    return decorate


def _done(request, consultation, message: str):
    messages.success(request, message)
    return redirect("consultations:request_detail", consultation.reference)


def _form_page(request, consultation, template: str, heading: str, form, **context):
    return page(request, f"consultations/actions/{template}.jinja", f"{heading} (request {consultation.reference})", form=form,
                heading=heading, consultation=consultation, active_nav="queue", **context)


def _posted(request):
    return request.POST if request.method == "POST" else None


@request_action("claim")
@require_POST
def claim(request, consultation):
    try:
        services.claim(consultation, request.user, Actor.from_request(request))
    except services.AlreadyClaimed:
        # Someone else's take committed first: say who has it now.
        current = access.requests_visible_to(request.user).select_related("assignee").get(pk=consultation.pk)
        messages.error(request, ACTIONS["claim"].state(request.user, current) or "Someone else has just taken this request")
        return redirect("consultations:request_detail", consultation.reference)
    return _done(request, consultation, f"You have taken request {consultation.reference}")


@request_action("start")
@require_POST
def start(request, consultation):
    services.start(consultation, request.user, Actor.from_request(request))
    return _done(request, consultation, f"You have started work on request {consultation.reference}")


@request_action("unassign")
@require_POST
def unassign(request, consultation):
    services.unassign(consultation, Actor.from_request(request))
    return _done(request, consultation, f"Request {consultation.reference} is back in the queue for anyone to take")


@request_action("acknowledge")
@require_POST
def acknowledge(request, consultation):
    services.acknowledge_by_practice(consultation, Actor.from_request(request))
    messages.success(request, f"Request {consultation.reference} acknowledged by your practice")
    if request.POST.get("return_to") == "practice_queue":
        return redirect("consultations:practice_queue")
    return redirect("consultations:request_detail", consultation.reference)


@request_action("assign")
@require_http_methods(["GET", "POST"])
def assign(request, consultation):
    clinicians = [c for c in access.clinicians_of_hub(request.user.hub_id) if c.pk != consultation.assignee_id]
    form = AssignForm(_posted(request), clinicians=clinicians)
    if form.is_valid():
        services.assign(consultation, form.chosen(), Actor.from_request(request), reason=form.cleaned_data["reason"].strip())
        return _done(request, consultation, f"Request {consultation.reference} assigned to {form.chosen().display_name}")
    heading = "Hand over to another clinician" if consultation.assignee_id else "Assign to a clinician"
    return _form_page(request, consultation, "assign", heading, form, assignees=presenters.select_items(form["assignee"]))


@request_action("route")
@require_http_methods(["GET", "POST"])
def route(request, consultation):
    proposed = services.proposed_route_entry(consultation.category)
    form = RouteForm(_posted(request), entries=presenters.matrix_entries(), category=consultation.category,
                     initial_entry=consultation.route_entry or proposed)
    if form.is_valid():
        try:
            services.confirm_route(consultation, form.chosen(), Actor.from_request(request), reason=form.cleaned_data["reason"])
        except services.RouteOverrideNeedsReason:
            form.add_error("reason", "Enter why you are choosing a different route from the one proposed")
        else:
            return _done(request, consultation, f"Route recorded: {form.chosen().get_route_display()}")
    return _form_page(request, consultation, "route", "Confirm or change the route", form, proposed=proposed,
                      options=presenters.route_options(form, proposed))


@request_action("note")
@require_http_methods(["GET", "POST"])
def note(request, consultation):
    form = NoteForm(_posted(request))
    if form.is_valid():
        services.add_note(consultation, form.cleaned_data["text"], request.user, Actor.from_request(request))
        return _done(request, consultation, "Note added")
    return _form_page(request, consultation, "note", "Add a note", form)


@request_action("contact")
@require_http_methods(["GET", "POST"])
def contact(request, consultation):
    form = ContactAttemptForm(_posted(request), request=consultation, now=timezone.now())
    if form.is_valid():
        data = form.cleaned_data
        services.record_contact_attempt(consultation, channel=data["channel"], result=data["result"], message=data["message"],
                                        user=request.user, actor=Actor.from_request(request), at=data["at"])
        return _done(request, consultation, presenters.contact_recorded_message(data))
    # The form shows the patient's mobile and email: a view of their details like any other.
    audit.record(Actor.from_request(request), "request.view", consultation, page="contact")
    return _form_page(request, consultation, "contact", "Record a contact attempt", form, patient=consultation.patient)


@request_action("outcome")
@require_http_methods(["GET", "POST"])
def outcome(request, consultation):
    form = OutcomeForm(_posted(request))
    if form.is_valid():
        try:
            services.record_outcome(consultation, form.cleaned_data["outcome"], Actor.from_request(request), note=form.cleaned_data["note"])
        except services.UnableToContactNotAllowed as refusal:
            form.add_error("outcome", str(refusal))
        else:
            outcome_label = Outcome(form.cleaned_data["outcome"]).label
            return _done(request, consultation, f"Request {consultation.reference} closed. Outcome: {outcome_label}")
    return _form_page(request, consultation, "outcome", "Record the outcome", form,
                      progress=presenters.unable_to_contact_progress(consultation))


@request_action("reopen")
@require_http_methods(["GET", "POST"])
def reopen(request, consultation):
    form = ReopenForm(_posted(request))
    if form.is_valid():
        services.reopen(consultation, request.user, Actor.from_request(request), form.cleaned_data["reason"])
        return _done(request, consultation, f"Request {consultation.reference} reopened. You now hold it")
    return _form_page(request, consultation, "reopen", "Reopen this request", form)
