"""Shape remote monitoring for its pages (the programmes, a caseload, the alert queue, a patient's page), so
templates hold no logic."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Case, Count, IntegerField, OuterRef, Subquery, Value, When
from django.urls import reverse

from healthhub.clinical import blood_pressure, news2
from healthhub.clinical.blood_pressure import BpReading, Setting, Stage
from healthhub.clinical.monitoring_alerts import SEVERITIES, SEVERITY_ORDER, ScoreKind, Severity, readings_due_every
from healthhub.core.formatting import LONDON, datetime_uk
from healthhub.patients.age import age_in_years

from . import access, services
from .charts import Series, line_chart
from .models import Alert, Enrolment, ObservationSet, Programme
from .scoring import CHILD_SIGNS

# How long after a set the next one is due, where the rule itself does not say (NEWS2 does, by band).
RECENTLY_ACKNOWLEDGED = timedelta(hours=48)

SEVERITY_COLOURS = {Severity.EMERGENCY: "red", Severity.URGENT: "orange", Severity.SAME_DAY: "yellow"}
# Every result in colour and in words.
RESULT_TAGS = {
    ScoreKind.NEWS2: {"high": ("high", "red"), "medium": ("medium", "orange"), "low-medium": ("low–medium", "orange"),
                      "low": ("low", "yellow"), "none": ("no concern", "green")},
    ScoreKind.CHILD: {"red": ("Red: escalate now", "red"), "amber": ("Amber: review", "orange"), "green": ("Green", "green")},
    ScoreKind.BLOOD_PRESSURE: {"emergency": ("Emergency", "red"), "same-day-review": ("Same day review", "orange"),
                               "clinical-review": ("Clinical review", "yellow"), "none": ("No concern", "green")},
}
NO_READINGS_TAG = {"text": "No readings yet", "colour": "grey"}


def result_tag(observation_set: ObservationSet | None) -> dict:
    if observation_set is None:
        return NO_READINGS_TAG
    kind = ScoreKind(observation_set.score_kind)
    words, colour = RESULT_TAGS[kind].get(observation_set.result, (observation_set.result, "grey"))
    if kind == ScoreKind.NEWS2:
        words = f"NEWS2 {observation_set.score_total}: {words}"
    elif kind == ScoreKind.BLOOD_PRESSURE:
        words = f"{observation_set.systolic_bp}/{observation_set.diastolic_bp}: {words}"
    return {"text": words, "colour": colour}


def severity_tag(severity: str) -> dict:
    return {"text": SEVERITIES[Severity(severity)].label, "colour": SEVERITY_COLOURS[Severity(severity)]}


def readings_gap(enrolment: Enrolment, last: ObservationSet | None) -> timedelta:
    """How long after the last set the next is due: NEWS2's monitoring frequency for that score (0 is now)."""
    if enrolment.programme == Programme.RESPIRATORY_ADULT and last is not None:
        return timedelta(hours=news2.RULES.monitoring[news2.Band(last.result)].hours_between)
    if enrolment.programme == Programme.RESPIRATORY_ADULT:
        return timedelta(0)  # no score yet: the first set is due now
    return readings_due_every(enrolment.score_kind)


def next_reading_due(enrolment: Enrolment, last: ObservationSet | None) -> datetime:
    """With no readings yet, readings are due from the moment of enrolment."""
    if last is None:
        return enrolment.enrolled_at
    return last.effective_at + readings_gap(enrolment, last)


