"""Staff entering a request for a caller who cannot (or would rather not) use the online form.

Hub staff enter requests for any practice their hub serves; practice reception staff (DOMAIN.md
section 1) for their own practice only."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_GET, require_http_methods

from healthhub.consultations.access import requests_visible_to
from healthhub.consultations.services import submit_request
from healthhub.core import audit
from healthhub.core.audit import Actor
from healthhub.core.rendering import page
from healthhub.organisations.access import intake_practices_for

from . import emergency, presenters
from .pages import posted
from .staff_forms import CallerRequestForm, new_idempotency_key


def _require_intake_staff(user) -> None:
    if not (user.is_hub_staff or user.is_practice_staff):
        raise PermissionDenied


@require_http_methods(["GET", "POST"])
def for_caller(request):
    _require_intake_staff(request.user)
    # Scoped by organisation: a hub's practices for hub staff, the user's own practice for practice staff.
    practices = list(intake_practices_for(request.user))
    own_practice_only = request.user.is_practice_staff
    initial = {"idempotency_key": new_idempotency_key()}
    if own_practice_only and practices:
        initial["practice"] = practices[0].ods_code
    form = CallerRequestForm(posted(request), practices=practices, own_practice_only=own_practice_only, initial=initial)
    if form.is_valid():
        created, _new = submit_request(form.to_submission(), Actor.from_request(request))
        return redirect("intake:for_caller_done", created.reference)
    select_items = {name: presenters.select_items(form[name]) for name in CallerRequestForm.SELECTS}
    return page(request, "intake/for_caller.jinja", "Enter a request for a caller", form=form, active_nav="caller",
                screen=emergency.screen(), select_items=select_items,
                idempotency_key=form["idempotency_key"].value() or new_idempotency_key())


@require_GET
def for_caller_done(request, reference):
    _require_intake_staff(request.user)
    created = get_object_or_404(requests_visible_to(request.user).select_related("patient", "practice"), reference=reference)
    audit.record(Actor.from_request(request), "request.view", created)
    return page(request, "intake/for_caller_done.jinja", "Request entered", submitted=created,
                detail_url=presenters.request_detail_url(created.reference), active_nav="caller")
