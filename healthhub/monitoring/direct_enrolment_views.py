"""Enrol a patient who has not sent the hub a request: their details are taken here instead."""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

from healthhub.consultations.services import find_or_create_patient
from healthhub.core.audit import Actor
from healthhub.core.rendering import page
from healthhub.organisations.access import practices_visible_to

from . import access, services
from .direct_enrolment_forms import DirectEnrolForm
from .models import Programme


@require_http_methods(["GET", "POST"])
def enrol_new_patient(request):
    access.require_monitoring(request.user)
    practices = practices_visible_to(request.user).served_by_hub()
    form = DirectEnrolForm(request.POST if request.method == "POST" else None, hub=request.user.hub, practices=practices)
    if form.is_valid():
        data = form.cleaned_data
        try:
            # One transaction: a refused enrolment must not leave a new patient record (or changed details) behind.
            with transaction.atomic():
                patient = find_or_create_patient(form.patient_details(), data["practice"])
                enrolment = services.enrol(
                    patient, data["programme"], hub=request.user.hub, clinician=data["clinician"],
                    start_date=data["start_date"], review_date=data["review_date"], bronchiolitis=data["bronchiolitis"],
                    actor=Actor.from_request(request))
        except services.MonitoringError as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, f"{patient.full_name} is enrolled in {enrolment.get_programme_display()}")
            return redirect("monitoring:enrolment", enrolment.pk)
    practice_items = [{"value": "", "text": "Select a GP surgery"}, *[
        {"value": str(value), "text": label, "selected": str(value) == str(form["practice"].value())}
        for value, label in form.fields["practice"].choices if value]]
    return page(request, "monitoring/enrol_new_patient.jinja", "Enrol a patient who has not sent a request", form=form,
                practice_items=practice_items, programmes=Programme.choices, active_nav="monitoring")
