"""Enrolment (EpisodeOfCare) and a clinician's saturation target (Goal) over FHIR."""

from datetime import UTC, date, datetime

import pytest
import time_machine
from fhir.resources.R4B.episodeofcare import EpisodeOfCare
from fhir.resources.R4B.goal import Goal

from healthhub.api.monitoring_codes import (
    EPISODE_OF_CARE_EXTENSION,
    PROGRAMME_SYSTEM,
    REVIEW_DATE_EXTENSION,
    STAFF_USERNAME_SYSTEM,
)
from healthhub.core.models import AuditEvent
from healthhub.monitoring.models import Enrolment, ObservationSet
from healthhub.patients.models import Patient

from .conftest import NHS_SYSTEM, ODS_SYSTEM, VALID_NHS_NUMBER
from .test_monitoring_observations import news2_bundle

NOW = datetime(2026, 11, 3, 9, 0, tzinfo=UTC)
NEW_NHS_NUMBER = "9000000025"


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(NOW, tick=False):
        yield


def episode_of_care(world, programme="respiratory-adult", clinician="nurse_nina", **changes) -> dict:
    """A new patient, as a contained Patient, enrolled at the test hub."""
    patient = {
        "resourceType": "Patient", "id": "p",
        "identifier": [{"system": NHS_SYSTEM, "value": NEW_NHS_NUMBER}],
        "name": [{"use": "official", "given": ["Ruth"], "family": "Okafor"}],
        "birthDate": "1948-03-02",
        "telecom": [{"system": "phone", "value": "07700 900456", "use": "mobile"}],
        "address": [{"postalCode": "ME2 1NP"}],
        "generalPractitioner": [{"identifier": {"system": ODS_SYSTEM, "value": world.practice_b.ods_code}}],
    }
    resource = {
        "resourceType": "EpisodeOfCare",
        "contained": [patient],
        "status": "active",
        "type": [{"coding": [{"system": PROGRAMME_SYSTEM, "code": programme}]}],
        "patient": {"reference": "#p", "identifier": {"system": NHS_SYSTEM, "value": NEW_NHS_NUMBER}},
        "managingOrganization": {"identifier": {"system": ODS_SYSTEM, "value": world.hub.ods_code}},
        "careManager": {"identifier": {"system": STAFF_USERNAME_SYSTEM, "value": clinician}},
        "period": {"start": "2026-11-03"},
    }
    return resource | changes


def goal(enrolment, low=88, high=92, nhs_number=VALID_NHS_NUMBER, measure=("http://snomed.info/sct", "103228002")) -> dict:
    percent = {"unit": "%", "system": "http://unitsofmeasure.org", "code": "%"}
    return {
        "resourceType": "Goal",
        "extension": [{"url": EPISODE_OF_CARE_EXTENSION, "valueReference": {"reference": f"EpisodeOfCare/{enrolment.pk}"}}],
        "lifecycleStatus": "active",
        "description": {"text": "Target saturation 88-92%: hypercapnic respiratory failure"},
        "subject": {"identifier": {"system": NHS_SYSTEM, "value": nhs_number}},
        "expressedBy": {"identifier": {"system": STAFF_USERNAME_SYSTEM, "value": "gp_gary"}},
        "target": [{"measure": {"coding": [{"system": measure[0], "code": measure[1]}]},
                    "detailRange": {"low": {"value": low} | percent, "high": {"value": high} | percent}}],
    }


def test_a_hub_client_enrols_a_new_patient_and_reads_the_episode_of_care_back(world, clients):
    response = clients.hub.post("EpisodeOfCare", episode_of_care(world))
    assert response.status_code == 201, response.json()
    enrolment = Enrolment.objects.get()
    assert response["Location"] == f"http://testserver/fhir/r4/EpisodeOfCare/{enrolment.pk}"
    assert (enrolment.patient.nhs_number, enrolment.patient.practice, enrolment.responsible_clinician) == (
        NEW_NHS_NUMBER, world.practice_b, world.nurse)
    # No review date given: two weeks after the start.
    assert (enrolment.start_date, enrolment.review_date) == (date(2026, 11, 3), date(2026, 11, 17))

    read = clients.hub.get(f"EpisodeOfCare/{enrolment.pk}")
    assert read.status_code == 200
    EpisodeOfCare.model_validate(read.json())
    body = read.json()
    assert body == response.json()
    assert (body["status"], body["type"][0]["coding"][0]["code"], body["period"]["start"]) == ("active", "respiratory-adult", "2026-11-03")
    assert body["careManager"]["identifier"] == {"system": STAFF_USERNAME_SYSTEM, "value": "nurse_nina"}
    assert body["patient"]["identifier"]["value"] == NEW_NHS_NUMBER
    assert {"url": REVIEW_DATE_EXTENSION, "valueDate": "2026-11-17"} in body["extension"]
    assert AuditEvent.objects.filter(action="fhir.episode_of_care.read", object_id=str(enrolment.pk)).exists()


def test_a_known_patient_is_found_by_nhs_number_and_a_review_date_given_is_kept(world, clients):
    known = Patient.objects.create(given_name="Sam", family_name="Taylor", date_of_birth=date(1960, 1, 1), postcode="ME2 1NP",
                                   nhs_number=VALID_NHS_NUMBER, practice=world.practice_a)
    resource = episode_of_care(world, "hypertension", patient={"identifier": {"system": NHS_SYSTEM, "value": VALID_NHS_NUMBER}},
                               extension=[{"url": REVIEW_DATE_EXTENSION, "valueDate": "2026-11-10"}])
    del resource["contained"]
    assert clients.hub.post("EpisodeOfCare", resource).status_code == 201
    enrolment = Enrolment.objects.get()
    assert (enrolment.patient, enrolment.programme, enrolment.review_date) == (known, "hypertension", date(2026, 11, 10))


