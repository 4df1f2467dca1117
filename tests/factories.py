"""Factories for the shared test world: a hub, its practices, staff of every role, requests."""

import itertools
from datetime import date

from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from healthhub.accounts.models import Role, User
from healthhub.consultations import services
from healthhub.consultations.services import PatientDetails, Submission
from healthhub.core.audit import Actor
from healthhub.organisations.models import Hub, Practice, PrimaryCareNetwork

_seq = itertools.count(1)


def make_hub(ods_code: str = "MSHUB1", name: str = "Medway and Swale Health Hub") -> Hub:
    return Hub.objects.get_or_create(ods_code=ods_code, defaults={"name": name})[0]


def make_pcn(code: str = "U27664", name: str = "STROOD PCN") -> PrimaryCareNetwork:
    return PrimaryCareNetwork.objects.get_or_create(code=code, defaults={"name": name})[0]


def make_practice(ods_code: str, name: str, hub: Hub | None = None, pcn: PrimaryCareNetwork | None = None) -> Practice:
    return Practice.objects.get_or_create(
        ods_code=ods_code,
        defaults={"name": name, "postcode": "ME2 1NP", "hub": hub, "pcn": pcn, "registered_patients": 7000},
    )[0]


def make_user(username: str, role: str, hub: Hub | None = None, practice: Practice | None = None) -> User:
    user = User.objects.create_user(
        username=username, password="correct-horse-battery", role=role, hub=hub, practice=practice,
        first_name=username.split("_")[0].title(), last_name="Tester",
    )
    TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    return user


def sign_in(client, user: User) -> None:
    """Sign in with both factors done, as the login and 2FA pages would leave the session."""
    client.force_login(user)
    session = client.session
    session["otp_device_id"] = TOTPDevice.objects.get(user=user, confirmed=True).persistent_id
    session.save()


def patient_details(**overrides) -> PatientDetails:
    values = {
        "given_name": "Alex", "family_name": "Smith", "date_of_birth": date(1980, 5, 17),
        "postcode": "ME2 1NP", "nhs_number": "9434765919", "mobile": "07700900123", "email": "alex@example.com",
    }
    values.update(overrides)
    return PatientDetails(**values)


def submit(practice: Practice, *, received_at=None, request_type="medical", category="clinical", **overrides):
    answers = overrides.pop("answers", {"topic": "new-problem", "description": "Cough for a week", "duration": "days"})
    submission = Submission(
        practice=practice, patient=overrides.pop("patient", patient_details()), request_type=request_type,
        category=category, summary=overrides.pop("summary", "A new symptom: cough for a week"), answers=answers,
        idempotency_key=overrides.pop("idempotency_key", f"test-{next(_seq)}"), contact_by_sms=True, **overrides,
    )
    request, _ = services.submit_request(submission, Actor(label="Patient (online form)"), received_at or timezone.now())
    return request


PERSONA_ROLES = {
    "hub_admin": Role.HUB_ADMINISTRATOR,
    "nurse": Role.TRIAGE_NURSE,
    "gp": Role.GP,
    "clinical_director": Role.CLINICAL_DIRECTOR,
    "practice_a_staff": Role.PRACTICE_STAFF,
    "practice_b_staff": Role.PRACTICE_STAFF,
    "icb_analyst": Role.ICB_ANALYST,
}
