"""Admin requests: no emergency screen, their own questions, the admin category."""

from healthhub.consultations.models import ConsultationRequest
from tests.intake.journey import ADMIN_ANSWERS, Patient


def test_an_admin_request_skips_the_emergency_screen_and_is_stored(world, client):
    patient = Patient(client, world.practice_b.ods_code)
    response = patient.choose("admin")
    assert response["Location"] == patient.url("question/topic/")
    assert client.get(patient.url("emergency-check/"))["Location"] == patient.url("question/topic/")
    page = client.get(patient.url("question/topic/")).content.decode()
    assert "What do you need?" in page and "A fit note (sick note)" in page
    patient.answer_questions(ADMIN_ANSWERS)
    patient.give_details()
    response = patient.submit()
    assert response["Location"] == patient.url("request-sent/")

    request = ConsultationRequest.objects.get()
    assert request.practice == world.practice_b
    assert request.request_type == "admin"
    assert request.category == "administration"
    assert request.answers == ADMIN_ANSWERS
    assert request.summary == "A fit note (sick note): Fit note for 3 to 14 March, back pain"
    assert request.reference in client.get(response["Location"]).content.decode()


def test_the_admin_topic_sets_the_outcomes_matrix_category(world, client):
    patient = Patient(client, world.practice_a.ods_code)
    patient.choose("admin")
    patient.answer_questions({"topic": "repeat-prescription", "description": "My inhaler was not on the prescription"})
    patient.give_details()
    patient.submit()
    assert ConsultationRequest.objects.get().category == "medication"


def test_changing_the_request_type_starts_a_new_draft(world, client):
    patient = Patient(client, world.practice_a.ods_code)
    patient.choose("admin")
    first_key = patient.idempotency_key()
    patient.answer_questions({"topic": "letter"})
    patient.choose("admin")  # the same choice again keeps the answers
    assert client.session["intake_draft"]["answers"] == {"topic": "letter"}
    patient.choose("medical")
    assert client.session["intake_draft"]["answers"] == {}
    assert patient.idempotency_key() != first_key
