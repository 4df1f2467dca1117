"""A form posted without its CSRF token is refused with an NHS-styled page that says what to do."""

from django.test import Client


def test_a_post_without_a_csrf_token_gets_the_nhs_styled_refusal(db):
    response = Client(enforce_csrf_checks=True).post("/accounts/sign-in/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    body = response.content.decode()
    assert "Your form could not be sent" in body
    assert "nhsuk-header" in body
