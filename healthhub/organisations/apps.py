from django.apps import AppConfig


class Config(AppConfig):
    name = "healthhub.organisations"
    label = "organisations"

    def ready(self) -> None:
        from . import intake_lookup  # noqa: F401 - connects the signals that keep its cache true
