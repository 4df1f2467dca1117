"""The National Early Warning Score 2 for adults on the virtual ward (DOMAIN.md 3.1).

Source: Royal College of Physicians, National Early Warning Score (NEWS) 2, 2017: chart 1 for the
scores, chart 4 for the clinical response and the frequency of monitoring. The thresholds, bands,
monitoring intervals and plausible ranges live in `tables/news2.json`; every score carries that
table's version. Not for under-16s or pregnancy.
"""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from healthhub.clinical.rule_tables import RuleTableError, load


class Consciousness(StrEnum):
    ALERT = "A"
    NEW_CONFUSION = "C"
    VOICE = "V"
    PAIN = "P"
    UNRESPONSIVE = "U"


class Band(StrEnum):
    NONE = "none"
    LOW = "low"
    LOW_MEDIUM = "low-medium"
    MEDIUM = "medium"
    HIGH = "high"


@dataclass(frozen=True)
class VitalSigns:
    respiration_rate: int
    spo2: int
    on_oxygen: bool
    systolic_bp: int
    pulse: int
    consciousness: Consciousness
    temperature: Decimal


@dataclass(frozen=True)
class Monitoring:
    label: str
    hours_between: int


@dataclass(frozen=True)
class News2Score:
    respiration_rate: int
    spo2: int
    air_or_oxygen: int
    systolic_bp: int
    pulse: int
    consciousness: int
    temperature: int
    total: int
    band: Band
    scale: int
    has_single_three: bool
    monitoring: Monitoring
    rule_version: str

    def sub_scores(self) -> dict[str, int]:
        """Each parameter's score in the order of the RCP observation chart."""
        return {name: getattr(self, name) for name in SUB_SCORE_ORDER}


class ImplausibleVitalSign(ValueError):
    """A reading outside what a living adult can show: a typing or device error, never a score."""

    def __init__(self, errors: dict[str, str]):
        self.errors = errors
        super().__init__("; ".join(f"{field}: {message}" for field, message in errors.items()))


SUB_SCORE_ORDER = ("respiration_rate", "spo2", "air_or_oxygen", "systolic_bp", "pulse", "consciousness", "temperature")
RAW_PARAMETERS = ("respiration_rate", "spo2", "systolic_bp", "pulse", "temperature")
BANDED_PARAMETERS = (
    "respiration_rate",
    "spo2_scale_1",
    "spo2_scale_2_on_air",
    "spo2_scale_2_on_oxygen",
    "systolic_bp",
    "pulse",
    "temperature",
)

# (upper limit or None for no limit, score), in ascending order of the limit.
ScoreBands = tuple[tuple[Decimal | None, int], ...]


@dataclass(frozen=True)
class PlausibleRange:
    label: str
    minimum: Decimal
    maximum: Decimal
    unit: str

    def message(self) -> str:
        unit = self.unit if self.unit == "%" else f" {self.unit}"
        return f"{self.label} must be between {self.minimum} and {self.maximum}{unit}"


@dataclass(frozen=True)
class ResponseBand:
    band: Band
    total_at_least: int | None
    any_single_parameter_scoring: int | None

    def applies(self, total: int, highest_sub_score: int) -> bool:
        if self.total_at_least is not None:
            return total >= self.total_at_least
        return highest_sub_score >= self.any_single_parameter_scoring


@dataclass(frozen=True)
class News2Rules:
    version: str
    bands: dict[str, ScoreBands]
    oxygen_score: int
    new_confusion_or_worse_score: int
    scale_2_target_spo2: tuple[int, int]
    response_bands: tuple[ResponseBand, ...]
    monitoring: dict[Band, Monitoring]
    plausible: dict[str, PlausibleRange]


def _number(value: Any) -> Decimal:
    # str() first so that a float such as 38.1 is read as the 38.1 that was typed, not its binary neighbour.
    if isinstance(value, bool):
        raise InvalidOperation(f"{value!r} is not a number")
    number = Decimal(str(value).strip())
    if not number.is_finite():
        raise InvalidOperation(f"{value!r} is not a finite number")
    return number


def _score_bands(name: str, rows: list[dict[str, Any]]) -> ScoreBands:
    bands = tuple((None if row["up_to"] is None else _number(row["up_to"]), int(row["score"])) for row in rows)
    limits = [limit for limit, _ in bands[:-1]]
    # Limits out of order would make a band unreachable, so a reading would silently take the wrong score.
    if not bands or bands[-1][0] is not None or None in limits or limits != sorted(set(limits)):
        raise RuleTableError(f"NEWS2 table: the bands for {name} must rise strictly and end with no upper limit")
    return bands


