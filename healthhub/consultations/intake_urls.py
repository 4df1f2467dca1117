from django.urls import path

from healthhub.core.views import home

app_name = "intake"
urlpatterns = [
    path("choose_practice/", home, name="choose_practice"),
    path("for_caller/", home, name="for_caller"),
]
