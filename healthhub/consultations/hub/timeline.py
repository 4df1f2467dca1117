"""One timeline of everything that happened to a request, oldest first.

It merges the submission (with the patient's answers), the immutable status events, contact
attempts, notes and, from the audit trail, the route decisions, outcomes and the practice's
acknowledgement: the decisions that are kept only as the request's current state.
"""

from dataclasses import dataclass, field
from datetime import datetime

from healthhub.core.models import AuditEvent

from ..models import Outcome, Route, Status, Submitter

TIMELINE_AUDIT_ACTIONS = ("request.route", "request.outcome", "request.practice_acknowledge")


@dataclass
class TimelineItem:
    at: datetime
    title: str
    by: str = ""
    text: str = ""
    rows: list[dict] = field(default_factory=list)
    order: int = 0  # keeps things done in one moment in the order they were done


def _who(record) -> str:
    """A staff member by name; anyone else (a patient, an API client) by the label kept with the record."""
    return record.actor.display_name if record.actor_id else record.actor_label


def _label(choices, value: str) -> str:
    try:
        return choices(value).label
    except ValueError:
        return value


def _submission(request, answers: list[dict]) -> TimelineItem:
    how = {Submitter.PATIENT: "Request sent by the patient", Submitter.PROXY: "Request sent on the patient's behalf",
           Submitter.STAFF: "Request entered by hub staff for a caller"}.get(request.submitted_by, "Request received")
    by = request.submitter_name if request.submitted_by == Submitter.PROXY else ""
    if request.submitted_by == Submitter.STAFF and request.entered_by_id:
        by = request.entered_by.display_name
    rows = [{"key": {"text": row["question"]}, "value": {"text": row["answer"]}} for row in answers]
    return TimelineItem(request.received_at, how, by=by, text=f"Received through the {request.get_channel_display().lower()}.",
                        rows=rows)


def _status_title(event, outcome: str) -> str:
    held_by = event.assignee.display_name if event.assignee_id else ""
    if event.to_status == Status.ASSIGNED:
        if event.from_status == Status.SUBMITTED and event.actor_id and event.actor_id == event.assignee_id:
            return f"Taken by {held_by}"
        return f"Handed over to {held_by}" if event.from_status != Status.SUBMITTED else f"Assigned to {held_by}"
    if event.to_status == Status.SUBMITTED:
        return "Given back to the queue (unassigned)"
    if event.to_status == Status.IN_PROGRESS:
        return f"Reopened and held by {held_by}" if event.from_status == Status.CLOSED else "Work started"
    if event.to_status == Status.CLOSED:
        return f"Closed. Outcome: {_label(Outcome, outcome)}" if outcome else "Closed"
    return _label(Status, event.to_status)


def _status_items(request, events, outcomes: list[str]) -> list[TimelineItem]:
    items, closures = [], 0
    for event in events:
        if not event.from_status and event.to_status == Status.SUBMITTED:
            continue  # the submission itself, shown with the answers
        outcome = ""
        if event.to_status == Status.CLOSED:
            # Outcomes come from the audit, one per closure; the latest is also on the request itself.
            outcome = outcomes[closures] if closures < len(outcomes) else request.outcome
            closures += 1
        items.append(TimelineItem(event.at, _status_title(event, outcome), by=_who(event), text=event.reason))
    return items


def _audit_items(request, audits) -> list[TimelineItem]:
    items = []
    route_audits = [a for a in audits if a.action == "request.route"]
    for audit in audits:
        if audit.action == "request.route":
            detail = audit.detail
            title = ("Route changed from the proposed one: " if detail.get("overridden") else "Proposed route confirmed: ")
            title += _label(Route, detail.get("route", ""))
            text = detail.get("reason", "") if detail.get("overridden") else ""
            if audit is route_audits[-1] and request.route_entry_id and request.route_entry.route == detail.get("route"):
                text = f"{request.route_entry.description}. {text}".strip()
            items.append(TimelineItem(audit.at, title, by=_who(audit), text=text))
        elif audit.action == "request.practice_acknowledge":
            items.append(TimelineItem(audit.at, f"Acknowledged by {request.practice.display_name}", by=_who(audit)))
    return items


def timeline(request, answers: list[dict]) -> list[TimelineItem]:
    events = list(request.status_events.select_related("actor", "assignee"))
    audits = list(AuditEvent.objects.select_related("actor").filter(
        object_type="ConsultationRequest", object_id=str(request.pk), action__in=TIMELINE_AUDIT_ACTIONS
    ).order_by("at", "id"))
    outcomes = [a.detail.get("outcome", "") for a in audits if a.action == "request.outcome"]
    items = [_submission(request, answers), *_status_items(request, events, outcomes), *_audit_items(request, audits)]
    for attempt in request.contact_attempts.select_related("by"):
        title = f"{attempt.get_channel_display()}: {attempt.get_result_display().lower()}"
        items.append(TimelineItem(attempt.at, title, by=attempt.by.display_name, text=attempt.message))
    for note in request.notes.select_related("author"):
        items.append(TimelineItem(note.at, "Note", by=note.author.display_name, text=note.text))
    for position, item in enumerate(items):
        item.order = position
    return sorted(items, key=lambda item: (item.at, item.order))
