"""Fill the benchmark database with a hub's two years of requests, fast, through PostgreSQL COPY.

What is stored (and what is not):
- the hub, its 8 phase-1 practices (Strood and Medway Peninsula PCNs), hub clinicians with
  confirmed TOTP devices;
- `patients` patients (default 100,000), spread over the practices by list size;
- `total` requests (default 500,000) over the last ~2 years, `open_count` of them open (received in
  the last 3 days, a mix of submitted / assigned / in progress), the rest closed with an outcome;
  deadlines from the product's own rule;
- an abridged history: a "submitted" status event for every request and a "closed" event for every
  closed one (the intermediate assigned / in-progress events, notes, contact attempts and audit
  rows are not generated; the work queue reads none of them).
"""

import random
import time
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from healthhub.accounts.models import Role, User
from healthhub.clinical.deadlines import LONDON
from healthhub.consultations.models import Category, ConsultationRequest, Outcome, Route, Status, StatusEvent
from healthhub.consultations.services import deadline_for
from healthhub.organisations.models import Hub, Practice, PrimaryCareNetwork
from healthhub.patients.models import Patient
from healthhub.patients.nhs_number import check_digit

from .bulk import copy_lines, copy_text, indexes_set_aside, reset_sequence

# The hub's phase-1 practices (NHS England open data, as in HEALTHHUB_DATA_DIR/practices.csv).
PCNS = {"U27664": "STROOD PCN", "U56757": "MEDWAY PENINSULA PCN"}
PRACTICES = [
    ("G82051", "CITY WAY SURGERY", "U27664", 12875, "ME1 2AY"),
    ("G82106", "RIVERSIDE MEDICAL PRACTICE", "U27664", 7244, "ME2 1NP"),
    ("G82203", "COURT VIEW SURGERY", "U27664", 10717, "ME2 2HA"),
    ("G82679", "APEX MEDICAL CENTRE", "U27664", 7132, "ME2 4UW"),
    ("G82711", "BORSTAL VILLAGE SURGERY", "U27664", 4336, "ME1 3JY"),
    ("G82077", "THE ELMS MEDICAL CENTRE", "U56757", 12474, "ME3 9AE"),
    ("G82095", "THORNDIKE PARTNERSHIP", "U56757", 12433, "ME1 2TH"),
    ("G82100", "HIGHPARKS MEDICAL PRACTICE", "U56757", 15175, "ME3 8HX"),
]
NURSE_COUNT = 8
GP_COUNT = 4

GIVEN_NAMES = ["Alex", "Sam", "Jo", "Priya", "Mohammed", "Olivia", "George", "Amelia", "Noah", "Isla", "Leo", "Ava",
               "Oliver", "Freya", "Arthur", "Grace", "Harry", "Sophia", "Jack", "Mia", "Aisha", "Tomasz", "Chloe", "Ewan"]
FAMILY_NAMES = ["Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Patel", "Robinson",
                "Wright", "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall", "Khan", "Clarke",
                "Nowak", "Lewis", "Hughes", "Edwards"]
TOPICS = [  # (request type, topic code, category, summary, weight)
    ("medical", "new-problem", Category.CLINICAL, "A new symptom or health problem: cough and temperature for four days", 40),
    ("medical", "ongoing-condition", Category.CLINICAL, "An ongoing condition: asthma worse at night", 15),
    ("medical", "medication", Category.MEDICATION, "Medicine: side effects from a new tablet", 8),
    ("medical", "tests", Category.TEST, "Tests or test results: blood test results", 7),
    ("medical", "referral", Category.REFERRAL, "A referral to a specialist or service: physiotherapy", 4),
    ("medical", "pregnancy", Category.PREGNANCY, "Pregnancy: first booking", 1),
    ("admin", "fit-note", Category.ADMINISTRATION, "A fit note (sick note): two weeks after surgery", 12),
    ("admin", "repeat-prescription", Category.MEDICATION, "A question about a repeat prescription", 8),
    ("admin", "letter", Category.ADMINISTRATION, "A letter or form from the surgery", 5),
]
OUTCOME_WEIGHTS = [  # roughly the shape of the hub's report
    (Outcome.DISCHARGED, 38), (Outcome.BACK_TO_PRACTICE, 14), (Outcome.FACE_TO_FACE, 20), (Outcome.COMMUNITY_PHARMACY, 8),
    (Outcome.COMMUNITY_SERVICES, 5), (Outcome.UNABLE_TO_CONTACT, 6), (Outcome.URGENT_CARE, 3),
    (Outcome.SECONDARY_CARE, 4), (Outcome.HOME_VISIT, 2),
]
ROUTE_WEIGHTS = [(Route.HUB, 70), (Route.HOME_PRACTICE, 18), (Route.MDT, 9), (Route.EXCEPTION, 3)]
_REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
_SEED_NHS_BASE = 400_000_000  # first nine digits of seeded patients' NHS numbers; the load generator uses another range


