from django.apps import AppConfig


class Config(AppConfig):
    name = "healthhub.monitoring"
    label = "monitoring"
    verbose_name = "Remote monitoring"
