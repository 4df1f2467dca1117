"""How many demo requests, and how they split between the hub's practices.

The total follows the hub's own first 12 weeks (3,955 eConsults, seed 003): about 0.8 requests per
1,000 patients per working day for the phase-1 practices. The split between practices follows
NHS England's published online consultation submissions for each practice (the open data folder's
online_consultation_submissions.csv), because use of online forms varies far more between
practices than list size does. Today's published volumes (around 8,000 a month for these eight
practices) are about six times the pilot's, so they set the shares, not the total. Months marked
"No Data" are left out; a practice with no published month, or no file, falls back to list size.
"""

import csv
from pathlib import Path
from statistics import mean

SUBMISSIONS_FILE = "online_consultation_submissions.csv"


def published_monthly_submissions(data_dir: Path, ods_codes: set[str]) -> dict[str, float]:
    path = Path(data_dir) / SUBMISSIONS_FILE
    if not path.is_file():
        return {}
    months: dict[str, list[int]] = {}
    with path.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            code, submissions = row.get("ods_code", ""), (row.get("submissions") or "").strip()
            if code not in ods_codes or not submissions.isdigit():
                continue
            if row.get("supplier") == "No Data" or int(submissions) == 0:
                continue  # zero there means no data was supplied, not no demand
            months.setdefault(code, []).append(int(submissions))
    return {code: mean(values) for code, values in months.items()}


def practice_shares(practices, data_dir: Path) -> dict[int, float]:
    """Each practice's share of the hub's requests, by practice id (sums to 1)."""
    published = published_monthly_submissions(data_dir, {practice.ods_code for practice in practices})
    with_data = [practice for practice in practices if practice.ods_code in published]
    patients_with_data = sum(practice.registered_patients for practice in with_data)
    rate = sum(published.values()) / patients_with_data if patients_with_data else 1.0
    weights = {
        practice.id: published.get(practice.ods_code, practice.registered_patients * rate) for practice in practices
    }
    total = sum(weights.values())
    if not total:
        return {practice.id: 1 / len(practices) for practice in practices}
    return {practice_id: weight / total for practice_id, weight in weights.items()}
