"""Clinical thresholds as data: one JSON file per rule table in `clinical/tables/`.

Each table names its version and its source, so a clinical safety officer can review and change
thresholds without reading code, and every score can record the version it was made with. The
modules that use a table turn it into frozen dataclasses once, at first use.
"""

import json
from functools import cache
from pathlib import Path
from typing import Any

TABLES = Path(__file__).with_name("tables")


class RuleTableError(ValueError):
    """A table is missing, unreadable or lacks its version or source."""


@cache
def load(name: str) -> dict[str, Any]:
    """The table `tables/<name>.json`; it must say its `version` and `source`."""
    path = TABLES / f"{name}.json"
    try:
        table = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise RuleTableError(f"Cannot read the clinical rule table {path}: {error}") from error
    for key in ("version", "source"):
        if not isinstance(table.get(key), str) or not table[key].strip():
            raise RuleTableError(f"The clinical rule table {path} must give its {key}")
    return table
