"""The outbox: messages are stored first, sent by a worker, retried with back-off, never lost.

The GOV.UK Notify adapter is checked against a local HTTP server speaking Notify's contract: the
request path, the JWT bearer token, the template and the personalisation, and no personal data in
the reference.
"""

import json
import threading
import uuid
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer

import jwt
import pytest
from django.core.management import call_command
from django.utils import timezone

from healthhub.notifications import services
from healthhub.notifications.models import OutboxMessage, OutboxStatus

SERVICE_ID = str(uuid.uuid4())
SECRET = str(uuid.uuid4())
SMS_TEMPLATE = str(uuid.uuid4())


class FakeNotify(BaseHTTPRequestHandler):
    """Answers like GOV.UK Notify's v2 API; records what it was sent. `fail` makes it return 500."""

    received: list = []
    fail = False

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        token = self.headers["Authorization"].removeprefix("Bearer ")
        claims = jwt.decode(token, SECRET, algorithms=["HS256"])
        FakeNotify.received.append({"path": self.path, "body": body, "iss": claims["iss"]})
        status, answer = (500, {"errors": [{"error": "Exception", "message": "down"}]}) if FakeNotify.fail else (
            201, {"id": "notify-123", "reference": body.get("reference")})
        payload = json.dumps(answer).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


@pytest.fixture
def notify_server(settings):
    FakeNotify.received, FakeNotify.fail = [], False
    server = HTTPServer(("127.0.0.1", 0), FakeNotify)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.NOTIFY_BACKEND = "notify"
    settings.NOTIFY_API_KEY = f"healthhub_test-{SERVICE_ID}-{SECRET}"
    settings.NOTIFY_SMS_TEMPLATE_ID = SMS_TEMPLATE
    settings.NOTIFY_BASE_URL = f"http://127.0.0.1:{server.server_port}"
    yield FakeNotify
    server.shutdown()


def test_the_worker_sends_due_messages_once(db):
    services.queue([services.sms("07700900123", "We have your request", "HH-ABC123")])
    call_command("send_notifications")
    message = OutboxMessage.objects.get()
    assert message.status == OutboxStatus.SENT and message.attempts == 1 and message.sent_at is not None
    assert services.send_due() == 0  # nothing is sent twice


def test_messages_not_yet_due_wait(db):
    [message] = services.queue([services.sms("07700900123", "Later", "HH-ABC123")])
    OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now() + timedelta(minutes=5))
    assert services.send_due() == 0
    assert OutboxMessage.objects.get().status == OutboxStatus.PENDING


def test_the_notify_adapter_speaks_notifys_contract(db, notify_server):
    services.queue([services.sms("07700900123", "We have your request HH-ABC123", "HH-ABC123")])
    assert services.send_due() == 1
    [call] = notify_server.received
    assert call["path"] == "/v2/notifications/sms"
    assert call["iss"] == SERVICE_ID
    assert call["body"] == {
        "phone_number": "07700900123", "template_id": SMS_TEMPLATE,
        "personalisation": {"body": "We have your request HH-ABC123"}, "reference": "HH-ABC123",
    }
    assert OutboxMessage.objects.get().provider_id == "notify-123"


def test_a_notify_outage_is_retried_with_back_off_and_nothing_is_lost(db, notify_server):
    notify_server.fail = True
    services.queue([services.sms("07700900123", "Hello", "HH-ABC123")])
    before = timezone.now()
    assert services.send_due() == 0
    message = OutboxMessage.objects.get()
    assert message.status == OutboxStatus.PENDING and message.attempts == 1
    assert message.next_attempt_at >= before + timedelta(minutes=2)
    assert "500" in message.last_error or "down" in message.last_error

    notify_server.fail = False
    OutboxMessage.objects.update(next_attempt_at=timezone.now())
    assert services.send_due() == 1
    assert OutboxMessage.objects.get().status == OutboxStatus.SENT


def test_a_message_failing_every_attempt_is_marked_failed(db, notify_server):
    notify_server.fail = True
    services.queue([services.sms("07700900123", "Hello", "HH-ABC123")])
    for _ in range(services.MAX_ATTEMPTS):
        OutboxMessage.objects.update(next_attempt_at=timezone.now())
        services.send_due()
    assert OutboxMessage.objects.get().status == OutboxStatus.FAILED


def test_the_confirmation_is_stored_with_the_request_under_a_reference_without_personal_data(world):
    from tests import factories

    request = factories.submit(world.practice_a)
    [message] = OutboxMessage.objects.all()
    assert message.reference == f"request-{request.pk}-confirmation"
    assert request.reference in message.body
