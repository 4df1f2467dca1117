from django.contrib import admin
from django.urls import include, path

from healthhub.api.fhir import api as fhir_api

urlpatterns = [
    path("", include("healthhub.core.urls")),
    path("accounts/", include("healthhub.accounts.urls")),
    path("practice/", include("healthhub.consultations.intake_urls")),
    path("hub/", include("healthhub.consultations.urls")),
    path("organisations/", include("healthhub.organisations.urls")),
    path("reports/", include("healthhub.insights.urls")),
    path("monitoring/", include("healthhub.monitoring.urls")),
    path("fhir/r4/", fhir_api.urls),
    path("admin/", admin.site.urls),
]

handler403 = "healthhub.core.views.handler403"
handler404 = "healthhub.core.views.handler404"
handler500 = "healthhub.core.views.handler500"
