"""The address recorded in the audit trail and used by rate limits."""

from django.test import RequestFactory

from healthhub.core.audit import client_ip


def test_without_a_proxy_the_peer_address_counts_and_forwarded_headers_are_ignored(settings):
    settings.BEHIND_PROXY = False
    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR="198.51.100.1")
    assert client_ip(request) == "203.0.113.7"


def test_behind_the_load_balancer_the_address_it_appended_counts(settings):
    settings.BEHIND_PROXY = True
    # The client claims 198.51.100.1; the balancer appends what it really saw.
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.7")
    assert client_ip(request) == "203.0.113.7"


def test_behind_the_load_balancer_without_the_header_the_peer_counts(settings):
    settings.BEHIND_PROXY = True
    assert client_ip(RequestFactory().get("/", REMOTE_ADDR="10.0.0.2")) == "10.0.0.2"
