"""Queue messages to patients; a worker sends them (see `manage.py send_notifications`)."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from healthhub.core.inserts import insert

from .backends import get_backend
from .models import OutboxMessage, OutboxStatus

MAX_ATTEMPTS = 8


def sms(recipient: str, body: str, reference: str) -> OutboxMessage:
    return OutboxMessage(channel="sms", recipient=recipient, body=body, reference=reference)


def email(recipient: str, body: str, reference: str) -> OutboxMessage:
    return OutboxMessage(channel="email", recipient=recipient, body=body, reference=reference)


def queue(messages: list[OutboxMessage]) -> list[OutboxMessage]:
    """Store messages to send, inside the caller's transaction (so never half-stored).

    A row at a time through core.inserts: for the one or two messages a request sends, cheaper than
    bulk_create's own preparation (docs/adr/0008).
    """
    return [insert(message) for message in messages]


def send_due(limit: int = 100) -> int:
    """Send what is due, one message per transaction so a crash loses nothing and sends nothing twice."""
    backend = get_backend(settings.NOTIFY_BACKEND)
    sent = 0
    for message_id in list(
        OutboxMessage.objects.filter(status=OutboxStatus.PENDING, next_attempt_at__lte=timezone.now())
        .values_list("id", flat=True)[:limit]
    ):
        with transaction.atomic():
            # SKIP LOCKED lets several workers share the outbox on PostgreSQL without waiting on each other.
            message = OutboxMessage.objects.select_for_update(skip_locked=True).filter(id=message_id, status=OutboxStatus.PENDING).first()
            if message is None:
                continue  # another worker took it
            message.attempts += 1
            try:
                message.provider_id = backend.send(message)
            except Exception as exc:  # noqa: BLE001 - any provider failure is retried with back-off
                message.last_error = str(exc)[:1000]
                if message.attempts >= MAX_ATTEMPTS:
                    message.status = OutboxStatus.FAILED
                else:
                    message.next_attempt_at = timezone.now() + timedelta(minutes=2**message.attempts)
            else:
                message.status = OutboxStatus.SENT
                message.sent_at = timezone.now()
                sent += 1
            message.save()
    return sent
