"""The outcomes matrix page: every hub clinician reads it, the clinical director changes it, every change audited."""

from healthhub.consultations import services
from healthhub.consultations.models import OutcomesMatrixEntry
from healthhub.core.models import AuditEvent
from tests.intake.html_checks import assert_accessible_structure

from .pages import banners, error_summary, main_text


def entry(description: str) -> OutcomesMatrixEntry:
    return OutcomesMatrixEntry.objects.get(description=description)


def test_the_matrix_is_listed_by_category(world, signed_in):
    response = signed_in(world.clinical_director).get("/hub/outcomes-matrix/")
    page = main_text(response)
    assert response.status_code == 200
    assert page.index("Clinical presentation") < page.index("Administration") < page.index("Pregnancy")
    assert "Urgent suspected cancer (2-week wait) referral request" in page
    assert f'/hub/outcomes-matrix/{entry("COPD").pk}/' in response.content.decode()
    assert_accessible_structure(response)


def test_other_hub_staff_read_it_without_change_links_and_cannot_change_it(world, signed_in):
    client = signed_in(world.nurse)
    response = client.get("/hub/outcomes-matrix/")
    assert response.status_code == 200 and "COPD" in main_text(response)
    assert "/hub/outcomes-matrix/add/" not in response.content.decode()
    copd = entry("COPD")
    assert client.get(f"/hub/outcomes-matrix/{copd.pk}/").status_code == 403
    assert client.post(f"/hub/outcomes-matrix/{copd.pk}/", {"description": "x", "route": "hub"}).status_code == 403
    assert signed_in(world.practice_a_staff).get("/hub/outcomes-matrix/").status_code == 403


def test_the_clinical_director_changes_an_item_and_the_change_is_audited(world, signed_in):
    copd = entry("COPD")
    client = signed_in(world.clinical_director)
    form = client.get(f"/hub/outcomes-matrix/{copd.pk}/")
    assert_accessible_structure(form)

    response = client.post(f"/hub/outcomes-matrix/{copd.pk}/", {"description": "COPD exacerbation", "route": "hub"}, follow=True)

    copd.refresh_from_db()
    assert (copd.description, copd.route, copd.category) == ("COPD exacerbation", "hub", "clinical")
    assert banners(response) == ["Success Outcomes matrix updated: COPD exacerbation"]
    change = AuditEvent.objects.get(action="outcomes_matrix.change")
    assert change.actor == world.clinical_director
    assert change.detail["before"]["description"] == "COPD" and change.detail["after"]["route"] == "hub"


def test_proposing_another_item_moves_the_categorys_proposed_route(world, signed_in):
    repeat = entry("Repeat medication (medicines management)")
    signed_in(world.clinical_director).post(
        f"/hub/outcomes-matrix/{repeat.pk}/",
        {"description": repeat.description, "route": repeat.route, "is_default_for_category": "on"},
    )
    assert services.proposed_route_entry("medication") == repeat
    assert OutcomesMatrixEntry.objects.filter(category="medication", is_default_for_category=True).count() == 1


def test_a_category_cannot_be_left_without_a_proposed_route(world, signed_in):
    acute = services.proposed_route_entry("medication")
    response = signed_in(world.clinical_director).post(
        f"/hub/outcomes-matrix/{acute.pk}/", {"description": acute.description, "route": acute.route})
    assert "Medication request needs a proposed route" in error_summary(response)
    assert_accessible_structure(response)
    acute.refresh_from_db()
    assert acute.is_default_for_category


def test_the_clinical_director_adds_an_item(world, signed_in):
    client = signed_in(world.clinical_director)
    assert 'value="pregnancy" selected' in client.get("/hub/outcomes-matrix/add/?category=pregnancy").content.decode()
    blank = client.post("/hub/outcomes-matrix/add/", {"category": "pregnancy", "description": "", "route": ""})
    assert "Enter a description" in error_summary(blank) and "Select a route" in error_summary(blank)

    client.post("/hub/outcomes-matrix/add/", {"category": "pregnancy", "description": "Hyperemesis", "route": "hub"})

    added = entry("Hyperemesis")
    assert (added.category, added.route, added.is_default_for_category) == ("pregnancy", "hub", False)
    assert added.position > entry("Pathway agreed with maternity liaison").position
    assert AuditEvent.objects.filter(action="outcomes_matrix.add", object_id=str(added.pk)).exists()
