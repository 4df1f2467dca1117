"""NHS numbers: ten digits with a Modulus 11 check digit (NHS Data Dictionary)."""

from dataclasses import dataclass

FHIR_SYSTEM = "https://fhir.nhs.uk/Id/nhs-number"


class InvalidNHSNumber(ValueError):
    pass


def check_digit(first_nine: str) -> int | None:
    """The Modulus 11 check digit for nine digits, or None when no valid number exists."""
    total = sum(int(digit) * weight for digit, weight in zip(first_nine, range(10, 1, -1), strict=True))
    check = 11 - (total % 11)
    if check == 11:
        return 0
    if check == 10:
        return None
    return check


def _ten_plain_digits(value: str) -> bool:
    # str.isdigit() also accepts other scripts' digits (full-width, superscript): never NHS numbers.
    return len(value) == 10 and value.isascii() and value.isdigit()


def is_valid(value: str) -> bool:
    return _ten_plain_digits(value) and check_digit(value[:9]) == int(value[9])


@dataclass(frozen=True)
class NHSNumber:
    value: str

    @classmethod
    def parse(cls, raw: str) -> "NHSNumber":
        """Accept what people type (spaces or dashes between groups), reject anything else."""
        digits = "".join(raw.split()).replace("-", "")
        if not _ten_plain_digits(digits):
            raise InvalidNHSNumber("Enter an NHS number with 10 digits, like 943 476 5919")
        if not is_valid(digits):
            raise InvalidNHSNumber("Enter a valid NHS number: check the digits are right")
        return cls(digits)

    def formatted(self) -> str:
        return f"{self.value[:3]} {self.value[3:6]} {self.value[6:]}"

    def __str__(self) -> str:
        return self.value
