"""The audit trail: who did or saw what, when. Never changed, never written without an actor,
searchable by the clinical director only."""

from datetime import timedelta

import pytest
import time_machine
from django.db import transaction

from healthhub.consultations import services
from healthhub.consultations.models import ConsultationRequest, Note
from healthhub.core import audit
from healthhub.core.audit import Actor, AuditActorRequired
from healthhub.core.models import AuditEvent
from tests import factories


@pytest.fixture
def request_a(world):
    return factories.submit(world.practice_a)


class TestWriting:
    def test_a_record_says_who_did_what_to_which_record_and_from_where(self, world, request_a):
        event = audit.record(Actor.staff(world.gp, "192.0.2.4"), "request.view", request_a, section="answers")
        event.refresh_from_db()
        assert event.actor == world.gp and event.actor_label == "Gp Tester (gp_gary)"
        assert (event.action, event.object_type, event.object_id) == ("request.view", "ConsultationRequest", str(request_a.pk))
        assert event.object_label == request_a.reference
        assert event.detail == {"section": "answers"} and event.ip_address == "192.0.2.4"
        assert event.at is not None

    @pytest.mark.parametrize("actor", [None, Actor(label="")])
    def test_an_audited_write_without_an_actor_is_refused(self, world, request_a, actor):
        before = AuditEvent.objects.count()
        with pytest.raises(AuditActorRequired):
            audit.record(actor, "request.view", request_a)
        assert AuditEvent.objects.count() == before

    def test_a_service_called_without_an_actor_changes_nothing(self, world, request_a):
        with pytest.raises(AuditActorRequired):
            services.add_note(request_a, "Called the patient", world.gp, None)
        assert not Note.objects.exists()

    def test_a_submission_without_an_actor_stores_nothing(self, world):
        submission = services.Submission(
            practice=world.practice_a, patient=factories.patient_details(), request_type="admin", category="administration",
            summary="Fit note", answers={}, idempotency_key="no-actor-1",
        )
        for no_one in (Actor(label=""), None):
            with pytest.raises(AuditActorRequired):
                services.submit_request(submission, no_one)
        assert not ConsultationRequest.objects.filter(idempotency_key="no-actor-1").exists()

    def test_a_patient_or_api_client_is_named_without_a_user(self, world, request_a):
        event = audit.record(Actor(label="API client: NHS App"), "request.view", request_a)
        assert event.actor is None and event.actor_label == "API client: NHS App"

    def test_submitting_a_request_is_audited(self, world, request_a):
        assert AuditEvent.objects.filter(action="request.submit", object_id=str(request_a.pk)).exists()


class TestImmutability:
    @pytest.fixture
    def event(self, world, request_a):
        return audit.record(Actor.staff(world.gp), "request.view", request_a)

    def test_an_event_cannot_be_changed(self, event):
        event.action = "request.nothing"
        with pytest.raises(ValueError, match="cannot be changed"):
            event.save()
        event.refresh_from_db()
        assert event.action == "request.view"

    def test_an_event_cannot_be_deleted(self, event):
        with pytest.raises(ValueError, match="cannot be deleted"):
            event.delete()
        assert AuditEvent.objects.filter(pk=event.pk).exists()

    def test_events_cannot_be_changed_in_bulk(self, event):
        with pytest.raises(ValueError, match="cannot be changed"):
            AuditEvent.objects.filter(pk=event.pk).update(action="request.nothing")
        with pytest.raises(ValueError, match="cannot be changed"), transaction.atomic():
            AuditEvent.objects.bulk_update([event], ["action"])
        event.refresh_from_db()
        assert event.action == "request.view"

    def test_events_cannot_be_deleted_in_bulk(self, event):
        with pytest.raises(ValueError, match="cannot be deleted"):
            AuditEvent.objects.all().delete()
        assert AuditEvent.objects.filter(pk=event.pk).exists()

    def test_a_staff_member_with_audit_records_cannot_be_deleted(self, world, event):
        from django.db.models import ProtectedError

        with pytest.raises(ProtectedError):
            world.gp.delete()


class TestSearch:
    @pytest.fixture
    def trail(self, world):
        """Events on three days by different people about different requests."""
        with time_machine.travel("2026-03-02 10:00 +00:00", tick=False) as clock:
            first = factories.submit(world.practice_a)
            audit.record(Actor.staff(world.gp), "request.view", first)
            clock.shift(timedelta(days=1))
            second = factories.submit(world.practice_b)
            audit.record(Actor.staff(world.nurse), "request.view", second)
            clock.shift(timedelta(days=1))
            audit.record(Actor.staff(world.practice_a_staff), "request.view", first)
        return first, second

    def _rows(self, client, **params):
        response = client.get("/audit/", params)
        assert response.status_code == 200
        return response.content.decode()

    def test_the_clinical_director_sees_the_whole_trail(self, world, signed_in, trail):
        page = self._rows(signed_in(world.clinical_director))
        assert "gp_gary" in page and "nurse_nina" in page and "pa_staff" in page

    def test_search_by_staff_member(self, world, signed_in, trail):
        page = self._rows(signed_in(world.clinical_director), actor="nurse_nina")
        assert "nurse_nina" in page and "gp_gary" not in page and "pa_staff" not in page

    def test_search_by_a_patients_request_reference(self, world, signed_in, trail):
        first, second = trail
        page = self._rows(signed_in(world.clinical_director), object_ref=first.reference)
        assert first.reference in page and second.reference not in page
        assert "gp_gary" in page and "pa_staff" in page and "nurse_nina" not in page

    def test_search_by_date(self, world, signed_in, trail):
        page = self._rows(signed_in(world.clinical_director), since="2026-03-03", until="2026-03-03")
        assert "nurse_nina" in page and "gp_gary" not in page and "pa_staff" not in page

    def test_search_by_action(self, world, signed_in, trail):
        page = self._rows(signed_in(world.clinical_director), action="request.submit")
        assert "Patient (online form)" in page and "gp_gary" not in page

    def test_a_bad_date_gets_a_clear_message(self, world, signed_in, trail):
        page = self._rows(signed_in(world.clinical_director), since="2 March")
        assert "Enter the start date as YYYY-MM-DD" in page

    def test_the_queryset_search_combines_filters(self, world, trail):
        first, _ = trail
        found = AuditEvent.objects.search(actor="gary", object_ref=first.reference)
        assert [event.actor for event in found] == [world.gp]

    @pytest.mark.parametrize("persona", ["hub_admin", "nurse", "gp", "practice_a_staff", "practice_b_staff", "icb_analyst"])
    def test_nobody_else_may_search_it(self, world, signed_in, trail, persona):
        assert signed_in(world.users[persona]).get("/audit/").status_code == 403

    def test_anonymous_visitors_are_sent_to_sign_in(self, world, client):
        assert client.get("/audit/")["Location"].startswith("/accounts/sign-in/")
