"""Enrol a patient from a hub request, set their SpO2 target, discharge them, send them a readings link."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from healthhub.clinical import news2
from healthhub.consultations.access import requests_visible_to
from healthhub.core.audit import Actor
from healthhub.core.rendering import page

from . import access, services
from .management_forms import BpTargetForm, DischargeForm, EnrolForm, Spo2TargetForm
from .models import Programme


def _posted(request):
    return request.POST if request.method == "POST" else None


@require_http_methods(["GET", "POST"])
def enrol(request):
    """The patient comes from one of the hub's requests (?request=REFERENCE); without one, ask for it."""
    access.require_monitoring(request.user)
    reference = (request.GET.get("request") or "").strip().upper()
    if not reference:
        return page(request, "monitoring/enrol_find.jinja", "Enrol a patient in remote monitoring", active_nav="monitoring")
    source = get_object_or_404(requests_visible_to(request.user).select_related("patient"), reference=reference)
    form = EnrolForm(_posted(request), hub=request.user.hub)
    if form.is_valid():
        data = form.cleaned_data
        try:
            enrolment = services.enrol(
                source.patient, data["programme"], hub=request.user.hub, clinician=data["clinician"],
                start_date=data["start_date"], review_date=data["review_date"], bronchiolitis=data["bronchiolitis"],
                source_request=source, actor=Actor.from_request(request))
        except services.MonitoringError as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, f"{source.patient.full_name} is enrolled in {enrolment.get_programme_display()}")
            return redirect("monitoring:enrolment", enrolment.pk)
    return page(request, "monitoring/enrol.jinja", "Enrol a patient in remote monitoring", form=form, source=source,
                programmes=Programme.choices, active_nav="monitoring")


@require_http_methods(["GET", "POST"])
def spo2_target(request, enrolment_id):
    enrolment = access.enrolment_for(request.user, enrolment_id)
    access.require_clinician(request.user)
    current = services.current_spo2_target(enrolment)
    low, high = current or news2.RULES.scale_2_target_spo2  # the range a clinician sets most often
    initial = {"low": low, "high": high}
    form = Spo2TargetForm(_posted(request), initial=initial)
    if form.is_valid():
        try:
            services.set_spo2_target(enrolment, form.cleaned_data["low"], form.cleaned_data["high"], Actor.from_request(request))
        except services.MonitoringError as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, f"Target saturation set to {form.cleaned_data['low']}–{form.cleaned_data['high']}%")
            return redirect("monitoring:enrolment", enrolment.pk)
    return page(request, "monitoring/spo2_target.jinja", "Set the target oxygen saturation", form=form, enrolment=enrolment,
                current=current, scale_2=news2.RULES.scale_2_target_spo2, active_nav="monitoring")


@require_http_methods(["GET", "POST"])
def bp_target(request, enrolment_id):
    enrolment = access.enrolment_for(request.user, enrolment_id)
    access.require_clinician(request.user)
    if enrolment.programme != Programme.HYPERTENSION:
        raise Http404("A blood pressure target is for home blood pressure monitoring")
    form = BpTargetForm(_posted(request), initial={"systolic": enrolment.bp_target_systolic, "diastolic": enrolment.bp_target_diastolic})
    if form.is_valid():
        systolic, diastolic = form.cleaned_data["systolic"], form.cleaned_data["diastolic"]
        try:
            services.set_bp_target(enrolment, systolic, diastolic, Actor.from_request(request))
        except services.MonitoringError as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, f"Home blood pressure target set to below {systolic}/{diastolic} mmHg" if systolic
                             else "The NICE home blood pressure target for the patient's age applies")
            return redirect("monitoring:enrolment", enrolment.pk)
    return page(request, "monitoring/bp_target.jinja", "Set a home blood pressure target", form=form, enrolment=enrolment,
                active_nav="monitoring")


@require_http_methods(["GET", "POST"])
def discharge(request, enrolment_id):
    enrolment = access.enrolment_for(request.user, enrolment_id)
    access.require_clinician(request.user)
    form = DischargeForm(_posted(request))
    if form.is_valid():
        try:
            services.discharge(enrolment, form.cleaned_data["reason"], Actor.from_request(request))
        except services.MonitoringError as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, f"{enrolment.patient.full_name} is discharged from {enrolment.get_programme_display()}")
            return redirect("monitoring:caseload", enrolment.programme)
    return page(request, "monitoring/discharge.jinja", "Discharge from remote monitoring", form=form, enrolment=enrolment,
                active_nav="monitoring")


@require_POST
def reading_link(request, enrolment_id):
    """A new link for the patient to send readings, texted to their mobile (any earlier link stops working)."""
    enrolment = access.enrolment_for(request.user, enrolment_id)
    try:
        services.send_reading_link(
            enrolment, lambda secret: request.build_absolute_uri(reverse("monitoring:patient_readings", args=[secret])),
            Actor.from_request(request))
    except services.MonitoringError as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, "A readings link has been texted to the patient")
    return redirect("monitoring:enrolment", enrolment.pk)
