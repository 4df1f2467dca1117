"""Build synthetic requests in memory, each as the services would have left it.

A request's deadline comes from `services.deadline_for`; its history is the workflow's own chain
(submitted → assigned → in progress → closed) with the actor, assignee and reason the services
record; "unable to contact" only follows attempts that meet the clinical rule. Nothing here
touches the database: the loader writes the result in bulk.
"""

import random
from dataclasses import dataclass, field
from datetime import datetime

from healthhub.clinical.contact_rules import unable_to_contact_allowed
from healthhub.consultations import questionnaires, services
from healthhub.consultations.intake.submission import PATIENT_ACTOR_LABEL, PROXY_ACTOR_LABEL, intake_record
from healthhub.consultations.models import (
    Channel,
    ConsultationRequest,
    ContactAttempt,
    ContactChannel,
    ContactResult,
    Note,
    Outcome,
    Route,
    Status,
    StatusEvent,
    Submitter,
)
from healthhub.patients.models import Patient

from . import content
from .people import DemoPatient, PatientMaker
from .staff import CLINICIAN_SHARES, actor_for
from .timeline import Plan, add_core_minutes, plan_work

IDEMPOTENCY_PREFIX = "demo-"  # marks demo requests, so a re-run replaces them and nothing else
REPEAT_PATIENT_SHARE = 0.15
STAFF_ENTERED_SHARE = 0.04
ADMIN_DISTRIBUTES_SHARE = 0.7  # the rest are taken by a clinician from the queue
PATIENT_FIELDS = ("given_name", "family_name", "date_of_birth", "postcode", "nhs_number", "mobile", "email")
Attempt = tuple[str, str, str]  # channel, result, message


@dataclass
class Slot:
    """A request's place in time, decided before its content: whether it is closed by now decides
    which requests share out the seed's outcomes."""

    number: int
    practice: object
    received_at: datetime
    deadline: datetime
    plan: Plan

    def closed_by(self, now: datetime) -> bool:
        return self.plan.closes_at <= now


@dataclass
class BuiltRequest:
    request: ConsultationRequest
    events: list[StatusEvent] = field(default_factory=list)
    attempts: list[ContactAttempt] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    last_change: datetime | None = None


class Matrix:
    """The outcomes matrix as stored (editable data), for choosing the route a request took."""

    def __init__(self, entries):
        self.default = {entry.category: entry for entry in entries if entry.is_default_for_category}
        self.by_cell: dict[tuple[str, str], list] = {}
        for entry in entries:
            self.by_cell.setdefault((entry.category, entry.route), []).append(entry)

    def route_for(self, rng: random.Random, category: str, outcome: str):
        """(matrix entry, route, override reason) as confirm_route and record_outcome leave them."""
        default = self.default.get(category)
        wanted = {Outcome.BACK_TO_PRACTICE: Route.HOME_PRACTICE, Outcome.COMMUNITY_SERVICES: Route.MDT}.get(outcome)
        choices = self.by_cell.get((category, wanted), []) if wanted else []
        entry = rng.choice(choices) if choices else default
        route = Route.HOME_PRACTICE if outcome == Outcome.BACK_TO_PRACTICE else entry.route if entry else Route.HUB
        overridden = entry is not None and default is not None and entry.route != default.route
        return entry, route, content.ROUTE_OVERRIDE_REASONS.get(entry.route, "") if overridden else ""


