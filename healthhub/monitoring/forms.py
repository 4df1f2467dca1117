"""The forms behind the monitoring pages. Field names are the element ids (auto_id="%s"), so the NHS error
summary links straight to the field with the problem.

Whether a set is complete and plausible is the scoring rule's decision (`scoring.score`): these forms only
turn what was typed into numbers, and put the rule's refusals on the fields they name.
"""

import re
from datetime import datetime, time

from django import forms

from healthhub.clinical import blood_pressure, news2
from healthhub.core.formatting import LONDON

from .models import AlertAction, Programme
from .presenters import CHILD_SIGN_LABELS, CONSCIOUSNESS_WORDS
from .scoring import CHILD_SIGNS, FIELD_LABELS, Observations
from .services import MAX_CLOCK_SKEW, MAX_REASON_LENGTH, NotEnrolled

NOTE_LIMIT = MAX_REASON_LENGTH
CLOCK_SKEW = MAX_CLOCK_SKEW
AIR, OXYGEN = "air", "oxygen"


class MonitoringForm(forms.Form):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "%s")
        super().__init__(*args, **kwargs)


class AcknowledgeForm(MonitoringForm):
    action = forms.ChoiceField(choices=AlertAction.choices, error_messages={
        "required": "Select what you did about the alert", "invalid_choice": "Select what you did about the alert from the list"})
    note = forms.CharField(required=False, max_length=NOTE_LIMIT, error_messages={
        "max_length": f"The note must be {NOTE_LIMIT} characters or fewer"})

    def refused(self, error: Exception) -> None:
        """Put the service's refusal where it belongs: a missing reason on the note, anything else on the page."""
        needs_reason = self.cleaned_data.get("action") == AlertAction.NO_ACTION and not self.cleaned_data.get("note", "").strip()
        self.add_error("note" if needs_reason else None, str(error))


def _whole_number(label: str, required: bool = False) -> forms.IntegerField:
    message = f"Enter the {label.lower()} as a whole number, like {'16' if 'rate' in label.lower() else '90'}"
    return forms.IntegerField(required=required, label=label, error_messages={"invalid": message, "required": f"Enter the {label.lower()}"})


def _decimal(label: str, example: str) -> forms.DecimalField:
    message = f"Enter the {label.lower()} as a number with at most one decimal place, like {example}"
    return forms.DecimalField(required=False, label=label, max_digits=4, decimal_places=1, error_messages={
        key: message for key in ("invalid", "max_digits", "max_decimal_places", "max_whole_digits")})


def _parse_time(value: str) -> time | None:
    """'14:30', '14.30', '2:30pm' or '2pm'."""
    match = re.fullmatch(r"(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?", value.strip().lower())
    if not match or (match[2] is None and not match[3]):
        return None
    hour, minute = int(match[1]), int(match[2] or 0)
    if match[3]:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if match[3] == "pm" else 0)
    return time(hour, minute) if hour <= 23 and minute <= 59 else None


