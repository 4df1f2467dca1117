"""Secure by default: login required, CSRF, CSP with nonces, security headers, production settings."""

import re
import runpy
import warnings
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client, override_settings

from tests import factories

STAFF_PAGES = ["/organisations/intake/", "/organisations/intake/G82106/", "/audit/", "/practice/for_caller/"]
PUBLIC_PAGES = [
    "/",
    "/accessibility/",
    "/privacy/",
    "/accounts/sign-in/",
    "/accounts/sign-out/",
    "/practice/choose_practice/",
    "/practice/choose_practice/?q=riverside",
    "/practice/G82106/",
    "/practice/G82106/request-type/",
    "/practice/G82106/get-help-now/",
    "/practice/G82002/",
]


def sign_in_redirect_target(response) -> str:
    """The `next` a redirect to the sign-in page carries (fails if it is not such a redirect)."""
    assert response.status_code == 302, response.status_code
    location = urlsplit(response["Location"])
    assert location.path == "/accounts/sign-in/", response["Location"]
    return parse_qs(location.query)["next"][0]


@pytest.mark.parametrize("path", STAFF_PAGES)
def test_staff_pages_send_anonymous_visitors_to_sign_in_and_back(world, client, path):
    assert sign_in_redirect_target(client.get(path)) == path


def test_the_whole_address_survives_the_trip_through_sign_in(world, client):
    path = "/audit/?actor=gary&action=request.view&since=2026-01-01"
    assert sign_in_redirect_target(client.get(path)) == path


def test_a_post_to_a_staff_page_by_an_anonymous_visitor_changes_nothing(world, client):
    response = client.post("/organisations/intake/G82106/", {"message": "Closed"})
    assert sign_in_redirect_target(response) == "/organisations/intake/G82106/"
    world.practice_a.refresh_from_db()
    assert not getattr(getattr(world.practice_a, "intake_status", None), "medical_paused", False)


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_pages_opt_out_of_sign_in(world, client, path):
    assert client.get(path).status_code == 200


@override_settings(WHITENOISE_USE_FINDERS=True)
def test_static_files_need_no_sign_in(db, client):
    response = client.get("/static/healthhub/init.js")
    assert response.status_code == 200


# --- CSRF ------------------------------------------------------------------------------------


@pytest.fixture
def csrf_client():
    return Client(enforce_csrf_checks=True)


def _csrf_token(client, path: str) -> str:
    client.get(path)
    return client.cookies["csrftoken"].value


def test_sign_in_refuses_a_post_without_a_csrf_token(world, csrf_client):
    response = csrf_client.post("/accounts/sign-in/", {"username": "gp_gary", "password": "correct-horse-battery"})
    assert response.status_code == 403
    assert "_auth_user_id" not in csrf_client.session


