"""Forms for enrolling, setting a target and discharging: what staff type, checked in their words."""

from datetime import timedelta

from django import forms
from django.utils import timezone

from healthhub.accounts.models import CLINICAL_ROLES, User
from healthhub.clinical.blood_pressure import PERSONAL_TARGET_LIMITS

from .forms import MonitoringForm
from .models import Programme
from .services import MAX_REASON_LENGTH, SPO2_RANGE

DEFAULT_REVIEW_AFTER = timedelta(days=14)


def _choice(what: str) -> dict:
    return {"required": f"Choose {what}", "invalid_choice": f"Choose {what} from the list"}


class EnrolForm(MonitoringForm):
    programme = forms.ChoiceField(choices=Programme.choices, widget=forms.RadioSelect, error_messages=_choice("a programme"))
    clinician = forms.ModelChoiceField(queryset=User.objects.none(), error_messages=_choice("the responsible clinician"))
    start_date = forms.DateField(error_messages={"required": "Enter the start date", "invalid": "Enter the start date as YYYY-MM-DD"})
    review_date = forms.DateField(error_messages={"required": "Enter the review date", "invalid": "Enter the review date as YYYY-MM-DD"})
    bronchiolitis = forms.BooleanField(required=False)

    def __init__(self, *args, hub, **kwargs):
        today = timezone.localdate()
        kwargs.setdefault("initial", {"start_date": today, "review_date": today + DEFAULT_REVIEW_AFTER})
        super().__init__(*args, **kwargs)
        self.fields["clinician"].queryset = User.objects.filter(hub=hub, role__in=CLINICAL_ROLES, is_active=True).order_by(
            "first_name", "last_name", "username")
        self.fields["clinician"].label_from_instance = lambda user: f"{user.display_name} ({user.get_role_display()})"


def _percent(which: str) -> forms.IntegerField:
    lowest, highest = int(SPO2_RANGE.minimum), int(SPO2_RANGE.maximum)
    return forms.IntegerField(min_value=lowest, max_value=highest, error_messages={
        "required": f"Enter the {which} target saturation", "invalid": f"Enter the {which} target as a whole number",
        "min_value": f"The {which} target must be {lowest}% or more", "max_value": f"The {which} target must be {highest}% or less"})


def _mmhg(number: str, field: str) -> forms.IntegerField:
    lowest, highest = PERSONAL_TARGET_LIMITS[field]
    return forms.IntegerField(required=False, min_value=lowest, max_value=highest, error_messages={
        "invalid": f"Enter the {number} as a whole number", "min_value": f"The {number} must be {lowest} or more",
        "max_value": f"The {number} must be {highest} or less"})


class Spo2TargetForm(MonitoringForm):
    low = _percent("lowest")
    high = _percent("highest")

    def clean(self):
        data = super().clean()
        if data.get("low") is not None and data.get("high") is not None and data["low"] >= data["high"]:
            self.add_error("high", "The highest target must be above the lowest")
        return data


class BpTargetForm(MonitoringForm):
    """Both blank: the NICE NG136 home target for the patient's age."""

    systolic = _mmhg("top number", "systolic")
    diastolic = _mmhg("bottom number", "diastolic")

    def clean(self):
        data = super().clean()
        systolic, diastolic = data.get("systolic"), data.get("diastolic")
        if (systolic is None) != (diastolic is None) and not self.errors:
            self.add_error("diastolic" if diastolic is None else "systolic", "Enter both numbers, or neither to use the NICE target")
        elif systolic is not None and diastolic is not None and systolic <= diastolic:
            self.add_error("systolic", "The top number must be higher than the bottom number")
        return data


class DischargeForm(MonitoringForm):
    reason = forms.CharField(max_length=MAX_REASON_LENGTH, error_messages={
        "required": "Enter the reason for discharge", "max_length": f"The reason must be {MAX_REASON_LENGTH} characters or fewer"})
