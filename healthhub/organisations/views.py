"""Staff pages for organisation settings: pausing and resuming a practice's medical intake."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from healthhub.core.audit import Actor
from healthhub.core.rendering import page

from . import services
from .access import can_manage_intake, intake_practices_for
from .forms import SUGGESTED_PAUSE_MESSAGE, PauseIntakeForm


def _managed_practice(request, ods: str):
    """The practice, if this user may change its intake; others' practices are not found (404)."""
    if not can_manage_intake(request.user):
        raise PermissionDenied
    return get_object_or_404(intake_practices_for(request.user), ods_code=ods.upper())


def _status(practice):
    return getattr(practice, "intake_status", None)


@require_GET
def intake(request):
    if not can_manage_intake(request.user):
        raise PermissionDenied
    rows = [{"practice": practice, "status": _status(practice)} for practice in intake_practices_for(request.user)]
    return page(request, "organisations/intake.jinja", "Online intake", rows=rows, active_nav="intake",
                column_class="nhsuk-grid-column-full")


@require_http_methods(["GET", "POST"])
def intake_practice(request, ods):
    practice = _managed_practice(request, ods)
    status = _status(practice)
    current_message = (status and status.message) or SUGGESTED_PAUSE_MESSAGE
    form = PauseIntakeForm(request.POST if request.method == "POST" else None, initial={"message": current_message})
    if form.is_valid():
        try:
            services.pause_medical_intake(practice, form.cleaned_data["message"], Actor.from_request(request))
        except services.PauseMessageRequired as problem:
            form.add_error("message", str(problem))
        else:
            messages.success(request, f"Medical requests to {practice.display_name} are paused. Admin requests are still open.")
            return redirect("organisations:intake")
    return page(request, "organisations/intake_practice.jinja", f"Medical requests: {practice.display_name}", form=form,
                practice=practice, intake_status=status, active_nav="intake")


@require_POST
def resume_intake(request, ods):
    practice = _managed_practice(request, ods)
    services.resume_medical_intake(practice, Actor.from_request(request))
    messages.success(request, f"Medical requests to {practice.display_name} are open again.")
    return redirect("organisations:intake")