def test_only_a_hub_client_may_enrol(world, clients):
    response = clients.practice_a.post("EpisodeOfCare", episode_of_care(world))
    assert response.status_code == 403
    assert not Enrolment.objects.exists() and not Patient.objects.exists()


@pytest.mark.parametrize(("care_manager", "status", "expression"), [
    (None, 400, "EpisodeOfCare.careManager"),
    ({"identifier": {"system": STAFF_USERNAME_SYSTEM, "value": "hub_admin"}}, 422, "EpisodeOfCare.careManager.identifier.value"),
    ({"identifier": {"system": STAFF_USERNAME_SYSTEM, "value": "nobody"}}, 422, "EpisodeOfCare.careManager.identifier.value"),
], ids=["missing", "not-a-clinician", "unknown"])
def test_the_responsible_clinician_is_required_and_must_be_a_clinician_of_the_hub(world, clients, care_manager, status, expression):
    resource = episode_of_care(world)
    resource["careManager"] = care_manager
    if care_manager is None:
        del resource["careManager"]
    response = clients.hub.post("EpisodeOfCare", resource)
    assert response.status_code == status
    assert response.json()["issue"][0]["expression"] == [expression]
    assert not Enrolment.objects.exists() and not Patient.objects.exists()


def test_enrolling_twice_is_a_conflict_and_a_child_cannot_join_the_adult_ward(world, clients):
    assert clients.hub.post("EpisodeOfCare", episode_of_care(world)).status_code == 201
    again = clients.hub.post("EpisodeOfCare", episode_of_care(world))
    assert again.status_code == 409 and again.json()["issue"][0]["code"] == "duplicate"
    child = episode_of_care(world)
    child["contained"][0] |= {"birthDate": "2020-01-01", "identifier": [{"system": NHS_SYSTEM, "value": "9000000017"}]}
    child["patient"]["identifier"]["value"] = "9000000017"
    refused = clients.hub.post("EpisodeOfCare", child)
    assert refused.status_code == 422 and "at least 16" in refused.json()["issue"][0]["diagnostics"]
    assert Enrolment.objects.count() == 1 and not Patient.objects.filter(nhs_number="9000000017").exists()


def test_another_organisations_hub_cannot_enrol_for_this_hub_or_read_its_enrolments(world, clients, other_hub_client):
    enrolment_id = clients.hub.post("EpisodeOfCare", episode_of_care(world)).json()["id"]
    assert other_hub_client.get(f"EpisodeOfCare/{enrolment_id}").status_code == 404
    refused = other_hub_client.post("EpisodeOfCare", episode_of_care(world))
    assert refused.status_code == 403 and refused.json()["issue"][0]["expression"] == ["EpisodeOfCare.managingOrganization"]


def test_a_target_of_88_to_92_puts_the_next_news2_set_on_scale_2(clients, enrolled):
    enrolment = enrolled()
    response = clients.hub.post("Goal", goal(enrolment))
    assert response.status_code == 201, response.json()
    Goal.model_validate(response.json())
    assert response.json()["lifecycleStatus"] == "active"
    assert clients.hub.get(f"Goal/{response.json()['id']}").json() == response.json()
    on_air_at_90 = news2_bundle()
    on_air_at_90["entry"][3]["resource"]["valueQuantity"]["value"] = 90  # SpO2: scale 1 scores 3, scale 2 on air scores 0
    body = clients.hub.post("", on_air_at_90).json()
    stored = ObservationSet.objects.get()
    assert (stored.scale, stored.sub_scores["spo2"], stored.score_total) == (2, 0, 3)
    news2 = body["entry"][-1]["resource"]
    sub_scores = {part["code"]["coding"][0]["code"]: part["valueQuantity"]["value"] for part in news2["component"]}
    assert sub_scores["1104321000000108"] == 0 and "1104311000000102" not in sub_scores  # SpO2 scale 2, not scale 1


def test_a_target_outside_88_to_92_keeps_scale_1(clients, enrolled):
    enrolment = enrolled()
    assert clients.hub.post("Goal", goal(enrolment, low=92, high=96)).status_code == 201
    clients.hub.post("", news2_bundle())
    assert ObservationSet.objects.get().scale == 1


@pytest.mark.parametrize(("changes", "status", "expression"), [
    ({"measure": ("http://loinc.org", "8867-4")}, 400, "Goal.target[0].measure"),
    ({"nhs_number": "9000000009"}, 422, "Goal.subject"),
    ({"low": 95, "high": 90}, 422, "Goal.target[0].detailRange"),
], ids=["not-saturation", "another-patient", "upside-down"])
def test_a_target_that_is_not_a_saturation_range_for_that_patient_is_refused(clients, enrolled, changes, status, expression):
    response = clients.hub.post("Goal", goal(enrolled(), **changes))
    assert response.status_code == status
    assert response.json()["issue"][0]["expression"] == [expression]


def test_a_practice_client_may_not_set_a_target(clients, enrolled):
    assert clients.practice_a.post("Goal", goal(enrolled())).status_code == 403
