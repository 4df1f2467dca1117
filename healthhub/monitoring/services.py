"""Every change to remote monitoring: enrol, set a target, record observations (scored at once,
raising an alert where the policy says), acknowledge an alert, discharge. Each is one transaction
with its audit record."""

import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone

from healthhub.clinical import blood_pressure, monitoring_alerts, news2
from healthhub.clinical.deadlines import LONDON
from healthhub.consultations.intake.validation import is_uk_mobile
from healthhub.core import audit
from healthhub.core.audit import Actor
from healthhub.core.inserts import insert
from healthhub.notifications import services as outbox
from healthhub.patients.age import age_in_years

from .models import SCORE_KIND, Alert, AlertAction, Enrolment, Goal, ObservationSet, Programme, Source
from .scoring import Observations, score

MAX_REASON_LENGTH = 1000
SYSTEM = Actor(label="Remote monitoring (scheduled checks)")
SPO2_RANGE = news2.RULES.plausible["spo2"]
# A device's clock a little ahead of ours is not an observation from the future.
MAX_CLOCK_SKEW = timedelta(minutes=5)


class MonitoringError(ValueError):
    """A change the rules do not allow; the message says why, for the person making it."""


class NotEnrolled(MonitoringError):
    pass


class ObservationSetExists(MonitoringError):
    pass


def _age_check(programme: str, born: date, on: date) -> None:
    limit = monitoring_alerts.enrolment_age(SCORE_KIND[Programme(programme)])
    age = age_in_years(born, on)
    if not limit.admits(age):
        raise MonitoringError(f"{Programme(programme).label} is for people {limit.words()}; this patient is {age}")


def enrol(patient, programme: str, *, hub, clinician, start_date: date, review_date: date, actor: Actor,
          bronchiolitis: bool = False, source_request=None) -> Enrolment:
    audit.require_actor(actor, "monitoring.enrol")
    if review_date < start_date:
        raise MonitoringError("The review date must be on or after the start date")
    if not (clinician.is_clinician and clinician.hub_id == hub.pk):
        raise MonitoringError("The responsible clinician must be a clinician of this hub")
    _age_check(programme, patient.date_of_birth, start_date)
    enrolment = Enrolment(patient=patient, hub=hub, programme=programme, responsible_clinician=clinician,
                          start_date=start_date, review_date=review_date, source_request=source_request,
                          bronchiolitis=bronchiolitis and programme == Programme.RESPIRATORY_CHILD, enrolled_by_label=actor.label)
    try:
        with transaction.atomic():
            enrolment.save()
            audit.record(actor, "monitoring.enrol", enrolment, label=f"{enrolment} for patient {patient.pk}",
                         programme=programme, patient=patient.pk)
    except IntegrityError as error:
        raise MonitoringError(f"This patient is already enrolled in {Programme(programme).label}") from error
    return enrolment


def set_spo2_target(enrolment: Enrolment, low: int, high: int, actor: Actor) -> Goal:
    """A clinician's target saturation range; news2's scale 2 range (88-92 %) switches NEWS2 to scale 2 from the next set."""
    audit.require_actor(actor, "monitoring.goal")
    lowest, highest = (int(limit) for limit in (SPO2_RANGE.minimum, SPO2_RANGE.maximum))
    if not (lowest <= low < high <= highest):
        raise MonitoringError(f"The target range must run from a lower to a higher saturation, between {lowest} and {highest}%")
    _require_active(enrolment)
    with transaction.atomic():
        goal = Goal.objects.create(enrolment=enrolment, measure=Goal.SPO2, low=low, high=high,
                                   set_by=actor.user, set_by_label=actor.label)
        audit.record(actor, "monitoring.goal", enrolment, measure=Goal.SPO2, low=low, high=high)
    return goal


def set_bp_target(enrolment: Enrolment, systolic: int | None, diastolic: int | None, actor: Actor) -> Enrolment:
    """A clinician's personal home blood pressure target; both None goes back to NICE NG136's for the patient's age."""
    audit.require_actor(actor, "monitoring.bp_target")
    _require_active(enrolment)
    if enrolment.programme != Programme.HYPERTENSION:
        raise MonitoringError("A blood pressure target is for home blood pressure monitoring")
    if (systolic is None) != (diastolic is None):
        raise MonitoringError("Give both numbers of the target, or neither to use the NICE target")
    (sys_low, sys_high), (dia_low, dia_high) = (blood_pressure.PERSONAL_TARGET_LIMITS[f] for f in ("systolic", "diastolic"))
    if systolic is not None and not (sys_low <= systolic <= sys_high and dia_low <= diastolic <= dia_high and systolic > diastolic):
        raise MonitoringError(f"The target must be between {sys_low}/{dia_low} and {sys_high}/{dia_high} mmHg, the top number above the bottom")
    with transaction.atomic():
        Enrolment.objects.filter(pk=enrolment.pk).update(bp_target_systolic=systolic, bp_target_diastolic=diastolic)
        audit.record(actor, "monitoring.bp_target", enrolment, systolic=systolic, diastolic=diastolic)
    enrolment.bp_target_systolic, enrolment.bp_target_diastolic = systolic, diastolic
    return enrolment


