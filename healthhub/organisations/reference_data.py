"""Load the ICB's open reference data: Health and Care Partnerships, PCNs, practices, list sizes.

The files and what each column means are described in the data folder's README (NHS England
ODS and "Patients Registered at a GP Practice" extracts, and the partnerships table of the HOSC
briefing). The load can be re-run at any time: records are matched on their codes, created or
updated in one transaction, and anything the data does not mention (a practice's hub, its intake
status, a practice that has since closed) is left as it is.
"""

import csv
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import transaction

from .models import HealthCarePartnership, Practice, PrimaryCareNetwork

PARTNERSHIPS_FILE = "health_care_partnerships.csv"
PCNS_FILE = "pcns.csv"
PRACTICES_FILE = "practices.csv"
LIST_SIZES_FILE = "list_size_age_sex.csv"
REQUIRED_FILES = (PARTNERSHIPS_FILE, PCNS_FILE, PRACTICES_FILE, LIST_SIZES_FILE)

# NHS England writes "U" in a practice's PCN column for "Unallocated": a practice in no PCN.
UNALLOCATED_PCN = "U"
PRACTICE_CODE = re.compile(r"^[A-Z]\d{5}$")
PCN_CODE = re.compile(r"^U\d{5}$")
MAX_PROBLEMS_SHOWN = 20


class ReferenceDataError(Exception):
    """The data folder, a file or some rows cannot be loaded; nothing has been changed."""


@dataclass(frozen=True)
class RowProblem:
    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file} line {self.line}: {self.message}"


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def __str__(self) -> str:
        return f"{self.created:,} created, {self.updated:,} updated, {self.unchanged:,} unchanged"


@dataclass
class LoadSummary:
    data_dir: Path
    partnerships: Counts = field(default_factory=Counts)
    pcns: Counts = field(default_factory=Counts)
    practices: Counts = field(default_factory=Counts)
    # (ODS code, name, partnership name or "") of practices in no PCN.
    orphan_practices: list[tuple[str, str, str]] = field(default_factory=list)
    pcns_without_partnership: list[str] = field(default_factory=list)
    registered_patients: int = 0
    list_size_mismatches: list[str] = field(default_factory=list)
    list_size_rows_for_unknown_practices: int = 0
    practices_not_in_data: list[str] = field(default_factory=list)


@dataclass
class _Parsed:
    """Every file read and checked, before anything is written."""

    partnership_of_pcn: dict[str, str] = field(default_factory=dict)
    partnership_of_orphan: dict[str, str] = field(default_factory=dict)
    pcns: dict[str, dict] = field(default_factory=dict)
    practices: dict[str, dict] = field(default_factory=dict)
    practice_pcn_code: dict[str, str | None] = field(default_factory=dict)
    published_list_size: dict[str, int] = field(default_factory=dict)
    list_sizes: dict[str, int] = field(default_factory=dict)
    unknown_list_size_rows: int = 0
    problems: list[RowProblem] = field(default_factory=list)


def check_data_dir(data_dir: Path) -> None:
    if not data_dir.is_dir():
        raise ReferenceDataError(
            f"The reference data folder {data_dir} does not exist. Set HEALTHHUB_DATA_DIR to the folder "
            f"that holds {', '.join(REQUIRED_FILES)} (or pass --data-dir)."
        )
    missing = [name for name in REQUIRED_FILES if not (data_dir / name).is_file()]
    if missing:
        raise ReferenceDataError(
            f"{', '.join(missing)} {'is' if len(missing) == 1 else 'are'} missing from the reference data folder "
            f"{data_dir} (HEALTHHUB_DATA_DIR)."
        )


def _rows(path: Path, columns: tuple[str, ...]):
    """(line number, row) pairs; a file without the expected columns cannot be read at all."""
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        missing = [column for column in columns if column not in (reader.fieldnames or [])]
        if missing:
            raise ReferenceDataError(f"{path} has no column {', '.join(missing)}: is it the right file?")
        for row in reader:
            yield reader.line_num, {key: (value or "").strip() for key, value in row.items() if key}


def _whole_number(value: str) -> int | None:
    return int(value) if value.isdigit() else None


def _coordinate(value: str, limit: int) -> Decimal | None:
    try:
        number = Decimal(value)
    except InvalidOperation:
        return None
    if not number.is_finite():
        return None
    return number.quantize(Decimal("0.000001")) if abs(number) <= limit else None


