"""The forms behind the intake pages. Field names are the element ids (auto_id="%s"),
so the NHS error summary links straight to the field with the problem."""

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import ErrorDict
from django.utils import timezone

from healthhub.consultations.questionnaires import Question

from . import validation
from .drafts import MYSELF, SOMEONE_ELSE
from .validation import DateProblem

REQUEST_TYPES = {"medical", "admin"}
CONTACT_CHANNELS = (("text", "Text message"), ("email", "Email"), ("phone", "Phone call"))


class IntakeForm(forms.Form):
    def __init__(self, *args, whose: str = "your", **kwargs):
        kwargs.setdefault("auto_id", "%s")
        self.whose = whose
        super().__init__(*args, **kwargs)

    def full_clean(self):
        super().full_clean()
        # Errors added in clean() come last; the error summary must follow the order of the page.
        if self._errors:
            order = list(self.fields)
            position = {name: order.index(name) if name in order else len(order) for name in self._errors}
            self._errors = ErrorDict(sorted(self._errors.items(), key=lambda item: position[item[0]]))


class TextAnswerField(forms.CharField):
    """Browsers send new lines as two characters; count them as one, as the character count does."""

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n") if value else value


class PracticeSearchForm(IntakeForm):
    q = forms.CharField(
        max_length=100,
        error_messages={
            "required": "Enter your GP surgery's name, postcode or ODS code",
            "max_length": "Search must be 100 characters or fewer",
        },
    )


class RequestTypeForm(IntakeForm):
    request_type = forms.ChoiceField(
        choices=(("medical", "Medical"), ("admin", "Admin")),
        error_messages={"required": "Select what you need help with", "invalid_choice": "Select what you need help with"},
    )


class EmergencyGroupForm(IntakeForm):
    group = forms.ChoiceField(
        choices=(("child", "Yes"), ("adult", "No")),
        error_messages={
            "required": "Select yes if the request is about a child under 16",
            "invalid_choice": "Select yes if the request is about a child under 16",
        },
    )


class EmergencyScreenForm(IntakeForm):
    answer = forms.ChoiceField(
        choices=(("yes", "Yes"), ("no", "No")),
        error_messages={"required": "Select yes if any of these apply", "invalid_choice": "Select yes if any of these apply"},
    )


class AnswerForm(IntakeForm):
    """One questionnaire question, built from its definition (never hard-coded in a template)."""

    def __init__(self, question: Question, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.question = question
        required_message = question.error_required or "Answer this question"
        if question.kind == "choice":
            choices = [(option.code, option.label) for option in question.options]
            self.fields["answer"] = forms.ChoiceField(
                choices=choices, required=question.required,
                error_messages={"required": required_message, "invalid_choice": required_message},
            )
        else:
            self.fields["answer"] = TextAnswerField(
                required=question.required, max_length=question.max_length or None,
                error_messages={
                    "required": required_message,
                    "max_length": f"Your answer must be {question.max_length:,} characters or fewer",
                },
            )


class WhoForForm(IntakeForm):
    for_whom = forms.ChoiceField(
        choices=((MYSELF, "Myself"), (SOMEONE_ELSE, "Someone else")),
        error_messages={"required": "Select who this request is for", "invalid_choice": "Select who this request is for"},
    )


class ProxyForm(IntakeForm):
    """The person sending a request for someone else: a parent, a carer."""

    proxy_name = forms.CharField(
        max_length=200,
        error_messages={"required": "Enter your full name", "max_length": "Your name must be 200 characters or fewer"},
    )
    proxy_relationship = forms.CharField(
        max_length=100,
        error_messages={
            "required": "Enter your relationship to the person, for example parent or carer",
            "max_length": "Your relationship must be 100 characters or fewer",
        },
    )


class PatientDetailsForm(IntakeForm):
    """Name, date of birth, NHS number and postcode of the person the request is about."""

    given_name = forms.CharField(max_length=100)
    family_name = forms.CharField(max_length=100)
    # Checked by the validation module, whose messages say exactly what is wrong.
    dob_day = forms.CharField(required=False)
    dob_month = forms.CharField(required=False)
    dob_year = forms.CharField(required=False)
    nhs_number = forms.CharField(required=False)
    postcode = forms.CharField(required=False)

    DATE_PARTS = ("day", "month", "year")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.date_problem: DateProblem | None = None
        self.fields["given_name"].error_messages.update(
            required=f"Enter {self.whose} first name", max_length="First name must be 100 characters or fewer"
        )
        self.fields["family_name"].error_messages.update(
            required=f"Enter {self.whose} last name", max_length="Last name must be 100 characters or fewer"
        )

    def clean_nhs_number(self):
        return validation.clean_nhs_number(self.cleaned_data["nhs_number"])

    def clean_postcode(self):
        return validation.clean_postcode(self.cleaned_data["postcode"], self.whose)

    def clean(self):
        data = super().clean()
        parts = [self.data.get(f"dob_{part}", "") for part in self.DATE_PARTS]
        result = validation.parse_date_of_birth(*parts, today=timezone.localdate(), whose=self.whose)
        if isinstance(result, DateProblem):
            self.date_problem = result
            self.add_error(f"dob_{result.parts[0]}", result.message)
        else:
            data["date_of_birth"] = result
        return data

    def date_error(self) -> dict | None:
        return {"text": self.date_problem.message} if self.date_problem else None

    def date_part_classes(self, part: str) -> str:
        width = "nhsuk-input--width-4" if part == "year" else "nhsuk-input--width-2"
        if self.date_problem and part in self.date_problem.parts:
            return f"{width} nhsuk-input--error"
        return width


class ContactForm(IntakeForm):
    channels = forms.MultipleChoiceField(
        choices=CONTACT_CHANNELS,
        error_messages={"required": "Select how we can contact you", "invalid_choice": "Select how we can contact you"},
    )
    mobile = forms.CharField(required=False)
    email = forms.EmailField(
        required=False, max_length=254,
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.com",
            "max_length": "Email address must be 254 characters or fewer",
        },
    )

    def clean_mobile(self):
        # One number field: any UK number will do for phone calls, but texts need a mobile.
        number = validation.clean_uk_phone(self.cleaned_data["mobile"])
        if number and "text" in self.cleaned_data.get("channels", []) and not validation.is_uk_mobile(number):
            raise ValidationError(
                "Text messages can only go to a mobile. Enter a UK mobile number, like 07700 900 982, or untick text message"
            )
        return number

    def clean(self):
        data = super().clean()
        channels = data.get("channels") or []
        if "mobile" in data and not data["mobile"]:
            if "text" in channels:
                self.add_error("mobile", "Enter a mobile number to get text messages")
            elif "phone" in channels:
                self.add_error("mobile", "Enter a phone number so we can call you")
        if "email" in data and not data["email"] and "email" in channels:
            self.add_error("email", "Enter an email address to get emails")
        return data
