"""The answers a patient has given so far, kept in their session between pages.

Nothing reaches the database until the patient submits on the check-answers page.
The idempotency key is made when the draft starts, so a repeated submit (double click,
browser resubmit) finds the request already made instead of creating a second one.
"""

import secrets
from dataclasses import asdict, dataclass, field
from datetime import date

from healthhub.consultations.questionnaires import QUESTIONNAIRES, Questionnaire

DRAFT_KEY = "intake_draft"
SUBMITTED_KEY = "intake_submitted"

MYSELF = "myself"
SOMEONE_ELSE = "someone-else"


@dataclass
class Draft:
    practice: str  # ODS code
    request_type: str
    idempotency_key: str
    # {"group": "adult"|"child", "answer": "yes"|"no", "version": content version}
    emergency: dict = field(default_factory=dict)
    answers: dict = field(default_factory=dict)
    # {"for_whom": "myself"|"someone-else", "proxy_name": ..., "proxy_relationship": ...}
    who_for: dict = field(default_factory=dict)
    # {"given_name", "family_name", "date_of_birth" (ISO), "nhs_number", "postcode"}
    patient: dict = field(default_factory=dict)
    # {"mobile", "email", "channels": ["text", "email", "phone"]}
    contact: dict = field(default_factory=dict)

    @property
    def questionnaire(self) -> Questionnaire:
        return QUESTIONNAIRES[self.request_type]

    @property
    def is_medical(self) -> bool:
        return self.request_type == "medical"

    @property
    def for_someone_else(self) -> bool:
        return self.who_for.get("for_whom") == SOMEONE_ELSE

    @property
    def date_of_birth(self) -> date | None:
        value = self.patient.get("date_of_birth")
        return date.fromisoformat(value) if value else None


def start(request, practice, request_type: str) -> Draft:
    """A new draft for this practice, replacing any earlier unfinished one."""
    draft = Draft(practice=practice.ods_code, request_type=request_type, idempotency_key=f"web-{secrets.token_urlsafe(32)}")
    save(request, draft)
    return draft


def load(request, practice) -> Draft | None:
    """This practice's draft, or None (no draft, another practice's, or one saved in an older shape)."""
    data = request.session.get(DRAFT_KEY)
    if not data or data.get("practice") != practice.ods_code or data.get("request_type") not in QUESTIONNAIRES:
        return None
    try:
        return Draft(**data)
    except TypeError:
        return None


def save(request, draft: Draft) -> None:
    request.session[DRAFT_KEY] = asdict(draft)


def clear(request) -> None:
    request.session.pop(DRAFT_KEY, None)


def remember_submitted(request, practice, reference: str) -> None:
    """Keep the reference (not personal data) so the confirmation page can show it after the redirect."""
    request.session[SUBMITTED_KEY] = {"practice": practice.ods_code, "reference": reference}


def submitted_reference(request, practice) -> str | None:
    data = request.session.get(SUBMITTED_KEY) or {}
    return data.get("reference") if data.get("practice") == practice.ods_code else None
