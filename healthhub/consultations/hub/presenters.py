"""Shape requests for the hub's pages, so templates hold no logic and the queue stays a handful of queries."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.urls import reverse

from healthhub.clinical.contact_rules import DEFAULT_RULE, UNANSWERED_RESULTS, unable_to_contact_allowed
from healthhub.core.formatting import LONDON
from healthhub.organisations.access import practices_visible_to
from healthhub.patients.age import age_in_years

from .. import access, services
from ..models import Category, ContactChannel, OutcomesMatrixEntry, Status, Submitter
from ..questionnaires import QUESTIONNAIRES, summary_for
from .forms import QueueFilterForm

PAGE_SIZE = 50
DUE_SOON = timedelta(hours=2)
RECENTLY_CLOSED = timedelta(days=14)

STATUS_COLOURS = {Status.SUBMITTED: "blue", Status.ASSIGNED: "purple", Status.IN_PROGRESS: "aqua-green", Status.CLOSED: "grey"}
URGENCY_TAGS = {"overdue": ("Overdue", "red"), "due_soon": ("Due soon", "orange")}
# The queue shows no patient-identifiable data: only what is needed to choose what to open next.
QUEUE_COLUMNS = ("reference", "deadline", "received_at", "category", "status", "outcome", "closed_at", "route",
                 "practice__name", "practice__ods_code", "assignee__username", "assignee__first_name", "assignee__last_name")


def detail_url(reference: str) -> str:
    # Fifty links a page: format one reversed pattern rather than reverse each (references are URL-safe).
    return _detail_url_pattern().replace("REFERENCE", reference)


@cache
def _detail_url_pattern() -> str:
    return reverse("consultations:request_detail", args=["REFERENCE"])


def urgency(request, now: datetime) -> str | None:
    if not request.is_open:
        return None
    if request.deadline < now:
        return "overdue"
    if request.deadline < now + DUE_SOON:
        return "due_soon"
    return None


def status_tag(status: str) -> dict:
    return {"text": Status(status).label, "colour": STATUS_COLOURS[status]}


def urgency_tag(request, now: datetime) -> dict | None:
    level = urgency(request, now)
    if level is None:
        return None
    text, colour = URGENCY_TAGS[level]
    return {"text": text, "colour": colour}


@dataclass
class QueueRow:
    request: object
    href: str
    status_tag: dict
    urgency_tag: dict | None

    @property
    def assignee_name(self) -> str:
        return self.request.assignee.display_name if self.request.assignee_id else "Nobody yet"


def _rows(page, now) -> list[QueueRow]:
    return [QueueRow(request, detail_url(request.reference), status_tag(request.status), urgency_tag(request, now))
            for request in page]


def _query(params, **changes) -> str:
    query = params.copy()
    query.pop("page", None)
    for name, value in changes.items():
        if value is None:
            query.pop(name, None)
        else:
            query[name] = value
    return query.urlencode()


def pagination(page, params) -> dict:
    """Previous and next links that keep the filters and sort."""
    links = {}
    if page.has_previous():
        links["previous"] = {"href": "?" + _query(params, page=str(page.previous_page_number()))}
    if page.has_next():
        links["next"] = {"href": "?" + _query(params, page=str(page.next_page_number()))}
    return links


def select_items(bound_field) -> list[dict]:
    current = bound_field.value() or ""
    return [{"value": value, "text": label, "selected": value == current} for value, label in bound_field.field.choices]


def filter_form(user, params) -> QueueFilterForm:
    return QueueFilterForm(
        params, practices=list(practices_visible_to(user).served_by_hub()),
        clinicians=list(access.clinicians_of_hub(access.hub_of(user))),
        can_hold_requests=access.can_make_clinical_decisions(user),
    )


def _headline(user, open_requests, now) -> dict:
    """One query: how much is open, overdue, due soon, waiting and (for a clinician) held by them."""
    return open_requests.aggregate(
        open=Count("id"),
        overdue=Count("id", filter=Q(deadline__lt=now)),
        due_soon=Count("id", filter=Q(deadline__gte=now, deadline__lt=now + DUE_SOON)),
        unassigned=Count("id", filter=Q(assignee__isnull=True)),
        mine=Count("id", filter=Q(assignee_id=user.pk)),
    )


def queue_page(user, params, now: datetime) -> dict:
    form = filter_form(user, params)
    open_requests = access.requests_visible_to(user).open()
    shown = form.apply(open_requests, user, now).select_related("practice", "assignee").only(*QUEUE_COLUMNS)
    page = Paginator(shown, PAGE_SIZE).get_page(params.get("page"))
    return {
        "search": form, "page_of_requests": page, "rows": _rows(page, now), "now": now,
        "counts": _headline(user, open_requests, now), "pagination": pagination(page, params),
        "selects": {name: select_items(form[name]) for name in ("status", "category", "practice", "assignee", "urgency", "sort")},
        # The headline counts the whole queue, so its links open the whole queue with that one filter.
        "links": {"overdue": "?urgency=overdue", "due_soon": "?urgency=due_soon", "unassigned": "?assignee=unassigned",
                  "mine": "?assignee=me"},
        "is_my_queue": form.value("assignee") == QueueFilterForm.ME,
        "updates_url": reverse("consultations:queue_updates") + "?" + _query(params, since=now.isoformat(), sort=None),
        "newest_first_url": reverse("consultations:queue") + "?" + _query(params, sort="received"),
        "idle_timeout_seconds": settings.SESSION_IDLE_TIMEOUT_SECONDS,
        "awaiting_practice": access.requests_visible_to(user).awaiting_practice().count() if user.is_practice_staff else 0,
    }


def new_arrivals(user, params, since: datetime, now: datetime) -> dict:
    """How many requests matching the user's filters arrived after the page was shown."""
    form = filter_form(user, params)
    arrived = form.apply(access.requests_visible_to(user).open(), user, now).received_after(since).count()
    noun = "request" if arrived == 1 else "requests"
    return {"count": arrived, "text": f"{arrived} new {noun} since you opened this page." if arrived else "",
            "href": reverse("consultations:queue") + "?" + _query(params, since=None, sort="received"),
            "link_text": "Show the newest first"}


