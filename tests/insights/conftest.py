"""A small week of requests whose figures are worked out by hand in the tests.

All times are UK time in January 2025 (GMT, no bank holidays). A request received on a weekday
in core hours is due by 6:30pm the next working day. The report is read at NOW.

Hub practice A (Riverside):
  1. Mon 6 Jan 10:00 clinical    closed Mon 12:00 (2h)   discharged         in time
  2. Mon 6 Jan 11:00 clinical    closed Tue 11:00 (24h)  back to practice   in time
  3. Mon 6 Jan 12:00 medication  closed Wed 12:00 (48h)  discharged         late (due Tue 6:30pm)
  4. Tue 7 Jan 09:00 admin       open, due Wed 6:30pm: past its deadline at NOW
  0. Mon 30 Dec 2024 clinical    closed, discharged: before the date range
Hub practice B (Court View):
  5. Tue 7 Jan 10:00 clinical    closed Tue 14:00 (4h)   face to face       in time
  6. Thu 9 Jan 10:00 test        open, due Fri 6:30pm: not yet due at NOW
Practice C, served by another hub:
  8. Wed 8 Jan 10:00 clinical    closed Wed 13:00 (3h)   urgent care        in time
"""

from datetime import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
import time_machine

from healthhub.consultations import services
from healthhub.core.audit import Actor
from tests import factories

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2025, 1, 10, 12, 0, tzinfo=LONDON)
WEEK = {"from_day": "6", "from_month": "1", "from_year": "2025", "to_day": "10", "to_month": "1", "to_year": "2025"}


def at(day: int, hour: int, month: int = 1, year: int = 2025) -> datetime:
    return datetime(year, month, day, hour, 0, tzinfo=LONDON)


def received(practice, when: datetime, category: str = "clinical", **overrides):
    with time_machine.travel(when, tick=False):
        return factories.submit(practice, received_at=when, category=category, **overrides)


def close(request, outcome: str, when: datetime, clinician):
    actor = Actor.staff(clinician)
    with time_machine.travel(when, tick=False):
        request = services.claim(request, clinician, actor)
        return services.record_outcome(request, outcome, actor)


@pytest.fixture
def other_hub(world):
    hub = factories.make_hub("OTHER1", "Swale Health Hub")
    pcn = factories.make_pcn("U99999", "SWALE PCN")
    practice_c = factories.make_practice("G82999", "SHEPPEY SURGERY", hub=hub, pcn=pcn)
    clinician = factories.make_user("gp_swale", "gp", hub=hub)
    return SimpleNamespace(hub=hub, pcn=pcn, practice_c=practice_c, clinician=clinician)


@pytest.fixture
def week(world, other_hub):
    nurse = world.nurse
    a, b = world.practice_a, world.practice_b
    requests = {
        0: close(received(a, at(30, 10, month=12, year=2024)), "discharged", at(30, 12, month=12, year=2024), nurse),
        1: close(received(a, at(6, 10)), "discharged", at(6, 12), nurse),
        2: close(received(a, at(6, 11)), "back_to_practice", at(7, 11), nurse),
        3: close(received(a, at(6, 12), "medication"), "discharged", at(8, 12), nurse),
        4: received(a, at(7, 9), "administration", request_type="admin"),
        5: close(received(b, at(7, 10)), "face_to_face", at(7, 14), nurse),
        6: received(b, at(9, 10), "test"),
        8: close(received(other_hub.practice_c, at(8, 10)), "urgent_care", at(8, 13), other_hub.clinician),
    }
    return SimpleNamespace(requests=requests, other_hub=other_hub)


@pytest.fixture
def report_as(signed_in):
    """report_as(user, **query) -> the response to /reports/outcomes/ read at NOW."""

    def _get(user, **query):
        client = signed_in(user)
        with time_machine.travel(NOW, tick=False):
            return client.get("/reports/outcomes/", query)

    return _get
