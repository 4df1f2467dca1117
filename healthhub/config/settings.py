"""Settings for every environment, read from the environment (see README)."""

from pathlib import Path

import dj_database_url

from .env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent
DEBUG = env_bool("HEALTHHUB_DEBUG", False)
SECRET_KEY = env_str("HEALTHHUB_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("HEALTHHUB_SECRET_KEY must be set when HEALTHHUB_DEBUG is off")
    SECRET_KEY = "insecure-local-development-key-only"  # noqa: S105 - local runs only
ALLOWED_HOSTS = env_list("HEALTHHUB_ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("HEALTHHUB_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "ninja",  # serves the API docs page's assets locally, within our CSP
    "healthhub.core.apps.Config",
    "healthhub.accounts.apps.Config",
    "healthhub.organisations.apps.Config",
    "healthhub.patients.apps.Config",
    "healthhub.notifications.apps.Config",
    "healthhub.consultations.apps.Config",
    "healthhub.insights.apps.Config",
    "healthhub.monitoring.apps.Config",
    "healthhub.api.apps.Config",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "healthhub.core.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "healthhub.core.middleware.LoginRequiredMiddleware",
    "healthhub.core.middleware.SessionTimeoutMiddleware",
]

ROOT_URLCONF = "healthhub.config.urls"
WHITENOISE_AUTOREFRESH = DEBUG
WSGI_APPLICATION = "healthhub.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "healthhub" / "templates"],
        "APP_DIRS": False,
        "OPTIONS": {
            "environment": "healthhub.config.jinja2.environment",
            "context_processors": ["healthhub.core.context.navigation"],
        },
    },
    {
        # The Django admin still uses Django templates.
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'healthhub.sqlite3'}"),
        conn_max_age=env_int("HEALTHHUB_DB_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "consultations:queue"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [("nhsuk", BASE_DIR / "node_modules" / "nhsuk-frontend" / "dist" / "nhsuk")]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# Security by default; local runs over plain HTTP switch the secure cookies off.
SECURE_COOKIES = env_bool("HEALTHHUB_SECURE_COOKIES", not DEBUG)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_HSTS_SECONDS = 0 if DEBUG else 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
BEHIND_PROXY = env_bool("HEALTHHUB_BEHIND_PROXY")
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "healthhub.core.views.csrf_failure"
SESSION_IDLE_TIMEOUT_SECONDS = env_int("HEALTHHUB_SESSION_IDLE_TIMEOUT", 30 * 60)
SESSION_COOKIE_AGE = env_int("HEALTHHUB_SESSION_MAX_AGE", 12 * 60 * 60)
REQUIRE_STAFF_2FA = env_bool("HEALTHHUB_REQUIRE_2FA", True)

# Public forms: requests per client address per window.
PUBLIC_FORM_RATE_LIMIT = env_int("HEALTHHUB_PUBLIC_FORM_RATE_LIMIT", 30)
PUBLIC_FORM_RATE_WINDOW_SECONDS = env_int("HEALTHHUB_PUBLIC_FORM_RATE_WINDOW", 60)

CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    if not env_str("HEALTHHUB_REDIS_URL")
    else {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": env_str("HEALTHHUB_REDIS_URL")}
}

# Reference data lives outside the repository (open data, see README).
HEALTHHUB_DATA_DIR = Path(env_str("HEALTHHUB_DATA_DIR", str(BASE_DIR.parent / "shared" / "data")))

# The hub this deployment runs (LOCAL).
HEALTHHUB_HUB_ODS_CODE = env_str("HEALTHHUB_HUB_ODS_CODE", "MSHUB1")
HEALTHHUB_HUB_NAME = env_str("HEALTHHUB_HUB_NAME", "Medway and Swale Health Hub")

# LOCAL rule: how many working days a request has before it must be closed.
HEALTHHUB_RESPONSE_WORKING_DAYS = env_int("HEALTHHUB_RESPONSE_WORKING_DAYS", 1)

# GOV.UK Notify: "recording" keeps messages in the outbox (development, tests);
# "notify" sends them with the API key.
NOTIFY_BACKEND = env_str("HEALTHHUB_NOTIFY_BACKEND", "recording")
NOTIFY_API_KEY = env_str("HEALTHHUB_NOTIFY_API_KEY", "")
NOTIFY_SMS_TEMPLATE_ID = env_str("HEALTHHUB_NOTIFY_SMS_TEMPLATE_ID", "")
NOTIFY_EMAIL_TEMPLATE_ID = env_str("HEALTHHUB_NOTIFY_EMAIL_TEMPLATE_ID", "")
NOTIFY_BASE_URL = env_str("HEALTHHUB_NOTIFY_BASE_URL", "https://api.notifications.service.gov.uk")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("HEALTHHUB_LOG_LEVEL", "INFO")},
}
