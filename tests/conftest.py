"""The shared test world (see tests/factories.py): a hub serving two practices, one practice it
does not serve, and staff of every persona."""

import os
from importlib import import_module
from types import SimpleNamespace

import pytest
from django.apps import apps as django_apps
from django.conf import settings
from django.core.cache import cache

from healthhub.consultations.models import OutcomesMatrixEntry

from . import browser, factories


def pytest_runtest_setup(item):
    if item.get_closest_marker("postgres_only") and "postgresql" not in settings.DATABASES["default"]["ENGINE"]:
        pytest.skip("Needs PostgreSQL: SQLite serialises every write, so there is no race to lose")
    if item.get_closest_marker("browser") is None:
        return
    missing = browser.missing_browser_parts()
    if missing and browser.browser_required():
        pytest.fail(f"Browser tests need {missing}; HEALTHHUB_REQUIRE_BROWSER is set, so this is a failure.")
    if missing:
        pytest.skip(f"Browser test skipped: needs {missing}.")


@pytest.fixture(autouse=True)
def empty_cache():
    """Every test starts with an empty cache: no rate-limit or sign-in counts, no cached practice or API client."""
    cache.clear()
    yield
    cache.clear()


DATABASE_FIXTURES = {"db", "transactional_db", "django_db_reset_sequences", "django_db_serialized_rollback", "live_server"}


@pytest.fixture(autouse=True)
def outcomes_matrix(request):
    """The matrix is reference data a migration loads; a transactional test anywhere flushes it, so put it back.

    Only for tests that use the database: without one, no test database exists to put it in.
    """
    if not (request.node.get_closest_marker("django_db") or DATABASE_FIXTURES & set(request.fixturenames)):
        return
    request.getfixturevalue("django_db_setup")
    with request.getfixturevalue("django_db_blocker").unblock():
        if not OutcomesMatrixEntry.objects.exists():
            import_module("healthhub.consultations.migrations.0002_outcomes_matrix").load(django_apps, None)


@pytest.fixture(scope="session")
def browser_type_launch_args():
    # From here on Playwright's sync API keeps an event loop running in this thread for the rest of
    # the session; the ORM calls of these (and later) tests are still synchronous, so allow them.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    return {"executable_path": browser.CHROMIUM, "args": browser.LAUNCH_ARGS}


@pytest.fixture(scope="session")
def browser_context_args():
    # bypass_csp lets the test inject axe; the pages themselves still run under the strict CSP.
    return {"viewport": {"width": 320, "height": 800}, "bypass_csp": True}


@pytest.fixture
def world(db):
    hub = factories.make_hub()
    pcn = factories.make_pcn()
    practice_a = factories.make_practice("G82106", "RIVERSIDE MEDICAL PRACTICE", hub=hub, pcn=pcn)
    practice_b = factories.make_practice("G82203", "COURT VIEW SURGERY", hub=hub, pcn=pcn)
    unserved = factories.make_practice("G82002", "ST JAMES' SURGERY")
    users = {
        "hub_admin": factories.make_user("hub_admin", "hub_admin", hub=hub),
        "nurse": factories.make_user("nurse_nina", "triage_nurse", hub=hub),
        "gp": factories.make_user("gp_gary", "gp", hub=hub),
        "clinical_director": factories.make_user("cd_carla", "clinical_director", hub=hub),
        "practice_a_staff": factories.make_user("pa_staff", "practice_staff", practice=practice_a),
        "practice_b_staff": factories.make_user("pb_staff", "practice_staff", practice=practice_b),
        "icb_analyst": factories.make_user("icb_ian", "icb_analyst"),
    }
    return SimpleNamespace(hub=hub, pcn=pcn, practice_a=practice_a, practice_b=practice_b, unserved=unserved, users=users, **users)


@pytest.fixture
def signed_in(client):
    """signed_in(user) -> a Django test client signed in (both factors) as that user."""

    def _sign_in(user):
        factories.sign_in(client, user)
        return client

    return _sign_in
