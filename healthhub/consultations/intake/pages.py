"""What every intake page view shares: finding the practice and draft, guarding the order, rendering."""

from functools import wraps

from django.shortcuts import redirect
from django.urls import reverse

from healthhub.core.rendering import page

from . import drafts, journey, practices

SERVICE_NAME = "Contact your GP surgery online"


def posted(request):
    """The form data of a POST (bound even when empty, so a blank submit shows its errors), else None."""
    return request.POST if request.method == "POST" else None


def public_page(request, template: str, title: str, *, practice=None, **context):
    """A patient-facing page: the service name in the header links to the practice's start page."""
    start = reverse("intake:start", args=[practice.ods_code]) if practice else reverse("intake:choose_practice")
    return page(request, template, title, practice=practice, service_name=SERVICE_NAME, service_href=start, **context)


def render_paused(request, practice, pause):
    return public_page(request, "intake/paused.jinja", "Medical requests are paused", practice=practice, pause=pause,
                       back_url=reverse("intake:start", args=[practice.ods_code]))


def journey_page(step: str):
    """Give the view its practice and draft; send anyone without a draft to the start, and
    anyone ahead of themselves back to the first page they have not answered."""

    def decorate(view):
        @wraps(view)
        def wrapper(request, ods, **kwargs):
            practice = practices.practice_for_intake(ods)
            draft = drafts.load(request, practice)
            if draft is None or not practice.accepts_online_requests:
                return redirect("intake:start", practice.ods_code)
            pause = practices.medical_pause(practice) if draft.is_medical else None
            if pause and request.method == "GET":
                return render_paused(request, practice, pause)
            if not journey.may_visit(draft, step.format(**kwargs)):
                return redirect(journey.next_url(draft))
            return view(request, practice, draft, **kwargs)

        return wrapper

    return decorate


def step_page(request, template: str, title: str, *, practice, draft, step: str, form=None, **context):
    """Render a journey page with its back link (to check answers when the patient came from there)."""
    from_check = request.GET.get("from") == "check"
    return public_page(
        request, template, title, form=form, practice=practice, draft=draft,
        back_url=journey.back_url(draft, step, from_check=from_check), **context,
    )


def next_page(request, draft):
    drafts.save(request, draft)
    return redirect(journey.next_url(draft))
