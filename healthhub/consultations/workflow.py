"""The request workflow as an explicit state machine.

submitted → assigned → in_progress → closed, with unassign (assigned → submitted),
hand-over (assigned/in_progress → assigned) and reopen with a reason (closed → in_progress).
"""

from .models import Status

TRANSITIONS: dict[str, set[str]] = {
    Status.SUBMITTED: {Status.ASSIGNED},
    Status.ASSIGNED: {Status.ASSIGNED, Status.IN_PROGRESS, Status.SUBMITTED, Status.CLOSED},
    Status.IN_PROGRESS: {Status.ASSIGNED, Status.CLOSED},
    Status.CLOSED: {Status.IN_PROGRESS},
}


class TransitionNotAllowed(Exception):
    def __init__(self, from_status: str, to_status: str):
        super().__init__(f"A request cannot move from {Status(from_status).label.lower()} to {Status(to_status).label.lower()}")
        self.from_status = from_status
        self.to_status = to_status


def check_transition(from_status: str, to_status: str) -> None:
    if to_status not in TRANSITIONS.get(from_status, set()):
        raise TransitionNotAllowed(from_status, to_status)
