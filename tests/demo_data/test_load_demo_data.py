"""load_demo_data: the phase-1 hub, its staff, and synthetic requests that read like the hub's real work."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core.management import CommandError
from django.test import override_settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from healthhub.accounts.models import User
from healthhub.clinical.contact_rules import unable_to_contact_allowed
from healthhub.clinical.deadlines import is_core_hours
from healthhub.consultations import questionnaires, services
from healthhub.consultations.models import ConsultationRequest, Outcome, Status
from healthhub.consultations.workflow import check_transition
from healthhub.core.demo.content import OUTCOME_SHARES, outcome_counts
from healthhub.core.demo.staff import DEMO_PASSWORD, DEMO_STAFF
from healthhub.notifications.models import OutboxMessage
from healthhub.organisations.models import Hub, Practice
from healthhub.patients.nhs_number import is_valid
from tests import factories

from .conftest import NOW, run_demo

PHASE_ONE = ("MEDWAY PENINSULA PCN", "STROOD PCN")


def demo_requests():
    return ConsultationRequest.objects.filter(idempotency_key__startswith="demo-")


def test_one_week_creates_the_phase_one_hub_its_staff_and_a_week_of_requests(reference_data):
    output = run_demo("--weeks", "1")

    hub = Hub.objects.get(ods_code=settings.HEALTHHUB_HUB_ODS_CODE)
    assert hub.name == settings.HEALTHHUB_HUB_NAME
    phase_one = set(Practice.objects.filter(pcn__name__in=PHASE_ONE).values_list("ods_code", flat=True))
    assert len(phase_one) == 8
    assert set(hub.practices.values_list("ods_code", flat=True)) == phase_one
    for person in DEMO_STAFF:
        user = User.objects.get(username=person.username)
        assert user.role == person.role and user.check_password(DEMO_PASSWORD)
        assert TOTPDevice.objects.filter(user=user, confirmed=True).count() == 1
        assert person.username in output
    assert {u.username for u in User.objects.filter(hub=hub)} == {"admin.amira", "nurse.nina", "nurse.tom", "gp.grace", "director.david"}
    practice_staff = User.objects.get(username="practice.strood")
    assert practice_staff.is_practice_staff and practice_staff.practice.pcn.name == "STROOD PCN"
    assert User.objects.get(username="analyst.ian").is_icb_analyst

    requests = list(demo_requests())
    assert len(requests) == 330  # the seed's 3,955 in 12 weeks, for one week
    assert all(NOW - timedelta(days=7) < request.received_at <= NOW for request in requests)
    assert all(request.practice.ods_code in phase_one for request in requests)
    assert all(request.deadline == services.deadline_for(request.received_at) for request in requests)
    assert DEMO_PASSWORD in output and "python manage.py demo_code USERNAME" in output


def test_every_request_is_as_the_services_would_have_left_it(reference_data):
    run_demo("--weeks", "1")

    requests = demo_requests().prefetch_related("status_events", "contact_attempts").select_related("patient")
    for request in requests:
        events = list(request.status_events.all())
        assert events[0].to_status == Status.SUBMITTED and events[0].at == request.received_at
        for before, after in zip(events, events[1:], strict=False):
            check_transition(before.to_status, after.to_status)
            assert after.from_status == before.to_status and before.at <= after.at
        assert events[-1].to_status == request.status and events[-1].at <= NOW
        attempts = [(attempt.channel, attempt.result) for attempt in request.contact_attempts.all()]
        if request.status == Status.CLOSED:
            assert request.closed_at == events[-1].at and request.outcome
        else:
            assert not request.outcome and (request.assignee_id is None) == (request.status == Status.SUBMITTED)
        if request.outcome == Outcome.UNABLE_TO_CONTACT:
            assert unable_to_contact_allowed(attempts)
        questionnaire = questionnaires.QUESTIONNAIRES[request.request_type]
        assert questionnaires.validate_answers(questionnaire, request.answers) == {}
        assert request.category == questionnaire.category_for(request.answers)
        patient = request.patient
        assert patient.nhs_number == "" or (patient.nhs_number.startswith("999") and is_valid(patient.nhs_number))
        assert patient.mobile == "" or patient.mobile.startswith("07700900")
        assert patient.email == "" or patient.email.endswith("@example.com")
    assert OutboxMessage.objects.count() == 0  # nothing is ever sent to an invented patient


def test_twelve_weeks_close_with_the_seed_outcome_shares_and_leave_a_lively_queue(reference_data):
    output = run_demo()

    requests = list(demo_requests())
    closed = [request for request in requests if request.status == Status.CLOSED]
    assert len(requests) == 3955
    total_share = sum(OUTCOME_SHARES.values())
    for outcome, share in OUTCOME_SHARES.items():
        actual = 100 * sum(1 for request in closed if request.outcome == outcome) / len(closed)
        assert abs(actual - 100 * share / total_share) < 0.1, outcome
    on_time = sum(1 for request in closed if request.closed_within_deadline) / len(closed)
    assert 0.85 < on_time < 0.97  # closed mostly within one working day, a realistic minority late
    out_of_hours = sum(1 for request in requests if not is_core_hours(request.received_at)) / len(requests)
    assert 0.1 < out_of_hours < 0.35

    queue = ConsultationRequest.objects.open()
    assert queue.overdue(now=NOW).exists()
    assert queue.due_soon(now=NOW).exists()
    assert queue.filter(status=Status.SUBMITTED).exists() and queue.filter(assignee__isnull=False).exists()
    assert set(demo_requests().values_list("practice__hub__ods_code", flat=True)) == {settings.HEALTHHUB_HUB_ODS_CODE}
    assert "Discharged 53.0%" in output


def test_running_again_replaces_the_demo_requests_and_keeps_real_ones(reference_data):
    run_demo("--weeks", "1")
    first_references = sorted(demo_requests().values_list("reference", flat=True))
    keys = {device.user.username: device.key for device in TOTPDevice.objects.select_related("user")}
    hub_practice = Practice.objects.filter(hub__isnull=False).first()
    real = factories.submit(hub_practice, received_at=NOW - timedelta(hours=1))

    run_demo("--weeks", "1")

    assert sorted(demo_requests().values_list("reference", flat=True)) == first_references  # same seed, same day
    assert ConsultationRequest.objects.filter(pk=real.pk).exists()
    assert ConsultationRequest.objects.count() == len(first_references) + 1
    assert User.objects.filter(username__in=[person.username for person in DEMO_STAFF]).count() == len(DEMO_STAFF)
    # Devices keep their keys, so an authenticator app enrolled with a demo account still works.
    assert {device.user.username: device.key for device in TOTPDevice.objects.select_related("user")} == keys


def test_another_seed_gives_other_requests(reference_data):
    run_demo("--weeks", "1", "--seed", "1")
    first = set(demo_requests().values_list("reference", flat=True))
    run_demo("--weeks", "1", "--seed", "2")
    assert set(demo_requests().values_list("reference", flat=True)).isdisjoint(first)


def test_without_reference_data_it_says_to_load_it_first(db):
    with override_settings(DEBUG=True), pytest.raises(CommandError, match="load_reference_data"):
        run_demo("--weeks", "1")


def test_it_refuses_to_create_accounts_with_a_published_password_unless_debug_is_on(reference_data):
    with override_settings(DEBUG=False), pytest.raises(CommandError, match="HEALTHHUB_DEBUG"):
        run_demo("--weeks", "1")
    assert not User.objects.exists()


def test_outcome_counts_split_exactly_into_the_seed_shares():
    counts = outcome_counts(3955)
    assert sum(counts.values()) == 3955
    assert counts[Outcome.DISCHARGED] == 2096 and counts[Outcome.BACK_TO_PRACTICE] == 1305
    assert counts[Outcome.HOME_VISIT] == 12 and counts[Outcome.COMMUNITY_PHARMACY] == 28

