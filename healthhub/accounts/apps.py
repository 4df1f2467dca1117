from django.apps import AppConfig


class Config(AppConfig):
    name = "healthhub.accounts"
    label = "accounts"
