from django.urls import path

from healthhub.core.views import home

app_name = "insights"
urlpatterns = [
    path("outcomes/", home, name="outcomes"),
]
