"""Render pages with the context every layout expects."""

from django.shortcuts import render

from .forms import error_list, field_error


def page(request, template: str, title: str, status: int = 200, form=None, **context):
    context.setdefault("form_errors", error_list(form) if form is not None and form.is_bound else [])
    context["field_error"] = lambda name: field_error(form, name) if form is not None else None
    return render(request, template, {"page_title": title, "form": form, **context}, status=status)
