"""Forms for the organisation settings staff may change."""

from django import forms

from .services import PAUSE_MESSAGE_MAX_LENGTH

SUGGESTED_PAUSE_MESSAGE = (
    "We have more medical requests than we can safely deal with today, so we have paused new medical requests. "
    "If you need help today, call the surgery. Admin requests are still open."
)


class PauseIntakeForm(forms.Form):
    message = forms.CharField(
        max_length=PAUSE_MESSAGE_MAX_LENGTH,
        error_messages={
            "required": "Enter what patients should do instead",
            "max_length": f"The message must be {PAUSE_MESSAGE_MAX_LENGTH} characters or fewer",
        },
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "%s")
        super().__init__(*args, **kwargs)
