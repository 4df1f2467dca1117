"""What the load needs from the seeded database: signed-in staff sessions, an API token, a FHIR body."""

import json
import os
import re
import subprocess
import sys
import time
from importlib import import_module
from pathlib import Path

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from healthhub.accounts.models import User
from healthhub.consultations.questionnaires import MEDICAL
from healthhub.patients.nhs_number import FHIR_SYSTEM as NHS_NUMBER_SYSTEM

ROOT = Path(__file__).resolve().parent.parent
ODS_SYSTEM = "https://fhir.nhs.uk/Id/ods-organization-code"
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def signed_in_cookies(usernames: list[str]) -> list[dict[str, str]]:
    """One session per user with both factors done, as the sign-in and 2FA pages would leave it."""
    engine = import_module(settings.SESSION_ENGINE)
    cookies = []
    for user in User.objects.filter(username__in=usernames).order_by("username"):
        session = engine.SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = MODEL_BACKEND
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session["otp_device_id"] = TOTPDevice.objects.get(user=user, confirmed=True).persistent_id
        session["last_seen"] = int(time.time())
        session.save(must_create=True)
        cookies.append({settings.SESSION_COOKIE_NAME: session.session_key})
    return cookies


def api_token(name: str, organisation: str, env: dict) -> tuple[str, str]:
    """A bearer token from the product's own command; (token, how it was obtained)."""
    result = subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", "create_api_client", name, "--organisation", organisation],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )
    if result.returncode == 0:
        candidates = re.findall(r"[A-Za-z0-9_\-]{32,}", result.stdout)
        if candidates:
            return candidates[-1], "manage.py create_api_client"
        return "", f"create_api_client printed no token: {result.stdout.strip()[:200]!r}"
    # The command may not exist yet; the model does, so issue the token the way the command would.
    from healthhub.api.models import ApiClient

    _, token = ApiClient.issue(name, organisation)
    reason = (result.stderr.strip().splitlines() or ["failed"])[-1][:160]
    return token, f"ApiClient.issue (create_api_client unavailable: {reason})"


PREFERRED_ANSWERS = {"topic": "new-problem", "description": "Cough and a temperature for four days, worse at night.",
                     "duration": "days", "outcome-wanted": "A call back, please."}


def _served_medical_questionnaire() -> dict:
    """The medical Questionnaire as GET Questionnaire serves it, as a front end would fetch it."""
    try:
        from healthhub.api.questionnaire_resources import questionnaire_resource
    except ImportError:  # before the FHIR facade served Questionnaires: the same definition, by hand
        items = [{"linkId": q.link_id, "text": q.text, "type": q.kind, "required": q.required,
                  "answerOption": [{"valueCoding": {"code": o.code, "display": o.label}} for o in q.options]}
                 for q in MEDICAL.questions]
        return {"url": MEDICAL.url, "item": items}
    return questionnaire_resource(MEDICAL.slug)


def _answer(item: dict) -> dict | None:
    """A "no" to any yes/no screen, the preferred (or first) option, and plain text elsewhere."""
    preferred = PREFERRED_ANSWERS.get(item["linkId"])
    if item["type"] == "boolean":
        return {"valueBoolean": False}
    if item["type"] == "choice":
        codings = [option["valueCoding"] for option in item.get("answerOption", []) if "valueCoding" in option]
        chosen = next((c for c in codings if c.get("code") == preferred), codings[0] if codings else None)
        return {"valueCoding": chosen} if chosen else None
    if item["type"] in ("text", "string"):
        return {"valueString": preferred or "Nothing else to add."}
    return None  # display and group items take no answer


def fhir_submission_template() -> str:
    """A medical QuestionnaireResponse with a contained Patient, with placeholders for the load generator."""
    questionnaire = _served_medical_questionnaire()
    items = []
    for item in questionnaire["item"]:
        answer = _answer(item)
        if answer is not None:
            items.append({"linkId": item["linkId"], "text": item.get("text", ""), "answer": [answer]})
    version = questionnaire.get("version")
    resource = {
        "resourceType": "QuestionnaireResponse",
        "identifier": {"system": "https://app.example.nhs.uk/submission", "value": "{{UNIQUE}}"},
        "questionnaire": f"{questionnaire['url']}|{version}" if version else questionnaire["url"],
        "status": "completed",
        "authored": "2025-06-02T09:30:00+01:00",
        "contained": [{
            "resourceType": "Patient",
            "id": "patient",
            "identifier": [{"system": NHS_NUMBER_SYSTEM, "value": "{{NHS_NUMBER}}"}],
            "name": [{"use": "official", "family": "Taylor", "given": ["Sam"]}],
            "birthDate": "1984-03-09",
            "telecom": [{"system": "phone", "value": "07700900456", "use": "mobile"},
                        {"system": "email", "value": "sam.taylor@example.com"}],
            "address": [{"postalCode": "ME2 4UW"}],
            "generalPractitioner": [{"identifier": {"system": ODS_SYSTEM, "value": "{{CHOICE:practice}}"}}],
        }],
        "subject": {"reference": "#patient"},
        "item": items,
    }
    return json.dumps(resource)


FHIR_EXAMPLES_DIR = Path(os.environ.get("HEALTHHUB_FHIR_EXAMPLES_DIR", ROOT.parent / "shared" / "fhir-examples"))
OBSERVATIONS_PER_SET = 7


def observation_bundle_template() -> str:
    """The UK Core NEWS2 example's seven vital signs as a transaction Bundle (its client-side NEWS2
    total left out: the server scores), with placeholders for the patient and the moment taken."""
    example = json.loads((FHIR_EXAMPLES_DIR / "UKCore-Bundle-NEWS2Observations-Example.json").read_text(encoding="utf-8"))
    entries = []
    for entry in example["entry"]:
        resource = dict(entry["resource"])
        if any(coding.get("code") == "1104051000000101" for coding in resource["code"]["coding"]):
            continue
        for key in ("id", "identifier", "text", "performer", "encounter"):
            resource.pop(key, None)
        resource["subject"] = {"identifier": {"system": NHS_NUMBER_SYSTEM, "value": "{{CHOICE:patient}}"}}
        resource["effectiveDateTime"] = "{{MOMENT}}"
        entries.append({"resource": resource, "request": {"method": "POST", "url": "Observation"}})
    assert len(entries) == OBSERVATIONS_PER_SET, f"expected {OBSERVATIONS_PER_SET} vital signs, found {len(entries)}"
    return json.dumps({"resourceType": "Bundle", "type": "transaction", "entry": entries})
