"""A repeated submit (double click, back and submit again) shows the same confirmation: one request."""

from healthhub.consultations.models import ConsultationRequest
from tests.intake.journey import Patient


def test_submitting_twice_makes_one_request_and_shows_the_same_confirmation(world, client):
    patient = Patient(client, world.practice_a.ods_code)
    patient.medical_up_to_check_answers()
    key = patient.idempotency_key()

    first = patient.submit(key)
    first_page = client.get(first["Location"]).content.decode()
    second = patient.submit(key)  # the draft is gone; the key still finds the request
    second_page = client.get(second["Location"]).content.decode()

    request = ConsultationRequest.objects.get()
    assert second["Location"] == first["Location"] == patient.url("request-sent/")
    assert request.reference in first_page and request.reference in second_page
    assert request.idempotency_key == key


def test_a_resubmit_from_another_tab_before_the_draft_is_cleared_makes_one_request(world, client):
    patient = Patient(client, world.practice_a.ods_code)
    patient.admin_up_to_check_answers()
    key = patient.idempotency_key()
    draft = client.session["intake_draft"]

    patient.submit(key)
    session = client.session
    session["intake_draft"] = draft  # as if the second request read the session before the first cleared it
    session.save()
    patient.submit(key)

    assert ConsultationRequest.objects.count() == 1
    assert "intake_draft" not in client.session


def test_the_idempotency_key_is_made_when_the_draft_starts_and_carried_by_the_form(world, client):
    patient = Patient(client, world.practice_a.ods_code)
    patient.admin_up_to_check_answers()
    key = patient.idempotency_key()
    assert key.startswith("web-") and len(key) > 40
    page = client.get(patient.url("check-answers/")).content.decode()
    assert f'name="idempotency_key" value="{key}"' in page


def test_a_stale_check_answers_page_does_not_submit_a_newer_draft(world, client):
    patient = Patient(client, world.practice_a.ods_code)
    patient.admin_up_to_check_answers()
    response = patient.submit("web-a-key-from-an-older-draft")
    assert response["Location"] == patient.url("check-answers/")
    assert not ConsultationRequest.objects.exists()


def test_the_confirmation_page_needs_a_request_sent_in_this_session(world, client):
    patient = Patient(client, world.practice_a.ods_code)
    assert client.get(patient.url("request-sent/"))["Location"] == patient.url()
