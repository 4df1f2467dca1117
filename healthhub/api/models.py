"""Registered API clients: a bearer token per client, stored only as a hash."""

import hashlib
import secrets

from django.db import models


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class ApiClient(models.Model):
    name = models.CharField(max_length=100, unique=True)
    # The organisation (a hub or a practice, by ODS code) whose data this client may see.
    organisation_ods_code = models.CharField(max_length=10)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    is_active = models.BooleanField(default=True)

    def __str__(self) -> str:
        return self.name

    @classmethod
    def issue(cls, name: str, organisation_ods_code: str) -> tuple["ApiClient", str]:
        token = secrets.token_urlsafe(32)
        client = cls.objects.create(name=name, organisation_ods_code=organisation_ods_code, token_hash=hash_token(token))
        return client, token
