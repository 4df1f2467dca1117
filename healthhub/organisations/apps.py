from django.apps import AppConfig


class Config(AppConfig):
    name = "healthhub.organisations"
    label = "organisations"
