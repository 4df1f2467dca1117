"""Walk the patient's intake journey through the Django test client, page by page."""

from dataclasses import dataclass, field

MEDICAL_ANSWERS = {"topic": "new-problem", "description": "Cough for a week,\r\nworse at night", "duration": "days",
                   "outcome-wanted": "Call me back"}
ADMIN_ANSWERS = {"topic": "fit-note", "description": "Fit note for 3 to 14 March, back pain"}
PATIENT = {"given_name": "Alex", "family_name": "Smith", "dob_day": "17", "dob_month": "5", "dob_year": "1980",
           "nhs_number": "943 476 5919", "postcode": "me2 1np"}
CONTACT = {"channels": ["text", "phone"], "mobile": "07700 900123", "email": ""}


@dataclass
class Patient:
    client: object
    ods: str
    answers: dict = field(default_factory=lambda: dict(MEDICAL_ANSWERS))

    def url(self, tail: str = "") -> str:
        return f"/practice/{self.ods}/{tail}"

    def post(self, tail: str, data: dict, follow: bool = False):
        return self.client.post(self.url(tail), data, follow=follow)

    def choose(self, request_type: str):
        return self.post("request-type/", {"request_type": request_type})

    def pass_emergency_screen(self, group: str = "adult"):
        self.post("emergency-check/child/", {"group": group})
        return self.post("emergency-check/", {"answer": "no"})

    def answer_questions(self, answers: dict):
        for link_id, value in answers.items():
            response = self.post(f"question/{link_id}/", {"answer": value})
            assert response.status_code == 302, response.content.decode()[:2000]

    def say_who_for(self, proxy: dict | None = None):
        """For the patient themselves, or (given the proxy's name and relationship) for someone else."""
        assert self.post("who-for/", {"for_whom": "someone-else" if proxy else "myself"}).status_code == 302
        if proxy:
            assert self.post("about-you/", proxy).status_code == 302

    def give_details(self, proxy: dict | None = None, patient: dict | None = None, contact: dict | None = None):
        self.say_who_for(proxy)
        assert self.post("details/", patient or PATIENT).status_code == 302
        assert self.post("contact/", contact or CONTACT).status_code == 302

    def idempotency_key(self) -> str:
        return self.client.session["intake_draft"]["idempotency_key"]

    def submit(self, key: str | None = None):
        return self.post("check-answers/", {"idempotency_key": key or self.idempotency_key()})

    def medical_up_to_check_answers(self):
        self.choose("medical")
        self.pass_emergency_screen()
        self.answer_questions(MEDICAL_ANSWERS)
        self.give_details()

    def admin_up_to_check_answers(self):
        self.choose("admin")
        self.answer_questions(ADMIN_ANSWERS)
        self.give_details()
