"""Bearer tokens of registered API clients, and what each client may see.

A token is looked up by its SHA-256 hash through a unique index: the secret itself is
never compared (or stored), so there is no byte-by-byte comparison to time. The
resolved client is cached briefly, keyed by the hash, to keep one database round trip
off every submission; revoking a client clears its entry (with Redis as the cache every
web process sees that at once; with the per-process cache, within SCOPE_CACHE_SECONDS).
"""

import re
from dataclasses import dataclass

from django.core.cache import cache
from ninja.security import HttpBearer

from healthhub.consultations.models import ConsultationRequest
from healthhub.core.audit import Actor, client_ip
from healthhub.organisations.models import Hub, Practice

from .models import ApiClient, hash_token, scope_cache_key

SCOPE_CACHE_SECONDS = 30
# What ApiClient.issue hands out (token_urlsafe); anything else cannot be a token.
_TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_\-]{20,128}")


@dataclass(frozen=True)
class ClientScope:
    """A registered client, bound to a hub or to one practice."""

    client_id: int
    name: str
    ods_code: str
    hub_id: int | None = None
    practice_id: int | None = None

    def actor(self, request) -> Actor:
        return Actor(label=f"API client {self.name} ({self.ods_code})", ip_address=client_ip(request))


def _load_scope(token_hash: str) -> ClientScope | None:
    client = ApiClient.objects.filter(token_hash=token_hash, is_active=True).only("id", "name", "organisation_ods_code").first()
    if client is None:
        return None
    scope = {"client_id": client.pk, "name": client.name, "ods_code": client.organisation_ods_code}
    hub_id = Hub.objects.filter(ods_code=client.organisation_ods_code).values_list("pk", flat=True).first()
    if hub_id is not None:
        return ClientScope(**scope, hub_id=hub_id)
    practice_id = Practice.objects.filter(ods_code=client.organisation_ods_code).values_list("pk", flat=True).first()
    if practice_id is not None:
        return ClientScope(**scope, practice_id=practice_id)
    return None  # its organisation no longer exists: the client can see nothing


def scope_for_token(token: str) -> ClientScope | None:
    if not _TOKEN_SHAPE.fullmatch(token):
        return None
    token_hash = hash_token(token)
    scope = cache.get(scope_cache_key(token_hash))
    if scope is None:
        scope = _load_scope(token_hash)
        if scope is not None:
            cache.set(scope_cache_key(token_hash), scope, SCOPE_CACHE_SECONDS)
    return scope


class ApiClientBearer(HttpBearer):
    def authenticate(self, request, token: str) -> ClientScope | None:
        return scope_for_token(token.strip())


def requests_visible_to_client(scope: ClientScope):
    """A hub client sees the requests of the practices its hub serves; a practice client its own."""
    requests = ConsultationRequest.objects.all()
    if scope.hub_id is not None:
        return requests.for_hub(scope.hub_id)
    if scope.practice_id is not None:
        return requests.for_practice(scope.practice_id)
    return requests.none()
