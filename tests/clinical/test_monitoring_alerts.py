"""The LOCAL alert policy: which results raise an alert, how severe, and how soon to respond (issue 3)."""

from datetime import timedelta

import pytest

from healthhub.clinical import blood_pressure, child_respiratory, news2
from healthhub.clinical.monitoring_alerts import (
    ALERTS,
    RULE_VERSION,
    ScoreKind,
    Severity,
    alert_for,
    enrolment_age,
    readings_due_every,
)

RESULTS = {
    ScoreKind.NEWS2: {band.value for band in news2.Band},
    ScoreKind.CHILD: {rating.value for rating in child_respiratory.Rating},
    ScoreKind.BLOOD_PRESSURE: {escalation.value for escalation in blood_pressure.Escalation},
}


@pytest.mark.parametrize(
    ("kind", "result", "severity", "within"),
    [
        (ScoreKind.NEWS2, "high", Severity.EMERGENCY, timedelta(minutes=15)),
        (ScoreKind.NEWS2, "medium", Severity.URGENT, timedelta(hours=1)),
        (ScoreKind.NEWS2, "low-medium", Severity.URGENT, timedelta(hours=1)),
        (ScoreKind.CHILD, "red", Severity.EMERGENCY, timedelta(minutes=15)),
        (ScoreKind.CHILD, "amber", Severity.URGENT, timedelta(hours=1)),
        (ScoreKind.BLOOD_PRESSURE, "emergency", Severity.EMERGENCY, timedelta(minutes=15)),
        (ScoreKind.BLOOD_PRESSURE, "same-day-review", Severity.SAME_DAY, timedelta(hours=4)),
        (ScoreKind.BLOOD_PRESSURE, "clinical-review", Severity.SAME_DAY, timedelta(hours=4)),
    ],
)
def test_results_that_need_a_response_raise_an_alert(kind, result, severity, within):
    decision = alert_for(kind, result)
    assert (decision.severity, decision.respond_within) == (severity, within)
    assert decision.rule_version == RULE_VERSION


@pytest.mark.parametrize(
    ("kind", "result"), [(ScoreKind.NEWS2, "low"), (ScoreKind.NEWS2, "none"), (ScoreKind.CHILD, "green"), (ScoreKind.BLOOD_PRESSURE, "none")]
)
def test_reassuring_results_raise_no_alert(kind, result):
    assert alert_for(kind, result) is None


@pytest.mark.parametrize("kind", list(ScoreKind))
def test_the_policy_names_only_results_the_rules_can_give(kind):
    assert set(ALERTS[kind]) <= RESULTS[kind]
    assert RESULTS[kind] - set(ALERTS[kind]) <= {"low", "none", "green"}


def test_childrens_and_blood_pressure_readings_have_their_expected_frequency():
    assert readings_due_every(ScoreKind.CHILD) == timedelta(hours=4)
    assert readings_due_every(ScoreKind.BLOOD_PRESSURE) == timedelta(hours=24)


@pytest.mark.parametrize(
    ("kind", "admitted", "refused"),
    [(ScoreKind.NEWS2, 16, 15), (ScoreKind.CHILD, 4, 5), (ScoreKind.BLOOD_PRESSURE, 18, 17)],
)
def test_each_programme_takes_its_own_ages(kind, admitted, refused):
    limit = enrolment_age(kind)
    assert limit.admits(admitted) and not limit.admits(refused)
