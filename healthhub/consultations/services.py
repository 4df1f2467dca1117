"""Every change to a request happens here: one transaction that also writes its audit."""

import secrets
from dataclasses import dataclass, field
from datetime import date, datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from healthhub.clinical.contact_rules import unable_to_contact_allowed
from healthhub.clinical.deadlines import DeadlineRule, response_deadline
from healthhub.consultations.intake.validation import is_uk_mobile
from healthhub.core import audit
from healthhub.core.audit import Actor
from healthhub.core.formatting import datetime_uk
from healthhub.core.inserts import insert
from healthhub.notifications import services as outbox
from healthhub.patients.models import Patient

from .models import (
    ConsultationRequest,
    ContactAttempt,
    Note,
    Outcome,
    OutcomesMatrixEntry,
    Route,
    Status,
    StatusEvent,
    Submitter,
)
from .workflow import check_transition


class IntakePaused(Exception):
    """Medical requests are paused at this practice; the message says what to do instead."""


class PracticeNotServed(Exception):
    pass


class AlreadyClaimed(Exception):
    pass


class NotAssignee(Exception):
    pass


class RouteOverrideNeedsReason(Exception):
    pass


class ReasonRequired(Exception):
    pass


class NotAClinicianOfThisHub(Exception):
    """Requests are only ever held by a clinician of the hub serving the request's practice."""


class MatrixNeedsDefault(Exception):
    """Every category keeps one proposed route; change it by proposing another entry."""


class UnableToContactNotAllowed(Exception):
    def __init__(self):
        super().__init__(
            "Unable to contact can only be recorded after 3 contact attempts with no response, "
            "at least one by text message, or after the patient did not attend an appointment"
        )


_REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I: read over the phone


def new_reference() -> str:
    return "".join(secrets.choice(_REFERENCE_ALPHABET) for _ in range(4)) + "-" + "".join(
        secrets.choice(_REFERENCE_ALPHABET) for _ in range(4)
    )


def deadline_rule() -> DeadlineRule:
    return DeadlineRule(working_days=settings.HEALTHHUB_RESPONSE_WORKING_DAYS)


def deadline_for(received_at: datetime) -> datetime:
    return response_deadline(received_at, deadline_rule())


@dataclass
class PatientDetails:
    given_name: str
    family_name: str
    date_of_birth: date
    postcode: str
    nhs_number: str = ""
    mobile: str = ""
    email: str = ""


@dataclass
class Submission:
    practice: object
    patient: PatientDetails
    request_type: str
    category: str
    summary: str
    answers: dict
    idempotency_key: str
    channel: str = "web"
    submitted_by: str = Submitter.PATIENT
    submitter_name: str = ""
    submitter_relationship: str = ""
    contact_by_sms: bool = False
    contact_by_email: bool = False
    contact_by_phone: bool = True
    extra: dict = field(default_factory=dict)


def find_or_create_patient(details: PatientDetails, practice) -> Patient:
    """The same person when NHS number, date of birth and family name all agree; otherwise a new record.

    The family name guards against a mistyped NHS number that happens to pass Modulus 11 landing
    on another patient who shares a birthday: their contact details must never be overwritten.
    """
    if details.nhs_number:
        existing = Patient.objects.matching(details.nhs_number, details.date_of_birth, details.family_name)
        if existing:
            changed = ["practice"]
            for name in ("given_name", "family_name", "postcode", "mobile", "email"):
                if getattr(details, name) and getattr(details, name) != getattr(existing, name):
                    setattr(existing, name, getattr(details, name))
                    changed.append(name)
            existing.practice = practice
            existing.save(update_fields=changed)
            return existing
    return insert(Patient(practice=practice, **details.__dict__))


def submit_request(submission: Submission, actor: Actor, received_at: datetime | None = None) -> tuple[ConsultationRequest, bool]:
    """Create a request (or return the one already made with this idempotency key).

    A retry is found by the unique idempotency key when its insert conflicts, so a first
    submission (nearly all of them) costs no extra query to look for an earlier one.
    """
    audit.require_actor(actor, "request.submit")  # before anything is looked up or stored
    practice = submission.practice
    refusal = _refusal(submission)
    if refusal:
        # A retry of a request accepted before intake paused gets that request, not the refusal.
        existing = _already_submitted(submission)
        if existing:
            return existing, False
        raise refusal
    received_at = received_at or timezone.now()
    for _ in range(3):
        try:
            with transaction.atomic():
                return _create_request(submission, actor, received_at), True
        except IntegrityError:
            # Either the same submission arrived again (the idempotency key is taken), or, once in
            # a trillion, a new reference collided: then try again with another.
            existing = _already_submitted(submission)
            if existing is not None:
                return existing, False
    raise IntegrityError(f"could not store a request for {practice.ods_code}")


def _refusal(submission: Submission) -> Exception | None:
    practice = submission.practice
    if not practice.accepts_online_requests:
        return PracticeNotServed(practice.ods_code)
    status = getattr(practice, "intake_status", None)
    if submission.request_type == "medical" and status and status.medical_paused and submission.channel != "staff":
        return IntakePaused(status.message)
    return None


