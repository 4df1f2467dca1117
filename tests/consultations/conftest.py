"""Helpers for the hub's staff pages: requests at chosen times, and a skip for PostgreSQL-only tests."""

from datetime import datetime, timedelta
from importlib import import_module
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.apps import apps as django_apps
from django.conf import settings
from django.utils import timezone

from healthhub.consultations.models import OutcomesMatrixEntry
from tests import factories

LONDON = ZoneInfo("Europe/London")
# A Tuesday in core hours: received now, a request is due at 6:30pm on Wednesday.
TUESDAY_10AM = datetime(2026, 3, 10, 10, 0, tzinfo=LONDON)


def pytest_runtest_setup(item):
    if item.get_closest_marker("postgres_only") and "postgresql" not in settings.DATABASES["default"]["ENGINE"]:
        pytest.skip("Needs PostgreSQL: SQLite serialises every write, so there is no race to lose")


@pytest.fixture(autouse=True)
def outcomes_matrix(django_db_setup, django_db_blocker):
    """The matrix is reference data a migration loads; a transactional test anywhere flushes it, so put it back."""
    with django_db_blocker.unblock():
        if not OutcomesMatrixEntry.objects.exists():
            import_module("healthhub.consultations.migrations.0002_outcomes_matrix").load(django_apps, None)


@pytest.fixture
def clock():
    """Time stands still at Tuesday 10am until a test moves it on (clock.move_to / clock.shift)."""
    with time_machine.travel(TUESDAY_10AM, tick=False) as traveller:
        yield traveller


@pytest.fixture
def make_request(world):
    """make_request(practice=..., received=..., **submission fields) -> a request submitted now (or when given)."""

    def _make(practice=None, received=None, **overrides):
        return factories.submit(practice or world.practice_a, received_at=received or timezone.now(), **overrides)

    return _make


def hours(n: float) -> timedelta:
    return timedelta(hours=n)
