"""Staff sign-in with a second factor (TOTP), and sign-out."""

import base64
from io import BytesIO

import qrcode
import qrcode.image.svg
from django import forms
from django.contrib.auth import login, logout
from django.contrib.auth.forms import AuthenticationForm
from django.core.cache import cache
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from healthhub.core import audit
from healthhub.core.audit import Actor, client_ip
from healthhub.core.middleware import before_second_factor, public
from healthhub.core.rendering import page

from .models import User

MAX_FAILED_SIGN_INS = 10


def _next_url(request, default: str = "/") -> str:
    target = request.POST.get("next") or request.GET.get("next") or default
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return default


class SignInForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "Enter a correct username and password",
        "inactive": "This account is not active",
    }


@public
@require_http_methods(["GET", "POST"])
def sign_in(request):
    form = SignInForm(request, data=request.POST or None)
    form.fields["username"].error_messages["required"] = "Enter your username"
    form.fields["password"].error_messages["required"] = "Enter your password"
    throttle_key = f"sign-in-failures:{client_ip(request)}"
    if request.method == "POST":
        if (cache.get(throttle_key) or 0) >= MAX_FAILED_SIGN_INS:
            _record_failure(request, "staff.sign_in_refused_throttled")
            form.add_error(None, "Too many failed attempts. Wait 15 minutes and try again")
            return page(request, "accounts/sign_in.jinja", "Sign in", status=429, form=form, next=_next_url(request))
        if form.is_valid():
            login(request, form.get_user())
            audit.record(Actor.from_request(request), "staff.sign_in", request.user)
            return redirect(f"{reverse('accounts:two_factor')}?{urlencode({'next': _next_url(request)})}")
        cache.set(throttle_key, (cache.get(throttle_key) or 0) + 1, 15 * 60)
        _record_failure(request, "staff.sign_in_failed")
    timed_out = request.GET.get("timed_out") == "1"
    return page(request, "accounts/sign_in.jinja", "Sign in", form=form, next=_next_url(request), timed_out=timed_out)


def _record_failure(request, action: str) -> None:
    """Failed sign-ins are part of the audit trail: a run of them against one account is worth seeing."""
    username = request.POST.get("username", "")[:150]
    user = User.objects.filter(username=username).first() if username else None
    address = client_ip(request)
    audit.record(Actor(label=f"Unknown person at {address}", ip_address=address), action, user,
                 label=f"username {username!r}", username=username)


class CodeForm(forms.Form):
    code = forms.RegexField(
        regex=r"^\s*\d{6}\s*$",
        error_messages={"required": "Enter the 6-digit code from your authenticator app", "invalid": "Enter the code as 6 digits"},
    )


def _qr_svg(device: TOTPDevice) -> str:
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
    buffer = BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


@before_second_factor
@require_http_methods(["GET", "POST"])
def two_factor(request):
    """Verify a TOTP code; staff without a confirmed device first set one up."""
    device = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    setting_up = device is None
    if setting_up:
        device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first() or TOTPDevice.objects.create(
            user=request.user, name="Authenticator app", confirmed=False
        )
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"].strip()):
            if setting_up:
                device.confirmed = True
                device.save()
            otp_login(request, device)
            audit.record(Actor.from_request(request), "staff.second_factor", request.user, set_up=setting_up)
            return redirect(_next_url(request))
        audit.record(Actor.from_request(request), "staff.second_factor_failed", request.user)
        form.add_error("code", "The code is not right. Check your authenticator app and enter the latest code")
    secret = base64.b32encode(device.bin_key).decode() if setting_up else ""
    return page(
        request, "accounts/two_factor.jinja", "Set up two-factor authentication" if setting_up else "Enter your security code",
        form=form, setting_up=setting_up, secret=secret, qr=_qr_svg(device) if setting_up else "", next=_next_url(request),
    )


@public
@require_http_methods(["GET", "POST"])
def sign_out(request):
    if request.method == "POST":
        if request.user.is_authenticated:
            audit.record(Actor.from_request(request), "staff.sign_out", request.user)
        logout(request)
        return redirect("accounts:login")
    return page(request, "accounts/sign_out.jinja", "Sign out")