def _already_submitted(submission: Submission) -> ConsultationRequest | None:
    return ConsultationRequest.objects.filter(idempotency_key=submission.idempotency_key).first()


def _create_request(submission: Submission, actor: Actor, received_at: datetime) -> ConsultationRequest:
    patient = find_or_create_patient(submission.patient, submission.practice)
    request = ConsultationRequest(
        reference=new_reference(),
        practice=submission.practice,
        patient=patient,
        request_type=submission.request_type,
        category=submission.category,
        summary=submission.summary[:200],
        answers=submission.answers,
        intake_record=submission.extra,
        submitted_by=submission.submitted_by,
        submitter_name=submission.submitter_name,
        submitter_relationship=submission.submitter_relationship,
        entered_by=actor.user,
        channel=submission.channel,
        contact_by_sms=submission.contact_by_sms,
        contact_by_email=submission.contact_by_email,
        contact_by_phone=submission.contact_by_phone,
        idempotency_key=submission.idempotency_key,
        received_at=received_at,
        deadline=deadline_for(received_at),
    )
    insert(request)
    insert(StatusEvent(request=request, at=received_at, actor=actor.user, actor_label=actor.label, to_status=Status.SUBMITTED))
    audit.record(actor, "request.submit", request, channel=submission.channel)
    # In the same transaction: the confirmation is stored exactly when the request is.
    _confirm_to_patient(request)
    return request


def confirmation_text(request: ConsultationRequest) -> str:
    return (
        f"{request.practice.display_name}: we have your request, reference {request.reference}. "
        f"We will reply by {datetime_uk(request.deadline)}. "
        "If you get worse or need help urgently, call 111. In an emergency call 999."
    )


def _confirm_to_patient(request: ConsultationRequest) -> None:
    _message_patient(request, confirmation_text(request), f"request-{request.pk}-confirmation",
                     by_sms=request.contact_by_sms, by_email=request.contact_by_email)


def _message_patient(request: ConsultationRequest, text: str, reference: str, *, by_sms: bool, by_email: bool) -> None:
    """Queue a text and/or an email to the patient, where they have a way to receive it."""
    patient = request.patient
    messages = []
    if by_sms and is_uk_mobile(patient.mobile):  # the number may be a landline
        messages.append(outbox.sms(patient.mobile, text, reference))
    if by_email and patient.email:
        messages.append(outbox.email(patient.email, text, reference))
    outbox.queue(messages)


def _change_status(request: ConsultationRequest, to_status: str, actor: Actor, *, assignee=None, reason: str = "") -> None:
    check_transition(request.status, to_status)
    StatusEvent.objects.create(
        request=request,
        actor=actor.user,
        actor_label=actor.label,
        from_status=request.status,
        to_status=to_status,
        assignee=assignee,
        reason=reason,
    )
    request.status = to_status


def _locked(request: ConsultationRequest) -> ConsultationRequest:
    return ConsultationRequest.objects.select_for_update().get(pk=request.pk)


def claim(request: ConsultationRequest, user, actor: Actor) -> ConsultationRequest:
    """A clinician takes an unassigned request; if someone else got there first, refuse."""
    _check_holder(request, user)
    with transaction.atomic():
        taken = ConsultationRequest.objects.filter(
            pk=request.pk, status=Status.SUBMITTED, assignee__isnull=True
        ).update(status=Status.ASSIGNED, assignee=user, updated_at=timezone.now())
        if not taken:
            raise AlreadyClaimed(request.reference)
        StatusEvent.objects.create(
            request=request, actor=actor.user, actor_label=actor.label,
            from_status=Status.SUBMITTED, to_status=Status.ASSIGNED, assignee=user,
        )
        audit.record(actor, "request.claim", request)
    return ConsultationRequest.objects.get(pk=request.pk)


def _check_holder(request: ConsultationRequest, user) -> None:
    if not user.is_clinician or user.hub_id != request.practice.hub_id:
        raise NotAClinicianOfThisHub(user.username)


def assign(request: ConsultationRequest, assignee, actor: Actor, reason: str = "") -> ConsultationRequest:
    """An administrator distributes (or hands over) a request to a clinician."""
    _check_holder(request, assignee)
    with transaction.atomic():
        request = _locked(request)
        _change_status(request, Status.ASSIGNED, actor, assignee=assignee, reason=reason)
        request.assignee = assignee
        request.save()
        audit.record(actor, "request.assign", request, assignee=assignee.username)
    return request


def unassign(request: ConsultationRequest, actor: Actor, reason: str = "") -> ConsultationRequest:
    with transaction.atomic():
        request = _locked(request)
        _change_status(request, Status.SUBMITTED, actor, reason=reason)
        request.assignee = None
        request.save()
        audit.record(actor, "request.unassign", request)
    return request


def start(request: ConsultationRequest, user, actor: Actor) -> ConsultationRequest:
    with transaction.atomic():
        request = _locked(request)
        if request.assignee_id != user.pk:
            raise NotAssignee(request.reference)
        _change_status(request, Status.IN_PROGRESS, actor, assignee=user)
        request.save()
        audit.record(actor, "request.start", request)
    return request


