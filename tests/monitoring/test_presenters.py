"""How the monitoring pages put things in words: results, severities, when readings are next due."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
import time_machine
from hypothesis import given
from hypothesis import strategies as st

from healthhub.core.audit import Actor
from healthhub.monitoring import presenters, services
from healthhub.monitoring.models import Enrolment, ObservationSet, Programme
from healthhub.monitoring.scoring import Observations
from tests import factories

NOW = datetime(2026, 11, 3, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(("gap", "words"), [
    (timedelta(seconds=30), "less than a minute"), (timedelta(minutes=1), "1 minute"), (timedelta(minutes=59), "59 minutes"),
    (timedelta(hours=1), "1 hour"), (timedelta(hours=3, minutes=59), "3 hours"), (timedelta(days=2, hours=5), "2 days"),
])
def test_a_duration_is_given_in_its_largest_whole_unit(gap, words):
    assert presenters.duration_words(gap) == words


def test_due_words_say_how_far_off_or_overdue_the_readings_are():
    assert presenters.due_words(NOW + timedelta(hours=2), NOW) == "Due in 2 hours"
    assert presenters.due_words(NOW, NOW) == "Due now"
    assert presenters.due_words(NOW - timedelta(hours=3, minutes=10), NOW) == "Overdue by 3 hours"


@given(st.integers(min_value=-10_000, max_value=10_000))
def test_due_words_are_overdue_exactly_when_the_due_time_is_a_minute_or_more_past(minutes):
    words = presenters.due_words(NOW + timedelta(minutes=minutes), NOW)
    assert words.startswith("Overdue") == (minutes <= -1)
    assert words.startswith("Due in") == (minutes > 0)


@pytest.mark.parametrize(("kind", "result", "total", "text", "colour"), [
    ("news2", "high", 7, "NEWS2 7: high", "red"),
    ("news2", "medium", 5, "NEWS2 5: medium", "orange"),
    ("news2", "low-medium", 3, "NEWS2 3: low–medium", "orange"),
    ("news2", "low", 2, "NEWS2 2: low", "yellow"),
    ("news2", "none", 0, "NEWS2 0: no concern", "green"),
    ("child", "red", None, "Red: escalate now", "red"),
    ("child", "amber", None, "Amber: review", "orange"),
    ("child", "green", None, "Green", "green"),
    ("blood-pressure", "same-day-review", None, "182/100: Same day review", "orange"),
    ("blood-pressure", "none", None, "182/100: No concern", "green"),
])
def test_every_result_has_words_as_well_as_a_colour(kind, result, total, text, colour):
    observation_set = ObservationSet(score_kind=kind, result=result, score_total=total, systolic_bp=182, diastolic_bp=100)
    assert presenters.result_tag(observation_set) == {"text": text, "colour": colour}


def test_no_readings_yet_is_said_in_words_too():
    assert presenters.result_tag(None) == {"text": "No readings yet", "colour": "grey"}


def test_severity_tags_use_the_alert_policys_labels():
    assert presenters.severity_tag("emergency") == {"text": "Emergency", "colour": "red"}
    assert presenters.severity_tag("same-day") == {"text": "Same day", "colour": "yellow"}


@pytest.mark.parametrize(("programme", "result", "hours"), [
    (Programme.RESPIRATORY_ADULT, "none", 12), (Programme.RESPIRATORY_ADULT, "low", 4),
    (Programme.RESPIRATORY_ADULT, "low-medium", 1), (Programme.RESPIRATORY_ADULT, "medium", 1),
    (Programme.RESPIRATORY_ADULT, "high", 0), (Programme.RESPIRATORY_CHILD, "red", 4), (Programme.HYPERTENSION, "none", 24),
])
def test_the_next_readings_are_due_after_the_programmes_gap(programme, result, hours):
    enrolment = Enrolment(programme=programme, enrolled_at=NOW - timedelta(days=1))
    last = ObservationSet(effective_at=NOW, result=result)
    assert presenters.next_reading_due(enrolment, last) == NOW + timedelta(hours=hours)


def test_with_no_readings_they_are_due_since_enrolment():
    enrolment = Enrolment(programme=Programme.RESPIRATORY_ADULT, enrolled_at=NOW - timedelta(days=1))
    assert presenters.next_reading_due(enrolment, None) == NOW - timedelta(days=1)


def test_days_on_the_programme_count_from_the_start_date_in_london():
    enrolment = Enrolment(start_date=date(2026, 11, 2))
    assert presenters.days_on_ward(enrolment, datetime(2026, 11, 2, 23, 30, tzinfo=UTC)) == 0
    assert presenters.days_on_ward(enrolment, datetime(2026, 11, 5, 0, 30, tzinfo=UTC)) == 3


def test_the_child_signs_are_listed_in_plain_words():
    assert presenters.child_signs_text({"grunting": True, "nasal_flaring": False, "capillary_refill_seconds": "3.5"}) == (
        "Grunting; Capillary refill 3.5 seconds")
    assert presenters.child_signs_text({}) == "None"


def test_the_recorded_banner_gives_the_result_and_the_alert(enrol):
    with time_machine.travel(NOW, tick=False):
        recorded = services.record_observations(
            enrol(), Observations(respiration_rate=26, spo2=91, on_oxygen=True, systolic_bp=118, pulse=112, consciousness="A",
                                  temperature=Decimal("38.4")),
            effective_at=NOW - timedelta(minutes=5), source="staff", actor=Actor(label="Test nurse"))
    assert presenters.recorded_message(recorded) == (
        "Observations recorded. Result: NEWS2 11: high. An emergency alert has been raised: respond by Tuesday 3 November 2026 "
        "at 9:15am.")


def test_the_overview_counts_only_the_users_hub(world, enrol):
    enrol()
    other_hub = factories.make_hub("OTHER1", "Other Health Hub")
    other_nurse = factories.make_user("other_nurse", "triage_nurse", hub=other_hub)
    assert [(p["label"], p["active"]) for p in presenters.overview(world.nurse)["programmes"]][1] == (
        "Respiratory virtual ward: adults", 1)
    assert all(p["active"] == 0 for p in presenters.overview(other_nurse)["programmes"])
    assert all(p["active"] == 0 for p in presenters.overview(world.practice_a_staff)["programmes"])
