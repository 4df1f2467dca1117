"""Who reaches which hub page: every URL under /hub/ is walked with every persona, so a new page is covered too."""

import pytest
from django.urls import URLPattern

from healthhub.consultations import urls as hub_urls
from healthhub.consultations.models import OutcomesMatrixEntry

HUB_WORK = {"claim", "start", "assign", "unassign", "route", "note", "contact", "outcome", "reopen"}
MATRIX = {"outcomes_matrix", "outcomes_matrix_add", "outcomes_matrix_entry"}


def hub_paths(reference: str, entry_id: int) -> dict[str, str]:
    paths = {}
    for pattern in hub_urls.urlpatterns:
        assert isinstance(pattern, URLPattern)
        route = str(pattern.pattern).replace("<str:reference>", reference).replace("<int:entry_id>", str(entry_id))
        paths[pattern.name] = "/hub/" + route
    return paths


@pytest.fixture
def paths(make_request, clock):
    return hub_paths(make_request().reference, OutcomesMatrixEntry.objects.first().pk)


def test_every_hub_url_is_walked(paths):
    assert {"queue", "request_detail", "outcomes_matrix"} | HUB_WORK <= set(paths)


def test_anonymous_visitors_are_sent_to_sign_in(client, paths):
    for path in paths.values():
        response = client.get(path)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/sign-in/?next="), path


@pytest.mark.parametrize("method", ["get", "post"])
def test_icb_analysts_get_403_everywhere_under_hub(world, signed_in, paths, method):
    client = signed_in(world.icb_analyst)
    for path in paths.values():
        assert getattr(client, method)(path).status_code == 403, path


def test_a_user_with_no_role_gets_403(world, signed_in, paths):
    from tests import factories

    client = signed_in(factories.make_user("no_role", ""))
    for path in paths.values():
        assert client.get(path).status_code == 403, path


def test_practice_staff_read_but_cannot_do_hub_work(world, signed_in, paths):
    client = signed_in(world.practice_a_staff)
    for name, path in paths.items():
        status = client.post(path).status_code if name in HUB_WORK else client.get(path).status_code
        if name in HUB_WORK | MATRIX:
            assert status == 403, name
        else:
            assert status in {200, 302, 400, 405}, (name, status)


def test_another_practices_staff_find_nothing_about_the_request(world, signed_in, paths):
    client = signed_in(world.practice_b_staff)
    for name, path in paths.items():
        if "/requests/" in path:
            assert client.get(path).status_code == 404, name


@pytest.mark.parametrize("persona", ["hub_admin", "nurse", "gp", "clinical_director"])
def test_hub_staff_never_meet_an_error_page(world, signed_in, paths, persona):
    client = signed_in(getattr(world, persona))
    for name, path in paths.items():
        for method in ("get", "post"):
            status = getattr(client, method)(path).status_code
            assert status < 500 and status != 404, (persona, name, method, status)
