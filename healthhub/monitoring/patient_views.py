"""The patient's own page for sending readings, reached by the link texted to them: a home blood pressure
reading, or a set of observations on a respiratory virtual ward (sent by the patient, or for a child by
their parent or carer).

No account: the secret in the link is the key (only its hash is stored, and a new link replaces
it). The page shows nothing about the patient beyond their first name, so a forwarded link leaks
nothing, and it is rate limited like every public form.
"""

from django.http import Http404
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from healthhub.clinical.blood_pressure import SYMPTOM_LABELS
from healthhub.core.audit import Actor, client_ip
from healthhub.core.middleware import public
from healthhub.core.ratelimit import rate_limited
from healthhub.core.rendering import page

from . import services
from .forms import AIR, OXYGEN, ObservationsForm
from .models import Enrolment, Programme, Source
from .patient_forms import BloodPressureReadingForm
from .scoring import CHILD_SIGNS, InvalidObservations

# Voice, pain and unresponsive are what someone else finds: a person filling in a form can say only these.
PATIENT_CONSCIOUSNESS = {"A": "I feel as alert as usual", "C": "I feel more confused or drowsy than usual"}
PATIENT_OXYGEN = {AIR: "No", OXYGEN: "Yes"}
# The staff wording is in presenters.CHILD_SIGN_LABELS; this is what a parent sees and would call it.
PARENT_SIGN_WORDS = {
    "apnoea": "Pauses in their breathing, or they stop breathing for a few seconds",
    "central_cyanosis": "Blue lips or a blue tongue",
    "grunting": "A grunting noise each time they breathe out",
    "moderate_or_severe_chest_indrawing": "The skin between or below their ribs sucks in when they breathe",
    "nasal_flaring": "Their nostrils widen (flare) when they breathe in",
    "no_response_or_does_not_wake": "They do not respond to you as usual, or are hard to wake or keep awake",
    "pale_mottled_or_blue": "Their skin looks pale, blotchy (mottled) or blue",
    "reduced_urine_output": "Fewer wet nappies than usual, or they are weeing less",
}
# The scoring rule asks staff to "Enter the ..."; a patient who left a question blank is told this instead.
PATIENT_MISSING = {
    "respiration_rate": "Enter your breathing rate: count your breaths for one minute",
    "spo2": "Enter your oxygen level from the finger probe",
    "on_oxygen": "Select whether you are using oxygen",
    "systolic_bp": "Enter the top number of your blood pressure",
    "pulse": "Enter your pulse",
    "consciousness": "Select how alert you feel",
    "temperature": "Enter your temperature",
}


@public
@rate_limited
@require_http_methods(["GET", "POST"])
def readings(request, secret):
    enrolment = services.enrolment_for_link(secret)
    if enrolment is None:
        raise Http404("This link has expired or been replaced. Ask the hub team for a new one.")
    if enrolment.programme == Programme.HYPERTENSION:
        return _blood_pressure(request, enrolment)
    return _ward_observations(request, enrolment)


def _actor(request, enrolment: Enrolment) -> Actor:
    return Actor(label=f"Patient (readings link, enrolment {enrolment.pk})", ip_address=client_ip(request))


def _blood_pressure(request, enrolment: Enrolment):
    form = BloodPressureReadingForm(request.POST if request.method == "POST" else None)
    recorded = None
    if form.is_valid():
        try:
            recorded = services.record_observations(enrolment, form.observations(), effective_at=form.taken_at(),
                                                    source=Source.PATIENT, actor=_actor(request, enrolment))
        except InvalidObservations as refused:
            for field, message in refused.errors.items():
                form.add_error(field if field in form.fields else None, message)
        except services.MonitoringError as refused:
            form.add_error(None, str(refused))
        else:
            form = BloodPressureReadingForm()
    return page(request, "monitoring/patient_readings.jinja", "Send your blood pressure reading", form=form,
                first_name=enrolment.patient.given_name, recorded=recorded, symptoms=SYMPTOM_LABELS,
                now=timezone.localtime())


def _ward_observations(request, enrolment: Enrolment):
    form = ward_form(request.POST if request.method == "POST" else None, enrolment.programme)
    recorded = None
    if form.is_valid():
        try:
            recorded = services.record_observations(enrolment, form.observations(), effective_at=form.cleaned_data["taken_at"],
                                                    source=Source.PATIENT, actor=_actor(request, enrolment))
        except InvalidObservations as refused:
            form.add_observation_errors({field: _in_patient_words(form, field, message) for field, message in refused.errors.items()})
        except services.MonitoringError as refused:
            form.refused(refused)
        else:
            form = ward_form(None, enrolment.programme)
    child = enrolment.programme == Programme.RESPIRATORY_CHILD
    return page(request, "monitoring/patient_ward_readings.jinja",
                "Send your child's observations" if child else "Send your observations", form=form,
                first_name=enrolment.patient.given_name, recorded=recorded, child=child)


def ward_form(data, programme: str) -> ObservationsForm:
    """The staff form for the programme, its choices in the words of the person at home."""
    form = ObservationsForm(data, programme=programme, now=timezone.now())
    form.fields["on_oxygen"].choices = list(PATIENT_OXYGEN.items())
    if programme == Programme.RESPIRATORY_CHILD:
        form.fields["signs"].choices = [(name, PARENT_SIGN_WORDS[name]) for name in CHILD_SIGNS]
    else:
        consciousness = form.fields["consciousness"]
        consciousness.choices = list(PATIENT_CONSCIOUSNESS.items())
        consciousness.error_messages["invalid_choice"] = "Select whether you feel as alert as usual, or more confused or drowsy"
    return form


def _in_patient_words(form: ObservationsForm, field: str, message: str) -> str:
    left_blank = field in PATIENT_MISSING and form.cleaned_data.get(field) in (None, "")
    return PATIENT_MISSING[field] if left_blank else message
