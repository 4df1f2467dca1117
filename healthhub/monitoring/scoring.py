"""One observation set scored by its programme's clinical rule, with every problem in it named by field.

Adults on the respiratory ward get NEWS2 (scale 2 exactly when their current SpO2 target is
88-92 %); children the NICE NG143/NG9 traffic lights; people monitoring their blood pressure the
NICE NG136 single-reading check. The rules themselves live in `healthhub.clinical`.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from healthhub.clinical import blood_pressure, child_respiratory, news2
from healthhub.clinical.monitoring_alerts import ScoreKind
from healthhub.patients.age import age_in_months

NEWS2_FIELDS = ("respiration_rate", "spo2", "on_oxygen", "systolic_bp", "pulse", "consciousness", "temperature")
CHILD_SIGNS = tuple(sorted(child_respiratory.SIGN_FIELDS - {"bronchiolitis"}))
CHILD_MEASURED_SIGNS = ("capillary_refill_seconds", "feeding_percent_of_usual")
FIELD_LABELS = {
    "respiration_rate": "Breathing rate",
    "spo2": "Oxygen saturation (SpO2)",
    "on_oxygen": "Air or oxygen",
    "systolic_bp": "Systolic blood pressure (top number)",
    "diastolic_bp": "Diastolic blood pressure (bottom number)",
    "pulse": "Pulse",
    "consciousness": "Consciousness (ACVPU)",
    "temperature": "Temperature",
}


class InvalidObservations(ValueError):
    """Problems with an observation set, by field, in words for the person who entered it."""

    def __init__(self, errors: dict[str, str]):
        self.errors = errors
        super().__init__("; ".join(f"{name}: {message}" for name, message in errors.items()))


@dataclass(frozen=True)
class Observations:
    """What was measured at one time; None (or absent from `signs`) where it was not."""

    respiration_rate: int | None = None
    spo2: int | None = None
    on_oxygen: bool | None = None
    systolic_bp: int | None = None
    diastolic_bp: int | None = None
    pulse: int | None = None
    consciousness: str = ""
    temperature: Decimal | None = None
    # A child's signs (names as in clinical.child_respiratory) and blood pressure symptoms ("symptoms": [codes]).
    signs: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Scored:
    kind: ScoreKind
    result: str  # NEWS2 band, child rating or blood pressure escalation
    total: int | None
    sub_scores: dict
    reasons: list[str]
    scale: int | None
    rule_version: str
    summary: str


def score(kind: ScoreKind, observations: Observations, *, born: date, on: date, bronchiolitis: bool = False,
          spo2_target: tuple[int, int] | None = None) -> Scored:
    if kind == ScoreKind.NEWS2:
        return _news2(observations, spo2_target)
    if kind == ScoreKind.CHILD:
        return _child(observations, age_in_months(born, on), bronchiolitis)
    return _blood_pressure(observations)


def _news2(observations: Observations, spo2_target: tuple[int, int] | None) -> Scored:
    errors = {name: f"Enter the {FIELD_LABELS[name].lower()}" for name in NEWS2_FIELDS
              if getattr(observations, name) in (None, "")}
    if observations.consciousness and observations.consciousness not in set(news2.Consciousness):
        errors["consciousness"] = "Choose alert, new confusion, voice, pain or unresponsive"
    measured = {name: getattr(observations, name) for name in ("respiration_rate", "spo2", "systolic_bp", "pulse", "temperature")}
    errors |= news2.implausible(**{name: value for name, value in measured.items() if value is not None})
    if errors:
        raise InvalidObservations(errors)
    scale = 2 if spo2_target and news2.uses_scale_2(*spo2_target) else 1
    result = news2.score(news2.VitalSigns(**{name: getattr(observations, name) for name in NEWS2_FIELDS}), scale=scale)
    raised = [f"{name.replace('_', ' ')} {value}" for name, value in result.sub_scores().items() if value]
    return Scored(ScoreKind.NEWS2, result.band.value, result.total, result.sub_scores(), raised, scale, result.rule_version,
                  f"NEWS2 {result.total} ({result.band.value.replace('-', '–')})")


def _child(observations: Observations, age_months: int, bronchiolitis: bool) -> Scored:
    signs = observations.signs
    unknown = set(signs) - set(CHILD_SIGNS) - set(CHILD_MEASURED_SIGNS)
    if unknown:
        raise InvalidObservations({"signs": f"Unknown signs: {', '.join(sorted(unknown))}"})
    measured = {
        "respiration_rate": observations.respiration_rate,
        "spo2_on_air": None if observations.on_oxygen else observations.spo2,
        "heart_rate": observations.pulse,
        "temperature": observations.temperature,
        **{name: _decimal_or_none(signs.get(name)) for name in CHILD_MEASURED_SIGNS},
    }
    errors = child_respiratory.implausible(**measured)
    if not 0 <= age_months < child_respiratory.rule_table().covers.below_months:
        errors["age"] = "The children's ward rules cover children under 5: review this child's enrolment"
    if errors:
        raise InvalidObservations({("spo2" if name == "spo2_on_air" else "pulse" if name == "heart_rate" else name): message
                                   for name, message in errors.items()})
    flags = {name: bool(signs.get(name)) for name in CHILD_SIGNS}
    assessment = child_respiratory.assess(child_respiratory.ChildObservation(
        age_months=age_months, bronchiolitis=bronchiolitis, **measured, **flags))
    reasons = [reason.text for reason in assessment.reasons]
    if assessment.call_999:
        reasons.insert(0, "Call 999")
    summary = f"{assessment.rating.value.capitalize()}" + (f": {assessment.reasons[0].text}" if assessment.reasons else "")
    return Scored(ScoreKind.CHILD, assessment.rating.value, None, {}, reasons, None, assessment.rule_version, summary[:300])


def _blood_pressure(observations: Observations) -> Scored:
    errors = {name: f"Enter the {FIELD_LABELS[name].lower()}" for name in ("systolic_bp", "diastolic_bp")
              if getattr(observations, name) is None}
    if not errors:
        found = blood_pressure.implausible(systolic=observations.systolic_bp, diastolic=observations.diastolic_bp)
        errors = {f"{name}_bp": message for name, message in found.items()}
    if observations.pulse is not None:
        errors |= news2.implausible(pulse=observations.pulse)
    symptoms = frozenset(observations.signs.get("symptoms", []))
    unknown = symptoms - set(blood_pressure.SYMPTOM_LABELS)
    if unknown:
        errors["symptoms"] = f"Unknown symptoms: {', '.join(sorted(unknown))}"
    if errors:
        raise InvalidObservations(errors)
    check = blood_pressure.check_single_reading(observations.systolic_bp, observations.diastolic_bp, symptoms)
    reading = f"BP {observations.systolic_bp}/{observations.diastolic_bp}"
    summary = f"{reading}: {check.escalation.value.replace('-', ' ')}" if check.reasons else reading
    return Scored(ScoreKind.BLOOD_PRESSURE, check.escalation.value, None, {}, list(check.reasons), None, check.rule_version, summary)


def _decimal_or_none(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return Decimal("NaN")  # reported as implausible, with the field's range
