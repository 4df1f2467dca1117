"""The alert queue, and acknowledging an alert: who saw it, when, and what they did."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from healthhub.core.audit import Actor
from healthhub.core.rendering import page

from . import access, presenters, services
from .forms import AcknowledgeForm


@require_GET
def alert_queue(request):
    access.require_monitoring(request.user)
    return page(request, "monitoring/alerts.jinja", "Alerts", active_nav="monitoring", column_class="nhsuk-grid-column-full",
                **presenters.alert_queue(request.user, timezone.now()))


@require_http_methods(["GET", "POST"])
def acknowledge(request, alert_id):
    alert = access.alert_for(request.user, alert_id)
    access.require_clinician(request.user)
    form = AcknowledgeForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            services.acknowledge(alert, form.cleaned_data["action"], form.cleaned_data["note"], Actor.from_request(request))
        except services.MonitoringError as refusal:
            form.refused(refusal)
            alert.refresh_from_db()
        else:
            messages.success(request, f"Alert acknowledged for {alert.enrolment.patient.full_name}: {alert.get_action_display()}")
            return redirect("monitoring:alerts")
    return page(request, "monitoring/acknowledge.jinja", "Acknowledge an alert", form=form, active_nav="monitoring",
                **presenters.acknowledge_page(alert, timezone.now()))
