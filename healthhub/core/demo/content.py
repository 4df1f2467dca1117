"""What the synthetic requests say and how they end, so the demo reads like the hub's real work.

Outcome shares are the hub's first 12 weeks (3,955 eConsults, seed 003, DOMAIN.md 2.4). The
seed gives community pharmacy only as "<1%": it takes what the other rows leave (0.7%).
"""

from healthhub.consultations.models import Outcome

OUTCOME_SHARES: dict[str, float] = {
    Outcome.DISCHARGED: 53.0,
    Outcome.BACK_TO_PRACTICE: 33.0,
    Outcome.COMMUNITY_SERVICES: 4.0,
    Outcome.FACE_TO_FACE: 3.0,
    Outcome.URGENT_CARE: 2.0,
    Outcome.SECONDARY_CARE: 2.0,
    Outcome.UNABLE_TO_CONTACT: 2.0,
    Outcome.COMMUNITY_PHARMACY: 0.7,
    Outcome.HOME_VISIT: 0.3,
}

# The published volume of the hub's first 12 weeks (seed 003).
SEED_REQUESTS = 3955
SEED_WEEKS = 12


def outcome_counts(closed: int) -> dict[str, int]:
    """Split `closed` requests between outcomes exactly in the seed's shares (largest remainder)."""
    total = sum(OUTCOME_SHARES.values())
    exact = {outcome: closed * share / total for outcome, share in OUTCOME_SHARES.items()}
    counts = {outcome: int(value) for outcome, value in exact.items()}
    by_remainder = sorted(exact, key=lambda outcome: exact[outcome] - counts[outcome], reverse=True)
    for outcome in by_remainder[: closed - sum(counts.values())]:
        counts[outcome] += 1
    return counts


# Questionnaire topics (healthhub.consultations.questionnaires) by request type.
MEDICAL_TOPICS = ("new-problem", "ongoing-condition", "medication", "tests", "referral", "pregnancy")
ADMIN_TOPICS = ("fit-note", "repeat-prescription", "letter", "test-request", "referral-update", "other")

# Topic mix of requests still open (no outcome yet), about 86% medical as in the published split.
OPEN_TOPIC_WEIGHTS = {
    "new-problem": 45, "ongoing-condition": 17, "medication": 8, "tests": 8, "referral": 6, "pregnancy": 2,
    "fit-note": 5, "repeat-prescription": 3, "letter": 3, "test-request": 1, "referral-update": 1.5, "other": 0.5,
}

# What a request that ended this way was most likely about.
TOPIC_WEIGHTS_BY_OUTCOME = {
    Outcome.DISCHARGED: {
        "new-problem": 54, "ongoing-condition": 9, "medication": 10, "tests": 8, "referral": 2,
        "fit-note": 7, "repeat-prescription": 2, "letter": 4, "test-request": 1, "other": 1,
    },
    Outcome.BACK_TO_PRACTICE: {
        "new-problem": 17, "ongoing-condition": 33, "medication": 10, "tests": 8, "referral": 12, "pregnancy": 4,
        "fit-note": 3, "repeat-prescription": 5, "letter": 2, "test-request": 2, "referral-update": 3,
    },
    Outcome.COMMUNITY_SERVICES: {"new-problem": 40, "ongoing-condition": 45, "referral": 15},
    Outcome.FACE_TO_FACE: {"new-problem": 80, "ongoing-condition": 15, "pregnancy": 5},
    Outcome.URGENT_CARE: {"new-problem": 100},
    Outcome.SECONDARY_CARE: {"new-problem": 50, "referral": 40, "tests": 10},
    Outcome.UNABLE_TO_CONTACT: {"new-problem": 60, "ongoing-condition": 15, "medication": 10, "tests": 5, "fit-note": 5, "letter": 5},
    Outcome.COMMUNITY_PHARMACY: {"new-problem": 60, "medication": 40},
    Outcome.HOME_VISIT: {"new-problem": 60, "ongoing-condition": 40},
}

DESCRIPTIONS = {
    "new-problem": (
        "Sore throat and a temperature for three days, it hurts to swallow",
        "Itchy red rash on both arms since the weekend",
        "Earache in my left ear since Monday, worse at night",
        "Burning when I pass urine and needing to go more often",
        "Cough for two weeks that is not getting better",
        "Lower back pain after lifting at work, hard to bend",
        "Painful swollen big toe that started yesterday",
        "Feeling low and not sleeping well for a few weeks",
        "Dizzy when I stand up quickly",
        "Sinus pain and a blocked nose for ten days",
        "Knee pain after running, swelling on the inside",
        "Sticky red eye since this morning",
        "Heartburn most evenings for a month",
        "Ingrown toenail that looks infected",
    ),
    "ongoing-condition": (
        "Asthma: using my blue inhaler more than usual",
        "My blood pressure readings at home have been high",
        "Diabetes: my sugars are higher than usual this week",
        "Anxiety getting worse, my medicine is not helping",
        "Eczema flare that is not settling with my usual cream",
        "Follow-up about my thyroid tablets",
        "Arthritis in my hands is worse and I am struggling with daily tasks",
    ),
    "medication": (
        "Ran out of my blood pressure tablets",
        "Feeling sick since starting my new antidepressant",
        "My hay fever tablets are not working",
        "Lost my inhaler on holiday and need another",
        "Thrush again and the pharmacy said to ask the surgery",
    ),
    "tests": (
        "Results of my blood test last week",
        "Need a blood test before my specialist appointment",
        "Letter asked me to get in touch about my cholesterol result",
        "Urine test for a possible infection",
    ),
    "referral": (
        "Would like a referral to physiotherapy for shoulder pain",
        "Would like to see a skin specialist about my psoriasis",
        "Need a referral to podiatry",
        "Hospital has not contacted me about my referral",
    ),
    "pregnancy": (
        "Positive pregnancy test, what should I do next",
        "20 weeks pregnant and being sick a lot",
        "Need to book in with the midwife",
    ),
    "fit-note": (
        "Fit note for a back injury, off work for two weeks",
        "Need a fit note after my operation",
        "Extension to my fit note, still off work with stress",
    ),
    "repeat-prescription": (
        "My repeat prescription is not at the pharmacy",
        "Can my repeat prescription be changed to three months at a time",
        "A medicine is missing from my repeat list",
    ),
    "letter": (
        "Letter for my housing application",
        "Form for my travel insurance",
        "Letter confirming my condition for college",
        "Supporting information for a blue badge",
    ),
    "test-request": (
        "The hospital asked me to have a blood test at the surgery",
        "Need a blood test form for my INR",
    ),
    "referral-update": (
        "Any news on my referral to orthopaedics",
        "The hospital says they have not had my referral",
    ),
    "other": (
        "Change of address and mobile number",
        "Question about seeing my medical records online",
    ),
}

