"""The product's URLs plus two baseline views: the least a Django view can do with the database.

Both baselines pass through the product's whole middleware stack (sessions, CSP, login-required
opt-out, ...) exactly as the product's views do, so a ratio to them measures the product's own work.
The table they use is created by the harness (benchmarks/run.py), not by a migration.
"""

import json

from django.db import connection
from django.http import HttpResponse, HttpResponseNotAllowed
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from healthhub.config.urls import handler403, handler404, handler500  # noqa: F401
from healthhub.config.urls import urlpatterns as product_urlpatterns
from healthhub.core.middleware import public

BASELINE_TABLE = "benchmark_baseline"
CREATE_BASELINE_TABLE = f"""
CREATE TABLE IF NOT EXISTS {BASELINE_TABLE} (
    id bigserial PRIMARY KEY,
    received_at timestamptz NOT NULL DEFAULT now(),
    body text NOT NULL
)
"""

# The same rows the observation endpoint stores, in a table just like its own (same columns, indexes
# and unique constraints), written with one raw INSERT each: what the FHIR Bundle is measured against.
OBSERVATION_BASELINE_TABLE = "benchmark_observation_baseline"
CREATE_OBSERVATION_BASELINE_TABLE = (
    f"CREATE TABLE IF NOT EXISTS {OBSERVATION_BASELINE_TABLE} (LIKE monitoring_observationset INCLUDING ALL)"
)
UK_CORE_SET = {"respiration_rate": 21, "spo2": 93, "on_oxygen": False, "systolic_bp": 120, "diastolic_bp": 60, "pulse": 95,
               "consciousness": "A", "temperature": 37.5}


@public
@csrf_exempt
def baseline_insert(request):
    """POST: store the body with one INSERT and answer 201, as a submission endpoint would."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {BASELINE_TABLE} (body) VALUES (%s) RETURNING id", [request.body.decode()])  # noqa: S608
        (row_id,) = cursor.fetchone()
    response = HttpResponse(status=201)
    response["Location"] = f"/bench/baseline/{row_id}"
    return response


@public
@csrf_exempt
def baseline_observation_set(request):
    """POST {"enrolment": id, "at": ISO time}: store the UK Core example's set as one row, no parsing or scoring."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    posted = json.loads(request.body)
    columns = ", ".join(UK_CORE_SET)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {OBSERVATION_BASELINE_TABLE} (enrolment_id, effective_at, received_at, source, entered_by_label, "  # noqa: S608
            f"{columns}, signs, score_kind, score_total, result, sub_scores, reasons, scale, rule_version) "
            f"VALUES (%s, %s, now(), 'device', 'baseline', {', '.join(['%s'] * len(UK_CORE_SET))}, '{{}}', 'news2', 5, "
            "'medium', '{}', '[]', 1, 'baseline') RETURNING id",
            [posted["enrolment"], posted["at"], *UK_CORE_SET.values()])
        (row_id,) = cursor.fetchone()
    response = HttpResponse(status=201)
    response["Location"] = f"/bench/baseline-observations/{row_id}"
    return response


def _baseline_select():
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, received_at FROM {BASELINE_TABLE} ORDER BY id DESC LIMIT 1")  # noqa: S608
        row = cursor.fetchone()
    return HttpResponse(f"<!doctype html><title>baseline</title><p>{row}</p>")


@public
def baseline_select(request):
    """GET: one trivial indexed SELECT, anonymous."""
    return _baseline_select()


def baseline_select_signed_in(request):
    """GET: the same SELECT behind the product's login and 2FA checks (informational)."""
    return _baseline_select()


urlpatterns = [
    path("bench/baseline/", baseline_insert, name="benchmark-baseline-insert"),
    path("bench/baseline-observations/", baseline_observation_set, name="benchmark-baseline-observations"),
    path("bench/baseline-select/", baseline_select, name="benchmark-baseline-select"),
    path("bench/baseline-select-signed-in/", baseline_select_signed_in, name="benchmark-baseline-select-signed-in"),
    *product_urlpatterns,
]
