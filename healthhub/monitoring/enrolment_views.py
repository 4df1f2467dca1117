"""A patient's page on a monitoring programme, and staff recording a set of observations phoned in."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from healthhub.core import audit
from healthhub.core.audit import Actor
from healthhub.core.rendering import page

from . import access, presenters, services
from .forms import ObservationsForm
from .scoring import InvalidObservations


@require_GET
def enrolment_detail(request, enrolment_id):
    enrolment = access.enrolment_for(request.user, enrolment_id)
    # Reading a patient's monitoring record is itself recorded: who looked, when, from where.
    audit.record(Actor.from_request(request), "monitoring.enrolment.view", enrolment)
    context = presenters.enrolment_page(enrolment, request.user, timezone.now())
    return page(request, "monitoring/enrolment.jinja", enrolment.patient.full_name, active_nav="monitoring",
                column_class="nhsuk-grid-column-full", **context)


@require_http_methods(["GET", "POST"])
def record_observations(request, enrolment_id):
    enrolment = access.enrolment_for(request.user, enrolment_id)
    access.require_clinician(request.user)
    form = ObservationsForm(request.POST if request.method == "POST" else None, programme=enrolment.programme, now=timezone.now())
    if form.is_valid():
        try:
            recorded = services.record_observations(enrolment, form.observations(), effective_at=form.cleaned_data["taken_at"],
                                                    source="staff", actor=Actor.from_request(request))
        except InvalidObservations as invalid:
            form.add_observation_errors(invalid.errors)
        except services.MonitoringError as refusal:
            form.refused(refusal)
        else:
            messages.success(request, presenters.recorded_message(recorded))
            return redirect("monitoring:enrolment", enrolment.pk)
    # The form names the patient: a view of their record like any other.
    audit.record(Actor.from_request(request), "monitoring.enrolment.view", enrolment, page="record")
    return page(request, "monitoring/record.jinja", f"Record observations for {enrolment.patient.full_name}", form=form,
                active_nav="monitoring", enrolment=enrolment, patient=enrolment.patient)
