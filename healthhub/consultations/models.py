"""Online consultation requests and their immutable history."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from healthhub.core.models import AppendOnlyQuerySet


class RequestType(models.TextChoices):
    MEDICAL = "medical", "Medical"
    ADMIN = "admin", "Administrative"


class Category(models.TextChoices):
    """The rows of the outcomes matrix (DOMAIN.md 2.3)."""

    CLINICAL = "clinical", "Clinical presentation"
    ADMINISTRATION = "administration", "Administration"
    TEST = "test", "Test request"
    REFERRAL = "referral", "Referral request"
    MEDICATION = "medication", "Medication request"
    PREGNANCY = "pregnancy", "Pregnancy"


class Route(models.TextChoices):
    """The columns of the outcomes matrix."""

    HUB = "hub", "Acute: hub team"
    HOME_PRACTICE = "home_practice", "Continuity: home practice GP team"
    MDT = "mdt", "MDT wrap-around: community healthcare ± home practice"
    EXCEPTION = "exception", "Exception: agreed pathway"


class Status(models.TextChoices):
    SUBMITTED = "submitted", "Submitted"
    ASSIGNED = "assigned", "Assigned"
    IN_PROGRESS = "in_progress", "In progress"
    CLOSED = "closed", "Closed"


class Outcome(models.TextChoices):
    """What every closed request records (DOMAIN.md 2.4), in the order of the hub's report."""

    DISCHARGED = "discharged", "Discharged (advice, self-care or treated remotely)"
    BACK_TO_PRACTICE = "back_to_practice", "Back to home practice"
    COMMUNITY_SERVICES = "community_services", "Community services"
    FACE_TO_FACE = "face_to_face", "Face-to-face appointment"
    URGENT_CARE = "urgent_care", "Required ED / urgent and emergency care"
    SECONDARY_CARE = "secondary_care", "Referred to secondary care"
    UNABLE_TO_CONTACT = "unable_to_contact", "Unable to contact"
    COMMUNITY_PHARMACY = "community_pharmacy", "Community pharmacy"
    HOME_VISIT = "home_visit", "Home visit"


class Submitter(models.TextChoices):
    PATIENT = "patient", "The patient"
    PROXY = "proxy", "Someone on the patient's behalf"
    STAFF = "staff", "Staff, for a caller"


class Channel(models.TextChoices):
    WEB = "web", "Online form"
    API = "api", "FHIR API"
    STAFF = "staff", "Entered by staff"


class OutcomesMatrixEntry(models.Model):
    """One cell item of the outcomes matrix: editable clinical content (LOCAL)."""

    category = models.CharField(max_length=20, choices=Category.choices)
    route = models.CharField(max_length=20, choices=Route.choices)
    description = models.CharField(max_length=200)
    # The route proposed for a category when the clinician has not chosen a matrix item.
    is_default_for_category = models.BooleanField(default=False)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["category", "position", "id"]
        verbose_name_plural = "outcomes matrix entries"
        constraints = [
            models.UniqueConstraint(
                fields=["category"], condition=Q(is_default_for_category=True), name="one_default_route_per_category"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()}: {self.description} → {self.get_route_display()}"


OPEN_STATUSES = (Status.SUBMITTED, Status.ASSIGNED, Status.IN_PROGRESS)


class ConsultationRequestQuerySet(models.QuerySet):
    def open(self):
        # The same IN list as the open_requests_by_deadline index's condition, so the database
        # can use that index and never touch the closed rows, which are nearly all of them.
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, now=None):
        return self.open().filter(deadline__lt=now or timezone.now())

    def due_soon(self, now=None, within=None):
        now = now or timezone.now()
        within = within or timezone.timedelta(hours=2)
        return self.open().filter(deadline__gte=now, deadline__lt=now + within)

    def for_hub(self, hub):
        return self.filter(practice__hub=hub)

    def for_practice(self, practice):
        return self.filter(practice=practice)

    def assigned_to(self, user):
        return self.filter(assignee=user)

    def unassigned(self):
        return self.filter(assignee__isnull=True)

    def received_after(self, moment):
        return self.filter(received_at__gt=moment)

    def awaiting_practice(self):
        """Sent back to the home practice and not yet acknowledged by it."""
        return self.filter(route=Route.HOME_PRACTICE, practice_acknowledged_at__isnull=True)

    def recently_closed(self, since):
        return self.filter(status=Status.CLOSED, closed_at__gte=since)


