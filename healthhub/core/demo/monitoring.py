"""Demo remote monitoring: a dozen patients on the hub's three programmes, with a week or so of readings each.

Every enrolment, target, observation set, alert, acknowledgement and discharge goes through the monitoring
services, so each score, alert and audit record is the product's own. The services stamp the time of
writing, so afterwards the rows are given the past times they describe, as the request loader does.
Demo enrolments carry DEMO_LABEL as who enrolled them: a re-run removes those, and nothing else.
"""

import random
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.db import connection

from healthhub.clinical.deadlines import LONDON
from healthhub.clinical.monitoring_alerts import alert_for
from healthhub.consultations.models import ConsultationRequest
from healthhub.core.audit import Actor
from healthhub.monitoring import services
from healthhub.monitoring.models import Alert, AlertAction, Enrolment, Goal, ObservationSet, Programme, Source
from healthhub.monitoring.scoring import Observations, score
from healthhub.patients.age import age_in_months, age_in_years
from healthhub.patients.models import Patient

from .builder import IDEMPOTENCY_PREFIX, PATIENT_FIELDS

DEMO_LABEL = "Demo data"
ADULT, CHILD, BP = Programme.RESPIRATORY_ADULT, Programme.RESPIRATORY_CHILD, Programme.HYPERTENSION
NURSES = ("nurse.nina", "nurse.tom")
SHORT_NAMES = {ADULT: "on the adult ward", CHILD: "on the children's ward", BP: "monitoring blood pressure"}


def _news2(rate: int, spo2: int, systolic: int, pulse: int, temperature: str) -> Observations:
    return Observations(respiration_rate=rate, spo2=spo2, on_oxygen=False, systolic_bp=systolic, pulse=pulse,
                        consciousness="A", temperature=Decimal(temperature))


@dataclass(frozen=True)
class Event:
    """A set the story needs, `hours_ago` before now; `response` (who, action, note, minutes after it was raised)
    acknowledges its alert, and None leaves the alert open."""

    hours_ago: float
    observations: Observations
    response: tuple[str, str, str, int] | None = None


@dataclass(frozen=True)
class Stay:
    programme: str
    ages: tuple[int, int]  # years; months on the children's ward
    days_ago: float
    clinician: str
    from_request: bool = False
    events: tuple[Event, ...] = ()
    spo2_target: tuple[int, int] | None = None
    bronchiolitis: bool = False
    unwell_days: float = 2.0  # mildly abnormal signs after enrolment, and within half a day of each event
    home_average: tuple[int, int] = (141, 87)  # systolic, diastolic: NICE NG136 home stage 1
    discharge: tuple[float, str, str] | None = None  # hours ago, who, reason


