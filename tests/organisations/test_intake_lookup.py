"""The API's cached practice lookup: cheap when repeated, and never stale in the process that made a change."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from healthhub.core.audit import Actor
from healthhub.organisations import services
from healthhub.organisations.intake_lookup import practice_with_intake_status
from healthhub.organisations.models import Practice

pytestmark = pytest.mark.django_db


def _lookup_queries(ods_code: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        practice_with_intake_status(ods_code)
    return len(queries)


def _medical_paused(ods_code: str) -> bool | None:
    status = getattr(practice_with_intake_status(ods_code), "intake_status", None)
    return None if status is None else status.medical_paused


def test_a_repeated_lookup_does_not_query_the_database(world):
    assert _lookup_queries("G82106") == 1
    assert _lookup_queries("G82106") == 0
    assert practice_with_intake_status("G82106") == world.practice_a


def test_an_unknown_practice_is_none_and_is_looked_up_again_next_time(world):
    assert practice_with_intake_status("Y99999") is None
    assert _lookup_queries("Y99999") == 1


def test_pausing_and_resuming_show_at_once(world):
    actor = Actor.staff(world.hub_admin)
    assert _medical_paused("G82106") is None
    services.pause_medical_intake(world.practice_a, "Call after 2pm", actor)
    assert _medical_paused("G82106") is True
    services.resume_medical_intake(world.practice_a, actor)
    assert _medical_paused("G82106") is False


def test_a_practice_leaving_the_hub_shows_at_once(world):
    assert practice_with_intake_status("G82106").hub_id == world.hub.pk
    practice = Practice.objects.get(ods_code="G82106")
    practice.hub = None
    practice.save()
    assert practice_with_intake_status("G82106").hub_id is None
