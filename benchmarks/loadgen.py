"""Closed-loop load generator: N clients, each sending its next request as soon as the last one answers.

Runs in its own process (`python -m benchmarks.loadgen < scenario.json`) and knows nothing of Django.
The scenario says the method, path, headers, per-client cookies and a body template whose
placeholders are filled per request:
  {{UNIQUE}}      a value never sent before (idempotency keys, identifiers)
  {{NHS_NUMBER}}  a valid (Modulus 11) NHS number never sent before
  {{CHOICE:name}} the next value, round robin, from scenario["choices"][name]
  {{MOMENT}}      a date and time in the last 100 days never sent before (a set of observations' effectiveDateTime)
Prints one JSON object: throughput, latency percentiles, statuses, and who used the CPU meanwhile.
"""

import http.client
import itertools
import json
import os
import sys
import threading
import time
import uuid
from urllib.parse import urlsplit


def nhs_numbers(first_nine: int):
    while True:
        first_nine += 1
        digits = f"{first_nine:09d}"
        check = 11 - sum(int(d) * w for d, w in zip(digits, range(10, 1, -1), strict=True)) % 11
        if check == 10:
            continue
        yield digits + str(0 if check == 11 else check)


def _postgres_kind(pid: str, database: str) -> str:
    """Backends for the benchmark's database and the server's own workers (WAL writer, ...) count as ours."""
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
            title = cmdline.read().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return "other"
    if f" {database} " in title:
        return "postgres"
    serving_another_database = "(" in title or "[local]" in title or "autovacuum worker" in title
    return "other" if serving_another_database else "postgres"


def cpu_snapshot(server_pid: int | None, database: str = "") -> dict:
    """CPU ticks used so far by the whole machine, and by each process as server, PostgreSQL, this process or other."""
    with open("/proc/stat") as stat:
        values = [int(v) for v in stat.readline().split()[1:]]
    idle = values[3] + values[4]  # idle + iowait
    processes = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                raw = stat.read()
        except OSError:
            continue  # the process ended
        command = raw[raw.index("(") + 1:raw.rindex(")")]
        fields = raw[raw.rindex(")") + 2:].split()
        if int(entry) == os.getpid():
            kind = "loadgen"
        elif server_pid and int(fields[2]) == server_pid:  # gunicorn leads its own process group
            kind = "server"
        elif command == "postgres":
            kind = _postgres_kind(entry, database)
        else:
            kind = "other"
        processes[entry] = (kind, int(fields[11]) + int(fields[12]))  # utime + stime
    return {"busy": sum(values) - idle, "total": sum(values), "processes": processes}


def cpu_shares(before: dict, after: dict) -> dict[str, float]:
    """Percent of the whole machine (all cores) each kind of process used between two snapshots.

    Processes that ended in between are lost to the per-process sums, so "other" is what the
    machine was busy with beyond our server, PostgreSQL and this process.
    """
    total = max(1, after["total"] - before["total"])
    used = {"server": 0, "postgres": 0, "loadgen": 0}
    for pid, (kind, ticks) in after["processes"].items():
        if kind in used:
            used[kind] += ticks - before["processes"].get(pid, (kind, 0))[1]
    shares = {name: 100.0 * ticks / total for name, ticks in used.items()}
    shares["machine_busy"] = 100.0 * (after["busy"] - before["busy"]) / total
    shares["other"] = max(0.0, shares["machine_busy"] - sum(shares[name] for name in used))
    return {name: round(value, 1) for name, value in shares.items()}


def percentile(sorted_values: list[float], fraction: float) -> float:
    if not sorted_values:
        return float("nan")
    index = min(len(sorted_values) - 1, max(0, round(fraction * len(sorted_values) + 0.5) - 1))
    return sorted_values[index]


class BodyMaker:
    def __init__(self, scenario: dict, client_index: int):
        self.template = scenario.get("body_template")
        self.choices = {name: itertools.cycle(values[client_index % len(values):] + values[:client_index % len(values)])
                        for name, values in scenario.get("choices", {}).items()}
        # Each client draws NHS numbers from its own block, so no two requests share one.
        self.numbers = nhs_numbers(scenario.get("nhs_number_base", 600_000_000) + client_index * 10_000_000)
        self.run_id = uuid.uuid4().hex[:12]
        self.client_index = client_index
        self.counter = itertools.count(1)
        # Distinct past moments: each client counts seconds from its own start, a million seconds apart.
        self.first_moment = int(time.time()) - 100 * 86_400 + client_index * 1_000_000

    def next(self) -> bytes | None:
        if self.template is None:
            return None
        body = self.template
        if "{{UNIQUE}}" in body:
            body = body.replace("{{UNIQUE}}", f"{self.run_id}-{self.client_index}-{next(self.counter)}")
        if "{{MOMENT}}" in body:
            moment = self.first_moment + next(self.counter)
            body = body.replace("{{MOMENT}}", time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime(moment)))
        if "{{NHS_NUMBER}}" in body:
            body = body.replace("{{NHS_NUMBER}}", next(self.numbers))
        for name, values in self.choices.items():
            placeholder = "{{CHOICE:" + name + "}}"
            if placeholder in body:
                body = body.replace(placeholder, next(values))
        return body.encode()