STAYS = (
    Stay(ADULT, (25, 70), 9, "nurse.nina", unwell_days=3),
    Stay(ADULT, (58, 88), 8, "gp.grace", spo2_target=(88, 92), events=(
        Event(30, _news2(23, 85, 128, 96, "37.8"), ("gp.grace", AlertAction.ADVICE, "More breathless, sputum now green. Started "
              "the COPD rescue pack as in the care plan; observations again in 4 hours.", 25)),)),
    Stay(ADULT, (40, 75), 6, "nurse.tom", from_request=True, events=(
        Event(50, _news2(22, 94, 108, 101, "38.3"), ("nurse.tom", AlertAction.VISIT, "Home visit: crackles at the left base, "
              "drinking well. Discussed with Dr Mensah, who started amoxicillin; observations 4-hourly.", 40)),)),
    Stay(ADULT, (50, 85), 10, "director.david", from_request=True, events=(
        Event(100, _news2(21, 94, 124, 95, "38.2"), ("nurse.nina", AlertAction.ADVICE, "Advised paracetamol and plenty of "
              "fluids; observations again in an hour.", 30)),
        Event(96, _news2(25, 93, 118, 105, "38.5"), ("director.david", AlertAction.ESCALATED, "Breathing faster and "
              "saturation falling despite advice. 999 called; taken to Medway Maritime Hospital ED.", 9)),
    ), discharge=(95.5, "director.david", "Admitted to Medway Maritime Hospital with worsening pneumonia (NEWS2 7).")),
    Stay(ADULT, (20, 60), 3, "nurse.nina", from_request=True, unwell_days=3, events=(Event(0.4, _news2(21, 95, 132, 93, "38.1")),)),
    Stay(CHILD, (3, 5), 5, "nurse.tom", bronchiolitis=True, events=(
        Event(60, Observations(respiration_rate=52, spo2=94, on_oxygen=False, pulse=152, temperature=Decimal("37.6"),
                               signs={"feeding_percent_of_usual": 80}),
              ("nurse.tom", AlertAction.ADVICE, "Spoke to mum: feeding a little less than usual, no pauses in breathing. "
               "Saline drops and smaller, more frequent feeds; observations again in 2 hours.", 20)),)),
    Stay(CHILD, (13, 22), 7, "gp.grace", events=(
        Event(100, Observations(respiration_rate=48, spo2=93, on_oxygen=False, pulse=158, temperature=Decimal("38.6"),
                                signs={"grunting": True, "nasal_flaring": True}),
              ("gp.grace", AlertAction.VISIT, "Seen at home within the hour: grunting settled after nasal suction, "
               "saturation 95% in air. Parents know to call 999 if it comes back.", 12)),)),
    Stay(CHILD, (26, 54), 2, "nurse.nina", events=(
        Event(0.25, Observations(respiration_rate=44, spo2=96, on_oxygen=False, pulse=128, temperature=Decimal("38.1"))),)),
    Stay(BP, (40, 79), 12, "gp.grace", from_request=True, home_average=(142, 88)),
    Stay(BP, (35, 79), 9, "nurse.tom", home_average=(139, 87)),
    Stay(BP, (45, 85), 8, "director.david", home_average=(145, 90)),
    Stay(BP, (50, 79), 10, "nurse.nina", home_average=(146, 91),
         events=(Event(5, Observations(systolic_bp=184, diastolic_bp=104, pulse=82)),)),
)


@dataclass
class MonitoringSummary:
    patients: dict[str, int]
    observation_sets: int
    alerts: int
    open_alerts: int
    overdue_alerts: int
    discharged: int

    def line(self) -> str:
        programmes = ", ".join(f"{self.patients.get(programme, 0)} {SHORT_NAMES[programme]}" for programme in SHORT_NAMES)
        return (f"Remote monitoring: {sum(self.patients.values())} patients ({programmes}; {self.discharged} discharged), "
                f"{self.observation_sets:,} observation sets, {self.alerts} alerts ({self.alerts - self.open_alerts} "
                f"acknowledged, {self.open_alerts} open, {self.overdue_alerts} of them overdue)")


def remove_demo_monitoring() -> int:
    """Delete the demo enrolments with their goals, sets and alerts (history rows the ORM refuses to delete in bulk),
    then the demo children, who have no requests to keep them."""
    demo = list(Enrolment.objects.filter(enrolled_by_label=DEMO_LABEL).values_list("pk", "patient_id"))
    if not demo:
        return 0
    quote, placeholders = connection.ops.quote_name, ", ".join(["%s"] * len(demo))
    with connection.cursor() as cursor:
        for model, column in ((Alert, "enrolment_id"), (ObservationSet, "enrolment_id"), (Goal, "enrolment_id"), (Enrolment, "id")):
            cursor.execute(f"DELETE FROM {quote(model._meta.db_table)} WHERE {quote(column)} IN ({placeholders})",  # noqa: S608
                           [pk for pk, _ in demo])
    Patient.objects.filter(pk__in={patient for _, patient in demo}, requests__isnull=True, enrolments__isnull=True).delete()
    return len(demo)


def load_demo_monitoring(hub, practices, users: dict, patient_maker, *, now: datetime, seed: int) -> MonitoringSummary:
    rng = random.Random(f"monitoring-{seed}")
    requests = list(ConsultationRequest.objects.filter(idempotency_key__startswith=IDEMPOTENCY_PREFIX, practice__in=practices)
                    .select_related("patient").order_by("received_at", "pk"))
    used: set[int] = set()
    for stay in STAYS:
        enrolled_at = (now - timedelta(days=stay.days_ago)).astimezone(LONDON).replace(hour=rng.randint(9, 15), minute=rng.randint(0, 59))
        if stay.programme == CHILD:
            patient, source = _new_child(rng, stay, rng.choice(practices), patient_maker, enrolled_at), None
        else:
            patient, source = _demo_patient(rng, stay, requests, used, enrolled_at)
        if patient is not None:
            _admit(rng, stay, patient, source, hub, users, enrolled_at, now)
    return _summarise(now)


