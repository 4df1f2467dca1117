"""The forms behind the hub pages. Field names are the element ids (auto_id="%s"), so the NHS
error summary links straight to the field with the problem."""

import re
from datetime import datetime, time, timedelta

from django import forms

from healthhub.consultations.intake.validation import is_uk_mobile
from healthhub.core.formatting import LONDON

from ..models import (
    OPEN_STATUSES,
    Category,
    ContactChannel,
    ContactResult,
    Outcome,
    OutcomesMatrixEntry,
    Route,
)

SMS_MAX_LENGTH = 918  # GOV.UK Notify's limit for one text message (6 fragments)
CLOCK_SKEW = timedelta(minutes=5)


def _choice_errors(what: str) -> dict:
    required = "Select " + what
    return {"required": required, "invalid_choice": required + " from the list"}


class HubForm(forms.Form):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "%s")
        super().__init__(*args, **kwargs)


class QueueFilterForm(HubForm):
    """The work queue's filters and sort, sent by GET so any view of the queue can be bookmarked."""

    ANYONE, ME, UNASSIGNED = "", "me", "unassigned"
    SORTS = {"deadline": ("deadline", "id"), "received": ("-received_at", "-id")}

    status = forms.ChoiceField(required=False, error_messages=_choice_errors("a status"),
                               choices=[("", "Any status")] + [(s.value, s.label) for s in OPEN_STATUSES])
    category = forms.ChoiceField(required=False, choices=[("", "Any category"), *Category.choices],
                                 error_messages=_choice_errors("a category"))
    practice = forms.ChoiceField(required=False, error_messages=_choice_errors("a practice"))
    assignee = forms.ChoiceField(required=False, error_messages=_choice_errors("who the request is assigned to"))
    urgency = forms.ChoiceField(required=False, error_messages=_choice_errors("how soon the reply is due"), choices=[
        ("", "Any deadline"), ("overdue", "Overdue"), ("due_soon", "Due within 2 hours"),
    ])
    sort = forms.ChoiceField(required=False, error_messages=_choice_errors("an order"), choices=[
        ("deadline", "Deadline, soonest first"), ("received", "Received, newest first"),
    ])

    def __init__(self, data, *, practices, clinicians, can_hold_requests: bool):
        super().__init__(data)
        self.fields["practice"].choices = [("", "Any practice")] + [(p.ods_code, p.display_name) for p in practices]
        mine = [(self.ME, "Me")] if can_hold_requests else []
        self.fields["assignee"].choices = [(self.ANYONE, "Anyone"), *mine, (self.UNASSIGNED, "Nobody (unassigned)")] + [
            (str(user.pk), user.display_name) for user in clinicians
        ]

    def value(self, name: str) -> str:
        """The valid value of a filter, or "" (an invalid one is reported and not applied)."""
        return (self.cleaned_data.get(name) or "") if hasattr(self, "cleaned_data") else ""

    def apply(self, requests, user, now):
        self.is_valid()
        filters = {name: self.value(name) for name in ("status", "category", "practice", "assignee", "urgency")}
        if filters["status"]:
            requests = requests.filter(status=filters["status"])
        if filters["category"]:
            requests = requests.filter(category=filters["category"])
        if filters["practice"]:
            requests = requests.filter(practice__ods_code=filters["practice"])
        if filters["assignee"] == self.ME:
            requests = requests.assigned_to(user)
        elif filters["assignee"] == self.UNASSIGNED:
            requests = requests.unassigned()
        elif filters["assignee"]:
            requests = requests.filter(assignee_id=int(filters["assignee"]))
        if filters["urgency"] == "overdue":
            requests = requests.overdue(now)
        elif filters["urgency"] == "due_soon":
            requests = requests.due_soon(now)
        return requests.order_by(*self.SORTS[self.value("sort") or "deadline"])

    @property
    def is_filtered(self) -> bool:
        return any(self.value(name) for name in ("status", "category", "practice", "assignee", "urgency"))


class FindRequestForm(HubForm):
    reference = forms.CharField(max_length=20, error_messages={"required": "Enter a request reference"})

    def clean_reference(self) -> str:
        compact = re.sub(r"[\s-]", "", self.cleaned_data["reference"]).upper()
        if len(compact) != 8:
            raise forms.ValidationError("Enter a reference like ABCD-2345: 8 letters and numbers")
        return f"{compact[:4]}-{compact[4:]}"