def _read_pcns(data_dir: Path, parsed: _Parsed) -> None:
    for line, row in _rows(data_dir / PCNS_FILE, ("pcn_code", "pcn_name", "registered_patients")):
        code, patients = row["pcn_code"], _whole_number(row["registered_patients"])
        problem = (
            "the PCN code must look like U12345" if not PCN_CODE.match(code)
            else "the PCN has no name" if not row["pcn_name"]
            else "registered_patients must be a whole number" if patients is None
            else f"PCN {code} is listed twice" if code in parsed.pcns
            else ""
        )
        if problem:
            parsed.problems.append(RowProblem(PCNS_FILE, line, problem))
            continue
        parsed.pcns[code] = {"name": row["pcn_name"], "registered_patients": patients}


def _read_practices(data_dir: Path, parsed: _Parsed) -> None:
    columns = ("ods_code", "name", "postcode", "open_date", "phone", "pcn_code", "registered_patients", "latitude", "longitude")
    for line, row in _rows(data_dir / PRACTICES_FILE, columns + ("address_line_1",)):
        problem = _practice_problem(row, parsed)
        if problem:
            parsed.problems.append(RowProblem(PRACTICES_FILE, line, problem))
            continue
        code = row["ods_code"]
        lines = [row.get(f"address_line_{n}", "") for n in range(1, 5)]
        parsed.practice_pcn_code[code] = None if row["pcn_code"] == UNALLOCATED_PCN else row["pcn_code"]
        parsed.published_list_size[code] = int(row["registered_patients"])
        parsed.practices[code] = {
            "name": row["name"],
            "address_lines": [text for text in lines if text],
            "postcode": row["postcode"],
            "phone": row["phone"],
            "open_date": date.fromisoformat(row["open_date"]) if row["open_date"] else None,
            "latitude": _coordinate(row["latitude"], 90) if row["latitude"] else None,
            "longitude": _coordinate(row["longitude"], 180) if row["longitude"] else None,
        }


def _practice_problem(row: dict, parsed: _Parsed) -> str:
    code, pcn_code = row["ods_code"], row["pcn_code"]
    if not PRACTICE_CODE.match(code):
        return f"the ODS code {code!r} must be a letter and 5 digits, like G82002"
    if code in parsed.practices:
        return f"practice {code} is listed twice"
    if not row["name"] or not row["postcode"]:
        return f"practice {code} needs a name and a postcode"
    if len(row["postcode"]) > 10 or len(row["name"]) > 200:
        return f"practice {code} has a name or postcode too long to be real"
    if pcn_code != UNALLOCATED_PCN and pcn_code not in parsed.pcns:
        return f"practice {code} names PCN {pcn_code!r}, which is not in {PCNS_FILE} (use U for no PCN)"
    if _whole_number(row["registered_patients"]) is None:
        return f"practice {code}: registered_patients must be a whole number"
    if row["open_date"]:
        try:
            date.fromisoformat(row["open_date"])
        except ValueError:
            return f"practice {code}: open_date must be a date like 1974-04-01"
    if bool(row["latitude"]) != bool(row["longitude"]):
        return f"practice {code} has only one of latitude and longitude"
    if row["latitude"] and (_coordinate(row["latitude"], 90) is None or _coordinate(row["longitude"], 180) is None):
        return f"practice {code}: latitude and longitude must be decimal degrees"
    return ""


def _read_partnerships(data_dir: Path, parsed: _Parsed) -> None:
    for line, row in _rows(data_dir / PARTNERSHIPS_FILE, ("hcp_name", "pcn_code", "practice_ods_code")):
        name, pcn_code, practice_code = row["hcp_name"], row["pcn_code"], row["practice_ods_code"]
        problem = (
            "the partnership has no name" if not name
            else "a row names either a PCN or a practice, not both or neither" if bool(pcn_code) == bool(practice_code)
            else f"PCN {pcn_code} is not in {PCNS_FILE}" if pcn_code and pcn_code not in parsed.pcns
            else f"practice {practice_code} is not in {PRACTICES_FILE}" if practice_code and practice_code not in parsed.practices
            else f"practice {practice_code} is in a PCN, so it belongs to that PCN's partnership"
            if practice_code and parsed.practice_pcn_code.get(practice_code)
            else ""
        )
        if problem:
            parsed.problems.append(RowProblem(PARTNERSHIPS_FILE, line, problem))
        elif pcn_code:
            parsed.partnership_of_pcn[pcn_code] = name
        else:
            parsed.partnership_of_orphan[practice_code] = name


def _read_list_sizes(data_dir: Path, parsed: _Parsed) -> None:
    # The file is one period (the latest published extract), one row per sex and age band.
    totals: Counter[str] = Counter()
    for line, row in _rows(data_dir / LIST_SIZES_FILE, ("ods_code", "registered_patients")):
        patients = _whole_number(row["registered_patients"])
        if patients is None:
            parsed.problems.append(RowProblem(LIST_SIZES_FILE, line, "registered_patients must be a whole number"))
        elif row["ods_code"] not in parsed.practices:
            # A list size for a practice that is not in the practice file (closed since, or another
            # ICB's) is not an error in the row, only nothing to load.
            parsed.unknown_list_size_rows += 1
        else:
            totals[row["ods_code"]] += patients
    parsed.list_sizes = dict(totals)


