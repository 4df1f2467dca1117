from django.apps import AppConfig


class Config(AppConfig):
    name = "healthhub.patients"
    label = "patients"
