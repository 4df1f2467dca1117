"""Invented patients: names from short lists, NHS numbers from the 999 test range, no real people.

NHS numbers starting 999 are set aside for testing and are never issued; mobiles 07700 900000-900999
are Ofcom's drama range; email addresses are at example.com (RFC 2606).
"""

import random
from dataclasses import dataclass
from datetime import date, timedelta

from healthhub.patients.nhs_number import check_digit

FEMALE_NAMES = (
    "Olivia", "Amelia", "Isla", "Ava", "Mia", "Grace", "Sophie", "Emily", "Ruby", "Freya", "Chloe", "Jessica",
    "Priya", "Aisha", "Zainab", "Hannah", "Ellie", "Lucy", "Margaret", "Susan", "Patricia", "Janet", "Sarah",
    "Joanne", "Karen", "Helen", "Funmi", "Agnieszka", "Simran", "Maria", "Kerry", "Dawn",
)
MALE_NAMES = (
    "Oliver", "George", "Harry", "Noah", "Jack", "Leo", "Oscar", "Charlie", "Jacob", "Thomas", "Alfie", "Mohammed",
    "Arjun", "Kwame", "Daniel", "James", "Ryan", "Liam", "Peter", "David", "John", "Michael", "Stephen", "Paul",
    "Graham", "Keith", "Tomasz", "Ravi", "Adebayo", "Connor", "Dean", "Barry",
)
FAMILY_NAMES = (
    "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Patel", "Robinson", "Wright",
    "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall", "Wood", "Jackson", "Clarke", "Khan",
    "Hughes", "Edwards", "Turner", "Hill", "Moore", "Cooper", "Ward", "Morris", "King", "Baker", "Harris",
    "Kowalski", "Okafor", "Mensah", "Singh", "Begum", "Ahmed", "Nowak", "Murphy", "Kelly", "Price", "Bennett",
    "Gray", "Mills", "Knight", "Fox", "Hunt", "Lewis",
)
# Who sends online requests: working-age adults most, children through a parent.
AGE_BANDS = ((0, 15, 12), (16, 29, 18), (30, 49, 32), (50, 69, 25), (70, 94, 13))
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"  # the letters Royal Mail uses in the inward code
ADULT_PROXIES = ("Daughter", "Son", "Carer", "Wife", "Husband")


@dataclass
class DemoPatient:
    given_name: str
    family_name: str
    date_of_birth: date
    postcode: str
    nhs_number: str
    mobile: str
    email: str
    proxy_name: str = ""
    proxy_relationship: str = ""


def nhs_numbers_in_test_range():
    """Valid Modulus 11 NHS numbers from 999 000 0000 upwards, skipping those with no valid check digit."""
    for stem in range(999_000_000, 1_000_000_000):
        digit = check_digit(str(stem))
        if digit is not None:
            yield f"{stem}{digit}"


class PatientMaker:
    def __init__(self, rng: random.Random, today: date):
        self.rng = rng
        self.today = today
        self.nhs_numbers = nhs_numbers_in_test_range()
        self.serial = 0

    def make(self, practice_postcode: str) -> DemoPatient:
        rng = self.rng
        self.serial += 1
        low, high, _ = rng.choices(AGE_BANDS, weights=[band[2] for band in AGE_BANDS])[0]
        age = rng.randint(low, high)
        born = self.today - timedelta(days=age * 365 + rng.randint(0, 364))
        given = rng.choice(FEMALE_NAMES if rng.random() < 0.58 else MALE_NAMES)  # women use online access more
        family = rng.choice(FAMILY_NAMES)
        has_mobile = rng.random() < 0.92
        patient = DemoPatient(
            given_name=given,
            family_name=family,
            date_of_birth=born,
            postcode=self._postcode_near(practice_postcode),
            nhs_number=next(self.nhs_numbers) if rng.random() < 0.93 else "",
            mobile=f"07700900{rng.randint(0, 999):03d}" if has_mobile else "",
            email=f"{given}.{family}{self.serial}@example.com".lower() if rng.random() < 0.6 else "",
        )
        if age < 16:
            patient.proxy_name = f"{rng.choice(FEMALE_NAMES + MALE_NAMES)} {family}"
            patient.proxy_relationship = "Parent"
        elif age >= 75 and rng.random() < 0.3:
            patient.proxy_name = f"{rng.choice(FEMALE_NAMES + MALE_NAMES)} {rng.choice(FAMILY_NAMES)}"
            patient.proxy_relationship = rng.choice(ADULT_PROXIES)
        return patient

    def _postcode_near(self, practice_postcode: str) -> str:
        """Same postcode district as the practice, with an invented inward code."""
        outward = practice_postcode.split()[0] if " " in practice_postcode else practice_postcode[:-3]
        return f"{outward} {self.rng.randint(1, 9)}{self.rng.choice(INWARD_LETTERS)}{self.rng.choice(INWARD_LETTERS)}"