def test_sign_in_accepts_a_post_with_its_csrf_token(world, csrf_client):
    token = _csrf_token(csrf_client, "/accounts/sign-in/")
    response = csrf_client.post(
        "/accounts/sign-in/", {"username": "gp_gary", "password": "correct-horse-battery", "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302


def test_a_patient_form_refuses_a_post_without_a_csrf_token(world, csrf_client):
    response = csrf_client.post("/practice/G82106/request-type/", {"request_type": "admin"})
    assert response.status_code == 403
    assert "intake_draft" not in csrf_client.session


def test_a_patient_form_accepts_a_post_with_its_csrf_token(world, csrf_client):
    token = _csrf_token(csrf_client, "/practice/G82106/request-type/")
    response = csrf_client.post("/practice/G82106/request-type/", {"request_type": "admin", "csrfmiddlewaretoken": token})
    assert response.status_code == 302


def test_a_staff_change_refuses_a_post_without_a_csrf_token(world, csrf_client):
    factories.sign_in(csrf_client, world.hub_admin)
    response = csrf_client.post("/organisations/intake/G82106/", {"message": "We are at capacity today. Call 111."})
    assert response.status_code == 403
    world.practice_a.refresh_from_db()
    assert not getattr(getattr(world.practice_a, "intake_status", None), "medical_paused", False)


def test_sign_out_refuses_a_post_without_a_csrf_token(world, csrf_client):
    factories.sign_in(csrf_client, world.gp)
    assert csrf_client.post("/accounts/sign-out/").status_code == 403
    assert csrf_client.get("/organisations/intake/").status_code == 200


# --- CSP and security headers -----------------------------------------------------------------


def _pages_as_each_kind_of_visitor(world, client):
    """(label, response) for HTML pages across the product, signed out and in, errors included."""
    yield "home", client.get("/")
    yield "sign-in", client.get("/accounts/sign-in/")
    yield "practice start", client.get("/practice/G82106/")
    yield "not found", client.get("/practice/NOSUCH/")
    factories.sign_in(client, world.clinical_director)
    yield "audit", client.get("/audit/")
    yield "intake settings", client.get("/organisations/intake/")
    factories.sign_in(client, world.icb_analyst)
    yield "forbidden", client.get("/audit/")


def _script_src(policy: str) -> str:
    return next(part.strip() for part in policy.split(";") if part.strip().startswith("script-src"))


def test_every_html_response_has_a_strict_csp_with_a_fresh_nonce(world, client):
    nonces = []
    for label, response in _pages_as_each_kind_of_visitor(world, client):
        assert response["Content-Type"].startswith("text/html"), label
        policy = response["Content-Security-Policy"]
        script_src = _script_src(policy)
        assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src, label
        nonce = re.search(r"'nonce-([^']+)'", script_src).group(1)
        nonces.append(nonce)
        for tag in re.findall(r"<script\b[^>]*>", response.content.decode()):
            assert "src=" in tag or f'nonce="{nonce}"' in tag, f"{label}: inline script without this response's nonce: {tag}"
        assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy, label
    assert len(set(nonces)) == len(nonces), "a nonce was used twice"


def test_security_headers_on_every_page(world, client):
    for label, response in _pages_as_each_kind_of_visitor(world, client):
        assert response["X-Content-Type-Options"] == "nosniff", label
        assert response["Referrer-Policy"] == "same-origin", label
        assert response["X-Frame-Options"] == "DENY", label
        assert "camera=()" in response["Permissions-Policy"], label


@override_settings(SECURE_HSTS_SECONDS=31536000, SECURE_HSTS_INCLUDE_SUBDOMAINS=True)
def test_hsts_is_sent_over_https(db, client):
    response = client.get("/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


# --- Production settings ----------------------------------------------------------------------


def _production_settings(monkeypatch, **environment):
    """Load the settings module afresh as a production deployment would, with only these variables."""
    for name in ("HEALTHHUB_DEBUG", "HEALTHHUB_SECURE_COOKIES", "HEALTHHUB_REQUIRE_2FA", "HEALTHHUB_SECRET_KEY"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # the test settings module is already imported
        return runpy.run_module("healthhub.config.settings", run_name="production_settings")


def test_production_settings_are_secure_by_default(monkeypatch):
    settings = _production_settings(monkeypatch, HEALTHHUB_DEBUG="false", HEALTHHUB_SECRET_KEY="a-long-random-production-key")
    assert settings["DEBUG"] is False
    assert settings["SESSION_COOKIE_SECURE"] is True and settings["SESSION_COOKIE_HTTPONLY"] is True
    assert settings["CSRF_COOKIE_SECURE"] is True
    assert settings["SESSION_COOKIE_SAMESITE"] in {"Lax", "Strict"}
    assert settings["SECURE_HSTS_SECONDS"] >= 31536000 and settings["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert settings["X_FRAME_OPTIONS"] == "DENY" and settings["SECURE_CONTENT_TYPE_NOSNIFF"] is True
    assert settings["REQUIRE_STAFF_2FA"] is True
    assert 0 < settings["SESSION_IDLE_TIMEOUT_SECONDS"] <= 30 * 60
    assert settings["PASSWORD_HASHERS"][0].endswith("Argon2PasswordHasher")
    assert "django.middleware.csrf.CsrfViewMiddleware" in settings["MIDDLEWARE"]
    assert "healthhub.core.middleware.LoginRequiredMiddleware" in settings["MIDDLEWARE"]


def test_debug_is_off_unless_asked_for(monkeypatch):
    assert _production_settings(monkeypatch, HEALTHHUB_SECRET_KEY="a-long-random-production-key")["DEBUG"] is False


def test_production_refuses_to_start_without_a_secret_key(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="HEALTHHUB_SECRET_KEY"):
        _production_settings(monkeypatch, HEALTHHUB_DEBUG="false")


def test_a_mistyped_switch_stops_start_up_rather_than_guessing(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="HEALTHHUB_DEBUG"):
        _production_settings(monkeypatch, HEALTHHUB_DEBUG="maybe", HEALTHHUB_SECRET_KEY="key")
