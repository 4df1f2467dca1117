"""The outbox: every message to a patient is stored first, then sent by a worker."""

from django.db import models
from django.utils import timezone


class OutboxStatus(models.TextChoices):
    PENDING = "pending", "Waiting to send"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"


class OutboxMessage(models.Model):
    channel = models.CharField(max_length=10, choices=[("sms", "Text message"), ("email", "Email")])
    recipient = models.CharField(max_length=254)
    body = models.TextField()
    # Goes to GOV.UK Notify as `reference`: never personal data, only our own identifiers.
    reference = models.CharField(max_length=100)
    status = models.CharField(max_length=10, choices=OutboxStatus.choices, default=OutboxStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    provider_id = models.CharField(max_length=100, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outbox_due")]  # serves status alone too