@dataclass
class SeedSummary:
    hub_ods_code: str
    practice_ods_codes: list[str]
    nurse_usernames: list[str]
    patients: int
    requests: int
    open_requests: int
    status_events: int
    seconds: float


def nhs_number(first_nine: int) -> str | None:
    digits = f"{first_nine:09d}"
    check = check_digit(digits)
    return None if check is None else digits + str(check)


_PAIRS = [a + b for a in _REFERENCE_ALPHABET for b in _REFERENCE_ALPHABET]  # 1,024 two-character groups


def scrambled_reference(row_id: int) -> str:
    """A unique reference per id (an odd multiplier is a bijection modulo 32**8) that looks random."""
    n = (row_id * 0x9E3779B1) & 0xFFFFFFFFFF
    return _PAIRS[n & 1023] + _PAIRS[(n >> 10) & 1023] + "-" + _PAIRS[(n >> 20) & 1023] + _PAIRS[n >> 30]


def _weighted(rng, pairs, k):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights, k=k)


def create_organisations_and_staff(now) -> tuple[Hub, list[Practice], list[User], list[User]]:
    hub = Hub.objects.create(ods_code=settings.HEALTHHUB_HUB_ODS_CODE, name=settings.HEALTHHUB_HUB_NAME)
    pcns = {code: PrimaryCareNetwork.objects.create(code=code, name=name) for code, name in PCNS.items()}
    practices = [
        Practice.objects.create(ods_code=ods, name=name, pcn=pcns[pcn], registered_patients=size, postcode=postcode, hub=hub)
        for ods, name, pcn, size, postcode in PRACTICES
    ]
    nurses = [_staff(f"bench_nurse_{i}", Role.TRIAGE_NURSE, hub) for i in range(1, NURSE_COUNT + 1)]
    gps = [_staff(f"bench_gp_{i}", Role.GP, hub) for i in range(1, GP_COUNT + 1)]
    return hub, practices, nurses, gps


def _staff(username: str, role: str, hub: Hub) -> User:
    user = User(username=username, role=role, hub=hub, first_name=username.split("_")[1].title(), last_name=username[-1])
    user.set_unusable_password()  # signed in through a prepared session, never a password
    user.save()
    TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    return user


def seed(total: int = 500_000, open_count: int = 5_000, patients: int = 100_000, seed_value: int = 2025, log=print) -> SeedSummary:
    started = time.monotonic()
    rng = random.Random(seed_value)
    now = timezone.now().replace(microsecond=0)
    with transaction.atomic():
        hub, practices, nurses, gps = create_organisations_and_staff(now)
    with transaction.atomic():
        with indexes_set_aside(Patient, ConsultationRequest, StatusEvent):
            patient_practices = _seed_patients(rng, practices, patients, now)
            log(f"  {patients:,} patients ({time.monotonic() - started:.1f} s)")
            events = _seed_requests(rng, patient_practices, nurses + gps, total, open_count, now)
            log(f"  {total:,} requests, {events:,} status events ({time.monotonic() - started:.1f} s); indexing ...")
        for model in (Patient, ConsultationRequest, StatusEvent):
            reset_sequence(model)
    return SeedSummary(
        hub_ods_code=hub.ods_code, practice_ods_codes=[p.ods_code for p in practices],
        nurse_usernames=[n.username for n in nurses], patients=patients, requests=total, open_requests=open_count,
        status_events=events, seconds=time.monotonic() - started,
    )


