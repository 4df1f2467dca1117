"""Limit how often one client address may post the public forms.

A fixed window per client address, counted in Django's cache so every web process
behind the load balancer shares the count (use the Redis cache in production).
Only POSTs count: reading pages is never limited.
"""

import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache

from .audit import client_ip
from .rendering import page

TOO_MANY_TITLE = "Sorry, you have sent too many forms"
TOO_MANY_MESSAGE = (
    "To protect the service we limit how many forms can be sent from one place in a short time. "
    "Wait a minute and try again. Nothing you have already sent has been lost. "
    "If you need help urgently, go to 111.nhs.uk or call 111. In an emergency call 999."
)


def over_limit(request) -> tuple[bool, int]:
    """Count this POST; return whether the address is over the limit and seconds until the window ends."""
    window = settings.PUBLIC_FORM_RATE_WINDOW_SECONDS
    now = int(time.time())
    window_start = now - now % window
    key = f"public-form-posts:{client_ip(request) or 'unknown'}:{window_start}"
    cache.add(key, 0, timeout=window + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # the entry expired between add and incr: this is the first post of a new window
        cache.set(key, 1, timeout=window + 1)
        count = 1
    return count > settings.PUBLIC_FORM_RATE_LIMIT, window_start + window - now


def rate_limited(view):
    """Refuse a public POST with 429 once its address has posted too often in the current window."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method == "POST":
            limited, retry_after = over_limit(request)
            if limited:
                response = page(request, "core/error.jinja", TOO_MANY_TITLE, status=429, message=TOO_MANY_MESSAGE)
                response["Retry-After"] = str(max(retry_after, 1))
                return response
        return view(request, *args, **kwargs)

    return wrapper
