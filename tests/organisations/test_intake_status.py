"""Staff pause and resume a practice's medical intake; every change is audited."""

import pytest

from healthhub.core.audit import Actor
from healthhub.core.models import AuditEvent
from healthhub.organisations import services
from healthhub.organisations.access import practices_visible_to
from healthhub.organisations.models import IntakeStatus
from tests.intake.html_checks import assert_accessible_structure

MESSAGE = "We are at capacity today. Call the surgery after 2pm, or use 111 if it is urgent."


def _status(practice):
    return IntakeStatus.objects.filter(practice=practice).first()


def test_hub_staff_pause_and_resume_medical_intake_and_each_change_is_audited(world, signed_in):
    client = signed_in(world.hub_admin)
    response = client.post("/organisations/intake/G82106/", {"message": MESSAGE})
    assert response["Location"] == "/organisations/intake/"
    status = _status(world.practice_a)
    assert status.medical_paused and status.message == MESSAGE and status.updated_by == world.hub_admin
    pause = AuditEvent.objects.get(action="intake.pause")
    assert pause.actor == world.hub_admin
    assert (pause.object_type, pause.object_id) == ("Practice", str(world.practice_a.pk))
    assert pause.detail["message"] == MESSAGE

    response = client.post("/organisations/intake/G82106/resume/")
    assert response["Location"] == "/organisations/intake/"
    assert not _status(world.practice_a).medical_paused
    resume = AuditEvent.objects.get(action="intake.resume")
    assert resume.actor == world.hub_admin and resume.object_id == str(world.practice_a.pk)


def test_pausing_needs_a_message_for_patients(world, signed_in):
    client = signed_in(world.hub_admin)
    response = client.post("/organisations/intake/G82106/", {"message": "   "})
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in page and "Enter what patients should do instead" in page
    assert _status(world.practice_a) is None
    assert not AuditEvent.objects.filter(action="intake.pause").exists()
    assert_accessible_structure(response)


def test_practice_staff_pause_their_own_practice(world, signed_in):
    client = signed_in(world.practice_a_staff)
    client.post("/organisations/intake/G82106/", {"message": MESSAGE})
    assert _status(world.practice_a).medical_paused
    assert AuditEvent.objects.get(action="intake.pause").actor == world.practice_a_staff


def test_practice_b_staff_cannot_pause_or_resume_practice_a(world, signed_in):
    services.pause_medical_intake(world.practice_a, MESSAGE, _actor(world.hub_admin))
    client = signed_in(world.practice_b_staff)
    assert client.get("/organisations/intake/G82106/").status_code == 404
    assert client.post("/organisations/intake/G82106/", {"message": "Changed"}).status_code == 404
    assert client.post("/organisations/intake/G82106/resume/").status_code == 404
    status = _status(world.practice_a)
    assert status.medical_paused and status.message == MESSAGE
    assert AuditEvent.objects.filter(action__startswith="intake.").count() == 1


def test_the_list_shows_only_practices_the_user_may_change(world, signed_in):
    page = signed_in(world.practice_b_staff).get("/organisations/intake/").content.decode()
    assert "Court View Surgery" in page and "Riverside Medical Practice" not in page


def test_hub_staff_see_every_practice_their_hub_serves(world, signed_in):
    response = signed_in(world.nurse).get("/organisations/intake/")
    page = response.content.decode()
    assert "Court View Surgery" in page and "Riverside Medical Practice" in page
    assert "St James" not in page  # no hub: nothing to pause
    assert "Admin requests cannot be paused" in page and "1 October 2025" in page
    assert_accessible_structure(response)


def test_the_list_shows_which_practices_are_paused(world, signed_in):
    services.pause_medical_intake(world.practice_a, MESSAGE, _actor(world.hub_admin))
    page = signed_in(world.hub_admin).get("/organisations/intake/").content.decode()
    assert "Paused" in page and "Change or resume" in page


def test_the_practice_page_shows_the_message_patients_see(world, signed_in):
    services.pause_medical_intake(world.practice_a, MESSAGE, _actor(world.hub_admin))
    response = signed_in(world.practice_a_staff).get("/organisations/intake/G82106/")
    page = response.content.decode()
    assert MESSAGE in page and "Resume medical requests" in page
    assert_accessible_structure(response)


def test_analysts_cannot_change_intake(world, signed_in):
    client = signed_in(world.icb_analyst)
    assert client.get("/organisations/intake/").status_code == 403
    assert client.post("/organisations/intake/G82106/", {"message": MESSAGE}).status_code == 403
    assert _status(world.practice_a) is None


def test_signed_out_visitors_are_sent_to_sign_in(world, client):
    response = client.post("/organisations/intake/G82106/", {"message": MESSAGE})
    assert response["Location"].startswith("/accounts/sign-in/")
    assert _status(world.practice_a) is None


def test_a_practice_without_a_hub_has_no_online_intake_to_pause(world):
    with pytest.raises(services.PracticeNotServed):
        services.pause_medical_intake(world.unserved, MESSAGE, _actor(world.hub_admin))


def test_practices_visible_to_each_persona(world):
    assert set(practices_visible_to(world.gp)) == {world.practice_a, world.practice_b}
    assert list(practices_visible_to(world.practice_a_staff)) == [world.practice_a]
    assert world.unserved in practices_visible_to(world.icb_analyst)


def _actor(user):
    return Actor.staff(user)
