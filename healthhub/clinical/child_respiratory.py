"""The traffic-light assessment of a child under 5 with a respiratory infection (DOMAIN.md 3.2).

NEWS2 does not apply to children. Source: NICE NG143 Fever in under 5s, table 1 (traffic light
system for identifying risk of serious illness), and NICE NG9 Bronchiolitis in children, 1.3 and
1.4. Every threshold, age band and plausible range lives in `tables/child_respiratory.json` with
its version and source, so the clinical safety officer can review them (LOCAL sign-off pending).
"""

import operator
from dataclasses import dataclass, fields
from decimal import Decimal
from enum import StrEnum
from functools import cache
from typing import Any

from healthhub.clinical.rule_tables import RuleTableError, load

TABLE_NAME = "child_respiratory"


class Rating(StrEnum):
    GREEN = "green"
    AMBER = "amber"
    RED = "red"


SEVERITY = {Rating.GREEN: 0, Rating.AMBER: 1, Rating.RED: 2}
COMPARISONS = {"above": operator.gt, "at_least": operator.ge, "at_most": operator.le, "below": operator.lt}
ACTIONS = frozenset({"call_999", "consider_hospital"})
DECIMAL_FIELDS = frozenset({"temperature", "capillary_refill_seconds"})


@dataclass(frozen=True)
class ChildObservation:
    age_months: int
    bronchiolitis: bool = False
    respiration_rate: int | None = None
    spo2_on_air: int | None = None  # None when on oxygen or not measured
    heart_rate: int | None = None
    temperature: Decimal | None = None
    capillary_refill_seconds: Decimal | None = None
    grunting: bool = False
    moderate_or_severe_chest_indrawing: bool = False
    pale_mottled_or_blue: bool = False
    no_response_or_does_not_wake: bool = False
    apnoea: bool = False
    central_cyanosis: bool = False
    nasal_flaring: bool = False
    feeding_percent_of_usual: int | None = None
    reduced_urine_output: bool = False


SIGN_FIELDS = frozenset(field.name for field in fields(ChildObservation) if field.type is bool)
MEASUREMENT_FIELDS = frozenset(field.name for field in fields(ChildObservation) if field.type is not bool) - {"age_months"}


@dataclass(frozen=True)
class Reason:
    code: str
    rating: Rating
    text: str


@dataclass(frozen=True)
class ChildAssessment:
    rating: Rating
    reasons: tuple[Reason, ...]  # every rule that fired, red first
    call_999: bool
    consider_hospital: bool
    rule_version: str


@dataclass(frozen=True)
class AgeRange:
    """Completed months, half-open: `from_months` is included, `below_months` is not."""

    from_months: int
    below_months: int

    def includes(self, age_months: int) -> bool:
        return self.from_months <= age_months < self.below_months


@dataclass(frozen=True)
class Condition:
    field: str
    comparison: str  # "is", or a key of COMPARISONS
    threshold: bool | int | Decimal

    def holds(self, observation: ChildObservation) -> bool:
        value = getattr(observation, self.field)
        if value is None:
            return False
        if self.comparison == "is":
            return value == self.threshold
        return COMPARISONS[self.comparison](value, self.threshold)


@dataclass(frozen=True)
class Rule:
    code: str
    rating: Rating
    reason: str
    conditions: tuple[Condition, ...]
    ages: AgeRange
    action: str | None

    def fires(self, observation: ChildObservation) -> bool:
        return self.ages.includes(observation.age_months) and all(condition.holds(observation) for condition in self.conditions)


@dataclass(frozen=True)
class PlausibleRange:
    field: str
    label: str
    minimum: int | Decimal
    maximum: int | Decimal
    unit: str

    def includes(self, value: Any) -> bool:
        # Decimal("NaN") cannot be compared at all, and infinity is no reading.
        if isinstance(value, Decimal) and not value.is_finite():
            return False
        return self.minimum <= value <= self.maximum

    def message(self, value: Any) -> str:
        separator = "" if self.unit.startswith("%") else " "
        return (
            f"{self.label} {value}{separator}{self.unit} is outside the plausible range "
            f"{self.minimum}–{self.maximum}{separator}{self.unit}: check the reading."
        )


@dataclass(frozen=True)
class ChildRespiratoryTable:
    version: str
    source: str
    covers: AgeRange
    age_bands: tuple[AgeRange, ...]
    plausible: dict[str, PlausibleRange]
    rules: tuple[Rule, ...]


def _number(field: str, value: Any, where: str) -> int | Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise RuleTableError(f"{where}: {field} needs a number, not {value!r}")
    if field in DECIMAL_FIELDS:
        return Decimal(str(value))  # str() so 38.0 stays 38.0, not its binary approximation
    if not isinstance(value, int):
        raise RuleTableError(f"{where}: {field} is counted in whole numbers, not {value!r}")
    return value


def _age_range(raw: dict[str, Any], where: str) -> AgeRange:
    ages = AgeRange(raw["from"], raw["below"])
    if not 0 <= ages.from_months < ages.below_months:
        raise RuleTableError(f"{where}: the age range {raw} is empty or negative")
    return ages


