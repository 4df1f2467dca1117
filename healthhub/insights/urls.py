from django.urls import path

from . import views

app_name = "insights"
urlpatterns = [
    path("outcomes/", views.outcomes, name="outcomes"),
]
