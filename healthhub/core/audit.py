"""Write the audit trail. Every state change and every view of patient data calls this."""

from dataclasses import dataclass

from django.conf import settings

from .inserts import insert
from .models import AuditEvent


class AuditActorRequired(ValueError):
    """An audited write was attempted without saying who did it."""


@dataclass(frozen=True)
class Actor:
    """Who acted: a staff user, or a named non-user (a patient, an API client, the system)."""

    label: str
    user: object | None = None
    ip_address: str | None = None

    @classmethod
    def staff(cls, user, ip_address: str | None = None) -> "Actor":
        return cls(label=f"{user.display_name} ({user.username})", user=user, ip_address=ip_address)

    @classmethod
    def from_request(cls, request) -> "Actor":
        return cls.staff(request.user, client_ip(request))


def client_ip(request) -> str | None:
    """The address of the person's machine, for the audit trail and rate limits.

    Behind our load balancer the connection comes from the balancer, which appends the address it
    saw as the last X-Forwarded-For entry; earlier entries are whatever the client claimed.
    """
    if settings.BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")[-1].strip()
        if forwarded:
            return forwarded
    return request.META.get("REMOTE_ADDR")


def require_actor(actor: Actor | None, action: str) -> None:
    if actor is None or not actor.label:
        raise AuditActorRequired(f"{action} needs an actor")


def record(actor: Actor | None, action: str, obj, *, label: str = "", **detail) -> AuditEvent:
    require_actor(actor, action)
    return insert(AuditEvent(
        actor=actor.user,
        actor_label=actor.label,
        action=action,
        # No object: an event about something that does not exist, such as a sign-in to an unknown username.
        object_type=type(obj).__name__ if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_label=(label or str(obj))[:200] if obj is not None else label[:200],
        detail=detail,
        ip_address=actor.ip_address,
    ))
