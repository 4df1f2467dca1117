"""Patient pages in the middle of the journey: the questions, who it is for, patient and contact
details, and check answers (which submits)."""

from django.http import Http404
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

from healthhub.consultations.services import IntakePaused
from healthhub.core.middleware import public
from healthhub.core.ratelimit import rate_limited

from . import drafts, practices, presenters, submission
from .drafts import SOMEONE_ELSE
from .forms import AnswerForm, ContactForm, PatientDetailsForm, ProxyForm, WhoForForm
from .pages import journey_page, next_page, posted, render_paused, step_page


@public
@rate_limited
@require_http_methods(["GET", "POST"])
@journey_page("question:{link_id}")
def question(request, practice, draft, link_id):
    asked = next((q for q in draft.questionnaire.questions if q.link_id == link_id), None)
    if asked is None:
        raise Http404("No such question")
    form = AnswerForm(asked, posted(request), initial={"answer": draft.answers.get(link_id)})
    if form.is_valid():
        draft.answers[link_id] = form.cleaned_data["answer"] or ""
        return next_page(request, draft)
    return step_page(request, "intake/question.jinja", asked.text, practice=practice, draft=draft,
                     step=f"question:{link_id}", form=form, question=asked)


@public
@rate_limited
@require_http_methods(["GET", "POST"])
@journey_page("who_for")
def who_for(request, practice, draft):
    form = WhoForForm(posted(request), initial=draft.who_for)
    if form.is_valid():
        chosen = form.cleaned_data["for_whom"]
        # Keep a proxy's details only while the request is still for someone else.
        draft.who_for = {**draft.who_for, "for_whom": chosen} if chosen == SOMEONE_ELSE else {"for_whom": chosen}
        return next_page(request, draft)
    return step_page(request, "intake/who_for.jinja", "Who is this request for?", practice=practice, draft=draft,
                     step="who_for", form=form)


@public
@rate_limited
@require_http_methods(["GET", "POST"])
@journey_page("proxy")
def proxy_details(request, practice, draft):
    form = ProxyForm(posted(request), initial=draft.who_for)
    if form.is_valid():
        draft.who_for.update(form.cleaned_data)
        return next_page(request, draft)
    return step_page(request, "intake/proxy_details.jinja", "About you", practice=practice, draft=draft,
                     step="proxy", form=form)


def _patient_initial(patient: dict) -> dict:
    initial = dict(patient)
    if patient.get("date_of_birth"):
        year, month, day = patient["date_of_birth"].split("-")
        initial.update(dob_day=str(int(day)), dob_month=str(int(month)), dob_year=year)
    return initial


@public
@rate_limited
@require_http_methods(["GET", "POST"])
@journey_page("patient")
def patient_details(request, practice, draft):
    whose = "their" if draft.for_someone_else else "your"
    form = PatientDetailsForm(posted(request), initial=_patient_initial(draft.patient), whose=whose)
    if form.is_valid():
        data = form.cleaned_data
        draft.patient = {name: data[name] for name in ("given_name", "family_name", "nhs_number", "postcode")}
        draft.patient["date_of_birth"] = data["date_of_birth"].isoformat()
        return next_page(request, draft)
    title = "Details of the person the request is for" if draft.for_someone_else else "Your details"
    return step_page(request, "intake/patient_details.jinja", title, practice=practice, draft=draft, step="patient",
                     form=form, whose=whose)


@public
@rate_limited
@require_http_methods(["GET", "POST"])
@journey_page("contact")
def contact_details(request, practice, draft):
    form = ContactForm(posted(request), initial=draft.contact)
    if form.is_valid():
        draft.contact = {name: form.cleaned_data[name] for name in ("channels", "mobile", "email")}
        return next_page(request, draft)
    return step_page(request, "intake/contact_details.jinja", "How we contact you", practice=practice, draft=draft,
                     step="contact", form=form)


@public
@rate_limited
@require_http_methods(["GET", "POST"])
def check_answers(request, ods):
    if request.method == "POST":
        # A second submit (double click, back and resubmit) after the draft was cleared:
        # show the confirmation of the request already made, never make a second one.
        practice = practices.practice_for_intake(ods)
        already = submission.already_submitted(request.POST.get("idempotency_key", ""), practice)
        if already:
            return _confirmed(request, practice, already)
    return _check_answers(request, ods=ods)


@journey_page("check")
def _check_answers(request, practice, draft):
    if request.method == "POST":
        if request.POST.get("idempotency_key") != draft.idempotency_key:
            return redirect("intake:check_answers", practice.ods_code)  # a page left open from an earlier draft
        try:
            submitted = submission.submit(draft, practice, request)
        except IntakePaused:
            return render_paused(request, practice, practices.medical_pause(practice))
        return _confirmed(request, practice, submitted)
    return step_page(request, "intake/check_answers.jinja", "Check your answers before sending your request",
                     practice=practice, draft=draft, step="check", sections=presenters.check_answers_sections(draft))


def _confirmed(request, practice, submitted):
    drafts.clear(request)
    drafts.remember_submitted(request, practice, submitted.reference)
    return redirect("intake:confirmation", practice.ods_code)
