"""The speed benchmark (issue #2 section 7): FHIR submissions and the work queue against a one-query baseline.

    make benchmark            # or: .venv/bin/python benchmarks/run.py --help

Recreates a PostgreSQL database (default hh_bench on 127.0.0.1:5432), migrates it, seeds 500,000
requests, serves the product with gunicorn (production settings, DEBUG off) and drives it with
8 closed-loop clients from a separate process. Every figure is also given as a ratio to a minimal
Django view measured in the same run, on the same server, so the ratios travel between machines
better than the absolute numbers do. Not part of the unit suite.
"""

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DJANGO_SETTINGS_MODULE"] = "benchmarks.settings"

import django  # noqa: E402
import httpx  # noqa: E402
import psycopg  # noqa: E402

from benchmarks import report  # noqa: E402
from benchmarks.loadgen import BodyMaker, cpu_shares, cpu_snapshot  # noqa: E402
from benchmarks.settings import BENCHMARK_DATABASE_URL  # noqa: E402

WORK_DIR = Path("/tmp/healthhub-benchmark")
QUIET_PERCENT = 15.0


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=8, help="concurrent closed-loop clients (default 8)")
    parser.add_argument("--duration", type=float, default=20.0, help="measured seconds per scenario (default 20)")
    parser.add_argument("--warmup", type=float, default=3.0, help="unmeasured seconds before each (default 3)")
    parser.add_argument("--requests", type=int, default=500_000, help="requests to seed (default 500,000)")
    parser.add_argument("--open", type=int, default=5_000, help="of which open (default 5,000)")
    parser.add_argument("--patients", type=int, default=100_000, help="patients to seed (default 100,000)")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes (default 4)")
    parser.add_argument("--threads", type=int, default=1, help="threads per worker; >1 uses gthread (default 1: sync)")
    parser.add_argument("--wait-quiet", type=float, default=0.0, metavar="SECONDS",
                        help="before each scenario, wait up to this long for other processes to use under 15%% of the machine")
    parser.add_argument("--reuse-db", action="store_true", help="keep the seeded database from the last run (faster reruns)")
    parser.add_argument("--only", nargs="*", default=None, help="scenario names to run (default all)")
    parser.add_argument("--output", type=Path, default=WORK_DIR / "latest.json", help="where to write the JSON results")
    return parser.parse_args()


# ---------------------------------------------------------------- database


def database_name() -> str:
    return psycopg.conninfo.conninfo_to_dict(_libpq_url(BENCHMARK_DATABASE_URL))["dbname"]


