from django.urls import path

from healthhub.core.views import home

app_name = "consultations"
urlpatterns = [
    path("queue/", home, name="queue"),
]
