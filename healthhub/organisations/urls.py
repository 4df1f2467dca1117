from django.urls import path

from . import views

app_name = "organisations"
urlpatterns = [
    path("intake/", views.intake, name="intake"),
    path("intake/<str:ods>/", views.intake_practice, name="intake_practice"),
    path("intake/<str:ods>/resume/", views.resume_intake, name="intake_resume"),
]