def proposed_route_entry(category: str) -> OutcomesMatrixEntry | None:
    return OutcomesMatrixEntry.objects.filter(category=category, is_default_for_category=True).first()


def confirm_route(request: ConsultationRequest, entry: OutcomesMatrixEntry, actor: Actor, reason: str = "") -> ConsultationRequest:
    """Confirm the proposed route, or override it: an override must say why."""
    proposed = proposed_route_entry(request.category)
    overridden = proposed is None or entry.route != proposed.route or entry.category != request.category
    if overridden and not reason.strip():
        raise RouteOverrideNeedsReason(request.reference)
    with transaction.atomic():
        request = _locked(request)
        request.route = entry.route
        request.route_entry = entry
        request.route_override_reason = reason.strip() if overridden else ""
        request.save()
        audit.record(actor, "request.route", request, route=entry.route, overridden=overridden, reason=reason.strip())
    return request


def add_note(request: ConsultationRequest, text: str, user, actor: Actor) -> Note:
    if not text.strip():
        raise ReasonRequired("Enter the note")
    with transaction.atomic():
        note = Note.objects.create(request=request, author=user, text=text.strip())
        audit.record(actor, "request.note", request)
    return note


def record_contact_attempt(
    request: ConsultationRequest, *, channel: str, result: str, message: str, user, actor: Actor, at: datetime | None = None
) -> ContactAttempt:
    """Record an attempt; a text or email with a message also goes to the patient through the outbox."""
    with transaction.atomic():
        attempt = ContactAttempt.objects.create(
            request=request, at=at or timezone.now(), by=user, channel=channel, result=result, message=message.strip()
        )
        if message.strip():
            _message_patient(request, message.strip(), f"request-{request.pk}-contact-{attempt.pk}",
                             by_sms=channel == "sms", by_email=channel == "email")
        audit.record(actor, "request.contact_attempt", request, channel=channel, result=result)
    return attempt


def record_outcome(request: ConsultationRequest, outcome: str, actor: Actor, note: str = "") -> ConsultationRequest:
    with transaction.atomic():
        request = _locked(request)
        if outcome == Outcome.UNABLE_TO_CONTACT:
            attempts = list(request.contact_attempts.values_list("channel", "result"))
            if not unable_to_contact_allowed(attempts):
                raise UnableToContactNotAllowed()
        _change_status(request, Status.CLOSED, actor, assignee=request.assignee, reason=note.strip())
        request.outcome = outcome
        request.closed_at = timezone.now()
        if outcome == Outcome.BACK_TO_PRACTICE:
            request.route = Route.HOME_PRACTICE
        request.save()
        audit.record(actor, "request.outcome", request, outcome=outcome)
    return request


def reopen(request: ConsultationRequest, user, actor: Actor, reason: str) -> ConsultationRequest:
    if not reason.strip():
        raise ReasonRequired("Enter why the request is being reopened")
    with transaction.atomic():
        request = _locked(request)
        _change_status(request, Status.IN_PROGRESS, actor, assignee=user, reason=reason.strip())
        request.assignee = user
        request.outcome = ""
        request.closed_at = None
        request.practice_acknowledged_at = None
        request.save()
        audit.record(actor, "request.reopen", request, reason=reason.strip())
    return request


def acknowledge_by_practice(request: ConsultationRequest, actor: Actor) -> ConsultationRequest:
    """The home practice confirms it has taken a request the hub sent back."""
    with transaction.atomic():
        request = _locked(request)
        request.practice_acknowledged_at = timezone.now()
        request.save()
        audit.record(actor, "request.practice_acknowledge", request)
    return request


def save_matrix_entry(entry: OutcomesMatrixEntry, actor: Actor) -> OutcomesMatrixEntry:
    """Add or change an outcomes matrix entry. Proposing it for its category takes that over from
    the previous default in the same transaction; a category is never left without one."""
    with transaction.atomic():
        before = OutcomesMatrixEntry.objects.select_for_update().filter(pk=entry.pk).first() if entry.pk else None
        if before and before.is_default_for_category and not entry.is_default_for_category:
            raise MatrixNeedsDefault(entry.get_category_display())
        if before and before.is_default_for_category and before.category != entry.category:
            raise MatrixNeedsDefault(before.get_category_display())
        if entry.is_default_for_category:
            OutcomesMatrixEntry.objects.filter(category=entry.category, is_default_for_category=True).exclude(
                pk=entry.pk
            ).update(is_default_for_category=False)
        if entry.pk is None:
            last = OutcomesMatrixEntry.objects.filter(category=entry.category).order_by("-position").first()
            entry.position = last.position + 1 if last else 0
        entry.save()
        audit.record(
            actor, "outcomes_matrix.change" if before else "outcomes_matrix.add", entry,
            before=_matrix_fields(before) if before else None, after=_matrix_fields(entry),
        )
    return entry


def _matrix_fields(entry: OutcomesMatrixEntry) -> dict:
    return {
        "category": entry.category, "route": entry.route, "description": entry.description,
        "default": entry.is_default_for_category,
    }
