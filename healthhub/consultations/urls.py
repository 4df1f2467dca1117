from django.urls import path

from .hub import action_views, matrix_views, queue_views, request_views

app_name = "consultations"

REQUEST = "requests/<str:reference>/"

urlpatterns = [
    path("queue/", queue_views.queue, name="queue"),
    path("queue/mine/", queue_views.my_queue, name="my_queue"),
    path("queue/updates/", queue_views.queue_updates, name="queue_updates"),
    path("find/", queue_views.find_request, name="find_request"),
    path("closed/", queue_views.recently_closed, name="recently_closed"),
    path("practice-queue/", queue_views.practice_queue, name="practice_queue"),
    path(REQUEST, request_views.request_detail, name="request_detail"),
    path(REQUEST + "claim/", action_views.claim, name="claim"),
    path(REQUEST + "start/", action_views.start, name="start"),
    path(REQUEST + "assign/", action_views.assign, name="assign"),
    path(REQUEST + "unassign/", action_views.unassign, name="unassign"),
    path(REQUEST + "route/", action_views.route, name="route"),
    path(REQUEST + "note/", action_views.note, name="note"),
    path(REQUEST + "contact/", action_views.contact, name="contact"),
    path(REQUEST + "outcome/", action_views.outcome, name="outcome"),
    path(REQUEST + "reopen/", action_views.reopen, name="reopen"),
    path(REQUEST + "acknowledge/", action_views.acknowledge, name="acknowledge"),
    path("outcomes-matrix/", matrix_views.matrix, name="outcomes_matrix"),
    path("outcomes-matrix/add/", matrix_views.matrix_entry, name="outcomes_matrix_add"),
    path("outcomes-matrix/<int:entry_id>/", matrix_views.matrix_entry, name="outcomes_matrix_entry"),
]
