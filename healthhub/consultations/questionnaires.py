"""The intake questionnaires: one definition drives the web journeys and the FHIR Questionnaire.

Each question has a FHIR linkId. Choice answers carry the outcomes-matrix category
they imply, so the hub can propose a route from what the patient said.
"""

from dataclasses import dataclass, field

from .models import Category, RequestType

QUESTIONNAIRE_VERSION = "2025.1"


@dataclass(frozen=True)
class Option:
    code: str
    label: str
    category: str | None = None
    hint: str = ""


@dataclass(frozen=True)
class Question:
    link_id: str
    text: str
    kind: str  # "choice" | "text" | "string"
    required: bool = True
    hint: str = ""
    options: tuple[Option, ...] = ()
    max_length: int = 0
    error_required: str = ""


@dataclass(frozen=True)
class Questionnaire:
    request_type: str
    slug: str
    title: str
    questions: tuple[Question, ...] = field(default_factory=tuple)

    @property
    def url(self) -> str:
        return f"https://healthhub.example.nhs.uk/fhir/Questionnaire/{self.slug}"

    def question(self, link_id: str) -> Question:
        return next(q for q in self.questions if q.link_id == link_id)

    def category_for(self, answers: dict) -> str:
        option = next((o for o in self.question("topic").options if o.code == answers.get("topic")), None)
        return option.category if option and option.category else Category.CLINICAL


MEDICAL = Questionnaire(
    request_type=RequestType.MEDICAL,
    slug="medical-request",
    title="Ask about a medical problem",
    questions=(
        Question(
            "topic", "What is your request about?", "choice",
            options=(
                Option("new-problem", "A new symptom or health problem", Category.CLINICAL),
                Option("ongoing-condition", "An ongoing condition", Category.CLINICAL),
                Option("medication", "Medicine: a new problem with a medicine, or a medicine you need now", Category.MEDICATION),
                Option("tests", "Tests or test results", Category.TEST),
                Option("referral", "A referral to a specialist or service", Category.REFERRAL),
                Option("pregnancy", "Pregnancy", Category.PREGNANCY),
            ),
            error_required="Select what your request is about",
        ),
        Question(
            "description", "Describe the problem", "text",
            hint="Include your symptoms, when they started and anything that makes them better or worse.",
            max_length=2000, error_required="Describe the problem",
        ),
        Question(
            "duration", "How long have you had this problem?", "choice",
            options=(
                Option("today", "Started today"),
                Option("days", "A few days"),
                Option("weeks", "A few weeks"),
                Option("months", "Months or longer"),
            ),
            error_required="Select how long you have had this problem",
        ),
        Question(
            "outcome-wanted", "What would you like the surgery to do?", "text", required=False,
            hint="For example, call you back, give advice, or book an appointment.", max_length=500,
        ),
    ),
)

ADMIN = Questionnaire(
    request_type=RequestType.ADMIN,
    slug="admin-request",
    title="Ask for admin help",
    questions=(
        Question(
            "topic", "What do you need?", "choice",
            options=(
                Option("fit-note", "A fit note (sick note)", Category.ADMINISTRATION),
                Option("repeat-prescription", "A question about a repeat prescription", Category.MEDICATION),
                Option("letter", "A letter or form from the surgery", Category.ADMINISTRATION),
                Option("test-request", "A test someone asked you to have", Category.TEST),
                Option("referral-update", "An update on a referral", Category.REFERRAL),
                Option("other", "Something else", Category.ADMINISTRATION),
            ),
            error_required="Select what you need",
        ),
        Question(
            "description", "Tell us what you need", "text",
            hint="For a fit note, say the dates you need it to cover and why.",
            max_length=2000, error_required="Tell us what you need",
        ),
    ),
)

QUESTIONNAIRES = {q.request_type: q for q in (MEDICAL, ADMIN)}
BY_SLUG = {q.slug: q for q in (MEDICAL, ADMIN)}


def summary_for(questionnaire: Questionnaire, answers: dict) -> str:
    """A one-line summary for the work queue: the topic and the start of the description."""
    topic = next((o.label for o in questionnaire.question("topic").options if o.code == answers.get("topic")), "")
    description = " ".join(str(answers.get("description", "")).split())
    text = f"{topic}: {description}" if topic else description
    return text[:200]


def validate_answers(questionnaire: Questionnaire, answers: dict) -> dict[str, str]:
    """Errors by linkId, in the words a patient would understand."""
    errors = {}
    known = {q.link_id for q in questionnaire.questions}
    for link_id in answers:
        if link_id not in known:
            errors[link_id] = f"'{link_id}' is not a question in this questionnaire"
    for question in questionnaire.questions:
        value = answers.get(question.link_id)
        if value in (None, ""):
            if question.required:
                errors[question.link_id] = question.error_required or f"Answer '{question.text}'"
            continue
        if not isinstance(value, str):
            errors[question.link_id] = f"The answer to '{question.text}' must be text"
        elif question.kind == "choice" and value not in {o.code for o in question.options}:
            errors[question.link_id] = f"Select one of the options for '{question.text}'"
        elif question.max_length and len(value) > question.max_length:
            errors[question.link_id] = f"'{question.text}' must be {question.max_length} characters or fewer"
    return errors
