"""Load the demo: the phase-1 hub, its staff and weeks of synthetic requests, in one transaction.

Re-running replaces the demo requests (and the demo patients nobody else refers to) and refreshes
the demo accounts; real requests, other practices and the reference data are left alone.
"""

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from healthhub.clinical.deadlines import LONDON
from healthhub.consultations.models import (
    ConsultationRequest,
    ContactAttempt,
    Note,
    OutcomesMatrixEntry,
    Status,
    StatusEvent,
)
from healthhub.core import audit
from healthhub.core.audit import Actor
from healthhub.organisations.models import Hub, Practice, PrimaryCareNetwork
from healthhub.patients.models import Patient

from . import content, volumes
from .builder import IDEMPOTENCY_PREFIX, BuiltRequest, Matrix, RequestBuilder, Slot
from .monitoring import MonitoringSummary, load_demo_monitoring, remove_demo_monitoring
from .people import PatientMaker
from .staff import ensure_demo_staff
from .timeline import arrival, day_weight, window_days

# Phase 1 of the Medway and Swale Health Hub (seed 003): the Hoo Peninsula and Strood PCNs.
PHASE_ONE_PCNS = ("MEDWAY PENINSULA PCN", "STROOD PCN")
BATCH = 1000
SYSTEM_ACTOR = Actor(label="System (load_demo_data)")


class DemoDataError(Exception):
    pass


@dataclass
class DemoSummary:
    hub: Hub
    practices: list[Practice]
    users: dict
    weeks: int
    requests: int = 0
    closed: int = 0
    open: int = 0
    overdue: int = 0
    assigned: int = 0
    patients: int = 0
    replaced: int = 0
    outcomes: dict[str, int] = field(default_factory=dict)
    monitoring: MonitoringSummary | None = None


def phase_one_practices() -> tuple[list[Practice], dict[str, Practice]]:
    """The practices of the phase-1 PCNs, and the largest practice of each (where the demo practice staff work)."""
    pcns = {name: PrimaryCareNetwork.objects.filter(name__iexact=name).first() for name in PHASE_ONE_PCNS}
    missing = [name for name, pcn in pcns.items() if pcn is None]
    if missing:
        raise DemoDataError(
            f"{' and '.join(missing)} not found: load the reference data first (python manage.py load_reference_data)."
        )
    practices = list(Practice.objects.filter(pcn__in=pcns.values()).order_by("ods_code"))
    largest = {}
    for name, pcn in pcns.items():
        members = [practice for practice in practices if practice.pcn_id == pcn.id]
        if not members:
            raise DemoDataError(f"{name} has no practices in the reference data: load it again (load_reference_data).")
        largest[name] = max(members, key=lambda practice: (practice.registered_patients, practice.ods_code))
    return practices, largest


def remove_demo_requests() -> int:
    """Delete the demo requests (their history goes with them) and the demo patients left without a request."""
    demo = ConsultationRequest.objects.filter(idempotency_key__startswith=IDEMPOTENCY_PREFIX)
    patient_ids = list(demo.values_list("patient_id", flat=True).distinct())
    count = demo.count()
    demo.delete()
    for start in range(0, len(patient_ids), BATCH):
        # A demo patient who has since sent a real request stays, with that request.
        Patient.objects.filter(pk__in=patient_ids[start:start + BATCH], requests__isnull=True).delete()
    return count


def load_demo_data(*, weeks: int = 12, seed: int = 1, per_week: float | None = None, now: datetime | None = None,
                   report: Callable[[str], None] = lambda message: None) -> DemoSummary:
    now = now or timezone.now()
    rng = random.Random(seed)
    per_week = content.SEED_REQUESTS / content.SEED_WEEKS if per_week is None else per_week
    with transaction.atomic():
        practices, largest = phase_one_practices()
        report("Setting up the hub, its practices and the demo accounts…")
        hub, _ = Hub.objects.update_or_create(ods_code=settings.HEALTHHUB_HUB_ODS_CODE,
                                              defaults={"name": settings.HEALTHHUB_HUB_NAME})
        Practice.objects.filter(pk__in=[practice.pk for practice in practices]).update(hub=hub)
        for practice in practices:
            practice.hub = hub
        users = ensure_demo_staff(hub, largest)
        summary = DemoSummary(hub=hub, practices=practices, users=users, weeks=weeks)
        remove_demo_monitoring()  # first: its enrolments hold on to demo patients
        if ConsultationRequest.objects.filter(idempotency_key__startswith=IDEMPOTENCY_PREFIX).exists():
            report("Removing the demo requests of the last load…")
            summary.replaced = remove_demo_requests()

        started = time.monotonic()
        builder = RequestBuilder(rng, now=now, staff=users, matrix=Matrix(list(OutcomesMatrixEntry.objects.all())),
                                 patient_maker=PatientMaker(rng, now.astimezone(LONDON).date()))
        slots = _schedule(builder, rng, practices, weeks, round(per_week * weeks), now)
        report(f"Building {len(slots):,} requests over {weeks} week{'s' if weeks != 1 else ''}…")
        built = _build(builder, rng, slots, now)
        _avoid_existing_references(builder, built)
        report(f"Writing {len(builder.patients):,} patients and {len(built):,} requests with their history…")
        _write(builder.patients, built)
        _summarise(summary, built, now, len(builder.patients))
        summary.monitoring = load_demo_monitoring(hub, practices, users, builder.patient_maker, now=now, seed=seed)
        audit.record(SYSTEM_ACTOR, "demo_data.load", hub, seed=seed, weeks=weeks, requests=summary.requests)
        report(f"Built and wrote the demo requests in {time.monotonic() - started:.1f}s.")
    _refresh_planner_statistics()
    return summary