def _demo_patient(rng, stay: Stay, requests, used: set[int], enrolled_at: datetime):
    """A demo patient of the right age, preferably one whose request came in shortly before, which led to the enrolment."""
    fits = [request for request in requests if request.patient_id not in used
            and stay.ages[0] <= age_in_years(request.patient.date_of_birth, enrolled_at.date()) <= stay.ages[1]]
    if not fits:  # no demo requests to draw patients from (e.g. --per-week 0)
        return None, None
    earlier = [request for request in fits if request.received_at < enrolled_at - timedelta(hours=2)]
    request = rng.choice(earlier[-40:] or fits)
    used.add(request.patient_id)
    return request.patient, request if stay.from_request and request in earlier else None


def _new_child(rng, stay: Stay, practice, patient_maker, enrolled_at: datetime) -> Patient:
    invented = patient_maker.make(practice.postcode)
    invented.date_of_birth = enrolled_at.date() - timedelta(days=round(rng.uniform(*stay.ages) * 30.44))
    return Patient.objects.create(practice=practice, **{name: getattr(invented, name) for name in PATIENT_FIELDS})


def _admit(rng, stay: Stay, patient, source, hub, users: dict, enrolled_at: datetime, now: datetime) -> None:
    enrolment = services.enrol(patient, stay.programme, hub=hub, clinician=users[stay.clinician], start_date=enrolled_at.date(),
                               review_date=enrolled_at.date() + timedelta(days=14), actor=Actor(label=DEMO_LABEL),
                               bronchiolitis=stay.bronchiolitis, source_request=source)
    Enrolment.objects.filter(pk=enrolment.pk).update(enrolled_at=enrolled_at)
    if stay.spo2_target:
        goal = services.set_spo2_target(enrolment, *stay.spo2_target, Actor.staff(users[stay.clinician]))
        _set_time(Goal, "set_at", enrolled_at + timedelta(minutes=10), goal.pk)
    ends = now - timedelta(hours=stay.discharge[0]) if stay.discharge else now
    events = {(now - timedelta(hours=event.hours_ago)).replace(second=0, microsecond=0): event for event in stay.events}
    readings = {moment: None for moment in _schedule(rng, stay, enrolled_at, ends)
                if all(abs(moment - at) > timedelta(hours=1.5) for at in events)}
    for moment, event in sorted((readings | events).items()):
        unwell = moment < enrolled_at + timedelta(days=stay.unwell_days) or any(abs(moment - at) < timedelta(hours=12) for at in events)
        observations = event.observations if event else _calm(rng, stay, enrolment, moment, unwell)
        if stay.programme == BP:
            actor, delay = Actor(label=f"Patient (readings link, enrolment {enrolment.pk})"), timedelta(minutes=1)
        else:  # phoned in to a ward nurse
            actor, delay = Actor.staff(users[rng.choice(NURSES)]), timedelta(minutes=rng.randint(3, 15))
        recorded = services.record_observations(enrolment, observations, effective_at=moment, actor=actor,
                                                source=Source.PATIENT if stay.programme == BP else Source.STAFF)
        received_at = min(moment + delay, now)
        _set_time(ObservationSet, "received_at", received_at, recorded.observation_set.pk)
        if recorded.alert:
            alert = recorded.alert
            Alert.objects.filter(pk=alert.pk).update(raised_at=received_at, respond_by=received_at + (alert.respond_by - alert.raised_at))
            if event and event.response:
                username, action, note, minutes = event.response
                services.acknowledge(alert, action, note, Actor.staff(users[username]))
                Alert.objects.filter(pk=alert.pk).update(acknowledged_at=received_at + timedelta(minutes=minutes))
    if stay.discharge:
        services.discharge(enrolment, stay.discharge[2], Actor.staff(users[stay.discharge[1]]))
        Enrolment.objects.filter(pk=enrolment.pk).update(discharged_at=ends)


