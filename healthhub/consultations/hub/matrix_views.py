"""The outcomes matrix as a page: every hub clinician can read it, the clinical director keeps it up to date."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_GET, require_http_methods

from healthhub.core.audit import Actor
from healthhub.core.rendering import page

from .. import access, services
from ..models import Category, OutcomesMatrixEntry
from . import presenters
from .forms import MatrixEntryForm
from .policy import work_queue_page


def _require_hub_staff(user) -> None:
    if not access.can_act_on_requests(user):
        raise PermissionDenied


def _require_editor(user) -> None:
    if not access.can_edit_outcomes_matrix(user):
        raise PermissionDenied


@work_queue_page
@require_GET
def matrix(request):
    _require_hub_staff(request.user)
    return page(request, "consultations/matrix.jinja", "Outcomes matrix", column_class="nhsuk-grid-column-full",
                categories=presenters.matrix_by_category(), can_edit=access.can_edit_outcomes_matrix(request.user))


@work_queue_page
@require_http_methods(["GET", "POST"])
def matrix_entry(request, entry_id=None):
    _require_editor(request.user)
    entry = get_object_or_404(OutcomesMatrixEntry, pk=entry_id) if entry_id else OutcomesMatrixEntry(
        category=request.GET.get("category") if request.GET.get("category") in Category.values else "")
    form = MatrixEntryForm(request.POST if request.method == "POST" else None, entry=entry)
    if form.is_valid():
        try:
            saved = services.save_matrix_entry(form.apply(), Actor.from_request(request))
        except services.MatrixNeedsDefault as problem:
            form.add_error("is_default_for_category", f"{problem} needs a proposed route. To change it, make another item the proposed route")
        else:
            messages.success(request, f"Outcomes matrix {'updated' if entry_id else 'item added'}: {saved.description}")
            return redirect("consultations:outcomes_matrix")
    title = "Change an outcomes matrix item" if entry_id else "Add an outcomes matrix item"
    return page(request, "consultations/matrix_entry.jinja", title, form=form, entry=entry,
                selects={name: presenters.select_items(form[name]) for name in ("category", "route") if name in form.fields})
