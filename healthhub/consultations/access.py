"""Which requests a user may see, and what each kind of user may do: the one place staff
queries are scoped and roles are turned into permissions."""

from healthhub.accounts.models import CLINICAL_ROLES, Role, User

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


def can_use_work_queue(user) -> bool:
    """Hub and practice staff. ICB analysts see aggregate reports only, never a patient's request."""
    return getattr(user, "is_hub_staff", False) or getattr(user, "is_practice_staff", False)


def can_distribute(user) -> bool:
    """Administrators share out the work; the clinical director, who leads the team, may too."""
    return can_act_on_requests(user) and user.role in {Role.HUB_ADMINISTRATOR, Role.CLINICAL_DIRECTOR}


def can_make_clinical_decisions(user) -> bool:
    """Taking a request, its route and its outcome are for clinicians: triage nurses, GPs, the clinical director."""
    return getattr(user, "is_clinician", False)


def oversees_clinical_work(user) -> bool:
    return can_make_clinical_decisions(user) and user.role == Role.CLINICAL_DIRECTOR


def can_edit_outcomes_matrix(user) -> bool:
    return oversees_clinical_work(user)


def clinicians_of_hub(hub_id):
    """The people requests can be given to: active clinicians of one hub."""
    if hub_id is None:
        return User.objects.none()
    return User.objects.filter(hub_id=hub_id, role__in=CLINICAL_ROLES, is_active=True).order_by("first_name", "last_name", "username")


def hub_of(user):
    """The hub whose work a user sees: their own, or the one serving their practice."""
    if getattr(user, "is_hub_staff", False):
        return user.hub_id
    if getattr(user, "is_practice_staff", False):
        return user.practice.hub_id
    return None