class AssignForm(HubForm):
    assignee = forms.ChoiceField(error_messages=_choice_errors("who should hold this request"))
    reason = forms.CharField(required=False, max_length=500,
                             error_messages={"max_length": "The reason must be 500 characters or fewer"})

    def __init__(self, data, *, clinicians):
        super().__init__(data)
        self.clinicians = {str(user.pk): user for user in clinicians}
        self.fields["assignee"].choices = [(pk, user.display_name) for pk, user in self.clinicians.items()]

    def chosen(self):
        return self.clinicians[self.cleaned_data["assignee"]]


class RouteForm(HubForm):
    OTHER = "other"

    entry = forms.ChoiceField(error_messages=_choice_errors("a route"))
    other_entry = forms.ChoiceField(required=False, error_messages=_choice_errors("an item from another category"))
    reason = forms.CharField(required=False, max_length=1000,
                             error_messages={"max_length": "The reason must be 1000 characters or fewer"})

    def __init__(self, data, *, entries, category: str, initial_entry=None):
        super().__init__(data, initial={"entry": str(initial_entry.pk) if initial_entry else None})
        self.entries = {str(entry.pk): entry for entry in entries}
        self.category = category
        own = [(pk, str(e)) for pk, e in self.entries.items() if e.category == category]
        others = [(pk, str(e)) for pk, e in self.entries.items() if e.category != category]
        self.fields["entry"].choices = [*own, (self.OTHER, "An item from another category")]
        self.fields["other_entry"].choices = [("", "Choose an item"), *others]

    def clean(self):
        data = super().clean()
        if data.get("entry") == self.OTHER and not data.get("other_entry"):
            self.add_error("other_entry", "Select an item from another category")
        elif data.get("entry") and data.get("entry") != self.OTHER and data.get("other_entry"):
            self.add_error("other_entry", 'To use an item from another category, select "An item from another category" above')
        return data

    def chosen(self) -> OutcomesMatrixEntry:
        key = self.cleaned_data["entry"]
        return self.entries[self.cleaned_data["other_entry"] if key == self.OTHER else key]


class NoteForm(HubForm):
    text = forms.CharField(max_length=5000, error_messages={
        "required": "Enter the note", "max_length": "The note must be 5000 characters or fewer"})


def _parse_time(value: str) -> time | None:
    """'14:30', '14.30', '2:30pm', '2pm' (staff type times every way)."""
    match = re.fullmatch(r"(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?", value.strip().lower())
    if not match:
        return None
    hour, minute, half = int(match[1]), int(match[2] or 0), match[3]
    if half:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half == "pm" else 0)
    elif match[2] is None:
        return None  # "14" alone is ambiguous
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


# Which results make sense for each way of contacting a patient. Attempts count towards "unable to
# contact" (DOMAIN.md), so a pair that cannot have happened (an email that "did not attend", a phone
# call "attended") must be refused rather than recorded. The one place this is decided.
RESULTS_FOR_CHANNEL: dict[str, frozenset[str]] = {
    ContactChannel.PHONE: frozenset({ContactResult.SPOKE, ContactResult.NO_ANSWER, ContactResult.VOICEMAIL}),
    ContactChannel.VIDEO: frozenset({ContactResult.SPOKE, ContactResult.NO_ANSWER, ContactResult.VOICEMAIL}),
    ContactChannel.SMS: frozenset({ContactResult.SENT, ContactResult.REPLIED}),
    ContactChannel.EMAIL: frozenset({ContactResult.SENT, ContactResult.REPLIED}),
    ContactChannel.APPOINTMENT: frozenset({ContactResult.ATTENDED, ContactResult.DID_NOT_ATTEND}),
}
# A written message recorded as sent goes to the patient through the outbox, so it needs its text.
MESSAGE_CHANNELS = frozenset({ContactChannel.SMS, ContactChannel.EMAIL})


def _a(channel: str) -> str:
    label = ContactChannel(channel).label.lower()
    return ("an " if label[0] in "aeiou" else "a ") + label


def _channels_allowing(result: str) -> str:
    """'a phone call or a video call': the channels a result may be recorded for, in words."""
    return " or ".join(_a(channel) for channel, results in RESULTS_FOR_CHANNEL.items() if result in results)


