from datetime import datetime
from io import StringIO
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

REAL = Path(settings.BASE_DIR).parent / "shared" / "data"
SMALL = Path(__file__).parent.parent / "reference_data" / "fixtures" / "small"
# A Wednesday at 5pm: yesterday's late requests are overdue and today's are due by 6:30pm.
NOW = datetime(2025, 11, 19, 17, 0, tzinfo=ZoneInfo("Europe/London"))


@pytest.fixture
def reference_data(db):
    """The real Kent and Medway data where it is present (it is small), else the copied rows."""
    data_dir = REAL if REAL.is_dir() else SMALL
    call_command("load_reference_data", "--data-dir", str(data_dir), stdout=StringIO())
    with override_settings(HEALTHHUB_DATA_DIR=data_dir, DEBUG=True):
        yield data_dir


def run_demo(*args: str) -> str:
    out = StringIO()
    with time_machine.travel(NOW, tick=False):
        call_command("load_demo_data", *args, stdout=out)
    return out.getvalue()
