"""Which stored patient a new request belongs to. A wrong match shows one person's requests under
another's name, so matching is deliberately narrow: NHS number, date of birth and family name together."""

from datetime import date

from healthhub.patients.models import Patient
from tests import factories


def test_the_same_nhs_number_and_date_of_birth_is_the_same_patient(world):
    first = factories.submit(world.practice_a)
    second = factories.submit(world.practice_a)
    assert first.patient_id == second.patient_id
    assert Patient.objects.count() == 1


def test_the_same_nhs_number_with_another_date_of_birth_is_never_merged(world):
    first = factories.submit(world.practice_a)
    second = factories.submit(world.practice_a, patient=factories.patient_details(date_of_birth=date(1981, 5, 17)))
    assert first.patient_id != second.patient_id


def test_without_an_nhs_number_names_and_birth_dates_alone_never_match(world):
    details = factories.patient_details(nhs_number="")
    first = factories.submit(world.practice_a, patient=details)
    second = factories.submit(world.practice_a, patient=details)
    assert first.patient_id != second.patient_id


def test_two_people_with_the_same_name_and_birthday_stay_apart(world):
    first = factories.submit(world.practice_a, patient=factories.patient_details(nhs_number="9434765919"))
    second = factories.submit(world.practice_a, patient=factories.patient_details(nhs_number="4010232137"))
    assert first.patient_id != second.patient_id
    assert sorted(Patient.objects.values_list("nhs_number", flat=True)) == ["4010232137", "9434765919"]


def test_another_family_name_is_never_merged_and_keeps_the_first_patients_contact_details(world):
    first = factories.submit(world.practice_a)
    second = factories.submit(world.practice_a, patient=factories.patient_details(family_name="Jones", mobile="07700900999"))
    assert first.patient_id != second.patient_id
    first.patient.refresh_from_db()
    assert first.patient.mobile == "07700900123"


def test_the_family_name_matches_whatever_its_capitals(world):
    first = factories.submit(world.practice_a)
    second = factories.submit(world.practice_a, patient=factories.patient_details(family_name="SMITH", mobile="07700900999"))
    assert first.patient_id == second.patient_id
    second.patient.refresh_from_db()
    assert second.patient.mobile == "07700900999"  # the newest contact details are the ones to use


def test_matching_ignores_case_and_picks_the_earliest_record(world):
    values = {"nhs_number": "9434765919", "given_name": "Alex", "date_of_birth": date(1980, 5, 17), "postcode": "ME2 1NP",
              "practice": world.practice_a}
    first = Patient.objects.create(family_name="Smith", **values)
    Patient.objects.create(family_name="SMITH", **values)
    Patient.objects.create(family_name="Smyth", **values)
    assert Patient.objects.matching("9434765919", date(1980, 5, 17), "sMiTh") == first
    assert Patient.objects.matching("9434765919", date(1980, 5, 18), "Smith") is None
    assert Patient.objects.matching("9434765919", date(1980, 5, 17), "Smithe") is None
