"""Turn the measurements into the table the issue asks for: figures, ratios to the baseline, PASS/FAIL."""

import math
import os
import re

# Issue #2 section 7, on a 2-core machine with PostgreSQL: FHIR with 8 concurrent clients; the work
# queue's page time as a member of staff sees it (one page at a time). The queue under 8 clients
# refreshing without pause is reported too, as the load it stands, with no target of its own.
TARGETS = {
    "fhir_submission": {"min_throughput": 200.0, "max_p95_ms": 150.0},
    "work_queue_one_user": {"max_p95_ms": 150.0},
    # Issue #3 section 5: Bundles of 7 vital signs, scoring included, against raw inserts of the same rows.
    "observation_ingestion": {"min_observations_per_second": 1000.0},
}
REQUEST_LINK = re.compile(r"/hub/requests/([A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4})/")


def describe_page(scenario: dict, response) -> str:
    size = f"{len(response.content) / 1024:.1f} KiB"
    if scenario["name"].startswith("work_queue"):
        return f"200, {size}, {len(set(REQUEST_LINK.findall(response.text)))} requests listed"
    if "location" in response.headers:
        return f"{response.status_code}, Location {response.headers['location']}"
    return f"{response.status_code}, {size}"


def _ratio(value, base):
    if value is None or base is None or not base or math.isnan(value) or math.isnan(base):
        return None
    return value / base


def verdict(name: str, entry: dict) -> tuple[str, list[str]]:
    target = TARGETS.get(name)
    if target is None:
        return "", []
    if not entry.get("available"):
        return "UNAVAILABLE", [f"endpoint unavailable: {entry.get('probe')}"]
    reasons = []
    if entry["errors"]:
        reasons.append(f"{entry['errors']} failed requests {entry['statuses']}")
    if "min_throughput" in target and entry["throughput_per_second"] < target["min_throughput"]:
        reasons.append(f"{entry['throughput_per_second']:.0f}/s < {target['min_throughput']:.0f}/s")
    if "min_observations_per_second" in target and entry["observations_per_second"] < target["min_observations_per_second"]:
        reasons.append(f"{entry['observations_per_second']:.0f} observations/s < {target['min_observations_per_second']:.0f}/s")
    if "max_p95_ms" in target and entry["p95_ms"] >= target["max_p95_ms"]:
        reasons.append(f"p95 {entry['p95_ms']:.0f} ms >= {target['max_p95_ms']:.0f} ms")
    return ("FAIL" if reasons else "PASS"), reasons


def build(results: dict, args, server: str, fixtures: dict, server_log: str) -> dict:
    insert = results.get("baseline_insert", {})
    select = results.get("baseline_select", {})
    for name, entry in results.items():
        if not entry.get("available"):
            continue
        entry["throughput_ratio_to_insert_baseline"] = _ratio(entry["throughput_per_second"], insert.get("throughput_per_second"))
        entry["p95_ratio_to_insert_baseline"] = _ratio(entry["p95_ms"], insert.get("p95_ms"))
        if entry["path"].startswith("/hub/") or "select" in name:
            entry["p95_ratio_to_select_baseline"] = _ratio(entry["p95_ms"], select.get("p95_ms"))
            entry["throughput_ratio_to_select_baseline"] = _ratio(entry["throughput_per_second"], select.get("throughput_per_second"))
        if entry.get("observations_per_request"):
            entry["observations_per_second"] = entry["throughput_per_second"] * entry["observations_per_request"]
        entry["verdict"], entry["verdict_reasons"] = verdict(name, entry)
    ingestion, raw = results.get("observation_ingestion", {}), results.get("baseline_observations", {})
    if ingestion.get("available") and raw.get("available"):
        ingestion["observations_ratio_to_raw_inserts"] = _ratio(ingestion["observations_per_second"], raw["observations_per_second"])
    for name in TARGETS:
        if name in results and not results[name].get("available"):
            results[name]["verdict"], results[name]["verdict_reasons"] = verdict(name, results[name])
    return {
        "machine": {"cpus": os.cpu_count(), "note": "server, PostgreSQL and load generator share these cores"},
        "server": server,
        "clients": args.clients,
        "warmup_seconds": args.warmup,
        "duration_seconds": args.duration,
        "database": fixtures["counts"],
        "seed_seconds": fixtures["seed_seconds"],
        "api_token_source": fixtures["token_source"],
        "targets": TARGETS,
        "scenarios": results,
        "server_log_tail": server_log,
    }


