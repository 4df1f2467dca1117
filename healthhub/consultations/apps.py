from django.apps import AppConfig


class Config(AppConfig):
    name = "healthhub.consultations"
    label = "consultations"
