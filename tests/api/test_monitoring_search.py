"""Reading the server's results: Observation read and search, NEWS2 and the home blood pressure averages."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.observation import Observation

from healthhub.core.audit import Actor
from healthhub.core.models import AuditEvent
from healthhub.monitoring import services
from healthhub.monitoring.scoring import Observations

from .conftest import NHS_SYSTEM, VALID_NHS_NUMBER
from .test_monitoring_observations import news2_bundle

NOW = datetime(2026, 11, 10, 21, 0, tzinfo=UTC)
PATIENT = f"{NHS_SYSTEM}|{VALID_NHS_NUMBER}"
NEWS2 = "http://snomed.info/sct|1104051000000101"
NEWS2_SUB_SCORE_CODES = {"1104301000000104", "1104311000000102", "1104331000000105", "1104341000000101", "1104351000000103",
                         "1104361000000100", "1104371000000107"}


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(NOW, tick=False):
        yield


def search(client, **params):
    response = client.get("Observation", {"patient.identifier": PATIENT} | params)
    assert response.status_code == 200, response.json()
    Bundle.model_validate(response.json())
    return response.json()


def resources(bundle: dict) -> list[dict]:
    return [entry["resource"] for entry in bundle.get("entry", [])]


def test_search_by_patient_and_code_returns_the_servers_news2_with_each_sub_score_and_the_band(clients, enrolled):
    enrolled()
    assert clients.hub.post("", news2_bundle(taken="2026-11-10T20:00:00+00:00")).status_code == 200
    found = search(clients.hub, code=NEWS2)
    assert found["total"] == 1
    news2 = resources(found)[0]
    Observation.model_validate(news2)
    assert (news2["valueQuantity"]["value"], news2["valueQuantity"]["code"]) == (5, "{ScoreOf}")
    assert news2["interpretation"][0]["coding"][0]["code"] == "medium"
    sub_scores = {part["code"]["coding"][0]["code"]: part["valueQuantity"]["value"] for part in news2["component"]}
    assert set(sub_scores) == NEWS2_SUB_SCORE_CODES
    assert (sub_scores["1104371000000107"], sub_scores["1104301000000104"], sub_scores["1104311000000102"]) == (0, 2, 2)
    assert len(news2["derivedFrom"]) == 7
    assert AuditEvent.objects.filter(action="fhir.observation.search").count() == 1


def test_search_without_a_code_returns_every_reading_and_a_reading_code_only_that_reading(clients, enrolled):
    enrolled()
    clients.hub.post("", news2_bundle(taken="2026-11-10T20:00:00+00:00"))
    everything = resources(search(clients.hub))
    assert {item["code"]["coding"][0]["code"] for item in everything} == {
        "1104051000000101", "86290005", "103228002", "364075005", "276885007", "722742002", "75367002", "1104441000000107"}
    breathing = resources(search(clients.hub, code="http://loinc.org|9279-1"))
    assert [item["valueQuantity"]["value"] for item in breathing] == [21]
    assert search(clients.hub, code="http://loinc.org|86290005")["total"] == 0  # a SNOMED code under the LOINC system


def test_an_observation_is_read_by_the_id_the_search_gave(clients, enrolled):
    enrolled()
    clients.hub.post("", news2_bundle(taken="2026-11-10T20:00:00+00:00"))
    news2 = resources(search(clients.hub, code=NEWS2))[0]
    read = clients.hub.get(f"Observation/{news2['id']}")
    assert read.status_code == 200 and read.json() == news2
    assert AuditEvent.objects.filter(action="fhir.observation.read").count() == 1
    assert clients.hub.get("Observation/999-news2").status_code == 404


def home_readings(enrolment, days: range):
    """NG136's worked example (DOMAIN.md 3.3): day 1 (day 0 here) high, then each day 140/88, 138/86, 142/90, 140/88,
    as two sittings of two readings, morning and evening."""
    first_day = datetime(2026, 11, 3, 7, 0, tzinfo=UTC)
    day_one = [(148, 92), (146, 90), (150, 94), (148, 92)]
    later = [(140, 88), (138, 86), (142, 90), (140, 88)]
    for day in days:
        for sitting, (systolic, diastolic) in enumerate(day_one if day == 0 else later):
            taken = first_day + timedelta(days=day, hours=11 * (sitting // 2), minutes=sitting % 2)
            services.record_observations(enrolment, Observations(systolic_bp=systolic, diastolic_bp=diastolic),
                                         effective_at=taken, source="patient", actor=Actor(label="Patient"))


def test_the_home_average_appears_once_four_days_follow_the_discarded_first_day(clients, enrolled):
    enrolment = enrolled("hypertension")
    home_readings(enrolment, range(4))
    assert search(clients.hub, code="413606001")["total"] == 0
    assert search(clients.hub, code="75367002")["total"] == 16  # the readings themselves are there
    home_readings(enrolment, range(4, 5))
    averages = {item["code"]["coding"][0]["code"]: item for item in
                resources(search(clients.hub, code="413606001,413605002"))}
    assert (averages["413606001"]["valueQuantity"]["value"], averages["413605002"]["valueQuantity"]["value"]) == (140.0, 88.0)
    assert averages["413606001"]["valueQuantity"]["code"] == "mm[Hg]"
    assert "16 readings over 4 days" in averages["413606001"]["method"]["text"]
    read = clients.hub.get(f"Observation/{averages['413605002']['id']}")
    assert read.status_code == 200 and read.json()["valueQuantity"]["value"] == 88.0


def test_the_worked_example_of_seven_days_averages_140_over_88_from_24_readings(clients, enrolled):
    home_readings(enrolled("hypertension"), range(7))
    averages = resources(search(clients.hub, code="413606001,413605002"))
    assert [item["valueQuantity"]["value"] for item in averages] == [140.0, 88.0]
    assert "24 readings over 6 days" in averages[0]["method"]["text"]


def test_another_hubs_client_sees_nothing_and_a_practice_client_sees_its_own_patients(clients, enrolled, other_hub_client):
    enrolled()
    clients.hub.post("", news2_bundle(taken="2026-11-10T20:00:00+00:00"))
    news2 = resources(search(clients.hub, code=NEWS2))[0]
    assert search(other_hub_client)["total"] == 0
    assert other_hub_client.get(f"Observation/{news2['id']}").status_code == 404
    assert search(clients.practice_a, code=NEWS2)["total"] == 1  # the patient is registered at practice A


def test_a_search_needs_the_patient(clients):
    response = clients.hub.get("Observation", {"code": NEWS2})
    assert response.status_code == 400 and response.json()["issue"][0]["expression"] == ["patient.identifier"]