class ConsultationRequest(models.Model):
    reference = models.CharField(max_length=12)
    # Indexed by request_practice_status, which leads with the practice.
    practice = models.ForeignKey("organisations.Practice", on_delete=models.PROTECT, related_name="requests", db_index=False)
    patient = models.ForeignKey("patients.Patient", on_delete=models.PROTECT, related_name="requests")
    request_type = models.CharField(max_length=10, choices=RequestType.choices)
    category = models.CharField(max_length=20, choices=Category.choices)
    summary = models.CharField(max_length=200)
    answers = models.JSONField(default=dict)
    # What the patient was shown: the questionnaire and emergency-screen versions and which list.
    # A clinical safety review needs to know exactly which wording a patient answered.
    intake_record = models.JSONField(default=dict, blank=True)

    submitted_by = models.CharField(max_length=10, choices=Submitter.choices, default=Submitter.PATIENT)
    submitter_name = models.CharField(max_length=200, blank=True)
    submitter_relationship = models.CharField(max_length=100, blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.WEB)
    contact_by_sms = models.BooleanField(default=False)
    contact_by_email = models.BooleanField(default=False)
    contact_by_phone = models.BooleanField(default=True)
    # A double submission (browser resubmit, API retry) carries the same key: one request.
    idempotency_key = models.CharField(max_length=80)

    received_at = models.DateTimeField(db_index=True)
    deadline = models.DateTimeField()

    # Current state, cached from the immutable StatusEvent history.
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    assignee = models.ForeignKey(  # indexed by request_assignee_status
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="assigned_requests", db_index=False
    )
    route = models.CharField(max_length=20, choices=Route.choices, blank=True)
    route_entry = models.ForeignKey(OutcomesMatrixEntry, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    route_override_reason = models.TextField(blank=True)
    outcome = models.CharField(max_length=30, choices=Outcome.choices, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    practice_acknowledged_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ConsultationRequestQuerySet.as_manager()

    class Meta:
        ordering = ["deadline", "id"]
        indexes = [
            # The work queue: open requests in deadline order. Partial, so it holds only the few
            # thousand open rows, and the database reads the first page straight off it, unsorted.
            models.Index(fields=["deadline", "id"], condition=Q(status__in=OPEN_STATUSES), name="open_requests_by_deadline"),
            models.Index(fields=["practice", "status", "deadline"], name="request_practice_status"),
            models.Index(fields=["assignee", "status"], name="request_assignee_status"),
            models.Index(fields=["closed_at"], name="request_closed_at"),
        ]
        # Constraints rather than unique=True: on PostgreSQL that would add a second, LIKE-only index
        # to each, which nothing here uses and every submission would pay to write.
        constraints = [
            models.UniqueConstraint(fields=["reference"], name="request_reference_unique"),
            models.UniqueConstraint(fields=["idempotency_key"], name="request_idempotency_key_unique"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.status != Status.CLOSED

    @property
    def closed_within_deadline(self) -> bool | None:
        if self.closed_at is None:
            return None
        return self.closed_at <= self.deadline


class StatusEvent(models.Model):
    """One change of status: who, when, from, to, why. Never changed once written."""

    request = models.ForeignKey(ConsultationRequest, on_delete=models.CASCADE, related_name="status_events")
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    actor_label = models.CharField(max_length=200)
    from_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Status.choices)
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["at", "id"]

    def save(self, *args, **kwargs):
        if self.pk:
            raise ValueError("Status events cannot be changed")
        super().save(*args, **kwargs)


class ContactChannel(models.TextChoices):
    PHONE = "phone", "Phone call"
    SMS = "sms", "Text message"
    EMAIL = "email", "Email"
    VIDEO = "video", "Video call"
    APPOINTMENT = "appointment", "Pre-arranged appointment"


class ContactResult(models.TextChoices):
    SPOKE = "spoke", "Spoke to the patient"
    NO_ANSWER = "no_answer", "No answer"
    VOICEMAIL = "voicemail", "Left a voicemail"
    SENT = "sent", "Message sent, no reply yet"
    REPLIED = "replied", "Patient replied"
    ATTENDED = "attended", "Attended"
    DID_NOT_ATTEND = "did_not_attend", "Did not attend"


class ContactAttempt(models.Model):
    request = models.ForeignKey(ConsultationRequest, on_delete=models.CASCADE, related_name="contact_attempts")
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    channel = models.CharField(max_length=20, choices=ContactChannel.choices)
    result = models.CharField(max_length=20, choices=ContactResult.choices)
    message = models.TextField(blank=True, help_text="What was said or sent")

    class Meta:
        ordering = ["at", "id"]


class Note(models.Model):
    request = models.ForeignKey(ConsultationRequest, on_delete=models.CASCADE, related_name="notes")
    at = models.DateTimeField(default=timezone.now)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField()

    class Meta:
        ordering = ["at", "id"]
