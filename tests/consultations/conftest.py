"""Helpers for the hub's staff pages: requests at chosen times."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from tests import factories

LONDON = ZoneInfo("Europe/London")
# A Tuesday in core hours: received now, a request is due at 6:30pm on Wednesday.
TUESDAY_10AM = datetime(2026, 3, 10, 10, 0, tzinfo=LONDON)


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
