"""Two clinicians press "Take this request" at the same moment: exactly one gets it."""

import threading

import pytest
from django.db import connection

from healthhub.consultations import services
from healthhub.consultations.models import ConsultationRequest, Status, StatusEvent
from healthhub.core.audit import Actor


@pytest.mark.postgres_only
def test_two_clinicians_claiming_at_once_in_real_transactions(transactional_db, world, make_request):
    request = make_request()
    start_together = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def take(user):
        try:
            copy = ConsultationRequest.objects.select_related("practice").get(pk=request.pk)  # both read "unassigned"
            start_together.wait(timeout=10)
            services.claim(copy, user, Actor.staff(user))
            outcomes[user.username] = "taken"
        except services.AlreadyClaimed:
            outcomes[user.username] = "refused"
        finally:
            connection.close()  # each thread has its own connection

    threads = [threading.Thread(target=take, args=(user,)) for user in (world.nurse, world.gp)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes.values()) == ["refused", "taken"]
    winner = next(name for name, outcome in outcomes.items() if outcome == "taken")
    request.refresh_from_db()
    assert (request.status, request.assignee.username) == (Status.ASSIGNED, winner)
    assert StatusEvent.objects.filter(request=request, to_status=Status.ASSIGNED).count() == 1