def current_spo2_target(enrolment: Enrolment) -> tuple[int, int] | None:
    return Goal.objects.filter(enrolment=enrolment, measure=Goal.SPO2).values_list("low", "high").first()


def send_reading_link(enrolment: Enrolment, link_for: Callable[[str], str], actor: Actor) -> None:
    """Text the patient a new link for sending readings; any earlier link stops working. Only its hash is kept."""
    audit.require_actor(actor, "monitoring.reading_link")
    _require_active(enrolment)
    mobile = enrolment.patient.mobile
    if not is_uk_mobile(mobile):
        raise MonitoringError("The patient has no mobile number to text the link to: add one, or take readings by phone")
    secret = secrets.token_urlsafe(24)
    text = (f"{enrolment.hub.name}: send your readings here: {link_for(secret)} "
            "If you feel very unwell, call 111, or 999 in an emergency.")
    with transaction.atomic():
        Enrolment.objects.filter(pk=enrolment.pk).update(reading_link_hash=hash_secret(secret))
        outbox.queue([outbox.sms(mobile, text, f"enrolment-{enrolment.pk}-link")])
        audit.record(actor, "monitoring.reading_link", enrolment)
    enrolment.reading_link_hash = hash_secret(secret)


def enrolment_for_link(secret: str) -> Enrolment | None:
    """The active enrolment a readings link belongs to, or None for a link that is unknown, replaced or discharged."""
    if not secret or len(secret) > 100:
        return None
    return Enrolment.objects.active().select_related("patient", "hub").filter(reading_link_hash=hash_secret(secret)).first()


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True)
class Recorded:
    observation_set: ObservationSet
    alert: Alert | None


def record_observations(enrolment: Enrolment, observations: Observations, *, effective_at: datetime, source: str,
                        actor: Actor) -> Recorded:
    """Score the set at once with the rule in force and raise an alert where the policy says.

    Raises InvalidObservations (by field), NotEnrolled or ObservationSetExists; nothing is stored then.
    """
    audit.require_actor(actor, "monitoring.observations")
    _require_active(enrolment)
    if effective_at.tzinfo is None:
        raise MonitoringError("The time the observations were taken must carry its timezone")
    if effective_at > timezone.now() + MAX_CLOCK_SKEW:
        raise MonitoringError("The observations cannot have been taken in the future")
    if observations.temperature is not None:  # thermometers, and the record, show tenths of a degree
        observations = replace(observations, temperature=_tenths(observations.temperature))
    scored = score(enrolment.score_kind, observations, born=enrolment.patient.date_of_birth,
                   on=effective_at.astimezone(LONDON).date(), bronchiolitis=enrolment.bronchiolitis,
                   spo2_target=current_spo2_target(enrolment) if enrolment.programme == Programme.RESPIRATORY_ADULT else None)
    observation_set = ObservationSet(
        enrolment=enrolment, effective_at=effective_at, source=Source(source), entered_by=actor.user, entered_by_label=actor.label,
        respiration_rate=observations.respiration_rate, spo2=observations.spo2, on_oxygen=observations.on_oxygen,
        systolic_bp=observations.systolic_bp, diastolic_bp=observations.diastolic_bp, pulse=observations.pulse,
        consciousness=observations.consciousness or "", temperature=observations.temperature, signs=observations.signs,
        score_kind=scored.kind, score_total=scored.total, result=scored.result, sub_scores=scored.sub_scores,
        reasons=scored.reasons, scale=scored.scale, rule_version=scored.rule_version,
    )
    decision = monitoring_alerts.alert_for(scored.kind, scored.result)
    try:
        with transaction.atomic():
            insert(observation_set)
            alert = None
            if decision:
                alert = insert(Alert(
                    enrolment=enrolment, observation_set=observation_set, severity=decision.severity, summary=scored.summary,
                    raised_at=observation_set.received_at, respond_by=observation_set.received_at + decision.respond_within,
                    rule_version=decision.rule_version))
            audit.record(actor, "monitoring.observations", enrolment, result=scored.result, source=source,
                         alert=decision.severity.value if decision else "")
    except IntegrityError as error:
        raise ObservationSetExists("Observations taken at that time are already recorded for this patient") from error
    return Recorded(observation_set, alert)