def recreate_database() -> None:
    info = psycopg.conninfo.conninfo_to_dict(_libpq_url(BENCHMARK_DATABASE_URL))
    name = info["dbname"]
    with psycopg.connect(psycopg.conninfo.make_conninfo(**{**info, "dbname": "postgres"}), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def _libpq_url(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://").replace("postgres://", "postgresql://", 1)


def prepare_database(args) -> dict:
    """Migrate and seed (unless reusing), then build what the clients need. Returns the fixtures."""
    from django.core.management import call_command
    from django.db import connection

    from benchmarks import fixtures, monitoring_seed, seed
    from benchmarks.urls import CREATE_BASELINE_TABLE, CREATE_OBSERVATION_BASELINE_TABLE, OBSERVATION_BASELINE_TABLE
    from healthhub.accounts.models import User
    from healthhub.organisations.models import Practice

    seeded = None
    if not args.reuse_db or not _database_has_seed():
        print("Recreating the database and migrating ...", flush=True)
        recreate_database()
        connection.close()
        call_command("migrate", verbosity=0, interactive=False)
        print(f"Seeding {args.requests:,} requests ({args.open:,} open) and {args.patients:,} patients ...", flush=True)
        seeded = seed.seed(total=args.requests, open_count=args.open, patients=args.patients)
        print(f"  seeded in {seeded.seconds:.1f} s; VACUUM ANALYZE ...", flush=True)
    else:
        print("Reusing the seeded database: migrating and removing the last run's submissions ...", flush=True)
        call_command("migrate", verbosity=0, interactive=False)
        _remove_unseeded_requests()
    with connection.cursor() as cursor:
        cursor.execute(CREATE_BASELINE_TABLE)
        cursor.execute("TRUNCATE benchmark_baseline")
        cursor.execute(CREATE_OBSERVATION_BASELINE_TABLE)
        cursor.execute(f"TRUNCATE {OBSERVATION_BASELINE_TABLE}")
    ward = monitoring_seed.ward()
    connection.close()
    with psycopg.connect(_libpq_url(BENCHMARK_DATABASE_URL), autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "benchmarks.settings"}
    nurses = list(User.objects.filter(username__startswith="bench_nurse_").order_by("username").values_list("username", flat=True))
    hub_code = Practice.objects.filter(hub__isnull=False).values_list("hub__ods_code", flat=True).first()
    token, token_source = fixtures.api_token(f"benchmark-{int(time.time())}", hub_code, env)
    counts = _counts()
    connection.close()
    return {
        "cookies": fixtures.signed_in_cookies(nurses),
        "token": token,
        "token_source": token_source,
        "practices": sorted(Practice.objects.filter(hub__isnull=False).values_list("ods_code", flat=True)),
        "fhir_template": fixtures.fhir_submission_template(),
        "observation_template": fixtures.observation_bundle_template(),
        "observations_per_set": fixtures.OBSERVATIONS_PER_SET,
        "ward_nhs_numbers": [nhs_number for nhs_number, _ in ward],
        "ward_enrolments": [str(enrolment_id) for _, enrolment_id in ward],
        "seed_seconds": seeded.seconds if seeded else None,
        "counts": counts,
    }


def _database_has_seed() -> bool:
    from django.db import connection
    from django.db.utils import OperationalError, ProgrammingError

    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM consultations_consultationrequest")
            return cursor.fetchone()[0] > 0
    except (OperationalError, ProgrammingError):
        return False
    finally:
        connection.close()


def _remove_unseeded_requests() -> None:
    """Submissions made by an earlier run would lengthen the queue being measured."""
    from healthhub.consultations.models import ConsultationRequest

    ConsultationRequest.objects.exclude(idempotency_key__startswith="seed-").delete()


def _counts() -> dict:
    from healthhub.consultations.models import ConsultationRequest, StatusEvent
    from healthhub.patients.models import Patient

    return {"requests": ConsultationRequest.objects.count(), "open": ConsultationRequest.objects.open().count(),
            "patients": Patient.objects.count(), "status_events": StatusEvent.objects.count()}


# ---------------------------------------------------------------- server


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """gunicorn serving the product with the benchmark settings; stopped on exit whatever happens."""

    def __init__(self, workers: int, threads: int):
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.log_path = WORK_DIR / "gunicorn.log"
        worker_class = ["--worker-class", "gthread", "--threads", str(threads)] if threads > 1 else ["--worker-class", "sync"]
        self.command = [sys.executable, "-m", "gunicorn", "healthhub.config.wsgi:application", "--bind",
                        f"127.0.0.1:{self.port}", "--workers", str(workers), *worker_class, "--backlog", "256",
                        "--error-logfile", str(self.log_path), "--log-level", "warning"]
        self.description = f"gunicorn {workers} worker(s)" + (f" x {threads} threads (gthread)" if threads > 1 else " (sync)")
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.log_path.write_text("")
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "benchmarks.settings", "PYTHONPATH": str(ROOT)}
        self.process = subprocess.Popen(self.command, cwd=ROOT, env=env, start_new_session=True)  # noqa: S603
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}:\n{self.log_tail()}")
            try:
                if httpx.get(f"{self.base_url}/bench/baseline-select/", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.3)
        raise RuntimeError(f"gunicorn did not answer within 60 s:\n{self.log_tail()}")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)  # the group gunicorn leads: its own workers
            self.process.wait()

    def log_tail(self, lines: int = 30) -> str:
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:]) if self.log_path.exists() else ""


# ---------------------------------------------------------------- scenarios


def scenarios(fixtures: dict) -> list[dict]:
    fhir_headers = {"Content-Type": "application/fhir+json", "Accept": "application/fhir+json"}
    auth = {"Authorization": f"Bearer {fixtures['token']}"}
    # Reads first: the writes add open requests, which would change the queue being measured.
    return [
        {"name": "baseline_select", "title": "Baseline: one SELECT (GET, anonymous)", "method": "GET",
         "path": "/bench/baseline-select/", "expect_status": 200},
        {"name": "baseline_select_signed_in", "title": "Baseline: one SELECT, signed-in nurse", "method": "GET",
         "path": "/bench/baseline-select-signed-in/", "expect_status": 200, "cookies_per_client": fixtures["cookies"]},
        {"name": "work_queue_one_user", "title": "Work queue, first page, one nurse", "method": "GET",
         "path": "/hub/queue/", "expect_status": 200, "cookies_per_client": fixtures["cookies"], "clients": 1},
        {"name": "work_queue", "title": "Work queue, first page, 8 nurses at once", "method": "GET",
         "path": "/hub/queue/", "expect_status": 200, "cookies_per_client": fixtures["cookies"]},
        {"name": "baseline_insert", "title": "Baseline: one INSERT (POST)", "method": "POST", "path": "/bench/baseline/",
         "expect_status": 201, "headers": fhir_headers, "body_template": fixtures["fhir_template"],
         "choices": {"practice": fixtures["practices"]}},
        {"name": "fhir_submission", "title": "FHIR QuestionnaireResponse submission", "method": "POST",
         "path": "/fhir/r4/QuestionnaireResponse", "expect_status": 201, "headers": {**fhir_headers, **auth},
         "body_template": fixtures["fhir_template"], "choices": {"practice": fixtures["practices"]}},
        # Issue #3: Bundles of 7 vital signs, one observation set each, scored by the server.
        {"name": "baseline_observations", "title": "Baseline: one observation-set INSERT", "method": "POST",
         "path": "/bench/baseline-observations/", "expect_status": 201, "observations_per_request": fixtures["observations_per_set"],
         "headers": {"Content-Type": "application/json"}, "body_template": '{"enrolment": {{CHOICE:enrolment}}, "at": "{{MOMENT}}"}',
         "choices": {"enrolment": fixtures["ward_enrolments"]}},
        {"name": "observation_ingestion", "title": "FHIR Bundle of 7 observations, scored", "method": "POST", "path": "/fhir/r4/",
         "expect_status": 200, "observations_per_request": fixtures["observations_per_set"], "headers": {**fhir_headers, **auth},
         "body_template": fixtures["observation_template"], "choices": {"patient": fixtures["ward_nhs_numbers"]}},
    ]


