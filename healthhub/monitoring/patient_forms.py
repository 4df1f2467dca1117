"""The patient's blood pressure reading, checked with messages a patient can act on."""

from datetime import datetime, time

from django import forms
from django.utils import timezone

from healthhub.clinical import blood_pressure, news2
from healthhub.clinical.blood_pressure import SYMPTOM_LABELS
from healthhub.clinical.deadlines import LONDON

from .scoring import Observations


def _whole_number(what: str, plausible) -> forms.IntegerField:
    """Checked against the clinical table's plausible range, in words a patient can act on."""
    low, high = int(plausible.minimum), int(plausible.maximum)
    return forms.IntegerField(min_value=low, max_value=high, error_messages={
        "required": f"Enter your {what}", "invalid": f"Enter your {what} as a whole number, like 120",
        "min_value": f"Your {what} must be between {low} and {high}: check the reading",
        "max_value": f"Your {what} must be between {low} and {high}: check the reading"})


class BloodPressureReadingForm(forms.Form):
    systolic_bp = _whole_number("top number (systolic)", blood_pressure.PLAUSIBLE["systolic"])
    diastolic_bp = _whole_number("bottom number (diastolic)", blood_pressure.PLAUSIBLE["diastolic"])
    pulse = _whole_number("pulse", news2.RULES.plausible["pulse"])
    taken_time = forms.TimeField(required=False, error_messages={"invalid": "Enter the time as hours and minutes, like 08:30"})
    symptoms = forms.MultipleChoiceField(choices=list(SYMPTOM_LABELS.items()), required=False,
                                         widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "%s")
        super().__init__(*args, **kwargs)
        self.fields["pulse"].required = False

    def clean(self):
        data = super().clean()
        systolic, diastolic = data.get("systolic_bp"), data.get("diastolic_bp")
        if systolic is not None and diastolic is not None and systolic <= diastolic:
            self.add_error("systolic_bp", "The top number (systolic) must be higher than the bottom number (diastolic)")
        when = data.get("taken_time")
        if when and self.taken_at() > timezone.now():
            self.add_error("taken_time", "The time must be now or earlier today")
        return data

    def taken_at(self) -> datetime:
        """Today at the time given (London), else now."""
        when: time | None = self.cleaned_data.get("taken_time")
        now = timezone.now()
        if when is None:
            return now.replace(microsecond=0)
        return datetime.combine(now.astimezone(LONDON).date(), when, tzinfo=LONDON)

    def observations(self) -> Observations:
        data = self.cleaned_data
        return Observations(systolic_bp=data["systolic_bp"], diastolic_bp=data["diastolic_bp"], pulse=data.get("pulse"),
                            signs={"symptoms": list(data.get("symptoms") or [])})
