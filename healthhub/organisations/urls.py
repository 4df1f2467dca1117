from django.urls import path

from healthhub.core.views import home

app_name = "organisations"
urlpatterns = [
    path("intake/", home, name="intake"),
]
