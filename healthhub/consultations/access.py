"""Which requests a user may see: the one place staff queries are scoped."""

from .models import ConsultationRequest


def requests_visible_to(user):
    """Hub staff see their hub's practices; practice staff their own practice; nobody else any."""
    requests = ConsultationRequest.objects.all()
    if not getattr(user, "is_authenticated", False):
        return requests.none()
    if user.is_hub_staff:
        return requests.for_hub(user.hub_id)
    if user.is_practice_staff:
        return requests.for_practice(user.practice_id)
    return requests.none()


def can_act_on_requests(user) -> bool:
    return getattr(user, "is_hub_staff", False)
