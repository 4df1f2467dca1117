"""Checks on what patients (and staff for callers) type: dates of birth, postcodes, phone numbers.

Each returns the cleaned value or raises ValidationError with an NHS-style message.
"""

import re
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError

from healthhub.patients.nhs_number import InvalidNHSNumber, NHSNumber

EARLIEST_BIRTH_DATE = date(1900, 1, 1)
_POSTCODE = re.compile(r"^(GIR ?0AA|[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2})$")
_MOBILE = re.compile(r"^(?:07\d{9}|\+447\d{9})$")
# Numbers the team can ring: geographic (01, 02), non-geographic at local rates (03) and mobiles (07).
# 01 numbers are 10 or 11 digits (a few areas still have 10); the rest are 11.
_UK_PHONE = re.compile(r"^0(?:1\d{8,9}|[237]\d{9})$")
_SEPARATORS = re.compile(r"[\s\-().]")


@dataclass
class DateProblem:
    message: str
    parts: tuple[str, ...]  # which of "day", "month", "year" to highlight


def parse_date_of_birth(day: str, month: str, year: str, today: date, whose: str = "your") -> date | DateProblem:
    """A real date of birth, not in the future and not before 1900; else what is wrong and where."""
    values = {"day": day.strip(), "month": month.strip(), "year": year.strip()}
    missing = tuple(part for part, value in values.items() if not value)
    if len(missing) == 3:
        return DateProblem(f"Enter {whose} date of birth", ("day", "month", "year"))
    if missing:
        return DateProblem(f"Date of birth must include a {' and '.join(missing)}", missing)
    if not all(value.isdigit() for value in values.values()):
        return DateProblem("Date of birth must be a real date", tuple(p for p, v in values.items() if not v.isdigit()))
    if len(values["year"]) != 4:
        return DateProblem("Year must include 4 numbers", ("year",))
    try:
        born = date(int(values["year"]), int(values["month"]), int(values["day"]))
    except ValueError:
        return DateProblem("Date of birth must be a real date", ("day", "month", "year"))
    if born > today:
        return DateProblem("Date of birth must be today or in the past", ("day", "month", "year"))
    if born < EARLIEST_BIRTH_DATE:
        return DateProblem("Date of birth must be in or after 1900", ("year",))
    return born


def clean_nhs_number(raw: str) -> str:
    """Optional: blank stays blank; anything typed must be a valid NHS number (Modulus 11)."""
    if not raw.strip():
        return ""
    try:
        return NHSNumber.parse(raw).value
    except InvalidNHSNumber as error:
        raise ValidationError(str(error)) from error


def clean_postcode(raw: str, whose: str = "your") -> str:
    """A UK postcode, written the standard way (upper case, one space before the last 3 characters)."""
    compact = "".join(raw.split()).upper()
    if not compact:
        raise ValidationError(f"Enter {whose} postcode")
    if not _POSTCODE.match(compact):
        raise ValidationError("Enter a full UK postcode, like LS1 4AP")
    return f"{compact[:-3]} {compact[-3:]}"


def clean_mobile(raw: str) -> str:
    """A UK mobile number (07… or +447…), stored as 07… with no spaces."""
    compact = _SEPARATORS.sub("", raw)
    if not compact:
        return ""
    if not _MOBILE.match(compact):
        raise ValidationError("Enter a UK mobile number, like 07700 900 982 or +44 7700 900 982")
    return "0" + compact[3:] if compact.startswith("+44") else compact


def clean_uk_phone(raw: str) -> str:
    """A UK number the team can call, landline or mobile (0… or +44…), stored as 0… with no spaces."""
    compact = _SEPARATORS.sub("", raw)
    if not compact:
        return ""
    national = "0" + compact[3:] if compact.startswith("+44") else compact
    if not _UK_PHONE.match(national):
        raise ValidationError("Enter a UK phone number, like 01632 960 001 or 07700 900 982")
    return national


def is_uk_mobile(number: str) -> bool:
    """Whether a stored number (07…) can get text messages: landlines cannot."""
    return bool(_MOBILE.match(number or ""))
