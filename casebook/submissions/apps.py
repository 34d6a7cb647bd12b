from django.apps import AppConfig


class SubmissionsConfig(AppConfig):
    name = "casebook.submissions"
    label = "submissions"
