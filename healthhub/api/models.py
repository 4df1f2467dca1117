"""Registered API clients: a bearer token per client, stored only as a hash."""

import hashlib
import secrets

from django.core.cache import cache
from django.db import models


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def scope_cache_key(token_hash: str) -> str:
    """Where the resolved client of a token hash is cached (see healthhub.api.auth)."""
    return f"fhir-client:{token_hash}"


class ApiClient(models.Model):
    name = models.CharField(max_length=100, unique=True)
    # The organisation (a hub or a practice, by ODS code) whose data this client may see.
    organisation_ods_code = models.CharField(max_length=10)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    is_active = models.BooleanField(default=True)

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # A revoked (or re-bound) client must stop working now, not when the cached lookup expires.
        cache.delete(scope_cache_key(self.token_hash))

    def revoke(self) -> None:
        self.is_active = False
        self.save(update_fields=["is_active"])

    @classmethod
    def issue(cls, name: str, organisation_ods_code: str) -> tuple["ApiClient", str]:
        token = secrets.token_urlsafe(32)
        client = cls.objects.create(name=name, organisation_ods_code=organisation_ods_code, token_hash=hash_token(token))
        return client, token
