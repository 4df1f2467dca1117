from django.apps import AppConfig


class Config(AppConfig):
    name = "healthhub.core"
    label = "core"
    verbose_name = "Core"
