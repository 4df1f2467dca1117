"""Changes to organisations' settings: one transaction each, audited."""

from django.db import transaction

from healthhub.core import audit
from healthhub.core.audit import Actor

from .models import IntakeStatus, Practice

PAUSE_MESSAGE_MAX_LENGTH = 500


class PauseMessageRequired(ValueError):
    """Patients must be told what to do instead while medical requests are paused."""


class PracticeNotServed(ValueError):
    """Only practices with a hub take online requests, so only they have intake to pause."""


def _locked_status(practice: Practice) -> IntakeStatus:
    IntakeStatus.objects.get_or_create(practice=practice)
    return IntakeStatus.objects.select_for_update().get(practice=practice)


def pause_medical_intake(practice: Practice, message: str, actor: Actor) -> IntakeStatus:
    """Pause medical requests (admin requests stay open by contract); the message tells patients what to do."""
    message = message.strip()
    if not message:
        raise PauseMessageRequired("Enter what patients should do instead")
    if len(message) > PAUSE_MESSAGE_MAX_LENGTH:
        raise PauseMessageRequired(f"The message must be {PAUSE_MESSAGE_MAX_LENGTH} characters or fewer")
    if not practice.accepts_online_requests:
        raise PracticeNotServed(practice.ods_code)
    with transaction.atomic():
        status = _locked_status(practice)
        was_paused = status.medical_paused
        status.medical_paused = True
        status.message = message
        status.updated_by = actor.user
        status.save()
        audit.record(actor, "intake.pause", practice, message=message, already_paused=was_paused)
    return status


def resume_medical_intake(practice: Practice, actor: Actor) -> IntakeStatus:
    with transaction.atomic():
        status = _locked_status(practice)
        was_paused = status.medical_paused
        status.medical_paused = False
        status.updated_by = actor.user
        status.save()
        audit.record(actor, "intake.resume", practice, was_paused=was_paused)
    return status
