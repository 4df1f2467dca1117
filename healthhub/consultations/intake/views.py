"""Patient pages before and after the questions: find the practice, start, choose the request type,
the emergency screen, the paused and urgent-help pages, and the confirmation."""

from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from healthhub.consultations.services import deadline_for
from healthhub.core.middleware import public
from healthhub.core.ratelimit import rate_limited

from . import drafts, emergency, journey, practices, presenters, submission
from .forms import EmergencyGroupForm, EmergencyScreenForm, PracticeSearchForm, RequestTypeForm
from .pages import journey_page, next_page, posted, public_page, render_paused, step_page


@public
@require_GET
def choose_practice(request):
    form = PracticeSearchForm(request.GET or None)
    results = practices.find_practices(form.cleaned_data["q"]) if form.is_valid() else None
    return public_page(request, "intake/choose_practice.jinja", "Find your GP surgery", form=form, results=results,
                       limit=practices.SEARCH_LIMIT, back_url="/")


@public
@require_GET
def start(request, ods):
    practice = practices.practice_for_intake(ods)
    if not practice.accepts_online_requests:
        return public_page(request, "intake/not_served.jinja", f"Contact {practice.display_name} directly",
                           practice=practice, back_url=reverse("intake:choose_practice"))
    return public_page(request, "intake/start.jinja", f"Contact {practice.display_name} online", practice=practice,
                       pause=practices.medical_pause(practice), back_url=reverse("intake:choose_practice"),
                       reply_by_if_sent_now=deadline_for(timezone.now()))


@public
@rate_limited
@require_http_methods(["GET", "POST"])
def request_type(request, ods):
    practice = practices.practice_for_intake(ods)
    if not practice.accepts_online_requests:
        return redirect("intake:start", practice.ods_code)
    pause = practices.medical_pause(practice)
    draft = drafts.load(request, practice)
    form = RequestTypeForm(posted(request), initial={"request_type": draft.request_type if draft else None})
    if form.is_valid():
        chosen = form.cleaned_data["request_type"]
        if chosen == "medical" and pause:
            return render_paused(request, practice, pause)
        if draft is None or draft.request_type != chosen:
            draft = drafts.start(request, practice, chosen)
        return redirect(journey.next_url(draft))
    return public_page(request, "intake/request_type.jinja", "What do you need help with?", form=form, practice=practice,
                       pause=pause, back_url=reverse("intake:start", args=[practice.ods_code]))


@public
@rate_limited
@require_http_methods(["GET", "POST"])
@journey_page("emergency")
def emergency_group(request, practice, draft):
    form = EmergencyGroupForm(posted(request), initial={"group": draft.emergency.get("group")})
    if form.is_valid():
        draft.emergency = {"group": form.cleaned_data["group"]}
        drafts.save(request, draft)
        return redirect("intake:emergency_screen", practice.ods_code)
    age_limit = emergency.screen().child_age_limit
    return step_page(request, "intake/emergency_group.jinja", f"Is this request about a child under {age_limit}?",
                     practice=practice, draft=draft, step="emergency", form=form, age_limit=age_limit)


@public
@rate_limited
@require_http_methods(["GET", "POST"])
@journey_page("emergency")
def emergency_screen(request, practice, draft):
    group = journey.emergency_group(draft)
    if group is None:
        return redirect("intake:emergency_group", practice.ods_code)
    form = EmergencyScreenForm(posted(request))
    if form.is_valid():
        if form.cleaned_data["answer"] == "yes":
            drafts.clear(request)  # stop here: nothing the patient typed is kept
            return redirect("intake:emergency_stop", practice.ods_code)
        draft.emergency = {"group": group, "answer": "no", "version": emergency.screen().version}
        return next_page(request, draft)
    rescreen = bool(draft.date_of_birth) and draft.emergency.get("group") != group
    return step_page(request, "intake/emergency_screen.jinja", "Check for symptoms that need urgent help", practice=practice,
                     draft=draft, step="emergency", form=form, group=group, rescreen=rescreen,
                     symptoms=emergency.screen().symptoms_for(group))


@public
@require_GET
def emergency_stop(request, ods):
    practice = practices.practice_for_intake(ods)
    return public_page(request, "intake/emergency_stop.jinja", "Call 999 or go to A&E now", practice=practice,
                       urgent_advice=emergency.screen().urgent_advice)


@public
@require_GET
def paused(request, ods):
    practice = practices.practice_for_intake(ods)
    pause = practices.medical_pause(practice)
    if pause is None:
        return redirect("intake:start", practice.ods_code)
    return render_paused(request, practice, pause)


@public
@require_GET
def confirmation(request, ods):
    practice = practices.practice_for_intake(ods)
    reference = drafts.submitted_reference(request, practice)
    submitted = submission.submitted_request(reference, practice) if reference else None
    if submitted is None:
        return redirect("intake:start", practice.ods_code)
    return public_page(request, "intake/confirmation.jinja", "Request sent", practice=practice, submitted=submitted,
                       contact_methods=presenters.contact_methods(submitted))
