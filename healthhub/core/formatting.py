"""How dates, times and identifiers are written on pages: the NHS style guide."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

LONDON = ZoneInfo("Europe/London")


def nhs_number(value: str | None) -> str:
    """Show an NHS number as 3-3-4, the way patients and staff read it."""
    if not value:
        return ""
    digits = "".join(ch for ch in str(value) if ch.isdigit())
    if len(digits) != 10:
        return str(value)
    return f"{digits[:3]} {digits[3:6]} {digits[6:]}"


def _time(moment: datetime) -> str:
    local = moment.astimezone(LONDON)
    hour = local.hour % 12 or 12
    suffix = "am" if local.hour < 12 else "pm"
    if local.minute == 0:
        return f"{hour}{suffix}"
    return f"{hour}:{local.minute:02d}{suffix}"


def date_uk(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.astimezone(LONDON).date()
    return f"{value.day} {value:%B %Y}"


def datetime_uk(value: datetime | None) -> str:
    """'Tuesday 29 December 2026 at 6:30pm' (NHS style: no leading zeros, am/pm)."""
    if value is None:
        return ""
    local = value.astimezone(LONDON)
    return f"{local:%A} {date_uk(local)} at {_time(local)}"


def time_left(deadline: datetime | None, now: datetime | None = None) -> str:
    """Time until (or since) a deadline in words a busy team reads at a glance."""
    if deadline is None:
        return ""
    now = now or timezone.now()
    seconds = int((deadline - now).total_seconds())
    overdue = seconds < 0
    seconds = abs(seconds)
    hours, remainder = divmod(seconds, 3600)
    minutes = remainder // 60
    if hours >= 24:
        text = f"{hours // 24}d {hours % 24}h"
    elif hours:
        text = f"{hours}h {minutes}m"
    else:
        text = f"{minutes}m"
    return f"{text} overdue" if overdue else f"{text} left"
