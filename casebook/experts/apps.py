from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExpertsConfig(AppConfig):
    name = "casebook.experts"
    label = "experts"
    verbose_name = _("评审专家")
