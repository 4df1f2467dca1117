"""Production settings for the benchmark: DEBUG off, PostgreSQL, served over plain HTTP on loopback.

The environment is set before the product settings are read, because those settings derive
cookie security, HSTS and static-file behaviour from it at import time. `make` exports
HEALTHHUB_DEBUG=true for local runs, so it is overridden here rather than defaulted.
"""

import os

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/hh_bench"
# A variable of its own, never DATABASE_URL: the harness drops and recreates this database.
BENCHMARK_DATABASE_URL = os.environ.get("HEALTHHUB_BENCHMARK_DATABASE_URL", DEFAULT_DATABASE_URL)

os.environ["HEALTHHUB_DEBUG"] = "false"
os.environ.setdefault("HEALTHHUB_SECRET_KEY", "benchmark-only-secret-key-never-deployed")
# Loopback HTTP only: secure cookies would never be sent back over plain HTTP.
os.environ["HEALTHHUB_SECURE_COOKIES"] = "false"
os.environ["DATABASE_URL"] = BENCHMARK_DATABASE_URL

from healthhub.config.settings import *  # noqa: E402,F403
from healthhub.config.settings import LOGGING  # noqa: E402

ALLOWED_HOSTS = ["127.0.0.1"]
ROOT_URLCONF = "benchmarks.urls"
# The benchmark fetches no static files; WhiteNoise only needs somewhere that exists.
STATIC_ROOT = os.environ.get("HEALTHHUB_BENCHMARK_STATIC_ROOT", "/tmp/healthhub-benchmark/static")
os.makedirs(STATIC_ROOT, exist_ok=True)
# Per-request INFO logging would measure the terminal, not the product.
LOGGING = {**LOGGING, "root": {**LOGGING["root"], "level": "WARNING"}}
