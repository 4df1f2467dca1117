"""The public-form rate limit (healthhub/core/ratelimit.py), exercised on a bare view."""

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.test import RequestFactory, override_settings

from healthhub.core.ratelimit import TOO_MANY_TITLE, rate_limited

LIMIT = override_settings(PUBLIC_FORM_RATE_LIMIT=2, PUBLIC_FORM_RATE_WINDOW_SECONDS=60)
calls = []


@rate_limited
def form_view(request):
    calls.append(request.method)
    return HttpResponse("ok")


@pytest.fixture(autouse=True)
def fresh_calls():
    calls.clear()


def _request(method="post", address="203.0.113.5", **extra):
    request = getattr(RequestFactory(), method)("/practice/G82106/request-type/", REMOTE_ADDR=address, **extra)
    request.user = AnonymousUser()
    request.csp_nonce = "test-nonce"
    return request


@LIMIT
def test_posts_over_the_limit_are_refused_before_the_view_runs(db):
    with time_machine.travel("2026-03-02 10:00:30 +00:00", tick=False):
        assert [form_view(_request()).status_code for _ in range(3)] == [200, 200, 429]
        refused = form_view(_request())
    assert calls == ["POST", "POST"]
    assert refused["Retry-After"] == "30"
    assert TOO_MANY_TITLE in refused.content.decode()


@LIMIT
def test_reading_is_never_counted(db):
    for _ in range(10):
        assert form_view(_request("get")).status_code == 200
    assert form_view(_request()).status_code == 200


@LIMIT
def test_a_forged_forwarded_header_does_not_reset_the_count_without_a_proxy(db):
    for number in range(3):
        response = form_view(_request(HTTP_X_FORWARDED_FOR=f"198.51.100.{number}"))
    assert response.status_code == 429


@LIMIT
def test_other_addresses_are_unaffected(db):
    for _ in range(3):
        form_view(_request(address="203.0.113.5"))
    assert form_view(_request(address="203.0.113.6")).status_code == 200