def _refresh_planner_statistics() -> None:
    # After a bulk load SQLite has no statistics and walks whole practice histories instead of the
    # date indexes (the outcomes report went from ~1s to ~5s); ANALYZE fixes that on both databases.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _schedule(builder: RequestBuilder, rng: random.Random, practices, weeks: int, total: int, now: datetime) -> list[Slot]:
    today = now.astimezone(LONDON).date()
    days = window_days(today - timedelta(days=7 * weeks - 1), today)
    day_weights = [day_weight(day) for day in days]
    shares = volumes.practice_shares(practices, settings.HEALTHHUB_DATA_DIR)
    practice_weights = [shares[practice.id] for practice in practices]
    arrivals = []
    for _ in range(total):
        received_at = arrival(rng, rng.choices(days, weights=day_weights)[0])
        while received_at > now:  # today's requests can only have come in so far
            received_at = arrival(rng, rng.choices(days, weights=day_weights)[0])
        arrivals.append((received_at, rng.choices(practices, weights=practice_weights)[0]))
    arrivals.sort(key=lambda pair: (pair[0], pair[1].ods_code))
    return [builder.schedule(number, practice, received_at) for number, (received_at, practice) in enumerate(arrivals, start=1)]


def _build(builder: RequestBuilder, rng: random.Random, slots: list[Slot], now: datetime) -> list[BuiltRequest]:
    """Closed requests share out the seed's outcomes exactly; the rest are still being worked on."""
    closed = [slot for slot in slots if slot.closed_by(now)]
    outcomes = [outcome for outcome, count in content.outcome_counts(len(closed)).items() for _ in range(count)]
    rng.shuffle(outcomes)
    outcome_of = {slot.number: outcome for slot, outcome in zip(closed, outcomes, strict=True)}
    return [builder.build(slot, outcome_of.get(slot.number)) for slot in slots]


def _avoid_existing_references(builder: RequestBuilder, built: list[BuiltRequest]) -> None:
    references = [item.request.reference for item in built]
    taken = set()
    for start in range(0, len(references), BATCH):
        taken.update(ConsultationRequest.objects.filter(reference__in=references[start:start + BATCH])
                     .values_list("reference", flat=True))
    builder.references.update(taken)
    for item in built:
        if item.request.reference in taken:
            item.request.reference = builder._reference()


def _write(patients: list[Patient], built: list[BuiltRequest]) -> None:
    Patient.objects.bulk_create(patients, batch_size=BATCH)
    requests = [item.request for item in built]
    ConsultationRequest.objects.bulk_create(requests, batch_size=BATCH)
    StatusEvent.objects.bulk_create([event for item in built for event in item.events], batch_size=BATCH)
    ContactAttempt.objects.bulk_create([attempt for item in built for attempt in item.attempts], batch_size=BATCH)
    Note.objects.bulk_create([note for item in built for note in item.notes], batch_size=BATCH)
    # Creation stamps the time of writing; these rows record the past, so give them their own times.
    first_seen: dict[int, datetime] = {}
    for item in built:
        first_seen.setdefault(item.request.patient_id, item.request.received_at)
    _set_times(ConsultationRequest, "updated_at", [(item.last_change, item.request.pk) for item in built])
    _set_times(Patient, "created_at", [(first_seen[patient.pk], patient.pk) for patient in patients])


def _set_times(model, column: str, values: list[tuple[datetime, int]]) -> None:
    """One parameterised UPDATE run for many rows: bulk_update's CASE expressions are far slower here."""
    table, quote = model._meta.db_table, connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {quote(table)} SET {quote(column)} = %s WHERE {quote('id')} = %s",  # noqa: S608 - names from the model
            [(connection.ops.adapt_datetimefield_value(moment), pk) for moment, pk in values],
        )


def _summarise(summary: DemoSummary, built: list[BuiltRequest], now: datetime, patients: int) -> None:
    requests = [item.request for item in built]
    summary.requests, summary.patients = len(requests), patients
    summary.closed = sum(1 for request in requests if request.status == Status.CLOSED)
    summary.open = summary.requests - summary.closed
    summary.overdue = sum(1 for request in requests if request.status != Status.CLOSED and request.deadline < now)
    summary.assigned = sum(1 for request in requests if request.status != Status.CLOSED and request.assignee_id)
    for request in requests:
        if request.outcome:
            summary.outcomes[request.outcome] = summary.outcomes.get(request.outcome, 0) + 1
