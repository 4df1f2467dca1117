"""Who may see and do what in remote monitoring: the one place its queries are scoped.

The virtual ward is the hub's: its staff see their hub's enrolments and alerts. Clinical acts
(recording observations, acknowledging alerts, setting targets, discharging) are for clinicians;
administrators see the caseload, enrol patients and send readings links. Practice staff and ICB
analysts see none of it.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from .models import Alert, Enrolment


def can_use_monitoring(user) -> bool:
    return getattr(user, "is_hub_staff", False)


def can_act_clinically(user) -> bool:
    return getattr(user, "is_clinician", False)


def enrolments_visible_to(user):
    if not can_use_monitoring(user):
        return Enrolment.objects.none()
    return Enrolment.objects.for_hub(user.hub_id)


def alerts_visible_to(user):
    if not can_use_monitoring(user):
        return Alert.objects.none()
    return Alert.objects.for_hub(user.hub_id)


def require_monitoring(user) -> None:
    if not can_use_monitoring(user):
        raise PermissionDenied


def require_clinician(user) -> None:
    if not can_act_clinically(user):
        raise PermissionDenied


def enrolment_for(user, enrolment_id: int) -> Enrolment:
    """403 for a role that may never see monitoring; 404 for an enrolment outside the user's hub."""
    require_monitoring(user)
    return get_object_or_404(enrolments_visible_to(user).select_related("patient", "patient__practice", "responsible_clinician"),
                             pk=enrolment_id)


def alert_for(user, alert_id: int) -> Alert:
    require_monitoring(user)
    return get_object_or_404(alerts_visible_to(user).select_related("enrolment__patient", "observation_set"), pk=alert_id)
