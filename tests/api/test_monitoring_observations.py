"""Readings over FHIR: a Bundle taken at one time is one observation set, scored at once by the server."""

import copy
from datetime import UTC, date, datetime

import pytest
import time_machine
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.observation import Observation
from hypothesis import given
from hypothesis import strategies as st

from healthhub.api.errors import FhirError
from healthhub.api.observation_intake import read_observation_set
from healthhub.core.models import AuditEvent
from healthhub.monitoring.models import Alert, ObservationSet
from healthhub.patients.models import Patient
from tests.fhir_examples import example

from .conftest import NHS_SYSTEM, VALID_NHS_NUMBER

NOW = datetime(2026, 11, 3, 9, 0, tzinfo=UTC)
TAKEN = "2026-11-03T08:50:00+00:00"
NEWS2_BUNDLE = example("UKCore-Bundle-NEWS2Observations-Example")
RR, TEMPERATURE = 1, 5  # entry positions in the UK Core NEWS2 bundle


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(NOW, tick=False):
        yield


def about(resource: dict, nhs_number: str = VALID_NHS_NUMBER, taken: str | None = TAKEN) -> dict:
    resource = copy.deepcopy(resource)
    resource["subject"] = {"identifier": {"system": NHS_SYSTEM, "value": nhs_number}}
    if taken:
        resource["effectiveDateTime"] = taken
    return resource


def news2_bundle(nhs_number: str = VALID_NHS_NUMBER, taken: str | None = TAKEN) -> dict:
    bundle = copy.deepcopy(NEWS2_BUNDLE)
    bundle["entry"] = [entry | {"resource": about(entry["resource"], nhs_number, taken)} for entry in bundle["entry"]]
    return bundle


def issue(response) -> dict:
    body = response.json()
    assert body["resourceType"] == "OperationOutcome"
    return body["issue"][0]


def assert_nothing_stored():
    assert not ObservationSet.objects.exists() and not Alert.objects.exists()
    assert not AuditEvent.objects.filter(action="monitoring.observations").exists()


def test_the_uk_core_news2_bundle_is_scored_5_medium_not_6_and_raises_an_urgent_alert(clients, enrolled):
    enrolled()
    response = clients.hub.post("", news2_bundle(taken=None))  # the example's own time, 2018-10-04T14:17:59+01:00
    assert response.status_code == 200, response.json()
    body = response.json()
    Bundle.model_validate(body)
    stored = ObservationSet.objects.get()
    assert (stored.score_total, stored.result, stored.sub_scores["temperature"], stored.source) == (5, "medium", 0, "device")
    assert stored.effective_at == datetime(2018, 10, 4, 13, 17, 59, tzinfo=UTC)
    assert Alert.objects.get().severity == "urgent"
    assert body["type"] == "transaction-response" and len(body["entry"]) == len(NEWS2_BUNDLE["entry"]) + 1
    server_news2 = body["entry"][-1]
    assert server_news2["response"]["status"] == "201 Created"
    assert server_news2["resource"]["valueQuantity"]["value"] == 5
    sent_total = body["entry"][0]["response"]
    assert sent_total["status"] == "200 OK" and "total sent (6) is not stored" in sent_total["outcome"]["issue"][0]["diagnostics"]
    assert [entry["response"]["status"] for entry in body["entry"][1:-1]] == ["201 Created"] * 7


def test_a_batch_bundle_is_one_set_too_and_answered_with_a_batch_response(clients, enrolled):
    enrolled()
    bundle = news2_bundle()
    bundle["type"] = "batch"
    for entry in bundle["entry"]:
        entry["request"] = {"method": "POST", "url": "Observation"}
    response = clients.hub.post("", bundle)
    assert response.status_code == 200 and response.json()["type"] == "batch-response"
    assert ObservationSet.objects.get().effective_at == datetime(2026, 11, 3, 8, 50, tzinfo=UTC)


