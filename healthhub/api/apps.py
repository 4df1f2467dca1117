from django.apps import AppConfig


class Config(AppConfig):
    name = "healthhub.api"
    label = "api"
