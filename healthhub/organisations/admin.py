from django.contrib import admin

from .models import HealthCarePartnership, Hub, IntakeStatus, Practice, PrimaryCareNetwork

admin.site.register(HealthCarePartnership)
admin.site.register(Hub)
admin.site.register(IntakeStatus)


@admin.register(PrimaryCareNetwork)
class PCNAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "partnership", "registered_patients"]
    search_fields = ["code", "name"]


@admin.register(Practice)
class PracticeAdmin(admin.ModelAdmin):
    list_display = ["ods_code", "name", "pcn", "hub", "registered_patients"]
    list_filter = ["hub", "pcn__partnership"]
    search_fields = ["ods_code", "name", "postcode"]
