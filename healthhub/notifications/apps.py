from django.apps import AppConfig


class Config(AppConfig):
    name = "healthhub.notifications"
    label = "notifications"