def duration_words(gap: timedelta) -> str:
    """'45 minutes', '3 hours', '2 days': the largest whole unit, as a busy team reads it."""
    minutes = int(gap.total_seconds() // 60)
    for size, unit in ((24 * 60, "day"), (60, "hour"), (1, "minute")):
        if minutes >= size:
            count = minutes // size
            return f"{count} {unit}{'' if count == 1 else 's'}"
    return "less than a minute"


def due_words(due: datetime, now: datetime) -> str:
    if due > now:
        return f"Due in {duration_words(due - now)}"
    if now - due < timedelta(minutes=1):
        return "Due now"
    return f"Overdue by {duration_words(now - due)}"


def days_on_ward(enrolment: Enrolment, now: datetime) -> int:
    """Whole days since the start date: 0 on the first day."""
    return (now.astimezone(LONDON).date() - enrolment.start_date).days


def enrolment_url(enrolment_id: int) -> str:
    return reverse("monitoring:enrolment", args=[enrolment_id])


# The overview ---------------------------------------------------------------------------------------------------


def overview(user) -> dict:
    active = dict(access.enrolments_visible_to(user).active().values_list("programme").annotate(count=Count("id")))
    waiting = dict(access.alerts_visible_to(user).unacknowledged().values_list("enrolment__programme").annotate(count=Count("id")))
    programmes = [{"label": programme.label, "href": reverse("monitoring:caseload", args=[programme.value]),
                   "active": active.get(programme.value, 0), "alerts": waiting.get(programme.value, 0)}
                  for programme in Programme]
    return {"programmes": programmes, "unacknowledged": sum(waiting.values())}


# A programme's caseload ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CaseloadRow:
    enrolment: Enrolment
    href: str
    last: ObservationSet | None
    result_tag: dict
    due: datetime
    due_words: str
    overdue: bool
    days_on_ward: int


def _latest_sets(enrolments) -> dict[int, ObservationSet]:
    latest = ObservationSet.objects.filter(enrolment=OuterRef("pk")).order_by("-effective_at", "-id").values("id")[:1]
    ids = [set_id for set_id in enrolments.annotate(latest_id=Subquery(latest)).values_list("latest_id", flat=True) if set_id]
    return {observation_set.enrolment_id: observation_set for observation_set in ObservationSet.objects.filter(pk__in=ids)}


def caseload(user, programme: Programme, now: datetime) -> dict:
    """The programme's active patients, the most overdue readings first."""
    enrolments = access.enrolments_visible_to(user).active().filter(programme=programme)
    latest = _latest_sets(enrolments)
    rows = []
    for enrolment in enrolments.select_related("patient"):
        last = latest.get(enrolment.pk)
        due = next_reading_due(enrolment, last)
        rows.append(CaseloadRow(enrolment, enrolment_url(enrolment.pk), last, result_tag(last), due, due_words(due, now),
                                due < now, days_on_ward(enrolment, now)))
    rows.sort(key=lambda row: (row.due, row.enrolment.pk))
    return {"programme": programme, "rows": rows, "overdue": sum(row.overdue for row in rows), "now": now}


# The alert queue ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AlertRow:
    alert: Alert
    severity_tag: dict
    patient_href: str
    acknowledge_href: str
    raised_words: str
    overdue: bool
    escalated: bool

    @property
    def acknowledged_by(self) -> str:
        return self.alert.acknowledged_by.display_name if self.alert.acknowledged_by_id else ""


def _alert_row(alert: Alert, now: datetime) -> AlertRow:
    return AlertRow(alert, severity_tag(alert.severity), enrolment_url(alert.enrolment_id),
                    reverse("monitoring:acknowledge_alert", args=[alert.pk]),
                    f"{duration_words(now - alert.raised_at)} ago" if now - alert.raised_at >= timedelta(minutes=1) else "Just now",
                    alert.acknowledged_at is None and alert.respond_by < now, alert.escalated_at is not None)


def alert_queue(user, now: datetime) -> dict:
    """Unacknowledged alerts most severe first, then oldest; then those acknowledged in the last 48 hours, latest first."""
    alerts = access.alerts_visible_to(user).select_related("enrolment__patient", "acknowledged_by")
    severity_rank = Case(*[When(severity=severity.value, then=Value(rank)) for rank, severity in enumerate(SEVERITY_ORDER)],
                         default=Value(len(SEVERITY_ORDER)), output_field=IntegerField())
    waiting = alerts.unacknowledged().annotate(rank=severity_rank).order_by("rank", "raised_at", "id")
    done = alerts.filter(acknowledged_at__gte=now - RECENTLY_ACKNOWLEDGED).order_by("-acknowledged_at", "-id")
    waiting_rows = [_alert_row(alert, now) for alert in waiting]
    return {"waiting": waiting_rows, "acknowledged": [_alert_row(alert, now) for alert in done],
            "overdue": sum(row.overdue for row in waiting_rows), "now": now}


def acknowledge_page(alert: Alert, now: datetime) -> dict:
    observation_set = alert.observation_set
    return {"alert": alert, "row": _alert_row(alert, now), "patient": alert.enrolment.patient,
            "result_tag": result_tag(observation_set), "reasons": observation_set.reasons,
            "instruction": SEVERITIES[Severity(alert.severity)].instruction}


# A patient's page ---------------------------------------------------------------------------------------------------

# The most recent sets shown in the charts and the table; the home average uses every reading.
SETS_SHOWN = 100
# (heading, unit, ObservationSet field) for each chart of a respiratory programme.
CHARTED = {
    Programme.RESPIRATORY_ADULT: (("NEWS2 score", "", "score_total"), ("Breathing rate", "breaths per minute", "respiration_rate"),
                                  ("Oxygen saturation (SpO2)", "%", "spo2"), ("Systolic blood pressure", "mmHg", "systolic_bp"),
                                  ("Pulse", "beats per minute", "pulse"), ("Temperature", "°C", "temperature")),
    Programme.RESPIRATORY_CHILD: (("Breathing rate", "breaths per minute", "respiration_rate"),
                                  ("Heart rate", "beats per minute", "pulse"), ("Oxygen saturation (SpO2)", "%", "spo2"),
                                  ("Temperature", "°C", "temperature")),
}
STAGE_WORDS = {Stage.NORMAL: "Below stage 1", Stage.STAGE_1: "Stage 1 hypertension", Stage.STAGE_2: "Stage 2 hypertension",
               Stage.SEVERE: "Severe hypertension"}
CONSCIOUSNESS_WORDS = {"A": "Alert", "C": "New confusion", "V": "Voice", "P": "Pain", "U": "Unresponsive"}
CHILD_SIGN_LABELS = {
    "apnoea": "Pauses in breathing (apnoea)",
    "central_cyanosis": "Blue lips or tongue (central cyanosis)",
    "grunting": "Grunting",
    "moderate_or_severe_chest_indrawing": "Moderate or severe chest indrawing",
    "nasal_flaring": "Nasal flaring",
    "no_response_or_does_not_wake": "Does not respond to social cues or does not wake",
    "pale_mottled_or_blue": "Pale, mottled or blue skin",
    "reduced_urine_output": "Fewer wet nappies or passing less urine",
}


def home_target(enrolment: Enrolment, age: int) -> tuple[blood_pressure.BpTarget, str]:
    """The clinician's personal target where set, otherwise NICE NG136's home target for the patient's age."""
    if enrolment.bp_target_systolic and enrolment.bp_target_diastolic:
        target = blood_pressure.BpTarget(enrolment.bp_target_systolic, enrolment.bp_target_diastolic, Setting.HOME, "personal")
        return target, "personal target set by a clinician"
    target = blood_pressure.target(age, Setting.HOME)
    return target, f"NICE NG136 home target, age {target.age_band}"


def home_average(sets: list[ObservationSet], target: blood_pressure.BpTarget) -> dict:
    readings = [BpReading(s.effective_at, s.systolic_bp, s.diastolic_bp) for s in sets if s.systolic_bp and s.diastolic_bp]
    average = blood_pressure.hbpm_average(readings)
    if average is None:
        needed = blood_pressure.hbpm_days_still_needed(readings)
        return {"average": None, "days_needed": f"{needed} more {'day' if needed == 1 else 'days'} of readings needed"}
    return {"average": average, "text": f"{average.systolic}/{average.diastolic} mmHg",
            "used": f"{average.readings_used} readings over {average.days_used} days (the first day's "
                    f"{average.readings_discarded} discarded)",
            "stage": STAGE_WORDS[blood_pressure.stage(average.systolic, average.diastolic, Setting.HOME)],
            "at_target": "Yes" if blood_pressure.at_target(average.systolic, average.diastolic, target) else "No"}


def _measure(observation_set: ObservationSet, field: str):
    return getattr(observation_set, field)


def charts(enrolment: Enrolment, sets: list[ObservationSet], target: blood_pressure.BpTarget | None) -> list:
    oldest_first = sorted(sets, key=lambda s: s.effective_at)
    times = [s.effective_at for s in oldest_first]
    if enrolment.programme == Programme.HYPERTENSION:
        chart = line_chart("Blood pressure", "mmHg", times, [
            Series("Systolic", tuple(s.systolic_bp for s in oldest_first)),
            Series("Diastolic", tuple(s.diastolic_bp for s in oldest_first)),
        ], guides=[(f"Target systolic below {target.systolic_below}", target.systolic_below),
                   (f"Target diastolic below {target.diastolic_below}", target.diastolic_below)])
        return [chart] if chart else []
    found = (line_chart(title, unit, times, [Series(title, tuple(_measure(s, field) for s in oldest_first))])
             for title, unit, field in CHARTED[Programme(enrolment.programme)])
    return [chart for chart in found if chart]


def _number(value, suffix: str = "") -> str:
    return "Not measured" if value is None else f"{value}{suffix}"


def _air_or_oxygen(observation_set: ObservationSet) -> str:
    if observation_set.spo2 is None:
        return "Not measured"
    return f"{observation_set.spo2}% {'on oxygen' if observation_set.on_oxygen else 'in air'}"


def observations_table(enrolment: Enrolment, sets: list[ObservationSet]) -> dict:
    """Every set newest first: the figures the charts draw, and the result of each."""
    programme = Programme(enrolment.programme)
    if programme == Programme.HYPERTENSION:
        headings = ["Taken", "Blood pressure", "Pulse", "Result", "Symptoms", "Entered by"]
        cells = [lambda s: {"text": f"{s.systolic_bp}/{s.diastolic_bp} mmHg"}, lambda s: {"text": _number(s.pulse)},
                 lambda s: {"tag": result_tag(s)},
                 lambda s: {"text": ", ".join(blood_pressure.SYMPTOM_LABELS.get(c, c) for c in s.signs.get("symptoms", [])) or "None"}]
    elif programme == Programme.RESPIRATORY_ADULT:
        headings = ["Taken", "Result", "Breathing rate", "SpO2", "Systolic", "Pulse", "Consciousness", "Temperature", "Entered by"]
        cells = [lambda s: {"tag": result_tag(s)}, lambda s: {"text": _number(s.respiration_rate)},
                 lambda s: {"text": _air_or_oxygen(s) + (" (scale 2)" if s.scale == 2 else "")},
                 lambda s: {"text": _number(s.systolic_bp)}, lambda s: {"text": _number(s.pulse)},
                 lambda s: {"text": CONSCIOUSNESS_WORDS.get(s.consciousness, s.consciousness)},
                 lambda s: {"text": _number(s.temperature, "°C")}]
    else:
        headings = ["Taken", "Rating", "Breathing rate", "SpO2", "Heart rate", "Temperature", "Signs", "Entered by"]
        cells = [lambda s: {"tag": result_tag(s)}, lambda s: {"text": _number(s.respiration_rate)},
                 lambda s: {"text": _air_or_oxygen(s)}, lambda s: {"text": _number(s.pulse)},
                 lambda s: {"text": _number(s.temperature, "°C")},
                 lambda s: {"text": child_signs_text(s.signs)}]
    rows = [[{"text": datetime_uk(s.effective_at)}, *(cell(s) for cell in cells),
             {"text": f"{s.entered_by_label} ({s.get_source_display().lower()})"}] for s in sets]
    return {"headings": headings, "rows": rows}


def child_signs_text(signs: dict) -> str:
    found = [CHILD_SIGN_LABELS[name] for name in CHILD_SIGNS if signs.get(name)]
    if signs.get("capillary_refill_seconds") not in (None, ""):
        found.append(f"Capillary refill {signs['capillary_refill_seconds']} seconds")
    if signs.get("feeding_percent_of_usual") not in (None, ""):
        found.append(f"Feeding {signs['feeding_percent_of_usual']}% of usual")
    return "; ".join(found) or "None"


def _actions(user, enrolment: Enrolment) -> dict:
    clinical = access.can_act_clinically(user) and enrolment.is_active
    return {"record": clinical, "discharge": clinical, "target": clinical and enrolment.programme == Programme.RESPIRATORY_ADULT,
            "bp_target": clinical and enrolment.programme == Programme.HYPERTENSION,
            "reading_link": access.can_use_monitoring(user) and enrolment.is_active,
            "acknowledge": access.can_act_clinically(user)}


def enrolment_page(enrolment: Enrolment, user, now: datetime) -> dict:
    patient = enrolment.patient
    today = now.astimezone(LONDON).date()
    age = age_in_years(patient.date_of_birth, today)
    sets = enrolment.observation_sets.all()
    # Only the home average needs every set; the charts and the table show the latest SETS_SHOWN.
    every_set = list(sets) if enrolment.programme == Programme.HYPERTENSION else None
    shown = every_set[:SETS_SHOWN] if every_set is not None else list(sets[:SETS_SHOWN])
    last = shown[0] if shown else None
    target, target_source = home_target(enrolment, age) if enrolment.programme == Programme.HYPERTENSION else (None, "")
    spo2_target = services.current_spo2_target(enrolment)
    due = next_reading_due(enrolment, last)
    alerts = enrolment.alerts.select_related("acknowledged_by").order_by("-raised_at", "-id")
    return {
        "enrolment": enrolment, "patient": patient, "age": age, "now": now,
        "result_tag": result_tag(last), "last": last,
        "due_words": due_words(due, now) if enrolment.is_active else "", "days_on_ward": days_on_ward(enrolment, now),
        "spo2_target": f"{spo2_target[0]}–{spo2_target[1]}%" if spo2_target else "",
        "uses_scale_2": bool(spo2_target) and enrolment.programme == Programme.RESPIRATORY_ADULT and news2.uses_scale_2(*spo2_target),
        "bp_target": f"Below {target.systolic_below}/{target.diastolic_below} mmHg ({target_source})" if target else "",
        "home_average": home_average(every_set, target) if target else None,
        "charts": charts(enrolment, shown, target), "table": observations_table(enrolment, shown),
        "alerts": [_alert_row(alert, now) for alert in alerts], "actions": _actions(user, enrolment),
    }


def _with_article(words: str) -> str:
    return ("an " if words[0].lower() in "aeiou" else "a ") + words


def recorded_message(recorded) -> str:
    """The banner after staff record a set: its result and whether it raised an alert."""
    result = f"Observations recorded. Result: {result_tag(recorded.observation_set)['text']}."
    if recorded.alert is None:
        return f"{result} No alert was raised."
    label = SEVERITIES[Severity(recorded.alert.severity)].label.lower()
    return f"{result} {_with_article(label).capitalize()} alert has been raised: respond by {datetime_uk(recorded.alert.respond_by)}."