def _condition(raw: dict[str, Any], where: str) -> Condition:
    field = raw.get("field")
    comparisons = [key for key in raw if key != "field"]
    if len(comparisons) != 1:
        raise RuleTableError(f"{where}: each condition needs exactly one comparison, not {comparisons}")
    comparison = comparisons[0]
    if field in SIGN_FIELDS and comparison == "is" and isinstance(raw["is"], bool):
        return Condition(field, "is", raw["is"])
    if field in MEASUREMENT_FIELDS and comparison in COMPARISONS:
        return Condition(field, comparison, _number(field, raw[comparison], where))
    raise RuleTableError(f"{where}: cannot compare {field!r} with {comparison!r}")


def _rule(raw: dict[str, Any], covers: AgeRange, band_edges: set[int]) -> Rule:
    code = raw.get("code")
    where = f"rule {code!r}"
    if not code or not raw.get("reason") or raw.get("rating") not in (Rating.RED, Rating.AMBER):
        raise RuleTableError(f"{where}: every rule needs a code, a reason and a rating of red or amber")
    ages = _age_range(raw["ages_months"], where) if "ages_months" in raw else covers
    # A rule that started or stopped inside a band would make the bands a lie to the reader.
    if not {ages.from_months, ages.below_months} <= band_edges:
        raise RuleTableError(f"{where}: its ages must start and end on age band edges {sorted(band_edges)}")
    if raw.get("action") is not None and raw["action"] not in ACTIONS:
        raise RuleTableError(f"{where}: unknown action {raw['action']!r}")
    conditions = tuple(_condition(condition, where) for condition in raw.get("when", []))
    if not conditions:
        raise RuleTableError(f"{where}: a rule with no conditions would fire for every child")
    return Rule(code, Rating(raw["rating"]), raw["reason"], conditions, ages, raw.get("action"))


def _compile(raw: dict[str, Any]) -> ChildRespiratoryTable:
    covers = _age_range(raw["covers_months"], "covers_months")
    bands = tuple(_age_range(band, f"age band {band.get('name')!r}") for band in raw["age_bands_months"])
    edges = [covers.from_months] + [band.below_months for band in bands]
    if [band.from_months for band in bands] != edges[:-1] or edges[-1] != covers.below_months:
        raise RuleTableError("The age bands must follow on from each other and exactly cover covers_months")
    plausible = {
        field: PlausibleRange(
            field, limits["label"], _number(field, limits["min"], field), _number(field, limits["max"], field), limits["unit"]
        )
        for field, limits in raw["plausible"].items()
    }
    if set(plausible) != MEASUREMENT_FIELDS:
        raise RuleTableError(f"Every measurement needs a plausible range: {sorted(MEASUREMENT_FIELDS)}")
    rules = tuple(_rule(rule, covers, set(edges)) for rule in raw["rules"])
    codes = [rule.code for rule in rules]
    if len(set(codes)) != len(codes):
        raise RuleTableError("Rule codes must be unique: assessments store them")
    return ChildRespiratoryTable(raw["version"], raw["source"], covers, bands, plausible, rules)


@cache
def rule_table() -> ChildRespiratoryTable:
    return _compile(load(TABLE_NAME))


RULE_VERSION = rule_table().version


def implausible(**values: Any) -> dict[str, str]:
    """Each measurement outside its plausible range, with a message for the person who entered it.

    Keys are ChildObservation measurement names; None (not measured) is always fine.
    """
    ranges = rule_table().plausible
    unknown = set(values) - set(ranges)
    if unknown:
        raise TypeError(f"No plausible range for {sorted(unknown)}; measurements are {sorted(ranges)}")
    return {
        field: ranges[field].message(value)
        for field, value in values.items()
        if value is not None and not ranges[field].includes(value)
    }


def _check_age(age_months: Any, covers: AgeRange) -> None:
    if isinstance(age_months, bool) or not isinstance(age_months, int):
        raise ValueError(f"age_months must be a whole number of completed months, not {age_months!r}")
    if not covers.includes(age_months):
        raise ValueError(
            f"age_months {age_months} is outside this assessment, which covers children aged "
            f"{covers.from_months} to under {covers.below_months} months"
        )


def assess(observation: ChildObservation) -> ChildAssessment:
    """The traffic-light rating with every rule that fired; ValueError names an implausible field."""
    table = rule_table()
    _check_age(observation.age_months, table.covers)
    problems = implausible(**{field: getattr(observation, field) for field in table.plausible})
    if problems:
        raise ValueError("; ".join(f"{field}: {message}" for field, message in problems.items()))
    fired = sorted((rule for rule in table.rules if rule.fires(observation)), key=lambda rule: -SEVERITY[rule.rating])
    return ChildAssessment(
        rating=max((rule.rating for rule in fired), key=SEVERITY.__getitem__, default=Rating.GREEN),
        reasons=tuple(Reason(rule.code, rule.rating, rule.reason) for rule in fired),
        call_999=any(rule.action == "call_999" for rule in fired),
        consider_hospital=any(rule.action == "consider_hospital" for rule in fired),
        rule_version=table.version,
    )
