"""The patient's own page for sending home blood pressure readings, reached by the link texted to them.

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
from .models import Source
from .patient_forms import BloodPressureReadingForm
from .scoring import InvalidObservations


@public
@rate_limited
@require_http_methods(["GET", "POST"])
def readings(request, secret):
    enrolment = services.enrolment_for_link(secret)
    if enrolment is None:
        raise Http404("This link has expired or been replaced. Ask the hub team for a new one.")
    form = BloodPressureReadingForm(request.POST if request.method == "POST" else None)
    recorded = None
    if form.is_valid():
        actor = Actor(label=f"Patient (readings link, enrolment {enrolment.pk})", ip_address=client_ip(request))
        try:
            recorded = services.record_observations(enrolment, form.observations(), effective_at=form.taken_at(),
                                                    source=Source.PATIENT, actor=actor)
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