def _tenths(value) -> Decimal:
    try:
        return Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    except InvalidOperation:
        return Decimal("NaN")  # reported by the rule as implausible


def acknowledge(alert: Alert, action: str, note: str, actor: Actor) -> Alert:
    """Who saw the alert, when, and what they did; "no action" needs its reason."""
    audit.require_actor(actor, "monitoring.alert.acknowledge")
    action = AlertAction(action)
    note = note.strip()
    if action == AlertAction.NO_ACTION and not note:
        raise MonitoringError("Say why no action is needed")
    if len(note) > MAX_REASON_LENGTH:
        raise MonitoringError(f"The note must be {MAX_REASON_LENGTH} characters or fewer")
    with transaction.atomic():
        acknowledged = Alert.objects.filter(pk=alert.pk, acknowledged_at__isnull=True).update(
            acknowledged_at=timezone.now(), acknowledged_by=actor.user, action=action, action_note=note)
        if not acknowledged:
            raise MonitoringError("Someone has already acknowledged this alert")
        audit.record(actor, "monitoring.alert.acknowledge", alert.enrolment, alert=alert.pk, taken=action.value)
    alert.refresh_from_db()
    return alert


def escalate_overdue(now: datetime | None = None, actor: Actor | None = None) -> int:
    """Escalate unacknowledged alerts past their response time, once each: marked, audited, and the
    responsible clinician emailed (no patient details in the email). Returns how many."""
    now = now or timezone.now()
    actor = actor or SYSTEM
    with transaction.atomic():
        overdue = list(Alert.objects.overdue(now).filter(escalated_at__isnull=True)
                       .select_related("enrolment__responsible_clinician", "enrolment__hub").select_for_update(of=("self",)))
        for alert in overdue:
            Alert.objects.filter(pk=alert.pk).update(escalated_at=now)
            clinician = alert.enrolment.responsible_clinician
            if clinician.email:
                outbox.queue([outbox.email(clinician.email, (
                    f"{alert.enrolment.hub.name}: a {alert.severity} alert on the virtual ward (alert {alert.pk}) has not been "
                    "acknowledged in time. Open the alert queue in the Health Hub now."), f"alert-{alert.pk}-escalation")])
            audit.record(actor, "monitoring.alert.escalate", alert.enrolment, alert=alert.pk, severity=alert.severity)
    return len(overdue)


def send_due_reminders(now: datetime | None = None, actor: Actor | None = None) -> int:
    """Text a reminder to patients sending their own readings when one is due and none has come, at most
    once per expected interval. Returns how many were sent."""
    now = now or timezone.now()
    actor = actor or SYSTEM
    sent = 0
    for programme in Programme:
        every = monitoring_alerts.readings_due_every(SCORE_KIND[programme])
        due = (Enrolment.objects.active().filter(programme=programme).exclude(reading_link_hash="")
               .annotate(last_reading=Max("observation_sets__effective_at"))
               .filter(Q(last_reading__lt=now - every) | Q(last_reading__isnull=True, enrolled_at__lt=now - every))
               .filter(Q(last_reminded_at__isnull=True) | Q(last_reminded_at__lt=now - every))
               .select_related("patient", "hub"))
        for enrolment in due:
            if not is_uk_mobile(enrolment.patient.mobile):
                continue
            with transaction.atomic():
                Enrolment.objects.filter(pk=enrolment.pk).update(last_reminded_at=now)
                what = "blood pressure reading" if programme == Programme.HYPERTENSION else "readings"
                outbox.queue([outbox.sms(enrolment.patient.mobile, (
                    f"{enrolment.hub.name}: it is time to send your {what}, using the link we texted you. "
                    "If you have lost it, call the hub team."), f"enrolment-{enrolment.pk}-reminder")])
                audit.record(actor, "monitoring.reminder", enrolment)
            sent += 1
    return sent


def discharge(enrolment: Enrolment, reason: str, actor: Actor) -> Enrolment:
    audit.require_actor(actor, "monitoring.discharge")
    reason = reason.strip()
    if not reason:
        raise MonitoringError("Give the reason for discharge")
    with transaction.atomic():
        discharged = Enrolment.objects.filter(pk=enrolment.pk, discharged_at__isnull=True).update(
            discharged_at=timezone.now(), discharge_reason=reason[:MAX_REASON_LENGTH])
        if not discharged:
            raise NotEnrolled("This patient has already been discharged from the programme")
        audit.record(actor, "monitoring.discharge", enrolment, reason=reason[:MAX_REASON_LENGTH])
    enrolment.refresh_from_db()
    return enrolment


def _require_active(enrolment: Enrolment) -> None:
    if not enrolment.is_active:
        raise NotEnrolled("This patient has been discharged from the programme")
