"""Public form posts are limited per client address; pages can still be read."""

import time_machine
from django.test import override_settings

from healthhub.consultations.models import ConsultationRequest

LIMITED = override_settings(PUBLIC_FORM_RATE_LIMIT=3, PUBLIC_FORM_RATE_WINDOW_SECONDS=60)


@LIMITED
def test_posting_more_than_the_limit_returns_429_with_an_nhs_page(world, client):
    with time_machine.travel("2026-03-02 10:00:05", tick=False):
        for _ in range(3):
            assert client.post("/practice/G82106/request-type/", {"request_type": "admin"}).status_code == 302
        response = client.post("/practice/G82106/request-type/", {"request_type": "admin"})
    page = response.content.decode()
    assert response.status_code == 429
    assert response["Retry-After"] == "55"
    assert "Sorry, you have sent too many forms" in page and "nhsuk-header" in page


@LIMITED
def test_reading_pages_is_not_limited(world, client):
    for _ in range(10):
        assert client.get("/practice/G82106/request-type/").status_code == 200


@LIMITED
def test_the_limit_is_per_client_address(world, client):
    for _ in range(4):
        client.post("/practice/G82106/request-type/", {"request_type": "admin"}, REMOTE_ADDR="203.0.113.1")
    response = client.post("/practice/G82106/request-type/", {"request_type": "admin"}, REMOTE_ADDR="203.0.113.2")
    assert response.status_code == 302


@LIMITED
def test_the_count_starts_again_in_the_next_window(world, client):
    with time_machine.travel("2026-03-02 10:00:00", tick=False):
        for _ in range(4):
            client.post("/practice/G82106/request-type/", {"request_type": "admin"})
    with time_machine.travel("2026-03-02 10:01:00", tick=False):
        assert client.post("/practice/G82106/request-type/", {"request_type": "admin"}).status_code == 302


@override_settings(PUBLIC_FORM_RATE_LIMIT=1)
def test_a_limited_submit_stores_nothing(world, client):
    client.post("/practice/G82106/request-type/", {"request_type": "admin"})
    key = client.session["intake_draft"]["idempotency_key"]
    response = client.post("/practice/G82106/check-answers/", {"idempotency_key": key})
    assert response.status_code == 429
    assert not ConsultationRequest.objects.exists()


@override_settings(PUBLIC_FORM_RATE_LIMIT=1, BEHIND_PROXY=True, SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"))
def test_behind_the_proxy_each_forwarded_client_is_counted_apart(world, client):
    client.post("/practice/G82106/request-type/", {"request_type": "admin"}, HTTP_X_FORWARDED_FOR="198.51.100.7")
    second_client = client.post("/practice/G82106/request-type/", {"request_type": "admin"}, HTTP_X_FORWARDED_FOR="198.51.100.8")
    same_client = client.post("/practice/G82106/request-type/", {"request_type": "admin"}, HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert second_client.status_code == 302
    assert same_client.status_code == 429