def _fmt(value, pattern: str, empty: str = "-") -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return empty
    return pattern.format(value)


def print_table(summary: dict) -> None:
    db = summary["database"]
    print(f"\nHealth Hub speed benchmark: {summary['clients']} clients, {summary['server']}, "
          f"{summary['duration_seconds']:g} s measured after {summary['warmup_seconds']:g} s warm-up per scenario")
    print(f"Database: {db['requests']:,} requests ({db['open']:,} open), {db['patients']:,} patients, "
          f"{db['status_events']:,} status events (PostgreSQL)")
    print(f"Machine: {summary['machine']['cpus']} CPUs shared by gunicorn, PostgreSQL and the load generator\n")
    header = (f"{'scenario':<44} {'req/s':>7} {'min 1s':>6} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'errors':>6} "
              f"{'x ins/s':>7} {'x ins p95':>9} {'app%':>5} {'db%':>5} {'gen%':>5} {'other%':>6}  result")
    print(header)
    print("-" * len(header))
    for entry in summary["scenarios"].values():
        if not entry.get("available"):
            print(f"{entry['title']:<44} {'unavailable: ' + entry['probe'][:90]}")
            continue
        cpu = entry["cpu_percent_of_machine"]
        print(f"{entry['title']:<44} {entry['throughput_per_second']:>7.1f} {entry['slowest_second_throughput']:>6} "
              f"{entry['p50_ms']:>7.1f} {entry['p95_ms']:>7.1f} {entry['p99_ms']:>7.1f} {entry['errors']:>6} "
              f"{_fmt(entry.get('throughput_ratio_to_insert_baseline'), '{:.2f}'):>7} "
              f"{_fmt(entry.get('p95_ratio_to_insert_baseline'), '{:.2f}'):>9} "
              f"{cpu['server']:>5.0f} {cpu['postgres']:>5.0f} {cpu['loadgen']:>5.0f} {cpu['other']:>6.0f}  "
              f"{entry.get('verdict', '')}")
    print("\nx ins/s, x ins p95: throughput and p95 as multiples of the one-INSERT baseline's in this run.")
    print("app% / db% / gen% / other%: share of the whole machine (all cores) used during the window by gunicorn,\n"
          "PostgreSQL (this database and the server's own processes), the load generator, and anything else running; a large other% means\n"
          "the machine was not quiet and the absolute figures are pessimistic (the ratios less so).")
    queue = summary["scenarios"].get("work_queue", {})
    if queue.get("available"):
        print(f"Work queue p95 = {_fmt(queue.get('p95_ratio_to_select_baseline'), '{:.2f}')} x the one-SELECT baseline's; "
              f"page probe: {queue['probe']}")
    ingestion, raw = summary["scenarios"].get("observation_ingestion", {}), summary["scenarios"].get("baseline_observations", {})
    if ingestion.get("available") and raw.get("available"):
        print(f"Observations: {ingestion['observations_per_second']:.0f}/s through FHIR Bundles (scored) against "
              f"{raw['observations_per_second']:.0f}/s as raw inserts of the same rows: "
              f"{_fmt(ingestion.get('observations_ratio_to_raw_inserts'), '{:.2f}')} x")
    print("\nTargets (issue #2 section 7): FHIR >= 200 submissions/s sustained with p95 < 150 ms; "
          "work queue p95 < 150 ms with 500,000 requests stored (5,000 open).")
    print("Target (issue #3 section 5): >= 1,000 observations/s in FHIR Bundles of 7, scoring included.")
    for name in TARGETS:
        entry = summary["scenarios"].get(name)
        if entry is None:
            continue
        reasons = "; ".join(entry.get("verdict_reasons") or [])
        print(f"  {entry['title']}: {entry.get('verdict', '')}{' - ' + reasons if reasons else ''}")
        for error in entry.get("first_errors", [])[:2]:
            print(f"    first error: {error[:200]}")
    print(f"API token: {summary['api_token_source']}")
