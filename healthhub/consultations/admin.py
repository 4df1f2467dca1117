from django.contrib import admin

from .models import OutcomesMatrixEntry


@admin.register(OutcomesMatrixEntry)
class OutcomesMatrixEntryAdmin(admin.ModelAdmin):
    """The outcomes matrix is clinical content the hub's GPs keep up to date."""

    list_display = ["category", "description", "route", "is_default_for_category", "position"]
    list_filter = ["category", "route"]
    list_editable = ["route", "is_default_for_category", "position"]