class RequestBuilder:
    def __init__(self, rng: random.Random, *, now: datetime, staff: dict, matrix: Matrix, patient_maker: PatientMaker):
        self.rng = rng
        self.now = now
        self.matrix = matrix
        self.patient_maker = patient_maker
        self.admin = staff["admin.amira"]
        self.clinicians = [staff[username] for username in CLINICIAN_SHARES]
        self.clinician_weights = list(CLINICIAN_SHARES.values())
        self.pool: dict[int, list[tuple[DemoPatient, Patient]]] = {}
        self.patients: list[Patient] = []
        self.references: set[str] = set()

    def schedule(self, number: int, practice, received_at: datetime) -> Slot:
        deadline = services.deadline_for(received_at)
        return Slot(number, practice, received_at, deadline, plan_work(self.rng, received_at, deadline))

    def build(self, slot: Slot, outcome: str | None) -> BuiltRequest:
        rng = self.rng
        demo_patient, patient = self._patient(slot.practice, outcome)
        topic = _weighted(rng, content.TOPIC_WEIGHTS_BY_OUTCOME[outcome] if outcome else content.OPEN_TOPIC_WEIGHTS)
        questionnaire = questionnaires.MEDICAL if topic in content.MEDICAL_TOPICS else questionnaires.ADMIN
        answers = self._answers(topic, questionnaire, outcome)
        staff_entered = rng.random() < STAFF_ENTERED_SHARE
        by_proxy = bool(demo_patient.proxy_name) and not staff_entered
        request = ConsultationRequest(
            reference=self._reference(),
            practice=slot.practice,
            patient=patient,
            request_type=questionnaire.request_type,
            category=questionnaire.category_for(answers),
            summary=questionnaires.summary_for(questionnaire, answers),
            answers=answers,
            intake_record={} if staff_entered else intake_record(
                questionnaire, "adult" if questionnaire is questionnaires.MEDICAL else None),
            submitted_by=Submitter.STAFF if staff_entered else Submitter.PROXY if by_proxy else Submitter.PATIENT,
            submitter_name=demo_patient.proxy_name if by_proxy else "",
            submitter_relationship=demo_patient.proxy_relationship if by_proxy else "",
            entered_by=self.admin if staff_entered else None,
            channel=Channel.STAFF if staff_entered else Channel.WEB,
            contact_by_sms=bool(patient.mobile) and rng.random() < 0.85,
            contact_by_email=bool(patient.email) and rng.random() < 0.5,
            contact_by_phone=True,
            idempotency_key=f"{IDEMPOTENCY_PREFIX}{slot.number}",
            received_at=slot.received_at,
            deadline=slot.deadline,
        )
        built = BuiltRequest(request)
        submitter_label = actor_for(self.admin).label if staff_entered else PROXY_ACTOR_LABEL if by_proxy else PATIENT_ACTOR_LABEL
        self._event(built, slot.received_at, "", Status.SUBMITTED, actor=self.admin if staff_entered else None, label=submitter_label)
        if outcome:
            self._close(built, slot.plan, outcome, patient)
        else:
            self._progress_so_far(built, slot.plan)
        return built

    def _close(self, built: BuiltRequest, plan: Plan, outcome: str, patient: Patient) -> None:
        rng, request = self.rng, built.request
        clinician = self._assign_and_start(built, plan)
        if rng.random() < 0.35:
            built.notes.append(Note(request=request, at=plan.moment(rng.uniform(0.16, 0.19)), author=clinician,
                                    text=rng.choice(content.TRIAGE_NOTES)))
        script, closing_note = _contact_script(rng, outcome, request.category, bool(patient.mobile))
        for position, (channel, result, message) in enumerate(script, start=1):
            built.attempts.append(ContactAttempt(request=request, at=plan.moment(0.2 + 0.75 * position / (len(script) + 1)),
                                                 by=clinician, channel=channel, result=result, message=message))
        if outcome == Outcome.UNABLE_TO_CONTACT and not unable_to_contact_allowed([(a.channel, a.result) for a in built.attempts]):
            raise AssertionError("an unable-to-contact request must follow the attempts the rule asks for")
        request.route_entry, request.route, request.route_override_reason = self.matrix.route_for(rng, request.category, outcome)
        self._event(built, plan.closes_at, Status.IN_PROGRESS, Status.CLOSED, actor=clinician, assignee=clinician, reason=closing_note)
        request.outcome, request.closed_at = outcome, plan.closes_at
        if outcome == Outcome.BACK_TO_PRACTICE:
            acknowledged = add_core_minutes(plan.closes_at, rng.uniform(15, 600))
            if acknowledged <= self.now:  # the most recent ones still wait in the practice's queue
                request.practice_acknowledged_at = acknowledged
                built.last_change = max(built.last_change, acknowledged)

    def _assign_and_start(self, built: BuiltRequest, plan: Plan, until: datetime | None = None):
        """Assign (an administrator distributes, or a clinician takes it) and start, as far as `until`."""
        rng = self.rng
        clinician = rng.choices(self.clinicians, weights=self.clinician_weights)[0]
        distributor = self.admin if rng.random() < ADMIN_DISTRIBUTES_SHARE else clinician
        assigned_at, started_at = plan.moment(rng.uniform(0.02, 0.1)), plan.moment(rng.uniform(0.11, 0.15))
        if until is not None and assigned_at > until:
            return None
        self._event(built, assigned_at, Status.SUBMITTED, Status.ASSIGNED, actor=distributor, assignee=clinician)
        built.request.assignee = clinician
        if until is None or started_at <= until:
            self._event(built, started_at, Status.ASSIGNED, Status.IN_PROGRESS, actor=clinician, assignee=clinician)
        return clinician

    def _progress_so_far(self, built: BuiltRequest, plan: Plan) -> None:
        """A request still open now: only the steps whose time has come."""
        clinician = self._assign_and_start(built, plan, until=self.now)
        request = built.request
        if request.status != Status.IN_PROGRESS:
            return
        entry = self.matrix.default.get(request.category)
        if entry and self.rng.random() < 0.5:
            request.route_entry, request.route = entry, entry.route
        tried_at = plan.moment(0.3)
        if self.rng.random() < 0.3 and tried_at <= self.now:
            built.attempts.append(ContactAttempt(request=request, at=tried_at, by=clinician, channel=ContactChannel.PHONE,
                                                 result=ContactResult.NO_ANSWER, message=""))
            built.last_change = max(built.last_change, tried_at)

    def _event(self, built: BuiltRequest, at: datetime, from_status: str, to_status: str, *, actor, assignee=None,
               reason: str = "", label: str = "") -> None:
        built.events.append(StatusEvent(
            request=built.request, at=at, actor=actor, actor_label=label or actor_for(actor).label,
            from_status=from_status, to_status=to_status, assignee=assignee, reason=reason,
        ))
        built.request.status = to_status
        built.last_change = at if built.last_change is None else max(built.last_change, at)

    def _patient(self, practice, outcome: str | None) -> tuple[DemoPatient, Patient]:
        pool = self.pool.setdefault(practice.id, [])
        if pool and self.rng.random() < REPEAT_PATIENT_SHARE:
            demo_patient, patient = self.rng.choice(pool)
        else:
            demo_patient = self.patient_maker.make(practice.postcode)
            patient = Patient(practice=practice, **{name: getattr(demo_patient, name) for name in PATIENT_FIELDS})
            pool.append((demo_patient, patient))
            self.patients.append(patient)
        if outcome == Outcome.UNABLE_TO_CONTACT and not patient.mobile:
            # Unable to contact needs a text among the attempts: this patient gave a mobile number.
            demo_patient.mobile = patient.mobile = f"07700900{self.rng.randint(0, 999):03d}"
        return demo_patient, patient

    def _answers(self, topic: str, questionnaire, outcome: str | None) -> dict:
        rng = self.rng
        texts = content.DESCRIPTIONS[topic]
        if outcome in content.DESCRIPTIONS_BY_OUTCOME and questionnaire is questionnaires.MEDICAL:
            texts = content.DESCRIPTIONS_BY_OUTCOME[outcome]
        answers = {"topic": topic, "description": rng.choice(texts)}
        if questionnaire is questionnaires.MEDICAL:
            answers["duration"] = _weighted(rng, content.DURATION_WEIGHTS)
            if rng.random() < 0.4:
                answers["outcome-wanted"] = rng.choice(content.OUTCOMES_WANTED)
        return answers

    def _reference(self) -> str:
        """Like services.new_reference (same alphabet, same shape), but repeatable with the seed."""
        alphabet = services._REFERENCE_ALPHABET
        while True:
            letters = [self.rng.choice(alphabet) for _ in range(8)]
            reference = "".join(letters[:4]) + "-" + "".join(letters[4:])
            if reference not in self.references:
                self.references.add(reference)
                return reference


