from django.apps import AppConfig


class Config(AppConfig):
    name = "healthhub.insights"
    label = "insights"