def client_loop(scenario: dict, index: int, stop_at: float, results: list, first_errors: list) -> None:
    # The standard library's keep-alive HTTP client: it costs a fraction of the CPU of a richer
    # client, and the generator shares this machine's two cores with the server it measures.
    cookies = scenario.get("cookies_per_client") or []
    cookie = cookies[index % len(cookies)] if cookies else None
    bodies = BodyMaker(scenario, index)
    headers = dict(scenario.get("headers", {}))
    if cookie:
        headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in cookie.items())
    url = urlsplit(scenario["base_url"])
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=30.0)
    try:
        while True:
            body = bodies.next()
            started = time.perf_counter()
            if started >= stop_at:
                return
            try:
                connection.request(scenario["method"], scenario["path"], body=body, headers=headers)
                response = connection.getresponse()
                content = response.read()
                status = response.status
                if status != scenario["expect_status"] and len(first_errors) < 3:
                    first_errors.append(f"HTTP {status}: {content[:300].decode(errors='replace')}")
            except (OSError, http.client.HTTPException) as exc:
                status = 0
                connection.close()  # reconnects on the next request
                if len(first_errors) < 3:
                    first_errors.append(f"{type(exc).__name__}: {exc}")
            results.append((started, time.perf_counter(), status))
    finally:
        connection.close()


def run(scenario: dict) -> dict:
    clients, warmup, duration = scenario["clients"], scenario["warmup_seconds"], scenario["duration_seconds"]
    results: list[tuple[float, float, int]] = []  # list.append is atomic under the GIL
    first_errors: list[str] = []
    begin = time.perf_counter()
    window_start, window_end = begin + warmup, begin + warmup + duration
    threads = [threading.Thread(target=client_loop, args=(scenario, i, window_end, results, first_errors), daemon=True)
               for i in range(clients)]
    for thread in threads:
        thread.start()
    time.sleep(max(0.0, window_start - time.perf_counter()))
    cpu_before = cpu_snapshot(scenario.get("server_pid"), scenario.get("database", ""))
    time.sleep(max(0.0, window_end - time.perf_counter()))
    cpu_after = cpu_snapshot(scenario.get("server_pid"), scenario.get("database", ""))
    for thread in threads:
        thread.join()
    return summarise(results, window_start, window_end, scenario["expect_status"], first_errors,
                     cpu=cpu_shares(cpu_before, cpu_after))


def summarise(results, window_start, window_end, expect_status, first_errors, cpu) -> dict:
    """Requests that completed inside the measured window count; the warm-up and the tail do not."""
    duration = window_end - window_start
    measured = [r for r in results if window_start <= r[1] < window_end]
    ok = sorted((end - start) * 1000 for start, end, status in measured if status == expect_status)
    statuses: dict[str, int] = {}
    for _, _, status in measured:
        statuses[str(status)] = statuses.get(str(status), 0) + 1
    per_second = [0] * max(1, int(duration))
    for _, end, status in measured:
        slot = int(end - window_start)
        if status == expect_status and slot < len(per_second):
            per_second[slot] += 1
    return {
        "duration_seconds": round(duration, 2),
        "requests": len(measured),
        "ok": len(ok),
        "errors": len(measured) - len(ok),
        "statuses": statuses,
        "first_errors": first_errors,
        "throughput_per_second": len(ok) / duration if duration else 0.0,
        "slowest_second_throughput": min(per_second) if per_second else 0,
        "p50_ms": percentile(ok, 0.50),
        "p95_ms": percentile(ok, 0.95),
        "p99_ms": percentile(ok, 0.99),
        "max_ms": ok[-1] if ok else float("nan"),
        "cpu_percent_of_machine": cpu,
    }


if __name__ == "__main__":
    print(json.dumps(run(json.load(sys.stdin))))