def _weighted(rng: random.Random, weights: dict[str, float]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _contact_script(rng: random.Random, outcome: str, category: str, has_mobile: bool) -> tuple[list[Attempt], str]:
    """The contact attempts before this outcome, and the clinician's closing note."""
    spoke = (ContactChannel.PHONE, ContactResult.SPOKE, content.SPOKE_MESSAGE)
    if outcome == Outcome.UNABLE_TO_CONTACT:
        if rng.random() < 0.15:
            return [(ContactChannel.PHONE, ContactResult.SPOKE, content.APPOINTMENT_BOOKED),
                    (ContactChannel.APPOINTMENT, ContactResult.DID_NOT_ATTEND, "")], content.DID_NOT_ATTEND_NOTE
        return [(ContactChannel.PHONE, ContactResult.NO_ANSWER, ""),
                (ContactChannel.SMS, ContactResult.SENT, content.MISSED_CALL_TEXT),
                (ContactChannel.PHONE, ContactResult.VOICEMAIL, "Left a voicemail asking the patient to call the surgery.")], \
            content.OUTCOME_NOTES[outcome][0]
    note = rng.choice(content.OUTCOME_NOTES[outcome])
    if outcome == Outcome.DISCHARGED:
        roll = rng.random()
        if roll < 0.2 and has_mobile:
            return [(ContactChannel.SMS, ContactResult.SENT, content.ADVICE_TEXT)], content.DISCHARGED_BY_TEXT_NOTE
        if roll > 0.85 and category in content.DISCHARGED_WITHOUT_CONTACT_NOTES:
            return [], content.DISCHARGED_WITHOUT_CONTACT_NOTES[category]
        return [spoke], note
    if outcome == Outcome.BACK_TO_PRACTICE:
        return ([spoke] if rng.random() < 0.4 else []), note
    missed_first = [(ContactChannel.PHONE, ContactResult.NO_ANSWER, "")] if rng.random() < 0.1 else []
    return missed_first + [spoke], note