def _rules(table: dict[str, Any]) -> News2Rules:
    response_bands = tuple(
        ResponseBand(Band(row["band"]), row.get("total_at_least"), row.get("any_single_parameter_scoring"))
        for row in table["response_bands"]
    )
    if {row.band for row in response_bands} != set(Band) or set(table["monitoring"]) != set(Band):
        raise RuleTableError("NEWS2 table: every response band needs a rule and a monitoring frequency")
    if any((row.total_at_least is None) == (row.any_single_parameter_scoring is None) for row in response_bands):
        raise RuleTableError("NEWS2 table: each response band is reached by a total or by a single parameter, not both")
    # The bands are tried in order, so the last must catch every total or a score would have no band.
    if response_bands[-1].total_at_least != 0:
        raise RuleTableError("NEWS2 table: the last response band must start at a total of 0")
    if set(table["plausible"]) != set(RAW_PARAMETERS):
        raise RuleTableError(f"NEWS2 table: give a plausible range for exactly {', '.join(RAW_PARAMETERS)}")
    target = table["scale_2_target_spo2"]
    return News2Rules(
        version=table["version"],
        bands={name: _score_bands(name, table[name]) for name in BANDED_PARAMETERS},
        oxygen_score=int(table["oxygen_score"]),
        new_confusion_or_worse_score=int(table["new_confusion_or_worse_score"]),
        scale_2_target_spo2=(int(target["low"]), int(target["high"])),
        response_bands=response_bands,
        monitoring={Band(band): Monitoring(row["label"], int(row["hours_between"])) for band, row in table["monitoring"].items()},
        plausible={
            name: PlausibleRange(row["label"], _number(row["minimum"]), _number(row["maximum"]), row["unit"])
            for name, row in table["plausible"].items()
        },
    )


RULES = _rules(load("news2"))
RULE_VERSION = RULES.version


def _banded_score(value: Decimal, bands: ScoreBands) -> int:
    for up_to, points in bands:
        if up_to is None or value <= up_to:
            return points
    raise AssertionError("the last band has no upper limit")  # pragma: no cover - checked when the table loads


def implausible(**values: Any) -> dict[str, str]:
    """The given raw readings that cannot be right, each with a message giving the range and unit."""
    unknown = set(values) - set(RAW_PARAMETERS)
    if unknown:
        raise TypeError(f"not a NEWS2 reading: {', '.join(sorted(unknown))}")
    errors = {}
    for field, value in values.items():
        allowed = RULES.plausible[field]
        try:
            number = _number(value)
        except InvalidOperation:
            errors[field] = allowed.message()
            continue
        if not allowed.minimum <= number <= allowed.maximum:
            errors[field] = allowed.message()
    return errors


def uses_scale_2(target_spo2_low: int | None, target_spo2_high: int | None) -> bool:
    """Scale 2 only for a clinician-prescribed 88-92 % target (hypercapnic respiratory failure)."""
    return (target_spo2_low, target_spo2_high) == RULES.scale_2_target_spo2


def _spo2_score(spo2: Decimal, on_oxygen: bool, scale: int) -> int:
    if scale == 1:
        return _banded_score(spo2, RULES.bands["spo2_scale_1"])
    # On scale 2 a high saturation only scores when it comes from supplemental oxygen.
    table = "spo2_scale_2_on_oxygen" if on_oxygen else "spo2_scale_2_on_air"
    return _banded_score(spo2, RULES.bands[table])


def _single_parameter_red() -> int:
    """The single-parameter score the table's response bands treat as red (3 in RCP's chart)."""
    return next(row.any_single_parameter_scoring for row in RULES.response_bands if row.any_single_parameter_scoring is not None)


def score(signs: VitalSigns, *, scale: int = 1) -> News2Score:
    """The NEWS2 score, response band and monitoring frequency for one set of observations."""
    if isinstance(scale, bool) or scale not in (1, 2):
        raise ValueError(f"NEWS2 SpO2 scale must be 1 or 2, not {scale!r}")
    raw = {field: getattr(signs, field) for field in RAW_PARAMETERS}
    errors = implausible(**raw)
    if errors:
        raise ImplausibleVitalSign(errors)
    value = {field: _number(reading) for field, reading in raw.items()}
    alert = Consciousness(signs.consciousness) == Consciousness.ALERT
    sub_scores = {
        "respiration_rate": _banded_score(value["respiration_rate"], RULES.bands["respiration_rate"]),
        "spo2": _spo2_score(value["spo2"], bool(signs.on_oxygen), scale),
        "air_or_oxygen": RULES.oxygen_score if signs.on_oxygen else 0,
        "systolic_bp": _banded_score(value["systolic_bp"], RULES.bands["systolic_bp"]),
        "pulse": _banded_score(value["pulse"], RULES.bands["pulse"]),
        "consciousness": 0 if alert else RULES.new_confusion_or_worse_score,
        "temperature": _banded_score(value["temperature"], RULES.bands["temperature"]),
    }
    total = sum(sub_scores.values())
    highest = max(sub_scores.values())
    band = next(rule.band for rule in RULES.response_bands if rule.applies(total, highest))
    return News2Score(
        **sub_scores,
        total=total,
        band=band,
        scale=scale,
        has_single_three=highest >= _single_parameter_red(),
        monitoring=RULES.monitoring[band],
        rule_version=RULES.version,
    )
