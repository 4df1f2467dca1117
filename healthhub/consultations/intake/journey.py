"""The order of the intake pages, and where a patient goes next.

Medical: emergency screen → the questions → who it is for (→ about the person asking, for someone else)
→ patient details → contact → check answers.
Admin: the same without the emergency screen. After every page the patient goes to the first
page not yet answered, so editing from check answers returns there, and nobody can skip a page
(including the emergency screen) by typing an address.
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone

from . import emergency
from .drafts import Draft


@dataclass(frozen=True)
class Step:
    name: str
    url: str
    complete: bool


def emergency_group(draft: Draft) -> str | None:
    """The emergency list that applies: from the date of birth once known, else what the patient said."""
    born = draft.date_of_birth
    if born:
        return emergency.screen().group_for_birth_date(born, timezone.localdate())
    return draft.emergency.get("group")


def emergency_screen_passed(draft: Draft) -> bool:
    # Screened against the adult list but the date of birth shows a child: screen again with the child list.
    return draft.emergency.get("answer") == "no" and draft.emergency.get("group") == emergency_group(draft)


def steps(draft: Draft) -> list[Step]:
    ods = draft.practice
    result = []
    if draft.is_medical:
        result.append(Step("emergency", reverse("intake:emergency_screen", args=[ods]), emergency_screen_passed(draft)))
    for question in draft.questionnaire.questions:
        result.append(
            Step(f"question:{question.link_id}", reverse("intake:question", args=[ods, question.link_id]),
                 question.link_id in draft.answers)
        )
    result.append(Step("who_for", reverse("intake:who_for", args=[ods]), bool(draft.who_for.get("for_whom"))))
    if draft.for_someone_else:
        result.append(Step("proxy", reverse("intake:proxy_details", args=[ods]), bool(draft.who_for.get("proxy_name"))))
    result.append(Step("patient", reverse("intake:patient_details", args=[ods]), bool(draft.patient)))
    result.append(Step("contact", reverse("intake:contact_details", args=[ods]), bool(draft.contact)))
    return result


def check_answers_url(draft: Draft) -> str:
    return reverse("intake:check_answers", args=[draft.practice])


def next_url(draft: Draft) -> str:
    """The first page still to answer, or check answers when everything is answered."""
    return next((step.url for step in steps(draft) if not step.complete), check_answers_url(draft))


def is_complete(draft: Draft) -> bool:
    return all(step.complete for step in steps(draft))


def may_visit(draft: Draft, name: str) -> bool:
    """A page may be shown once every page before it is answered (no skipping ahead)."""
    for step in steps(draft):
        if step.name == name:
            return True
        if not step.complete:
            return False
    return name == "check"


def back_url(draft: Draft, name: str, from_check: bool = False) -> str:
    """The page before `name`; when the patient came from check answers, back goes there."""
    if from_check:
        return check_answers_url(draft)
    previous = reverse("intake:request_type", args=[draft.practice])
    for step in steps(draft):
        if step.name == name:
            return previous
        previous = step.url
    return previous
