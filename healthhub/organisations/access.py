"""Which practices a user may see and manage: the one place organisation queries are scoped."""

from .models import Practice


def practices_visible_to(user):
    """Hub staff see their hub's practices; practice staff their own; ICB analysts every practice."""
    practices = Practice.objects.select_related("intake_status")
    if not getattr(user, "is_authenticated", False):
        return practices.none()
    if user.is_hub_staff:
        return practices.filter(hub_id=user.hub_id)
    if user.is_practice_staff:
        return practices.filter(pk=user.practice_id)
    if user.is_icb_analyst:
        return practices.all()
    return practices.none()


def can_manage_intake(user) -> bool:
    """Hub and practice staff may pause their practices' medical intake; analysts only watch."""
    return getattr(user, "is_hub_staff", False) or getattr(user, "is_practice_staff", False)


def intake_practices_for(user):
    """The practices whose online intake this user may pause or resume: those the hub serves."""
    if not can_manage_intake(user):
        return Practice.objects.none()
    return practices_visible_to(user).served_by_hub()
