"""Remote monitoring: who is enrolled in which programme, their observations, scores and alerts.

Observation sets and alerts are clinical records: a set is never changed once scored (a mistaken
entry is corrected by a new set), and an alert is only ever acknowledged, never deleted.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from healthhub.clinical.monitoring_alerts import ScoreKind, Severity
from healthhub.core.models import AppendOnlyQuerySet


class Programme(models.TextChoices):
    HYPERTENSION = "hypertension", "Home blood pressure monitoring"
    RESPIRATORY_ADULT = "respiratory-adult", "Respiratory virtual ward: adults"
    RESPIRATORY_CHILD = "respiratory-child", "Respiratory virtual ward: children"


SCORE_KIND = {
    Programme.HYPERTENSION: ScoreKind.BLOOD_PRESSURE,
    Programme.RESPIRATORY_ADULT: ScoreKind.NEWS2,
    Programme.RESPIRATORY_CHILD: ScoreKind.CHILD,
}


class EnrolmentQuerySet(models.QuerySet):
    def active(self):
        return self.filter(discharged_at__isnull=True)

    def for_hub(self, hub_id):
        return self.filter(hub_id=hub_id)


class Enrolment(models.Model):
    patient = models.ForeignKey("patients.Patient", on_delete=models.PROTECT, related_name="enrolments")
    hub = models.ForeignKey("organisations.Hub", on_delete=models.PROTECT, related_name="enrolments")
    programme = models.CharField(max_length=20, choices=Programme.choices)
    responsible_clinician = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    start_date = models.DateField()
    review_date = models.DateField()
    # Children: NICE NG9's bronchiolitis thresholds apply as well as NG143's.
    bronchiolitis = models.BooleanField(default=False)
    # A clinician's personal home blood pressure target; otherwise NICE NG136's for the patient's age.
    bp_target_systolic = models.PositiveSmallIntegerField(null=True, blank=True)
    bp_target_diastolic = models.PositiveSmallIntegerField(null=True, blank=True)
    source_request = models.ForeignKey("consultations.ConsultationRequest", null=True, blank=True,
                                       on_delete=models.SET_NULL, related_name="enrolments")
    enrolled_at = models.DateTimeField(default=timezone.now)
    enrolled_by_label = models.CharField(max_length=200)
    discharged_at = models.DateTimeField(null=True, blank=True)
    discharge_reason = models.TextField(blank=True)
    # SHA-256 of the secret in the link the patient uses to send readings; the secret is never stored.
    reading_link_hash = models.CharField(max_length=64, blank=True)
    last_reminded_at = models.DateTimeField(null=True, blank=True)

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        ordering = ["-enrolled_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["patient", "programme"], condition=Q(discharged_at__isnull=True),
                                    name="one_active_enrolment_per_programme"),
        ]
        indexes = [models.Index(fields=["hub", "programme"], condition=Q(discharged_at__isnull=True), name="active_caseload")]

    def __str__(self) -> str:
        return f"{self.get_programme_display()} ({self.pk})"

    @property
    def is_active(self) -> bool:
        return self.discharged_at is None

    @property
    def score_kind(self) -> ScoreKind:
        return SCORE_KIND[Programme(self.programme)]


class Goal(models.Model):
    """A clinician's target for one patient, e.g. SpO2 88-92 %. The latest one is current."""

    SPO2 = "spo2"

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="goals")
    measure = models.CharField(max_length=20, choices=[(SPO2, "Oxygen saturation (SpO2)")])
    low = models.PositiveSmallIntegerField()
    high = models.PositiveSmallIntegerField()
    set_at = models.DateTimeField(default=timezone.now)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    set_by_label = models.CharField(max_length=200)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-set_at", "-id"]


class Source(models.TextChoices):
    PATIENT = "patient", "Patient"
    STAFF = "staff", "Staff (phoned in)"
    DEVICE = "device", "Device or platform"


class ObservationSet(models.Model):
    """One set of observations taken at one time, and its score by the rule in force then."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.PROTECT, related_name="observation_sets")
    effective_at = models.DateTimeField()
    received_at = models.DateTimeField(default=timezone.now)
    source = models.CharField(max_length=10, choices=Source.choices)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    entered_by_label = models.CharField(max_length=200)
    # What was measured; None where it was not.
    respiration_rate = models.PositiveSmallIntegerField(null=True, blank=True)
    spo2 = models.PositiveSmallIntegerField(null=True, blank=True)
    on_oxygen = models.BooleanField(null=True, blank=True)
    systolic_bp = models.PositiveSmallIntegerField(null=True, blank=True)
    diastolic_bp = models.PositiveSmallIntegerField(null=True, blank=True)
    pulse = models.PositiveSmallIntegerField(null=True, blank=True)
    consciousness = models.CharField(max_length=1, blank=True)
    temperature = models.DecimalField(max_digits=3, decimal_places=1, null=True, blank=True)
    # A child's signs (NICE NG143/NG9) and a blood pressure reading's symptoms, as the rules name them.
    signs = models.JSONField(default=dict, blank=True)
    # The score, as the rule version in force gave it.
    score_kind = models.CharField(max_length=20, choices=[(kind.value, kind.value) for kind in ScoreKind])
    score_total = models.SmallIntegerField(null=True, blank=True)
    result = models.CharField(max_length=20)  # NEWS2 band, child rating or blood pressure escalation
    sub_scores = models.JSONField(default=dict, blank=True)
    reasons = models.JSONField(default=list, blank=True)
    scale = models.PositiveSmallIntegerField(null=True, blank=True)
    rule_version = models.CharField(max_length=40)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-effective_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["enrolment", "effective_at"], name="one_set_per_moment")]

    def save(self, *args, **kwargs):
        if self.pk:
            raise ValueError("Observation sets cannot be changed: record a new set")
        super().save(*args, **kwargs)


class AlertAction(models.TextChoices):
    ADVICE = "advice", "Advice given to the patient"
    VISIT = "visit", "Visit arranged"
    ESCALATED = "escalated", "Escalated to ED or 999"
    NO_ACTION = "no-action", "No action needed"


class AlertQuerySet(models.QuerySet):
    def unacknowledged(self):
        return self.filter(acknowledged_at__isnull=True)

    def overdue(self, now=None):
        return self.unacknowledged().filter(respond_by__lt=now or timezone.now())

    def for_hub(self, hub_id):
        return self.filter(enrolment__hub_id=hub_id)


class Alert(models.Model):
    enrolment = models.ForeignKey(Enrolment, on_delete=models.PROTECT, related_name="alerts")
    observation_set = models.OneToOneField(ObservationSet, on_delete=models.PROTECT, related_name="alert")
    severity = models.CharField(max_length=10, choices=[(severity.value, severity.value) for severity in Severity])
    summary = models.CharField(max_length=300)
    raised_at = models.DateTimeField(default=timezone.now)
    respond_by = models.DateTimeField()
    rule_version = models.CharField(max_length=40)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=10, choices=AlertAction.choices, blank=True)
    action_note = models.TextField(blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)

    objects = AlertQuerySet.as_manager()

    class Meta:
        ordering = ["raised_at", "id"]
        indexes = [models.Index(fields=["respond_by"], condition=Q(acknowledged_at__isnull=True), name="unacknowledged_alerts")]