class ContactAttemptForm(HubForm):
    channel = forms.ChoiceField(choices=ContactChannel.choices, error_messages=_choice_errors("how you tried to contact the patient"))
    result = forms.ChoiceField(choices=ContactResult.choices, error_messages=_choice_errors("what happened"))
    at_day = forms.CharField(required=False)
    at_month = forms.CharField(required=False)
    at_year = forms.CharField(required=False)
    at_time = forms.CharField(required=False)
    message = forms.CharField(required=False, max_length=2000,
                              error_messages={"max_length": "The message must be 2000 characters or fewer"})

    def __init__(self, data, *, request, now):
        local = now.astimezone(LONDON)
        super().__init__(data, initial={"at_day": local.day, "at_month": local.month, "at_year": local.year,
                                        "at_time": f"{local:%H:%M}"})
        self.consultation = request
        self.now = now

    def clean(self):
        data = super().clean()
        data["at"] = self._clean_when(data)
        self._check_result_fits_channel(data)
        self._check_message(data)
        return data

    def _check_result_fits_channel(self, data) -> None:
        channel, result = data.get("channel"), data.get("result")
        if not channel or not result:
            return  # already reported as a missing or invalid choice
        if result not in RESULTS_FOR_CHANNEL[channel]:
            self.add_error("result", f'"{ContactResult(result).label}" can only be recorded for {_channels_allowing(result)}. '
                                     f"Select what happened with the {ContactChannel(channel).label.lower()}")
        elif result == ContactResult.SENT and channel in MESSAGE_CHANNELS and not (data.get("message") or "").strip():
            self.add_error("message", "Enter the message to send to the patient")

    def _clean_when(self, data) -> datetime | None:
        try:
            day = datetime(int(data.get("at_year") or ""), int(data.get("at_month") or ""), int(data.get("at_day") or "")).date()
        except ValueError:
            self.add_error("at_day", "Enter the date of the attempt as a real date, for example 27 3 2026")
            return None
        moment = _parse_time(data.get("at_time") or "")
        if moment is None:
            self.add_error("at_time", "Enter the time of the attempt, for example 14:30 or 2:30pm")
            return None
        at = datetime.combine(day, moment, tzinfo=LONDON)
        if at > self.now + CLOCK_SKEW:
            self.add_error("at_time", "The time of the attempt must be now or in the past")
        elif at < self.consultation.received_at - CLOCK_SKEW:
            self.add_error("at_time", "The time of the attempt must be after the request was received")
        return at

    def _check_message(self, data) -> None:
        message, channel, patient = (data.get("message") or "").strip(), data.get("channel"), self.consultation.patient
        if not message:
            return
        if channel == ContactChannel.SMS and not is_uk_mobile(patient.mobile):
            self.add_error("message", "The patient has no mobile number, so this text message cannot be sent. "
                                      "Remove the message or choose another way of contacting them")
        elif channel == ContactChannel.SMS and len(message) > SMS_MAX_LENGTH:
            self.add_error("message", f"A text message must be {SMS_MAX_LENGTH} characters or fewer")
        elif channel == ContactChannel.EMAIL and not patient.email:
            self.add_error("message", "The patient has no email address, so this email cannot be sent. "
                                      "Remove the message or choose another way of contacting them")


class OutcomeForm(HubForm):
    outcome = forms.ChoiceField(choices=Outcome.choices, error_messages=_choice_errors("the outcome"))
    note = forms.CharField(required=False, max_length=2000,
                           error_messages={"max_length": "The note must be 2000 characters or fewer"})


class ReopenForm(HubForm):
    reason = forms.CharField(max_length=1000, error_messages={
        "required": "Enter why the request is being reopened", "max_length": "The reason must be 1000 characters or fewer"})


class MatrixEntryForm(HubForm):
    """Add or change an item of the outcomes matrix. A plain form, not a ModelForm: making an item the
    proposed route moves the default from another item, which the service does in one transaction."""

    category = forms.ChoiceField(choices=Category.choices, error_messages=_choice_errors("a category"))
    description = forms.CharField(max_length=200, error_messages={
        "required": "Enter a description", "max_length": "The description must be 200 characters or fewer"})
    route = forms.ChoiceField(choices=Route.choices, error_messages=_choice_errors("a route"))
    is_default_for_category = forms.BooleanField(required=False)

    def __init__(self, data, *, entry: OutcomesMatrixEntry):
        initial = {"category": entry.category, "description": entry.description, "route": entry.route,
                   "is_default_for_category": entry.is_default_for_category}
        super().__init__(data, initial=initial)
        self.entry = entry
        if entry.pk:
            # An item belongs to its row of the matrix; to move it, add it to the other row.
            del self.fields["category"]

    def apply(self) -> OutcomesMatrixEntry:
        for name, value in self.cleaned_data.items():
            setattr(self.entry, name, value.strip() if isinstance(value, str) else value)
        return self.entry