def read_reference_data(data_dir: Path) -> _Parsed:
    """Read and check every file. Malformed rows fail the whole load (listing each one) rather than
    being skipped: a practice silently left out would vanish from patients' start pages and from the
    ICB's figures, so yesterday's complete data is kept until the files are put right."""
    check_data_dir(data_dir)
    parsed = _Parsed()
    _read_pcns(data_dir, parsed)
    _read_practices(data_dir, parsed)
    _read_partnerships(data_dir, parsed)
    _read_list_sizes(data_dir, parsed)
    if parsed.problems:
        shown = "\n".join(f"  {problem}" for problem in parsed.problems[:MAX_PROBLEMS_SHOWN])
        more = len(parsed.problems) - MAX_PROBLEMS_SHOWN
        raise ReferenceDataError(
            f"{len(parsed.problems)} row(s) in {data_dir} cannot be loaded; nothing was changed. Correct them and re-run:\n"
            f"{shown}" + (f"\n  … and {more} more" if more > 0 else "")
        )
    return parsed


def _upsert(model, key_field: str, wanted: dict[str, dict]) -> Counts:
    """Create what is new, update what differs, count what already matches."""
    existing = {getattr(obj, key_field): obj for obj in model.objects.filter(**{f"{key_field}__in": list(wanted)})}
    to_create, to_update, changed_fields = [], [], set()
    for key, values in wanted.items():
        obj = existing.get(key)
        if obj is None:
            to_create.append(model(**{key_field: key}, **values))
            continue
        differing = [name for name, value in values.items() if getattr(obj, name) != value]
        for name in differing:
            setattr(obj, name, values[name])
        if differing:
            to_update.append(obj)
            changed_fields.update(differing)
    model.objects.bulk_create(to_create, batch_size=500)
    if to_update:
        model.objects.bulk_update(to_update, sorted(changed_fields), batch_size=500)
    return Counts(created=len(to_create), updated=len(to_update), unchanged=len(wanted) - len(to_create) - len(to_update))


def _list_size(code: str, parsed: _Parsed, summary: LoadSummary) -> int:
    published = parsed.published_list_size[code]
    by_age_and_sex = parsed.list_sizes.get(code)
    if by_age_and_sex is None:
        return published
    if by_age_and_sex != published:
        summary.list_size_mismatches.append(f"{code}: {by_age_and_sex:,} by age and sex, {published:,} in {PRACTICES_FILE}")
    return by_age_and_sex


def load_reference_data(data_dir: Path) -> LoadSummary:
    parsed = read_reference_data(Path(data_dir))
    summary = LoadSummary(data_dir=Path(data_dir), list_size_rows_for_unknown_practices=parsed.unknown_list_size_rows)
    with transaction.atomic():
        names = sorted(set(parsed.partnership_of_pcn.values()) | set(parsed.partnership_of_orphan.values()))
        summary.partnerships = _upsert(HealthCarePartnership, "name", {name: {} for name in names})
        partnership_id = dict(HealthCarePartnership.objects.filter(name__in=names).values_list("name", "id"))

        summary.pcns = _upsert(PrimaryCareNetwork, "code", {
            code: {**values, "partnership_id": partnership_id.get(parsed.partnership_of_pcn.get(code, ""))}
            for code, values in parsed.pcns.items()
        })
        summary.pcns_without_partnership = sorted(set(parsed.pcns) - set(parsed.partnership_of_pcn))
        pcn_id = dict(PrimaryCareNetwork.objects.filter(code__in=list(parsed.pcns)).values_list("code", "id"))

        wanted = {}
        for code, values in parsed.practices.items():
            pcn_code = parsed.practice_pcn_code[code]
            # A practice in a PCN belongs to a partnership through it; only orphans hold one directly.
            partnership_name = "" if pcn_code else parsed.partnership_of_orphan.get(code, "")
            wanted[code] = {
                **values,
                "pcn_id": pcn_id[pcn_code] if pcn_code else None,
                "partnership_id": partnership_id.get(partnership_name),
                "registered_patients": _list_size(code, parsed, summary),
            }
            if not pcn_code:
                summary.orphan_practices.append((code, values["name"], partnership_name))
        summary.practices = _upsert(Practice, "ods_code", wanted)
        summary.registered_patients = sum(values["registered_patients"] for values in wanted.values())
        summary.practices_not_in_data = sorted(Practice.objects.exclude(ods_code__in=list(wanted)).values_list("ods_code", flat=True))
    return summary