# Some outcomes follow from what the patient described: these override the topic's own texts.
DESCRIPTIONS_BY_OUTCOME = {
    Outcome.URGENT_CARE: (
        "Chest tightness when walking since yesterday",
        "Sudden bad headache and being sick since this morning",
        "Pain and swelling in my calf after a long flight",
        "Much more short of breath on the stairs than usual",
        "Pain low on the right side of my tummy, getting worse since last night",
    ),
    Outcome.SECONDARY_CARE: (
        "Lump in my breast I noticed last week",
        "A mole on my back has changed shape and bleeds",
        "Blood in my poo on and off for three weeks",
        "Hoarse voice for six weeks",
    ),
    Outcome.HOME_VISIT: (
        "Housebound, with a chest infection and cannot get out of bed",
        "Housebound and my leg ulcer needs looking at",
        "My father is more confused than usual since yesterday and cannot get out",
    ),
    Outcome.COMMUNITY_SERVICES: (
        "Leg ulcer dressing needs changing",
        "Need help with continence products",
        "COPD: more breathless and coughing green phlegm",
        "Support with caring for my husband who has dementia",
        "Feeling isolated since my wife died and would like some support",
    ),
}

DURATION_WEIGHTS = {"today": 15, "days": 45, "weeks": 30, "months": 10}
OUTCOMES_WANTED = ("Call me back", "Advice on what to do", "An appointment", "A prescription")

# The clinician's closing note (the status event's reason), by outcome.
OUTCOME_NOTES = {
    Outcome.DISCHARGED: (
        "Assessed by phone. Self-care advice given; told to call 111 or the surgery if worse.",
        "Assessed by phone. Prescription sent to the nominated pharmacy; safety-netting advice given.",
    ),
    Outcome.BACK_TO_PRACTICE: (
        "Needs continuity with their usual GP: sent back to the practice with a summary.",
        "Long-term condition review due: passed to the practice team.",
        "Repeat medication query: passed to the practice medicines team.",
        "Non-urgent: the practice will arrange a routine appointment.",
    ),
    Outcome.COMMUNITY_SERVICES: (
        "Referred to the community nursing team.",
        "Referred to community physiotherapy.",
        "Referred to the social prescriber.",
    ),
    Outcome.FACE_TO_FACE: ("Needs examining: face-to-face appointment booked at the practice.",),
    Outcome.URGENT_CARE: (
        "Needs same-day assessment: advised to go to A&E now; patient agreed.",
        "Advised to attend the urgent treatment centre today.",
    ),
    Outcome.SECONDARY_CARE: (
        "Urgent suspected cancer (2-week wait) referral sent through e-RS.",
        "Referral to the hospital specialist sent through e-RS.",
    ),
    Outcome.UNABLE_TO_CONTACT: (
        "Three attempts to contact, including a text, with no response. Closed; the patient can submit again or call the surgery.",
    ),
    Outcome.COMMUNITY_PHARMACY: ("Referred to community pharmacy (Pharmacy First) for assessment and treatment.",),
    Outcome.HOME_VISIT: ("Home visit booked with the home visiting service.",),
}
# Discharged without a call: advice by text, or nothing left to discuss.
DISCHARGED_BY_TEXT_NOTE = "Reviewed. Advice sent by text, with when to seek help again."
DISCHARGED_WITHOUT_CONTACT_NOTES = {
    "administration": "Completed and sent to the patient.",
    "test": "Results reviewed: normal, no further action needed.",
    "medication": "Prescription issued to the nominated pharmacy.",
}
DID_NOT_ATTEND_NOTE = "Did not attend the arranged telephone appointment. Closed; the patient can submit again or call the surgery."

TRIAGE_NOTES = (
    "Reviewed the record and current medicines before calling.",
    "Discussed with the hub GP, who agrees with the plan.",
    "Previous similar request last month, managed with advice.",
    "Patient prefers a call after 2pm.",
)

ROUTE_OVERRIDE_REASONS = {
    "home_practice": "Needs continuity with the home practice GP team",
    "mdt": "Needs wrap-around care from community services",
}

SPOKE_MESSAGE = "Called the patient and talked through the request."
ADVICE_TEXT = (
    "Your request has been reviewed by the Health Hub. Please see the advice on the NHS website for your symptoms. "
    "If you get worse call 111, or 999 in an emergency."
)
MISSED_CALL_TEXT = (
    "The Health Hub tried to call you about your online request. We will try again; "
    "if we cannot reach you, please call your surgery. In an emergency call 999."
)
APPOINTMENT_BOOKED = "Spoke to the patient and booked a telephone appointment."
