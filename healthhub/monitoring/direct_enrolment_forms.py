"""The form for enrolling a patient who has not sent the hub a request: who they are, then the enrolment.

The patient's details are the intake journey's (same fields, same checks and messages); the
enrolment fields are those of enrolling from a request.
"""

from django import forms

from healthhub.consultations.intake import validation
from healthhub.consultations.intake.forms import PatientDetailsForm
from healthhub.consultations.services import PatientDetails

from .management_forms import EnrolForm

CHOOSE_PRACTICE = "Select the patient's GP surgery"


class DirectEnrolForm(PatientDetailsForm, EnrolForm):
    mobile = forms.CharField(required=False)
    practice = forms.ModelChoiceField(queryset=None, empty_label="Select a GP surgery",
                                      error_messages={"required": CHOOSE_PRACTICE, "invalid_choice": CHOOSE_PRACTICE})

    field_order = [
        "given_name", "family_name", "dob_day", "dob_month", "dob_year", "nhs_number", "postcode", "mobile", "practice",
        "programme", "clinician", "start_date", "review_date", "bronchiolitis",
    ]

    def __init__(self, *args, hub, practices, **kwargs):
        """practices: those the hub serves; any other posted practice is an invalid choice."""
        super().__init__(*args, hub=hub, whose="the patient's", **kwargs)
        self.fields["practice"].queryset = practices

    def clean_mobile(self):
        # Optional, but readings links and reminders are texted, so a landline will not do.
        return validation.clean_mobile(self.cleaned_data["mobile"])

    def patient_details(self) -> PatientDetails:
        data = self.cleaned_data
        return PatientDetails(given_name=data["given_name"], family_name=data["family_name"], date_of_birth=data["date_of_birth"],
                              postcode=data["postcode"], nhs_number=data["nhs_number"], mobile=data["mobile"])
