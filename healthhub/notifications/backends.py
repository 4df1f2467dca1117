"""Where outbox messages go: GOV.UK Notify in production, a recording backend elsewhere."""

import uuid

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


class RecordingBackend:
    """Marks messages as sent without leaving the machine; the outbox row is the record."""

    def send(self, message) -> str:
        return f"recorded-{uuid.uuid4()}"


class NotifyBackend:
    """GOV.UK Notify with one free-text template per channel (`((body))`)."""

    def __init__(self):
        from notifications_python_client.notifications import NotificationsAPIClient

        if not settings.NOTIFY_API_KEY:
            raise ImproperlyConfigured("HEALTHHUB_NOTIFY_API_KEY is needed for the notify backend")
        self.client = NotificationsAPIClient(settings.NOTIFY_API_KEY, base_url=settings.NOTIFY_BASE_URL)

    def send(self, message) -> str:
        if message.channel == "sms":
            response = self.client.send_sms_notification(
                phone_number=message.recipient,
                template_id=settings.NOTIFY_SMS_TEMPLATE_ID,
                personalisation={"body": message.body},
                reference=message.reference,
            )
        else:
            response = self.client.send_email_notification(
                email_address=message.recipient,
                template_id=settings.NOTIFY_EMAIL_TEMPLATE_ID,
                personalisation={"body": message.body},
                reference=message.reference,
            )
        return response["id"]


def get_backend(name: str):
    backends = {"recording": RecordingBackend, "notify": NotifyBackend}
    if name not in backends:
        raise ImproperlyConfigured(f"HEALTHHUB_NOTIFY_BACKEND must be one of {sorted(backends)}, not {name!r}")
    return backends[name]()