class ObservationsForm(MonitoringForm):
    """One set of phoned-in observations; its fields are the programme's."""

    taken_day = forms.CharField(required=False)
    taken_month = forms.CharField(required=False)
    taken_year = forms.CharField(required=False)
    taken_time = forms.CharField(required=False)

    def __init__(self, data, *, programme: str, now: datetime):
        local = now.astimezone(LONDON)
        super().__init__(data, initial={"taken_day": local.day, "taken_month": local.month, "taken_year": local.year,
                                        "taken_time": f"{local:%H:%M}"})
        self.programme = Programme(programme)
        self.now = now
        self.fields.update(self._programme_fields())

    def _programme_fields(self) -> dict:
        oxygen = forms.ChoiceField(required=False, choices=[(AIR, "Breathing air"), (OXYGEN, "On oxygen")])
        if self.programme == Programme.HYPERTENSION:
            return {"systolic_bp": _whole_number(FIELD_LABELS["systolic_bp"]), "diastolic_bp": _whole_number(FIELD_LABELS["diastolic_bp"]),
                    "pulse": _whole_number("Pulse"),
                    "symptoms": forms.MultipleChoiceField(required=False, choices=list(blood_pressure.SYMPTOM_LABELS.items()))}
        if self.programme == Programme.RESPIRATORY_CHILD:
            return {"respiration_rate": _whole_number("Breathing rate"), "spo2": _whole_number("Oxygen saturation (SpO2)"),
                    "on_oxygen": oxygen, "pulse": _whole_number("Heart rate"), "temperature": _decimal("Temperature", "37.5"),
                    "capillary_refill_seconds": _decimal("Capillary refill time", "2"),
                    "feeding_percent_of_usual": _whole_number("Feeding"),
                    "signs": forms.MultipleChoiceField(required=False, choices=[(n, CHILD_SIGN_LABELS[n]) for n in CHILD_SIGNS])}
        return {"respiration_rate": _whole_number("Breathing rate"), "spo2": _whole_number("Oxygen saturation (SpO2)"),
                "on_oxygen": oxygen, "systolic_bp": _whole_number(FIELD_LABELS["systolic_bp"]), "pulse": _whole_number("Pulse"),
                "consciousness": forms.ChoiceField(required=False, choices=[(c.value, CONSCIOUSNESS_WORDS[c.value]) for c in news2.Consciousness]),
                "temperature": _decimal("Temperature", "37.5")}

    def clean(self):
        data = super().clean()
        data["taken_at"] = self._clean_when(data)
        return data

    def _clean_when(self, data) -> datetime | None:
        try:
            day = datetime(int(data.get("taken_year") or ""), int(data.get("taken_month") or ""), int(data.get("taken_day") or "")).date()
        except ValueError:
            self.add_error("taken_day", "Enter the date the observations were taken as a real date, for example 27 3 2026")
            return None
        moment = _parse_time(data.get("taken_time") or "")
        if moment is None:
            self.add_error("taken_time", "Enter the time the observations were taken, for example 14:30 or 2:30pm")
            return None
        taken_at = datetime.combine(day, moment, tzinfo=LONDON)
        if taken_at > self.now + CLOCK_SKEW:
            self.add_error("taken_time", "The time the observations were taken must be now or in the past")
        return taken_at

    def observations(self) -> Observations:
        data = self.cleaned_data
        oxygen = {AIR: False, OXYGEN: True}.get(data.get("on_oxygen") or "")
        signs: dict = {}
        if self.programme == Programme.HYPERTENSION:
            signs = {"symptoms": list(data["symptoms"])} if data["symptoms"] else {}
        elif self.programme == Programme.RESPIRATORY_CHILD:
            signs = {name: True for name in data["signs"]}
            # Stored as JSON: a decimal as its text, exactly as typed.
            if data["capillary_refill_seconds"] is not None:
                signs["capillary_refill_seconds"] = str(data["capillary_refill_seconds"])
            if data["feeding_percent_of_usual"] is not None:
                signs["feeding_percent_of_usual"] = data["feeding_percent_of_usual"]
        return Observations(
            respiration_rate=data.get("respiration_rate"), spo2=data.get("spo2"), on_oxygen=oxygen,
            systolic_bp=data.get("systolic_bp"), diastolic_bp=data.get("diastolic_bp"), pulse=data.get("pulse"),
            consciousness=data.get("consciousness") or "", temperature=data.get("temperature"), signs=signs)

    def add_observation_errors(self, errors: dict[str, str]) -> None:
        """The scoring rule's refusals, each on its field (the rule's own names are the fields')."""
        for name, message in errors.items():
            self.add_error(name if name in self.fields else None, message)

    def refused(self, error: Exception) -> None:
        """A refusal about the moment (already recorded, in the future) goes on the time; a discharge on the page."""
        self.add_error(None if isinstance(error, NotEnrolled) else "taken_time", str(error))
