from django.apps import AppConfig


class AwardsConfig(AppConfig):
    name = "casebook.awards"
    label = "awards"
