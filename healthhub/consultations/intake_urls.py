"""Patients' online consultation pages (public) and staff entry for a caller, under /practice/."""

from django.urls import path

from .intake import caller_views, steps, views

app_name = "intake"
urlpatterns = [
    path("choose_practice/", views.choose_practice, name="choose_practice"),
    path("for_caller/", caller_views.for_caller, name="for_caller"),
    path("for_caller/<str:reference>/", caller_views.for_caller_done, name="for_caller_done"),
    path("<str:ods>/", views.start, name="start"),
    path("<str:ods>/request-type/", views.request_type, name="request_type"),
    path("<str:ods>/medical-requests-paused/", views.paused, name="paused"),
    path("<str:ods>/emergency-check/child/", views.emergency_group, name="emergency_group"),
    path("<str:ods>/emergency-check/", views.emergency_screen, name="emergency_screen"),
    path("<str:ods>/get-help-now/", views.emergency_stop, name="emergency_stop"),
    path("<str:ods>/question/<slug:link_id>/", steps.question, name="question"),
    path("<str:ods>/who-for/", steps.who_for, name="who_for"),
    path("<str:ods>/about-you/", steps.proxy_details, name="proxy_details"),
    path("<str:ods>/details/", steps.patient_details, name="patient_details"),
    path("<str:ods>/contact/", steps.contact_details, name="contact_details"),
    path("<str:ods>/check-answers/", steps.check_answers, name="check_answers"),
    path("<str:ods>/request-sent/", views.confirmation, name="confirmation"),
]