def listing(requests, params, now: datetime) -> dict:
    """A plain paginated list (recently closed, sent back to a practice), without the queue's filters."""
    page = Paginator(requests.select_related("practice", "assignee").only(*QUEUE_COLUMNS), PAGE_SIZE).get_page(params.get("page"))
    return {"page_of_requests": page, "rows": _rows(page, now), "pagination": pagination(page, params), "now": now}


def recently_closed(user, now: datetime):
    return access.requests_visible_to(user).recently_closed(now - RECENTLY_CLOSED).order_by("-closed_at", "-id")


def awaiting_practice(user):
    return access.requests_visible_to(user).awaiting_practice().order_by("closed_at", "deadline", "id")


# The request's page -------------------------------------------------------------------------------------------


def contact_preferences(request) -> str:
    ways = [label for wanted, label in ((request.contact_by_sms, "text message"), (request.contact_by_email, "email"),
                                        (request.contact_by_phone, "phone call")) if wanted]
    return ", ".join(ways).capitalize() if ways else "None given"


def submitted_by(request) -> str:
    if request.submitted_by == Submitter.PROXY:
        relationship = f" ({request.submitter_relationship})" if request.submitter_relationship else ""
        return f"{request.submitter_name}{relationship}, on the patient's behalf"
    if request.submitted_by == Submitter.STAFF:
        caller = f"{request.submitter_name} ({request.submitter_relationship})" if request.submitter_name else "the patient"
        staff = request.entered_by.display_name if request.entered_by_id else "hub staff"
        return f"{staff}, for a call from {caller}"
    return "The patient"


def answers(request) -> list[dict]:
    """Each question and the patient's answer in their words (choice codes shown as their labels)."""
    questionnaire = QUESTIONNAIRES.get(request.request_type)
    known = {q.link_id: q for q in questionnaire.questions} if questionnaire else {}
    rows = []
    for link_id, value in request.answers.items():
        question = known.get(link_id)
        if question and question.options:
            value = next((o.label for o in question.options if o.code == value), value)
        rows.append({"question": question.text if question else link_id, "answer": str(value)})
    return rows


def emergency_screen(request) -> str:
    """What the patient said to the emergency screen, and which wording they saw."""
    screen = request.intake_record.get("emergency_screen")
    if request.request_type != "medical":
        return "Not asked (administrative request)"
    if not screen:
        return "Not recorded" if request.channel != "staff" else "Checked by the member of staff who entered it"
    shown = {"adult": "adult list", "child": "children's list"}.get(screen.get("list"), "adult and children's lists")
    return f"None of the symptoms ({shown}, version {screen.get('version', 'unknown')})"


def answers_summary(request) -> str:
    questionnaire = QUESTIONNAIRES.get(request.request_type)
    return summary_for(questionnaire, request.answers) if questionnaire else request.summary


def unable_to_contact_progress(request) -> dict:
    """Where the request stands against the unable-to-contact rule, in words for the outcome page."""
    attempts = list(request.contact_attempts.values_list("channel", "result"))
    unanswered = [channel for channel, result in attempts if result in UNANSWERED_RESULTS]
    return {
        "allowed": unable_to_contact_allowed(attempts, DEFAULT_RULE),
        "unanswered": len(unanswered), "needed": DEFAULT_RULE.minimum_unanswered_attempts,
        "text_sent": ContactChannel.SMS in unanswered,
        "did_not_attend": any(result == DEFAULT_RULE.did_not_attend_result for _, result in attempts),
    }


def matrix_entries() -> list:
    return list(OutcomesMatrixEntry.objects.order_by("category", "position", "id"))


def matrix_by_category() -> list[dict]:
    """The matrix as the GPs approved it: one section per category, its items in order."""
    entries = matrix_entries()
    return [{"category": category, "label": label, "entries": [e for e in entries if e.category == category]}
            for category, label in Category.choices]


def route_options(form, proposed) -> dict:
    """The route page's radios: this category's matrix items (the proposed one marked), then any other item."""
    current = form["entry"].value()
    own = []
    for entry in form.entries.values():
        if entry.category != form.category:
            continue
        hint = entry.get_route_display() + (" (proposed for this category)" if proposed and entry.pk == proposed.pk else "")
        own.append({"value": str(entry.pk), "text": entry.description, "hint": {"text": hint}, "checked": str(entry.pk) == current})
    return {"own": own, "other_checked": current == form.OTHER, "others": select_items(form["other_entry"])}


def contact_recorded_message(data: dict) -> str:
    sent = {ContactChannel.SMS: " The text message will be sent to the patient.",
            ContactChannel.EMAIL: " The email will be sent to the patient."}
    return "Contact attempt recorded." + (sent.get(data["channel"], "") if data["message"].strip() else "")


def request_page(request, now: datetime) -> dict:
    patient = request.patient
    return {
        "consultation": request, "patient": patient, "now": now,
        "age": age_in_years(patient.date_of_birth, now.astimezone(LONDON).date()),
        "status_tag": status_tag(request.status), "urgency_tag": urgency_tag(request, now),
        "contact_preferences": contact_preferences(request), "submitted_by": submitted_by(request),
        "summary": answers_summary(request), "answers": answers(request),
        "emergency_screen": emergency_screen(request),
        "proposed_route": services.proposed_route_entry(request.category),
    }