STANDALONE_EXAMPLES = [
    ("UKCore-Observation-VitalSigns-RespiratoryRate-Example", "respiration_rate", 21),
    ("UKCore-Observation-VitalSigns-OxygenSaturation-Example", "spo2", 96),
    ("UKCore-VitalSigns-Observation-OxygenSaturation-Example", "spo2", 95),
    ("UKCore-Observation-VitalSigns-HeartRate-Example", "pulse", 104),
    ("UKCore-Observation-VitalSigns-BodyTemperature-Example", "temperature", 36.5),
    ("UKCore-Observation-VitalSigns-BloodPressure-Example", "systolic_bp", 142),
    ("UKCore-Observation-BreathingNormally-Example", "on_oxygen", False),
    ("UKCore-Observation-OxygenTherapy-Example", "on_oxygen", True),
    ("UKCore-Observation-PatientConsciousness-Example", "consciousness", "V"),
]


@pytest.mark.parametrize(("name", "field", "value"), STANDALONE_EXAMPLES, ids=[name for name, _, _ in STANDALONE_EXAMPLES])
def test_each_uk_core_standalone_vital_sign_example_is_accepted_for_its_code(clients, enrolled, name, field, value):
    enrolled("respiratory-child", born=date(2025, 2, 1))  # a child's reading may come on its own
    response = clients.hub.post("Observation", about(example(name)))
    assert response.status_code == 201, response.json()
    Observation.model_validate(response.json())
    stored = ObservationSet.objects.get()
    assert getattr(stored, field) == value
    assert response["Location"] == f"http://testserver/fhir/r4/Observation/{response.json()['id']}"


def test_a_blood_pressure_reading_alone_is_a_complete_set_for_home_monitoring(clients, enrolled):
    enrolled("hypertension")
    response = clients.hub.post("Observation", about(example("UKCore-Observation-VitalSigns-BloodPressure-Example")))
    assert response.status_code == 201
    stored = ObservationSet.objects.get()
    assert (stored.systolic_bp, stored.diastolic_bp, stored.score_kind) == (142, 94, "blood-pressure")
    components = {part["code"]["coding"][0]["code"]: part["valueQuantity"] for part in response.json()["component"]}
    assert components["72313002"]["value"] == 142 and components["1091811000000102"]["code"] == "mm[Hg]"


def test_one_reading_alone_is_refused_for_an_adult_on_the_ward_saying_send_a_bundle(clients, enrolled):
    enrolled()
    response = clients.hub.post("Observation", about(example("UKCore-Observation-VitalSigns-RespiratoryRate-Example")))
    assert response.status_code == 422
    assert "transaction Bundle" in issue(response)["diagnostics"]
    assert_nothing_stored()


def test_a_wrong_unit_is_a_400_naming_the_field_and_nothing_is_stored(clients, enrolled):
    enrolled()
    bundle = news2_bundle()
    bundle["entry"][TEMPERATURE]["resource"]["valueQuantity"]["code"] = "[degF]"
    response = clients.hub.post("", bundle)
    assert response.status_code == 400
    assert issue(response)["expression"] == [f"Bundle.entry[{TEMPERATURE}].resource.valueQuantity.code"]
    assert "Cel" in issue(response)["diagnostics"]
    assert_nothing_stored()


def test_an_impossible_value_is_refused_naming_the_field_and_nothing_is_stored(clients, enrolled):
    enrolled()
    bundle = news2_bundle()
    bundle["entry"][RR]["resource"]["valueQuantity"]["value"] = 300
    response = clients.hub.post("", bundle)
    assert response.status_code == 422
    assert issue(response)["expression"] == [f"Bundle.entry[{RR}].resource.valueQuantity.value"]
    assert_nothing_stored()


def test_a_missing_reading_is_refused_saying_which_code_to_send(clients, enrolled):
    enrolled()
    bundle = news2_bundle()
    del bundle["entry"][TEMPERATURE]
    response = clients.hub.post("", bundle)
    assert response.status_code == 422
    assert issue(response)["expression"] == ["Bundle.entry"] and "276885007" in issue(response)["diagnostics"]
    assert_nothing_stored()


def test_an_unknown_patient_is_refused_naming_the_subject(clients, enrolled):
    enrolled()
    response = clients.hub.post("", news2_bundle(nhs_number="9000000009"))
    assert response.status_code == 422
    assert issue(response)["expression"] == ["Bundle.entry[0].resource.subject"]
    assert "not known to this hub" in issue(response)["diagnostics"]
    assert_nothing_stored()


