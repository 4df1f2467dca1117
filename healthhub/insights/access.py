"""Who may see the outcomes report, and over which requests and practices: the one place the
report's queries are scoped.

The report only ever reads aggregates, so an ICB analyst may see every practice's figures; the
consultations access helper, which governs patient-level views, deliberately gives analysts none.
"""

from django.db.models import Exists, OuterRef, Q

from healthhub.consultations.access import requests_visible_to
from healthhub.consultations.models import ConsultationRequest
from healthhub.organisations.access import practices_visible_to


def can_see_outcomes_report(user) -> bool:
    return (
        getattr(user, "is_icb_analyst", False)
        or getattr(user, "is_hub_staff", False)
        or getattr(user, "is_practice_staff", False)
    )


def sees_exact_figures(user) -> bool:
    """Hub and practice staff see the requests themselves, so exact figures tell them nothing new.
    An ICB analyst sees every practice but no patient, so small numbers are suppressed for them,
    even one who also works for a hub, since their report spans practices outside it."""
    return not getattr(user, "is_icb_analyst", False)


def report_requests_for(user):
    """Requests whose figures this user may see: all for an ICB analyst, their hub's practices
    for hub staff, their own practice for practice staff."""
    if not can_see_outcomes_report(user):
        return ConsultationRequest.objects.none()
    if user.is_icb_analyst:
        return ConsultationRequest.objects.all()
    return requests_visible_to(user)


def report_practices_for(user):
    """The practices a user can choose in the report: those they may see that a hub serves now
    or that have requests from when one did. Practices that never used the hub would only add
    empty rows."""
    if not can_see_outcomes_report(user):
        return practices_visible_to(user).none()
    has_requests = Exists(report_requests_for(user).filter(practice=OuterRef("pk")).order_by())
    return (
        practices_visible_to(user)
        .filter(Q(hub__isnull=False) | has_requests)
        .select_related("pcn")
        .order_by("pcn__name", "name")
    )
