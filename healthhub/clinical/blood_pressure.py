"""Blood pressure in adults: the home monitoring average, stages, targets and single-reading escalation (DOMAIN.md 3.3).

Source: NICE NG136, Hypertension in adults (2019, updated 2023): 1.2 diagnosis and home blood pressure
monitoring, 1.4 targets, 1.5 same-day referral. Every threshold lives in `tables/hypertension_ng136.json`;
every result records the table version it was made with.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from enum import StrEnum

from .deadlines import LONDON
from .rule_tables import load

Number = int | float | Decimal

_TABLE = load("hypertension_ng136")
RULE_VERSION: str = _TABLE["version"]
RULE_SOURCE: str = _TABLE["source"]


class Setting(StrEnum):
    CLINIC = "clinic"
    HOME = "home"


class Stage(StrEnum):
    NORMAL = "normal"
    STAGE_1 = "stage-1"
    STAGE_2 = "stage-2"
    SEVERE = "severe"


class Escalation(StrEnum):
    NONE = "none"
    CLINICAL_REVIEW = "clinical-review"
    SAME_DAY_REVIEW = "same-day-review"
    EMERGENCY = "emergency"


@dataclass(frozen=True)
class HbpmProtocol:
    days_discarded: int
    minimum_days_after_discarded: int
    ideal_days: int
    sittings_per_day: int
    readings_per_sitting: int
    decimal_places: int


@dataclass(frozen=True)
class StageBand:
    stage: Stage
    systolic_at_least: int
    diastolic_at_least: int


@dataclass(frozen=True)
class BpTarget:
    systolic_below: int
    diastolic_below: int
    setting: Setting
    age_band: str


@dataclass(frozen=True)
class PlausibleRange:
    label: str
    minimum: int
    maximum: int
    unit: str


HBPM_PROTOCOL = HbpmProtocol(**_TABLE["hbpm"])
STAGE_BANDS: dict[Setting, tuple[StageBand, ...]] = {
    Setting(setting): tuple(
        StageBand(Stage(band["stage"]), band["systolic_at_least"], band["diastolic_at_least"]) for band in bands
    )
    for setting, bands in _TABLE["stages"].items()
}
SYMPTOM_LABELS: dict[str, str] = {code: symptom["label"] for code, symptom in _TABLE["symptoms"].items()}
PLAUSIBLE: dict[str, PlausibleRange] = {field: PlausibleRange(**limits) for field, limits in _TABLE["plausible"].items()}
# (lowest, highest) a clinician may set a personal home target to, by "systolic" and "diastolic".
PERSONAL_TARGET_LIMITS: dict[str, tuple[int, int]] = {
    field: (int(_TABLE["personal_target_limits"][field]["minimum"]), int(_TABLE["personal_target_limits"][field]["maximum"]))
    for field in ("systolic", "diastolic")
}
_SAME_DAY = _TABLE["single_reading"]["same_day_review"]
_EMERGENCY_SYMPTOMS = frozenset(_TABLE["single_reading"]["emergency_symptoms"])
_LOW_SYSTOLIC = _TABLE["single_reading"]["low_systolic_review"]
_LOW_SYSTOLIC_SYMPTOMS = frozenset(_LOW_SYSTOLIC["symptoms"])
# A table that names a symptom outside its own vocabulary would silently never escalate.
if not (_EMERGENCY_SYMPTOMS | _LOW_SYSTOLIC_SYMPTOMS) <= SYMPTOM_LABELS.keys():
    raise ValueError(f"The rule table {RULE_VERSION} refers to symptoms it does not define")


def implausible(systolic: Number | None = None, diastolic: Number | None = None) -> dict[str, str]:
    """Plain-English problems by field, for forms and APIs; {} when the values given could be real."""
    problems = {}
    for field, value in (("systolic", systolic), ("diastolic", diastolic)):
        limits = PLAUSIBLE[field]
        if value is not None and not limits.minimum <= value <= limits.maximum:
            problems[field] = f"{limits.label} must be between {limits.minimum} and {limits.maximum} {limits.unit}"
    if systolic is not None and diastolic is not None and not problems and systolic <= diastolic:
        problems["systolic"] = "The top number (systolic) must be higher than the bottom number (diastolic)"
    return problems


def _refuse_implausible(systolic: Number, diastolic: Number) -> None:
    problems = implausible(systolic, diastolic)
    if problems:
        raise ValueError(f"Implausible blood pressure {systolic}/{diastolic}: " + "; ".join(problems.values()))


@dataclass(frozen=True)
class BpReading:
    taken_at: datetime
    systolic: int
    diastolic: int

    def __post_init__(self):
        # A naive time would be read in the server's timezone and could move a reading to the wrong day.
        if self.taken_at.tzinfo is None or self.taken_at.utcoffset() is None:
            raise ValueError("taken_at must be timezone-aware")
        _refuse_implausible(self.systolic, self.diastolic)

    @property
    def london_day(self) -> date:
        return self.taken_at.astimezone(LONDON).date()


@dataclass(frozen=True)
class HbpmAverage:
    systolic: Decimal
    diastolic: Decimal
    readings_used: int
    days_used: int
    first_day: date
    readings_discarded: int
    rule_version: str = RULE_VERSION


def mean_rounded_half_up(values: list[int], decimal_places: int = HBPM_PROTOCOL.decimal_places) -> Decimal:
    """The mean in exact integer arithmetic, so 140.05 rounds up however it is reached."""
    scale = 10**decimal_places
    scaled = (2 * scale * sum(values) + len(values)) // (2 * len(values))
    return Decimal(scaled).scaleb(-decimal_places)


def _split_first_days(readings: Iterable[BpReading]) -> tuple[date, list[BpReading], list[BpReading]] | None:
    readings = list(readings)
    if not readings:
        return None
    first_day = min(reading.london_day for reading in readings)
    kept_from = first_day + timedelta(days=HBPM_PROTOCOL.days_discarded)
    discarded = [reading for reading in readings if reading.london_day < kept_from]
    used = [reading for reading in readings if reading.london_day >= kept_from]
    return first_day, discarded, used


def hbpm_average(readings: Iterable[BpReading]) -> HbpmAverage | None:
    """The home average: discard day 1 (the earliest London calendar day), average the rest, each value separately.

    None until there are readings on enough distinct days after day 1.
    """
    split = _split_first_days(readings)
    if split is None:
        return None
    first_day, discarded, used = split
    days_used = len({reading.london_day for reading in used})
    if days_used < HBPM_PROTOCOL.minimum_days_after_discarded:
        return None
    return HbpmAverage(
        systolic=mean_rounded_half_up([reading.systolic for reading in used]),
        diastolic=mean_rounded_half_up([reading.diastolic for reading in used]),
        readings_used=len(used),
        days_used=days_used,
        first_day=first_day,
        readings_discarded=len(discarded),
    )


def hbpm_days_still_needed(readings: Iterable[BpReading]) -> int:
    """Days of readings still to take before an average exists; with no readings yet, the discarded day counts too."""
    split = _split_first_days(readings)
    if split is None:
        return HBPM_PROTOCOL.days_discarded + HBPM_PROTOCOL.minimum_days_after_discarded
    _, _, used = split
    days_used = len({reading.london_day for reading in used})
    return max(0, HBPM_PROTOCOL.minimum_days_after_discarded - days_used)


def stage(systolic: Number, diastolic: Number, setting: Setting) -> Stage:
    """The higher stage that either value reaches; severe exists for clinic readings only."""
    for band in STAGE_BANDS[Setting(setting)]:
        if systolic >= band.systolic_at_least or diastolic >= band.diastolic_at_least:
            return band.stage
    return Stage.NORMAL


def target(age_years: int, setting: Setting) -> BpTarget:
    if age_years < 0:
        raise ValueError("age_years cannot be negative")
    for band in _TABLE["targets"]:
        if band["age_from"] <= age_years and (band["age_below"] is None or age_years < band["age_below"]):
            limits = band[Setting(setting).value]
            return BpTarget(limits["systolic_below"], limits["diastolic_below"], Setting(setting), band["age_band"])
    raise ValueError(f"The rule table {RULE_VERSION} has no target for age {age_years}")


def at_target(systolic: Number, diastolic: Number, target: BpTarget) -> bool:
    return systolic < target.systolic_below and diastolic < target.diastolic_below


@dataclass(frozen=True)
class ReadingCheck:
    escalation: Escalation
    reasons: tuple[str, ...]
    rule_version: str = RULE_VERSION


def _labels(codes: Iterable[str]) -> str:
    return ", ".join(SYMPTOM_LABELS[code].lower() for code in sorted(codes))


def check_single_reading(systolic: int, diastolic: int, symptoms: frozenset[str] = frozenset()) -> ReadingCheck:
    """What one reading, with the symptoms the person reports, asks of the clinical team; each reason is one trigger."""
    symptoms = frozenset(symptoms)
    unknown = symptoms - SYMPTOM_LABELS.keys()
    if unknown:
        raise ValueError(f"Unknown symptom codes {sorted(unknown)}; expected some of {sorted(SYMPTOM_LABELS)}")
    _refuse_implausible(systolic, diastolic)

    very_high = tuple(
        f"{PLAUSIBLE[field].label} {value} mmHg is at or above {_SAME_DAY[f'{field}_at_least']}"
        for field, value in (("systolic", systolic), ("diastolic", diastolic))
        if value >= _SAME_DAY[f"{field}_at_least"]
    )
    red_flags = symptoms & _EMERGENCY_SYMPTOMS
    if very_high and red_flags:
        return ReadingCheck(Escalation.EMERGENCY, (*very_high, f"With {_labels(red_flags)}"))
    if very_high:
        return ReadingCheck(Escalation.SAME_DAY_REVIEW, very_high)

    low_symptoms = symptoms & _LOW_SYSTOLIC_SYMPTOMS
    if systolic < _LOW_SYSTOLIC["systolic_below"] and low_symptoms:
        low = f"Systolic {systolic} mmHg is below {_LOW_SYSTOLIC['systolic_below']}"
        return ReadingCheck(Escalation.CLINICAL_REVIEW, (low, f"With {_labels(low_symptoms)}"))
    return ReadingCheck(Escalation.NONE, ())
