"""Landing page, static information pages, error pages and the audit search."""

from datetime import datetime, time

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_GET

from healthhub.accounts.models import Role
from healthhub.clinical.deadlines import LONDON
from healthhub.consultations.services import deadline_for

from .middleware import public
from .models import AuditEvent
from .rendering import page


@public
@require_GET
def home(request):
    if request.user.is_authenticated:
        if request.user.is_icb_analyst:
            return redirect("insights:outcomes")
        return redirect("consultations:queue")
    return page(request, "core/home.jinja", "Contact your GP surgery online", reply_by_if_sent_now=deadline_for(timezone.now()))


@public
@require_GET
def accessibility(request):
    return page(request, "core/accessibility.jinja", "Accessibility statement")


@public
@require_GET
def privacy(request):
    return page(request, "core/privacy.jinja", "Privacy notice")


class AuditSearchForm(forms.Form):
    actor = forms.CharField(required=False, max_length=100)
    action = forms.CharField(required=False, max_length=60)
    object_ref = forms.CharField(required=False, max_length=60, label="Request reference or record")
    since = forms.DateField(required=False, error_messages={"invalid": "Enter the start date as YYYY-MM-DD"})
    until = forms.DateField(required=False, error_messages={"invalid": "Enter the end date as YYYY-MM-DD"})


@require_GET
def audit_search(request):
    """The clinical director's view of who did or saw what, when."""
    if request.user.role != Role.CLINICAL_DIRECTOR:
        raise PermissionDenied
    form = AuditSearchForm(request.GET or None)
    events = AuditEvent.objects.none()
    if form.is_valid():
        data = form.cleaned_data
        events = AuditEvent.objects.search(
            actor=data["actor"], action=data["action"], object_ref=data["object_ref"],
            since=datetime.combine(data["since"], time.min, tzinfo=LONDON) if data["since"] else None,
            until=datetime.combine(data["until"], time.max, tzinfo=LONDON) if data["until"] else None,
        )
    elif not form.is_bound:
        events = AuditEvent.objects.all()
    page_of_events = Paginator(events, 50).get_page(request.GET.get("page"))
    actions = AuditEvent.objects.order_by().values_list("action", flat=True).distinct()
    return page(request, "core/audit.jinja", "Audit trail", form=form if form.is_bound else None,
                search=form, events=page_of_events, actions=sorted(actions), active_nav="audit",
                column_class="nhsuk-grid-column-full")


def error_page(status: int, title: str, message: str):
    # Django passes `exception` to error handlers and `reason` to the CSRF failure view.
    def view(request, exception=None, reason=""):
        return page(request, "core/error.jinja", title, status=status, message=message)

    return view


handler403 = error_page(403, "You do not have access to this page", "Your account does not give you access to this page. If you think it should, ask your hub administrator.")
handler404 = error_page(404, "Page not found", "If you typed the web address, check it is correct. If you pasted the web address, check you copied the entire address.")
csrf_failure = error_page(403, "Your form could not be sent", "This can happen when a page has been open for a long time or cookies are blocked. Go back, reload the page and try again.")
handler500 = error_page(500, "Sorry, there is a problem with the service", "Try again later. Nothing you entered has been lost if you saw a confirmation page.")
