"""Who may do what to a request, and when: the views enforce it, the pages offer only what it allows.

Two kinds of "no" are kept apart. A role that may never do something gets 403 (PermissionDenied).
A request whose state has moved on (someone else took it, it was closed a moment ago) is normal
in a busy team: the user gets a clear message saying why, not an error page.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from healthhub.consultations import access
from healthhub.consultations.models import ConsultationRequest, Route, Status
from healthhub.consultations.workflow import TRANSITIONS


class ActionNotAvailable(Exception):
    """The request's state does not allow this action now; the message says why."""


def _holder_name(request) -> str:
    return request.assignee.display_name if request.assignee_id else "nobody"


def _is_holder(user, request) -> bool:
    return request.assignee_id is not None and request.assignee_id == user.pk


def _can_move(request, to_status: str) -> bool:
    return to_status in TRANSITIONS.get(request.status, set())


def _claim_state(user, request) -> str | None:
    if _is_holder(user, request):
        return "You have already taken this request"
    if request.assignee_id:
        return f"This request has already been taken by {_holder_name(request)}"
    if request.status != Status.SUBMITTED or not _can_move(request, Status.ASSIGNED):
        return f"This request is {request.get_status_display().lower()} and cannot be taken"
    return None


def _assign_state(user, request) -> str | None:
    return None if _can_move(request, Status.ASSIGNED) else "A closed request cannot be assigned. Reopen it first"


def _unassign_role(user) -> bool:
    return access.can_distribute(user) or access.can_make_clinical_decisions(user)


def _unassign_state(user, request) -> str | None:
    if request.status != Status.ASSIGNED or not _can_move(request, Status.SUBMITTED):
        return "Only a request that is assigned and not yet started can be given back to the queue"
    if not access.can_distribute(user) and not _is_holder(user, request):
        return f"This request is held by {_holder_name(request)}. Ask an administrator to change who holds it"
    return None


def _start_state(user, request) -> str | None:
    if request.status != Status.ASSIGNED or not _can_move(request, Status.IN_PROGRESS):
        return f"This request is {request.get_status_display().lower()} and cannot be started"
    if not _is_holder(user, request):
        return f"Only {_holder_name(request)}, who holds this request, can start it"
    return None


def _open_state(user, request) -> str | None:
    return None if request.is_open else "This request is closed. Reopen it first"


def _outcome_state(user, request) -> str | None:
    if not _can_move(request, Status.CLOSED):
        return "Take this request before recording its outcome" if request.is_open else "This request is already closed"
    # Administrators capture the outcome the clinician decided (DOMAIN.md 1), so they may record it too.
    if not (_is_holder(user, request) or access.oversees_clinical_work(user) or access.can_distribute(user)):
        return (f"This request is held by {_holder_name(request)}. Only they, an administrator or the clinical director "
                "can record its outcome")
    return None


def _outcome_role(user) -> bool:
    return access.can_make_clinical_decisions(user) or access.can_distribute(user)


def _reopen_state(user, request) -> str | None:
    if request.status != Status.CLOSED or not _can_move(request, Status.IN_PROGRESS):
        return "Only a closed request can be reopened"
    return None


def _acknowledge_state(user, request) -> str | None:
    if request.route != Route.HOME_PRACTICE:
        return "This request has not been sent back to your practice"
    if request.practice_acknowledged_at is not None:
        return "Your practice has already acknowledged this request"
    return None


@dataclass(frozen=True)
class Action:
    role: Callable  # (user) -> bool: False means 403
    state: Callable  # (user, request) -> refusal message, or None when allowed now


ACTIONS: dict[str, Action] = {
    "claim": Action(access.can_make_clinical_decisions, _claim_state),
    "assign": Action(access.can_distribute, _assign_state),
    "unassign": Action(_unassign_role, _unassign_state),
    "start": Action(access.can_make_clinical_decisions, _start_state),
    "route": Action(access.can_make_clinical_decisions, _open_state),
    "outcome": Action(_outcome_role, _outcome_state),
    "reopen": Action(access.can_make_clinical_decisions, _reopen_state),
    "note": Action(access.can_act_on_requests, lambda user, request: None),
    "contact": Action(access.can_act_on_requests, _open_state),
    # Practice staff only ever find their own practice's requests (visible_request), so this is their practice.
    "acknowledge": Action(lambda user: getattr(user, "is_practice_staff", False), _acknowledge_state),
}


def offered(user, request) -> set[str]:
    """The actions to show on the request's page: allowed for this user and for the request as it is now."""
    return {name for name, action in ACTIONS.items() if action.role(user) and action.state(user, request) is None}


def check(name: str, user, request) -> None:
    action = ACTIONS[name]
    if not action.role(user):
        raise PermissionDenied
    refusal = action.state(user, request)
    if refusal:
        raise ActionNotAvailable(refusal)


def work_queue_page(view):
    """Every page under /hub/: hub and practice staff only (ICB analysts and others get 403)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not access.can_use_work_queue(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def visible_request(user, reference: str) -> ConsultationRequest:
    """A request this user may see; anyone else's is not found (404), so references cannot be probed."""
    requests = access.requests_visible_to(user).select_related("practice", "patient", "assignee", "route_entry", "entered_by")
    return get_object_or_404(requests, reference=reference.upper())
