from django.urls import path

from . import alert_views, caseload_views, direct_enrolment_views, enrolment_views, management_views, patient_views

app_name = "monitoring"

ENROLMENT = "enrolments/<int:enrolment_id>/"

urlpatterns = [
    path("", caseload_views.overview, name="overview"),
    path("programmes/<str:programme>/", caseload_views.caseload, name="caseload"),
    path("alerts/", alert_views.alert_queue, name="alerts"),
    path("alerts/<int:alert_id>/acknowledge/", alert_views.acknowledge, name="acknowledge_alert"),
    path("enrol/", management_views.enrol, name="enrol"),
    path("enrol/new-patient/", direct_enrolment_views.enrol_new_patient, name="enrol_new_patient"),
    path(ENROLMENT, enrolment_views.enrolment_detail, name="enrolment"),
    path(ENROLMENT + "observations/", enrolment_views.record_observations, name="record_observations"),
    path(ENROLMENT + "target/", management_views.spo2_target, name="spo2_target"),
    path(ENROLMENT + "bp-target/", management_views.bp_target, name="bp_target"),
    path(ENROLMENT + "discharge/", management_views.discharge, name="discharge"),
    path(ENROLMENT + "reading-link/", management_views.reading_link, name="reading_link"),
    # The patient's page, by the link texted to them.
    path("readings/<str:secret>/", patient_views.readings, name="patient_readings"),
]
