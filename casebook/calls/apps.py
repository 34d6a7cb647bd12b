from django.apps import AppConfig


class CallsConfig(AppConfig):
    name = "casebook.calls"
    label = "calls"