def probe(server: Server, scenario: dict, clients: int) -> tuple[bool, str]:
    """One request before the load: is the endpoint there and answering as the scenario expects?"""
    # Filled in as the clients fill it, from the block of values of a client that does not exist.
    body = (BodyMaker(scenario, client_index=clients).next() or b"").decode()
    cookies = (scenario.get("cookies_per_client") or [None])[0]
    try:
        response = httpx.request(scenario["method"], server.base_url + scenario["path"], headers=scenario.get("headers"),
                                 content=body.encode() if body else None, cookies=cookies, timeout=30, follow_redirects=False)
    except httpx.HTTPError as exc:
        return False, f"no answer: {exc}"
    if response.status_code == scenario["expect_status"]:
        return True, report.describe_page(scenario, response)
    detail = f"HTTP {response.status_code}"
    if "location" in response.headers:
        detail += f" -> {response.headers['location']}"
    if response.status_code == 404:
        detail += " (not built yet?)"
    text = " ".join(response.text.split())[:200]
    return False, f"{detail}; {text}" if text else detail


def background_load(server: Server, wait_seconds: float) -> float:
    """Percent of the machine other processes use now; waits (up to wait_seconds) for it to fall under QUIET."""
    deadline = time.monotonic() + wait_seconds
    while True:
        before = cpu_snapshot(server.process.pid, database_name())
        time.sleep(1.0)
        other = cpu_shares(before, cpu_snapshot(server.process.pid, database_name()))["other"]
        if other < QUIET_PERCENT or time.monotonic() >= deadline:
            return other
        print(f"  other processes are using {other:.0f}% of the machine; waiting for quiet ...", flush=True)
        time.sleep(4.0)


def run_load(server: Server, scenario: dict, args) -> dict:
    spec = {**scenario, "base_url": server.base_url, "clients": scenario.get("clients", args.clients), "warmup_seconds": args.warmup,
            "duration_seconds": args.duration, "server_pid": server.process.pid, "database": database_name()}
    result = subprocess.run([sys.executable, "-m", "benchmarks.loadgen"], cwd=ROOT, input=json.dumps(spec),  # noqa: S603
                            capture_output=True, text=True, timeout=args.warmup + args.duration + 120)
    if result.returncode != 0:
        raise RuntimeError(f"load generator failed:\n{result.stderr[-2000:]}")
    return json.loads(result.stdout)


def main() -> int:
    args = parse_args()
    WORK_DIR.mkdir(parents=True, exist_ok=True)
    django.setup()
    fixtures = prepare_database(args)
    server = Server(args.workers, args.threads)
    results: dict[str, dict] = {}
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        server.start()
        print(f"Serving on {server.base_url} with {server.description}; {args.clients} clients, "
              f"{args.warmup:g} s warm-up + {args.duration:g} s measured per scenario.", flush=True)
        for scenario in scenarios(fixtures):
            if args.only and scenario["name"] not in args.only:
                continue
            available, detail = probe(server, scenario, args.clients)
            entry = {"title": scenario["title"], "path": scenario["path"], "available": available, "probe": detail,
                     "observations_per_request": scenario.get("observations_per_request")}
            if available:
                entry["other_load_before_percent"] = background_load(server, args.wait_quiet)
                print(f"- {scenario['title']}: {detail}; measuring ...", flush=True)
                entry.update(run_load(server, scenario, args))
            else:
                print(f"- {scenario['title']}: UNAVAILABLE ({detail})", flush=True)
            results[scenario["name"]] = entry
        errors_logged = server.log_tail()
    finally:
        server.stop()
    summary = report.build(results, args, server.description, fixtures, errors_logged)
    report.print_table(summary)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(summary, indent=2, default=str))
    print(f"\nResults written to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
