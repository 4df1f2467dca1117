"""Settings for the test suite: the same as production but for speed and local cookies."""

import os

os.environ.setdefault("HEALTHHUB_DEBUG", "false")
os.environ.setdefault("HEALTHHUB_SECRET_KEY", "test-only-secret-key-not-for-use")
os.environ.setdefault("HEALTHHUB_SECURE_COOKIES", "false")

from .settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only; production uses Argon2
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
ALLOWED_HOSTS = ["*"]
SECURE_HSTS_SECONDS = 0
WHITENOISE_AUTOREFRESH = True  # serve static files from the finders; no collectstatic before tests
