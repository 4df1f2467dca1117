"""Finding the practice; practices without a hub send patients to the surgery directly."""

from datetime import datetime

import pytest
import time_machine

from healthhub.clinical.deadlines import LONDON
from healthhub.consultations.models import ConsultationRequest
from tests import factories
from tests.intake.html_checks import assert_accessible_structure


@pytest.mark.parametrize("query", ["riverside", "G82106", "g82106", "ME2 1NP", "me21np", "ME2"])
def test_a_patient_finds_their_practice_by_name_ods_code_or_postcode(world, client, query):
    response = client.get("/practice/choose_practice/", {"q": query})
    page = response.content.decode()
    assert response.status_code == 200
    assert 'href="/practice/G82106/"' in page
    assert "Riverside Medical Practice" in page
    assert_accessible_structure(response)


def test_a_search_lists_only_matching_practices(world, client):
    page = client.get("/practice/choose_practice/", {"q": "court view"}).content.decode()
    assert 'href="/practice/G82203/"' in page
    assert 'href="/practice/G82106/"' not in page


def test_a_search_with_no_matches_says_so(world, client):
    page = client.get("/practice/choose_practice/", {"q": "Nowhere Surgery"}).content.decode()
    assert "No GP surgeries match" in page


def test_an_empty_search_is_an_error(world, client):
    response = client.get("/practice/choose_practice/", {"q": " "})
    page = response.content.decode()
    assert "<title>Error: Find your GP surgery" in page
    assert "Enter your GP surgery&#39;s name, postcode or ODS code" in page
    assert_accessible_structure(response)


def test_the_search_page_is_public(db, client):
    response = client.get("/practice/choose_practice/")
    assert response.status_code == 200
    assert_accessible_structure(response)


def test_a_practice_with_a_hub_has_a_start_page(world, client):
    response = client.get("/practice/G82106/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Contact Riverside Medical Practice online" in page
    assert 'href="/practice/G82106/request-type/"' in page
    assert_accessible_structure(response)


def test_a_practice_without_a_hub_tells_patients_to_contact_the_surgery_directly(world, client):
    world.unserved.phone = "01634 000111"
    world.unserved.save()
    response = client.get("/practice/G82002/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Contact St James&#39; Surgery directly" in page
    assert 'href="tel:01634000111"' in page and "01634 000111" in page
    assert "111" in page and "999" in page
    assert "Start now" not in page
    assert_accessible_structure(response)


def test_a_practice_without_a_hub_cannot_take_a_request(world, client):
    response = client.post("/practice/G82002/request-type/", {"request_type": "admin"})
    assert response["Location"] == "/practice/G82002/"
    assert "intake_draft" not in client.session
    assert not ConsultationRequest.objects.exists()


def test_an_unknown_practice_is_not_found(db, client):
    assert client.get("/practice/Z99999/").status_code == 404


def test_a_draft_belongs_to_one_practice(world, client):
    factories.make_practice("G82999", "OTHER HUB PRACTICE", hub=world.hub)
    client.post("/practice/G82106/request-type/", {"request_type": "admin"})
    assert client.get("/practice/G82999/question/topic/")["Location"] == "/practice/G82999/"


def test_the_start_page_says_when_a_request_sent_now_would_be_answered(world, client):
    # Friday 7pm is out of hours: it counts from Monday 8am, so the reply is due Tuesday 6:30pm.
    with time_machine.travel(datetime(2026, 11, 27, 19, 0, tzinfo=LONDON), tick=False):
        for url in (f"/practice/{world.practice_a.ods_code}/", "/"):
            assert "by Tuesday 1 December 2026 at 6:30pm" in client.get(url).content.decode()
