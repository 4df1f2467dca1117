"""Security middleware: login (and 2FA) required by default, idle timeout, CSP with nonces."""

import secrets
import time

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

PUBLIC_ATTR = "healthhub_public"
NO_2FA_ATTR = "healthhub_before_2fa"


def _return_to(url_name: str, request) -> str:
    # Encoded, so an address with its own query string (?a=1&b=2) comes back whole.
    return f"{reverse(url_name)}?{urlencode({'next': request.get_full_path()})}"


def public(view):
    """Mark a view as open to anyone (patients, the FHIR API with its own auth)."""
    setattr(view, PUBLIC_ATTR, True)
    return view


def before_second_factor(view):
    """Mark a login-required view that a signed-in user may reach before 2FA (the 2FA pages)."""
    setattr(view, NO_2FA_ATTR, True)
    return view


def _view_flag(view_func, name: str) -> bool:
    func = getattr(view_func, "view_class", view_func)
    return getattr(view_func, name, False) or getattr(func, name, False)


class LoginRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if _view_flag(view_func, PUBLIC_ATTR) or request.path.startswith(settings.STATIC_URL):
            return None
        if not request.user.is_authenticated:
            return redirect(_return_to(settings.LOGIN_URL, request))
        if settings.REQUIRE_STAFF_2FA and not _view_flag(view_func, NO_2FA_ATTR):
            if not request.user.is_verified():
                return redirect(_return_to("accounts:two_factor", request))
        return None


class SessionTimeoutMiddleware:
    """Sign staff out after a period of inactivity (shared clinical workstations)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            last_seen = request.session.get("last_seen", now)
            if now - last_seen > settings.SESSION_IDLE_TIMEOUT_SECONDS:
                logout(request)
                return redirect(f"{reverse(settings.LOGIN_URL)}?timed_out=1")
            # A page polling for updates in the background is not the person at the keyboard. Saving
            # at most once a minute spares a session write on every page; the timeout is in minutes.
            background = "HTTP_X_BACKGROUND_REQUEST" in request.META
            if "last_seen" not in request.session or (not background and now - last_seen >= 60):
                request.session["last_seen"] = now
        return self.get_response(request)


class ContentSecurityPolicyMiddleware:
    """A strict CSP: scripts only from us or with this response's nonce."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.csp_nonce = secrets.token_urlsafe(16)
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = (
                "default-src 'self'; "
                f"script-src 'self' 'nonce-{request.csp_nonce}'; "
                "style-src 'self'; img-src 'self' data:; font-src 'self' https://assets.nhs.uk; "
                "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'"
            )
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        return response