def _schedule(rng, stay: Stay, enrolled_at: datetime, ends: datetime) -> list[datetime]:
    """Ward sets every 4 to 12 hours (more often while unwell); blood pressure morning and evening at home."""
    moments, moment = [], enrolled_at
    if stay.programme == BP:
        day = enrolled_at.date()
        while day <= ends.astimezone(LONDON).date():
            for start in (time(7, 0), time(19, 30)):
                at = datetime.combine(day, start, LONDON) + timedelta(minutes=rng.randint(0, 100))
                if enrolled_at < at < ends - timedelta(minutes=5):
                    moments.append(at)
            day += timedelta(days=1)
        return moments
    while True:
        unwell = moment < enrolled_at + timedelta(days=stay.unwell_days)
        moment += timedelta(hours=rng.uniform(4, 6) if unwell or stay.programme == CHILD else rng.uniform(8, 12))
        if moment >= ends - timedelta(minutes=5):
            return moments
        moments.append(moment.replace(second=0, microsecond=0))


def _calm(rng, stay: Stay, enrolment: Enrolment, moment: datetime, unwell: bool) -> Observations:
    """A set that raises no alert: only the story's own events do."""
    born, on = enrolment.patient.date_of_birth, moment.astimezone(LONDON).date()
    for _ in range(100):
        observations = _draw(rng, stay, age_in_months(born, on), unwell)
        scored = score(enrolment.score_kind, observations, born=born, on=on, bronchiolitis=stay.bronchiolitis,
                       spo2_target=stay.spo2_target)
        if alert_for(scored.kind, scored.result) is None:
            return observations
    raise AssertionError(f"no calm set found for {stay}")


def _draw(rng, stay: Stay, months: int, unwell: bool) -> Observations:
    if stay.programme == BP:
        systolic, diastolic = round(rng.gauss(stay.home_average[0], 7)), round(rng.gauss(stay.home_average[1], 5))
        return Observations(systolic_bp=min(systolic, 172), diastolic_bp=min(diastolic, 110), pulse=rng.randint(58, 88))
    if stay.programme == CHILD:
        (rate_low, rate_high), (pulse_low, pulse_high) = ((30, 45), (110, 150)) if months < 12 else \
            ((24, 36), (95, 140)) if months < 24 else ((20, 30), (85, 125))
        return Observations(respiration_rate=rng.randint(rate_low, rate_high), spo2=rng.randint(96, 99), on_oxygen=False,
                            pulse=rng.randint(pulse_low, pulse_high), temperature=Decimal(rng.randint(366, 378)) / 10,
                            signs={"feeding_percent_of_usual": rng.choice((80, 90, 100))} if months < 12 else {})
    spo2 = rng.randint(86, 92) if stay.spo2_target else rng.randint(94, 96) if unwell else rng.randint(95, 99)
    temperature = Decimal(rng.randint(372, 383) if unwell else rng.randint(362, 375)) / 10
    return _news2(rng.randint(18, 21) if unwell else rng.randint(13, 19), spo2, rng.randint(112, 150),
                  rng.randint(80, 96) if unwell else rng.randint(62, 88), str(temperature))


def _set_time(model, column: str, moment: datetime, pk: int) -> None:
    """One row's time moved back to when it happened; history rows refuse the ORM's update, so in SQL."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {quote(model._meta.db_table)} SET {quote(column)} = %s WHERE {quote('id')} = %s",  # noqa: S608
                       [connection.ops.adapt_datetimefield_value(moment), pk])


def _summarise(now: datetime) -> MonitoringSummary:
    demo = Enrolment.objects.filter(enrolled_by_label=DEMO_LABEL)
    alerts = Alert.objects.filter(enrolment__in=demo)
    return MonitoringSummary(dict(Counter(demo.values_list("programme", flat=True))), ObservationSet.objects.filter(enrolment__in=demo).count(), alerts.count(),
                             alerts.unacknowledged().count(), alerts.overdue(now).count(), demo.filter(discharged_at__isnull=False).count())