def test_a_patient_not_enrolled_or_discharged_is_refused(clients, enrolled, world):
    from healthhub.core.audit import Actor
    from healthhub.monitoring import services

    Patient.objects.create(given_name="Ann", family_name="Lee", date_of_birth=date(1960, 1, 1), postcode="ME2 1NP",
                           nhs_number="9000000017", practice=world.practice_a)
    response = clients.hub.post("", news2_bundle(nhs_number="9000000017"))
    assert response.status_code == 422 and "not enrolled" in issue(response)["diagnostics"]
    services.discharge(enrolled(), "Recovered", Actor.staff(world.nurse))
    response = clients.hub.post("", news2_bundle())
    assert response.status_code == 422 and "discharged" in issue(response)["diagnostics"]
    assert_nothing_stored()


def test_observations_at_different_times_in_one_bundle_are_a_400(clients, enrolled):
    enrolled()
    bundle = news2_bundle()
    bundle["entry"][RR]["resource"]["effectiveDateTime"] = "2026-11-03T08:55:00+00:00"
    response = clients.hub.post("", bundle)
    assert response.status_code == 400
    assert issue(response)["expression"] == [f"Bundle.entry[{RR}].resource.effectiveDateTime"]
    assert_nothing_stored()


def test_a_second_set_at_the_same_moment_is_a_conflict_and_the_first_is_kept(clients, enrolled):
    enrolled()
    assert clients.hub.post("", news2_bundle()).status_code == 200
    again = news2_bundle()
    again["entry"][RR]["resource"]["valueQuantity"]["value"] = 16
    response = clients.hub.post("", again)
    assert response.status_code == 409
    assert issue(response)["expression"] == ["Bundle.entry[0].resource.effectiveDateTime"]
    assert ObservationSet.objects.get().respiration_rate == 21 and Alert.objects.count() == 1


def test_a_hypertension_patient_sending_ward_readings_is_told_the_programme_takes_blood_pressure(clients, enrolled):
    enrolled("hypertension")
    response = clients.hub.post("", news2_bundle())
    assert response.status_code == 422 and "blood pressure" in issue(response)["diagnostics"]
    assert_nothing_stored()


def test_a_practice_client_may_not_send_readings(clients, enrolled):
    enrolled()
    assert clients.practice_a.post("", news2_bundle()).status_code == 403
    assert_nothing_stored()


def test_a_time_without_its_offset_or_a_subject_by_reference_is_a_400(clients, enrolled):
    enrolled()
    bundle = news2_bundle()
    bundle["entry"][RR]["resource"]["effectiveDateTime"] = "2026-11-03"
    assert issue(clients.hub.post("", bundle))["expression"] == [f"Bundle.entry[{RR}].resource.effective"]
    by_reference = news2_bundle()
    by_reference["entry"][RR]["resource"]["subject"] = {"reference": "Patient/123"}
    assert issue(clients.hub.post("", by_reference))["expression"] == [f"Bundle.entry[{RR}].resource.subject"]
    assert_nothing_stored()


UNITS = {"/min", "{Breaths}/min", "{breaths}/min"}


@given(unit=st.text(st.characters(whitelist_categories=("L", "N", "P", "S")), min_size=1, max_size=12)
       .filter(lambda unit: unit not in UNITS))
def test_any_unit_but_ucum_per_minute_for_a_respiratory_rate_is_refused_naming_its_code(unit):
    resource = about(example("UKCore-Observation-VitalSigns-RespiratoryRate-Example"))
    resource["valueQuantity"]["code"] = unit
    with pytest.raises(FhirError) as refused:
        read_observation_set(Observation.model_validate(resource))
    assert (refused.value.status, refused.value.issues[0].expression) == (400, "Observation.valueQuantity.code")


@given(value=st.integers(min_value=-(10**6), max_value=10**6))
def test_a_heart_rate_is_read_exactly_or_refused_as_impossible(value):
    resource = about(example("UKCore-Observation-VitalSigns-HeartRate-Example"))
    resource["valueQuantity"]["value"] = value
    try:
        reading_set = read_observation_set(Observation.model_validate(resource))
    except FhirError as refused:
        assert abs(value) >= 10000
        assert refused.issues[0].expression == "Observation.valueQuantity.value"
    else:
        assert reading_set.values == {"pulse": value}
