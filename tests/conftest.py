"""The shared test world (see tests/factories.py): a hub serving two practices, one practice it
does not serve, and staff of every persona."""

from types import SimpleNamespace

import pytest

from . import factories


@pytest.fixture
def world(db):
    hub = factories.make_hub()
    pcn = factories.make_pcn()
    practice_a = factories.make_practice("G82106", "RIVERSIDE MEDICAL PRACTICE", hub=hub, pcn=pcn)
    practice_b = factories.make_practice("G82203", "COURT VIEW SURGERY", hub=hub, pcn=pcn)
    unserved = factories.make_practice("G82002", "ST JAMES' SURGERY")
    users = {
        "hub_admin": factories.make_user("hub_admin", "hub_admin", hub=hub),
        "nurse": factories.make_user("nurse_nina", "triage_nurse", hub=hub),
        "gp": factories.make_user("gp_gary", "gp", hub=hub),
        "clinical_director": factories.make_user("cd_carla", "clinical_director", hub=hub),
        "practice_a_staff": factories.make_user("pa_staff", "practice_staff", practice=practice_a),
        "practice_b_staff": factories.make_user("pb_staff", "practice_staff", practice=practice_b),
        "icb_analyst": factories.make_user("icb_ian", "icb_analyst"),
    }
    return SimpleNamespace(hub=hub, pcn=pcn, practice_a=practice_a, practice_b=practice_b, unserved=unserved, users=users, **users)


@pytest.fixture
def signed_in(client):
    """signed_in(user) -> a Django test client signed in (both factors) as that user."""

    def _sign_in(user):
        factories.sign_in(client, user)
        return client

    return _sign_in
