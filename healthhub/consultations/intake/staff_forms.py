"""The single page hub and practice staff use to enter a request for a caller (digital exclusion, phone calls)."""

import secrets

from django import forms

from healthhub.consultations.models import Channel, Submitter
from healthhub.consultations.questionnaires import ADMIN, MEDICAL, Question, summary_for, validate_answers
from healthhub.consultations.services import PatientDetails, Submission

from .forms import ContactForm, PatientDetailsForm, TextAnswerField


def new_idempotency_key() -> str:
    return f"staff-{secrets.token_urlsafe(32)}"


def _choices(question: Question) -> list[tuple[str, str]]:
    return [(option.code, option.label) for option in question.options]


class CallerRequestForm(PatientDetailsForm, ContactForm):
    practice = forms.ChoiceField(error_messages={"required": "Select the patient's GP surgery",
                                                 "invalid_choice": "Select the patient's GP surgery"})
    request_type = forms.ChoiceField(
        choices=(("medical", "Medical"), ("admin", "Admin")),
        error_messages={"required": "Select the type of request", "invalid_choice": "Select the type of request"},
    )
    emergency_checked = forms.BooleanField(required=False)
    medical_topic = forms.ChoiceField(required=False, choices=[("", "Select a topic"), *_choices(MEDICAL.question("topic"))])
    medical_duration = forms.ChoiceField(
        required=False, choices=[("", "Select how long"), *_choices(MEDICAL.question("duration"))]
    )
    admin_topic = forms.ChoiceField(required=False, choices=[("", "Select a topic"), *_choices(ADMIN.question("topic"))])
    description = TextAnswerField(
        max_length=2000,
        error_messages={"required": "Describe the problem or what the caller needs",
                        "max_length": "The description must be 2,000 characters or fewer"},
    )
    caller_is_patient = forms.ChoiceField(
        choices=(("yes", "Yes"), ("no", "No")),
        error_messages={
            "required": "Select yes if the caller is the patient",
            "invalid_choice": "Select yes if the caller is the patient",
        },
    )
    caller_name = forms.CharField(required=False, max_length=200)
    caller_relationship = forms.CharField(required=False, max_length=100)
    idempotency_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=80)

    SELECTS = ("practice", "medical_topic", "medical_duration", "admin_topic")
    field_order = [
        "practice", "request_type", "emergency_checked", "medical_topic", "medical_duration", "admin_topic", "description",
        "caller_is_patient", "caller_name", "caller_relationship",
        "given_name", "family_name", "dob_day", "dob_month", "dob_year", "nhs_number", "postcode",
        "channels", "mobile", "email",
    ]

    def __init__(self, *args, practices, own_practice_only: bool = False, **kwargs):
        super().__init__(*args, whose="the patient's", **kwargs)
        self.practices = {practice.ods_code: practice for practice in practices}
        # Practice staff enter requests for their own practice only: it is the one choice, already
        # selected, and any other posted practice is an invalid choice.
        prompt = [] if own_practice_only else [("", "Select a GP surgery")]
        self.fields["practice"].choices = [*prompt, *[
            (code, practice_label(practice)) for code, practice in self.practices.items()
        ]]
        self.fields["channels"].error_messages["required"] = "Select how the team can contact the patient"

    def clean(self):
        data = super().clean()
        if data.get("request_type") == "medical":
            if not data.get("emergency_checked"):
                self.add_error("emergency_checked", "Confirm you have checked the patient has none of the emergency symptoms")
            if not data.get("medical_topic"):
                self.add_error("medical_topic", "Select what the medical request is about")
            if not data.get("medical_duration"):
                self.add_error("medical_duration", "Select how long the patient has had the problem")
        elif data.get("request_type") == "admin" and not data.get("admin_topic"):
            self.add_error("admin_topic", "Select what the caller needs")
        if data.get("caller_is_patient") == "no":
            if not data.get("caller_name"):
                self.add_error("caller_name", "Enter the caller's full name")
            if not data.get("caller_relationship"):
                self.add_error(
                    "caller_relationship", "Enter the caller's relationship to the patient, for example parent or carer"
                )
        if not self.errors:
            problems = validate_answers(self.questionnaire, self.answers())
            for problem in problems.values():
                self.add_error(None, problem)
        return data

    @property
    def questionnaire(self):
        return MEDICAL if self.cleaned_data.get("request_type") == "medical" else ADMIN

    def answers(self) -> dict:
        data = self.cleaned_data
        if data["request_type"] == "medical":
            return {"topic": data["medical_topic"], "description": data["description"], "duration": data["medical_duration"]}
        return {"topic": data["admin_topic"], "description": data["description"]}

    def to_submission(self) -> Submission:
        """The request as staff entered it: channel and submitter say it came from a call."""
        data, answers = self.cleaned_data, self.answers()
        channels = data["channels"]
        caller_is_patient = data["caller_is_patient"] == "yes"
        return Submission(
            practice=self.practices[data["practice"]],
            patient=PatientDetails(
                given_name=data["given_name"], family_name=data["family_name"], date_of_birth=data["date_of_birth"],
                postcode=data["postcode"], nhs_number=data["nhs_number"], mobile=data["mobile"], email=data["email"],
            ),
            request_type=data["request_type"],
            category=self.questionnaire.category_for(answers),
            summary=summary_for(self.questionnaire, answers),
            answers=answers,
            idempotency_key=data["idempotency_key"] or new_idempotency_key(),
            channel=Channel.STAFF,
            submitted_by=Submitter.STAFF,
            submitter_name="" if caller_is_patient else data["caller_name"],
            submitter_relationship="" if caller_is_patient else data["caller_relationship"],
            contact_by_sms="text" in channels,
            contact_by_email="email" in channels,
            contact_by_phone="phone" in channels,
        )


def practice_label(practice) -> str:
    status = getattr(practice, "intake_status", None)
    paused = " – patients cannot send medical requests online at the moment" if status and status.medical_paused else ""
    return f"{practice.display_name} ({practice.ods_code}){paused}"