def _seed_patients(rng, practices, count, now) -> list[int]:
    """Create patients; return each patient's practice id, indexed by patient id - 1."""
    practice_ids = [p.id for p in rng.choices(practices, weights=[p.registered_patients for p in practices], k=count)]

    def rows():
        first_nine = _SEED_NHS_BASE
        for index in range(count):
            number = None
            while number is None:
                first_nine += 1
                number = nhs_number(first_nine)
            given, family = GIVEN_NAMES[index % len(GIVEN_NAMES)], FAMILY_NAMES[(index // 7) % len(FAMILY_NAMES)]
            birth = f"{1930 + index % 90}-{1 + index % 12:02d}-{1 + index % 28:02d}"
            yield (f"{index + 1}\t{number}\t{given}\t{family}\t{birth}\tME2 1NP\t07700{900000 + index % 100000:06d}\t"
                   f"{given.lower()}.{index}@example.com\t{practice_ids[index]}\t{created}")

    created = now.isoformat()
    copy_lines(Patient, ["id", "nhs_number", "given_name", "family_name", "date_of_birth", "postcode", "mobile", "email",
                        "practice_id", "created_at"], rows(), now)
    return practice_ids


def _received_times(rng, count, start, end):
    """Mostly weekday core hours, some evenings and weekends; sorted oldest first."""
    span = (end - start).total_seconds()
    times = []
    while len(times) < count:
        moment = start + timedelta(seconds=rng.random() * span)
        local = moment.astimezone(LONDON)
        in_core = local.weekday() < 5 and 8 <= local.hour < 18
        if in_core or rng.random() < 0.25:
            times.append(moment.replace(microsecond=0))
    times.sort()
    return times


def _seed_requests(rng, patient_practices, clinicians, total, open_count, now) -> int:
    closed_count = total - open_count
    received = _received_times(rng, closed_count, now - timedelta(days=730), now - timedelta(days=3))
    received += _received_times(rng, open_count, now - timedelta(days=3), now - timedelta(minutes=1))
    topics = _weighted(rng, [(t, t[4]) for t in TOPICS], total)
    outcomes = _weighted(rng, OUTCOME_WEIGHTS, closed_count)
    routes = _weighted(rng, ROUTE_WEIGHTS, total)
    clinician_ids = [c.id for c in clinicians]
    deadlines = {}
    closed_events = []
    answers_by_topic = {t[1]: copy_text({"topic": t[1], "description": t[3], **({"duration": "days"} if t[0] == "medical" else {})})
                        for t in TOPICS}

    def rows():
        for index in range(total):
            row_id = index + 1
            received_at = received[index]
            # Core hours start and end on the half hour, so one deadline serves a whole half hour.
            half_hour = received_at.replace(minute=received_at.minute - received_at.minute % 30, second=0)
            if half_hour not in deadlines:
                deadlines[half_hour] = deadline_for(half_hour)
            deadline = deadlines[half_hour]
            request_type, topic, category, summary, _ = topics[index]
            patient_id = rng.randrange(len(patient_practices)) + 1
            is_closed = index < closed_count
            if is_closed:
                allowed = (deadline - received_at).total_seconds()
                closed_at = received_at + timedelta(seconds=rng.uniform(0.05, 1.15) * allowed)
                status, assignee, route, outcome = Status.CLOSED, rng.choice(clinician_ids), routes[index], outcomes[index]
                closed_events.append((row_id, closed_at, assignee))
            else:
                closed_at, outcome = None, ""
                status = rng.choices([Status.SUBMITTED, Status.ASSIGNED, Status.IN_PROGRESS], weights=[5, 3, 2])[0]
                assignee = None if status == Status.SUBMITTED else rng.choice(clinician_ids)
                route = "" if status == Status.SUBMITTED else routes[index]
            closed = closed_at.isoformat() if closed_at else "\\N"
            yield (f"{row_id}\t{scrambled_reference(row_id)}\t{patient_practices[patient_id - 1]}\t{patient_id}\t{request_type}\t"
                   f"{category}\t{summary}\t{answers_by_topic[topic]}\tpatient\tweb\tt\tf\tt\tseed-{row_id}\t"
                   f"{received_at.isoformat()}\t{deadline.isoformat()}\t{status}\t{copy_text(assignee)}\t{route}\t{outcome}\t"
                   f"{closed}\t{closed if closed_at else received_at.isoformat()}")

    copy_lines(ConsultationRequest, [
        "id", "reference", "practice_id", "patient_id", "request_type", "category", "summary", "answers", "submitted_by",
        "channel", "contact_by_sms", "contact_by_email", "contact_by_phone", "idempotency_key", "received_at", "deadline",
        "status", "assignee_id", "route", "outcome", "closed_at", "updated_at",
    ], rows(), now)

    def events():
        event_id = 0
        for index in range(total):
            event_id += 1
            yield f"{event_id}\t{index + 1}\t{received[index].isoformat()}\tPatient (online form)\t\t{Status.SUBMITTED}\t\\N"
        for request_id, closed_at, assignee in closed_events:
            event_id += 1
            yield (f"{event_id}\t{request_id}\t{closed_at.isoformat()}\tClinician {assignee}\t{Status.IN_PROGRESS}\t"
                   f"{Status.CLOSED}\t{assignee}")

    return copy_lines(StatusEvent, ["id", "request_id", "at", "actor_label", "from_status", "to_status", "actor_id"], events(), now)
