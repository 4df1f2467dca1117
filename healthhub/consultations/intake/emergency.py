"""The emergency screen: LOCAL clinical content kept as data for the clinical safety officer.

The lists and wording live in `consultations/content/emergency_screen.json`; this module only
loads them and decides which list applies to whom.
"""

import json
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from healthhub.patients.age import age_in_years

CONTENT_FILE = Path(__file__).resolve().parent.parent / "content" / "emergency_screen.json"
ADULT = "adult"
CHILD = "child"


@dataclass(frozen=True)
class EmergencyScreen:
    version: str
    source: str
    adult: tuple[str, ...]
    child: tuple[str, ...]
    urgent_advice: str
    child_age_limit: int

    def symptoms_for(self, group: str) -> tuple[str, ...]:
        return self.child if group == CHILD else self.adult

    def group_for_birth_date(self, born: date, today: date) -> str:
        """Which list applies to someone born on `born`: the child list below the content's age limit."""
        return CHILD if age_in_years(born, today) < self.child_age_limit else ADULT


@lru_cache(maxsize=1)
def screen() -> EmergencyScreen:
    content = json.loads(CONTENT_FILE.read_text(encoding="utf-8"))
    return EmergencyScreen(
        version=content["version"],
        source=content["source"],
        adult=tuple(content["adult"]),
        child=tuple(content["child"]),
        urgent_advice=content["urgent_advice"],
        child_age_limit=int(content["child_age_limit"]),
    )
