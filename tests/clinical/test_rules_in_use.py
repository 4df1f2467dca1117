"""The clinical rules are the ones the product uses: a request's stored deadline is the deadline
rule's answer, and 'unable to contact' is refused where outcomes are recorded."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.test import override_settings

from healthhub.clinical.deadlines import LONDON, DeadlineRule, response_deadline
from healthhub.consultations import services
from healthhub.consultations.models import Outcome, Status
from healthhub.core.audit import Actor
from tests import factories


@pytest.mark.parametrize(
    "received_at",
    [
        datetime(2025, 12, 24, 12, 0, tzinfo=LONDON),
        datetime(2026, 3, 27, 18, 45, tzinfo=UTC),  # Friday evening before the clocks go forward
        datetime(2026, 4, 2, 18, 30, tzinfo=LONDON),  # Thursday evening before Good Friday
    ],
)
def test_a_submitted_request_stores_the_rules_deadline(world, received_at):
    request = factories.submit(world.practice_a, received_at=received_at)
    request.refresh_from_db()
    assert request.deadline == response_deadline(received_at)


def test_a_request_submitted_now_gets_the_deadline_for_now(world):
    with time_machine.travel(datetime(2026, 12, 24, 17, 0, tzinfo=LONDON), tick=False):
        request = factories.submit(world.practice_a)
    request.refresh_from_db()
    assert request.deadline == datetime(2026, 12, 29, 18, 30, tzinfo=LONDON)


@override_settings(HEALTHHUB_RESPONSE_WORKING_DAYS=2)
def test_the_local_working_days_setting_is_used(world):
    received_at = datetime(2026, 3, 2, 10, 0, tzinfo=LONDON)
    request = factories.submit(world.practice_a, received_at=received_at)
    assert request.deadline == response_deadline(received_at, DeadlineRule(working_days=2))
    assert request.deadline == datetime(2026, 3, 4, 18, 30, tzinfo=LONDON)


@pytest.fixture
def started(world):
    """A request a triage nurse has taken and started."""
    request = factories.submit(world.practice_a)
    actor = Actor.staff(world.nurse)
    services.claim(request, world.nurse, actor)
    return services.start(request, world.nurse, actor)


def _attempt(request, world, channel, result):
    services.record_contact_attempt(request, channel=channel, result=result, message="", user=world.nurse, actor=Actor.staff(world.nurse))


def test_unable_to_contact_is_refused_before_the_rule_is_met_and_nothing_closes(world, started):
    _attempt(started, world, "phone", "no_answer")
    _attempt(started, world, "phone", "voicemail")
    _attempt(started, world, "phone", "no_answer")  # three calls, but no text message
    with pytest.raises(services.UnableToContactNotAllowed, match="at least one by text message"):
        services.record_outcome(started, Outcome.UNABLE_TO_CONTACT, Actor.staff(world.nurse))
    started.refresh_from_db()
    assert started.status == Status.IN_PROGRESS and started.outcome == "" and started.closed_at is None
    assert Status.CLOSED not in started.status_events.values_list("to_status", flat=True)


def test_unable_to_contact_is_recorded_once_a_text_makes_three_unanswered_attempts(world, started):
    _attempt(started, world, "phone", "no_answer")
    _attempt(started, world, "phone", "voicemail")
    _attempt(started, world, "sms", "sent")
    closed = services.record_outcome(started, Outcome.UNABLE_TO_CONTACT, Actor.staff(world.nurse))
    assert closed.status == Status.CLOSED and closed.outcome == Outcome.UNABLE_TO_CONTACT


def test_a_did_not_attend_allows_unable_to_contact(world, started):
    _attempt(started, world, "appointment", "did_not_attend")
    closed = services.record_outcome(started, Outcome.UNABLE_TO_CONTACT, Actor.staff(world.nurse))
    assert closed.outcome == Outcome.UNABLE_TO_CONTACT


def test_other_outcomes_need_no_contact_attempts(world, started):
    closed = services.record_outcome(started, Outcome.DISCHARGED, Actor.staff(world.nurse))
    assert closed.outcome == Outcome.DISCHARGED
