from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "casebook.publishing"
    label = "publishing"
