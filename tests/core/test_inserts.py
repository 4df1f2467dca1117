"""core.inserts.insert stores exactly what Model.objects.create would."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.db.models.signals import post_save
from django.forms.models import model_to_dict

from healthhub.consultations.models import StatusEvent
from healthhub.core.inserts import insert
from healthhub.core.models import AuditEvent
from healthhub.organisations.models import Practice
from tests import factories

pytestmark = pytest.mark.django_db

FROZEN = datetime(2026, 3, 29, 0, 30, tzinfo=UTC)  # the night the clocks go forward


def _stored(model, pk) -> dict:
    return model_to_dict(model.objects.get(pk=pk), exclude=["id"])


def test_an_audit_event_is_stored_as_create_would_store_it(world):
    fields = {"actor": world.nurse, "actor_label": "Nurse", "action": "request.view", "object_type": "ConsultationRequest",
              "object_id": "42", "object_label": "ABCD-EFGH", "detail": {"tab": "timeline", "n": [1, None]},
              "ip_address": "2001:db8::1"}
    with time_machine.travel(FROZEN, tick=False):
        created = AuditEvent.objects.create(**fields)
        inserted = insert(AuditEvent(**fields))
    assert inserted.pk is not None and inserted.pk != created.pk
    assert inserted.at == FROZEN  # auto_now_add filled in
    assert _stored(AuditEvent, inserted.pk) == _stored(AuditEvent, created.pk)
    assert not inserted._state.adding


def test_a_status_event_keeps_its_request_and_time(world):
    request = factories.submit(world.practice_a)
    event = insert(StatusEvent(request=request, at=FROZEN, actor=None, actor_label="API client", to_status="submitted"))
    stored = StatusEvent.objects.get(pk=event.pk)
    assert (stored.request_id, stored.at, stored.to_status, stored.actor_id) == (request.pk, FROZEN, "submitted", None)


def test_a_stored_instance_is_not_inserted_again(world):
    event = insert(AuditEvent(actor_label="x", action="a", object_type="T", object_id="1"))
    with pytest.raises(ValueError, match="already stored"):
        insert(event)


def test_a_model_with_save_signal_receivers_is_refused(world):
    # Practice has receivers (the cached intake lookup listens): they would silently not run.
    with pytest.raises(TypeError, match="signal receivers"):
        insert(Practice(ods_code="Y00001", name="NEW PRACTICE", postcode="ME1 1AA"))


def test_a_receiver_connected_after_the_first_insert_is_still_refused(world):
    insert(AuditEvent(actor_label="x", action="a", object_type="T", object_id="1"))

    def receiver(**kwargs):
        pass

    post_save.connect(receiver, sender=AuditEvent)
    try:
        with pytest.raises(TypeError, match="signal receivers"):
            insert(AuditEvent(actor_label="x", action="a", object_type="T", object_id="2"))
    finally:
        post_save.disconnect(receiver, sender=AuditEvent)
