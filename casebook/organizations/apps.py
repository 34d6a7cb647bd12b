from django.apps import AppConfig


class OrganizationsConfig(AppConfig):
    name = "casebook.organizations"
    label = "organizations"
