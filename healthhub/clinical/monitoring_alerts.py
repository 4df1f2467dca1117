"""Which monitoring results raise an alert, how severe it is and how soon someone must respond;
and how long without a reading before a patient is reminded.

LOCAL policy in `tables/monitoring_alerts.json` (version and source there), mapping each rule's
result (a NEWS2 band, a child's rating, a blood pressure escalation) to a severity.
"""

from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

from healthhub.clinical import child_respiratory
from healthhub.clinical.rule_tables import RuleTableError, load


class ScoreKind(StrEnum):
    NEWS2 = "news2"
    CHILD = "child"
    BLOOD_PRESSURE = "blood-pressure"


class Severity(StrEnum):
    EMERGENCY = "emergency"
    URGENT = "urgent"
    SAME_DAY = "same-day"


@dataclass(frozen=True)
class AlertDecision:
    severity: Severity
    label: str
    respond_within: timedelta
    instruction: str
    rule_version: str


def _policy() -> tuple[dict[Severity, AlertDecision], dict[ScoreKind, dict[str, Severity]]]:
    table = load("monitoring_alerts")
    try:
        severities = {
            Severity(name): AlertDecision(Severity(name), spec["label"], timedelta(minutes=int(spec["respond_within_minutes"])),
                                          spec["instruction"], table["version"])
            for name, spec in table["severities"].items()
        }
        alerts = {ScoreKind(kind): {result: Severity(severity) for result, severity in results.items()}
                  for kind, results in table["alerts"].items()}
    except (KeyError, ValueError, TypeError) as error:
        raise RuleTableError(f"The monitoring alert table is malformed: {error!r}") from error
    missing = {severity for results in alerts.values() for severity in results.values()} - severities.keys()
    if missing:
        raise RuleTableError(f"The monitoring alert table uses undefined severities: {sorted(missing)}")
    return severities, alerts


SEVERITIES, ALERTS = _policy()
RULE_VERSION = load("monitoring_alerts")["version"]
# Most severe first: the order an alert queue shows them in.
SEVERITY_ORDER = (Severity.EMERGENCY, Severity.URGENT, Severity.SAME_DAY)


@dataclass(frozen=True)
class AgeLimit:
    """Completed years: a programme takes people aged at least `at_least`, or under `under`."""

    at_least: int | None = None
    under: int | None = None

    def admits(self, age: int) -> bool:
        return (self.at_least is None or age >= self.at_least) and (self.under is None or age < self.under)

    def words(self) -> str:
        return f"aged at least {self.at_least}" if self.at_least is not None else f"aged under {self.under}"


def enrolment_age(kind: ScoreKind) -> AgeLimit:
    """Who the programme scored by this rule may take; children, the ages the children's table covers."""
    if ScoreKind(kind) == ScoreKind.CHILD:
        return AgeLimit(under=child_respiratory.rule_table().covers.below_months // 12)
    return AgeLimit(**load("monitoring_alerts")["enrolment_ages"][ScoreKind(kind).value])


def readings_due_every(kind: ScoreKind) -> timedelta:
    """How long without a reading before a patient sending their own is reminded (see the table's notes)."""
    return timedelta(hours=load("monitoring_alerts")["readings_due_every_hours"][ScoreKind(kind).value])


def alert_for(kind: ScoreKind, result: str) -> AlertDecision | None:
    """The alert a result raises, or None when it raises none."""
    severity = ALERTS[ScoreKind(kind)].get(str(result))
    return SEVERITIES[severity] if severity else None
