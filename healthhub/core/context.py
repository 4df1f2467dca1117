"""Values every page template needs: the CSP nonce and the signed-in user's navigation."""

from django.conf import settings


def navigation(request) -> dict:
    return {
        "csp_nonce": getattr(request, "csp_nonce", ""),
        "hub_name": settings.HEALTHHUB_HUB_NAME,
        "user": getattr(request, "user", None),
    }
