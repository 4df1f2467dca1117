"""Forms for enrolling, setting a target and discharging: what staff type, checked in their words."""

from datetime import timedelta

from django import forms
from django.utils import timezone

from healthhub.accounts.models import CLINICAL_ROLES, User

from .models import Programme

DEFAULT_REVIEW_AFTER = timedelta(days=14)


class MonitoringForm(forms.Form):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "%s")
        super().__init__(*args, **kwargs)


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


class Spo2TargetForm(MonitoringForm):
    low = forms.IntegerField(min_value=50, max_value=100, error_messages={
        "required": "Enter the lowest target saturation", "invalid": "Enter the lowest target as a whole number",
        "min_value": "The lowest target must be 50% or more", "max_value": "The lowest target must be 100% or less"})
    high = forms.IntegerField(min_value=50, max_value=100, error_messages={
        "required": "Enter the highest target saturation", "invalid": "Enter the highest target as a whole number",
        "min_value": "The highest target must be 50% or more", "max_value": "The highest target must be 100% or less"})

    def clean(self):
        data = super().clean()
        if data.get("low") is not None and data.get("high") is not None and data["low"] >= data["high"]:
            self.add_error("high", "The highest target must be above the lowest")
        return data


class BpTargetForm(MonitoringForm):
    """Both blank: the NICE NG136 home target for the patient's age."""

    systolic = forms.IntegerField(required=False, min_value=90, max_value=180, error_messages={
        "invalid": "Enter the top number as a whole number", "min_value": "The top number must be 90 or more",
        "max_value": "The top number must be 180 or less"})
    diastolic = forms.IntegerField(required=False, min_value=50, max_value=110, error_messages={
        "invalid": "Enter the bottom number as a whole number", "min_value": "The bottom number must be 50 or more",
        "max_value": "The bottom number must be 110 or less"})

    def clean(self):
        data = super().clean()
        systolic, diastolic = data.get("systolic"), data.get("diastolic")
        if (systolic is None) != (diastolic is None) and not self.errors:
            self.add_error("diastolic" if diastolic is None else "systolic", "Enter both numbers, or neither to use the NICE target")
        elif systolic is not None and diastolic is not None and systolic <= diastolic:
            self.add_error("systolic", "The top number must be higher than the bottom number")
        return data


class DischargeForm(MonitoringForm):
    reason = forms.CharField(max_length=1000, error_messages={
        "required": "Enter the reason for discharge", "max_length": "The reason must be 1000 characters or fewer"})
