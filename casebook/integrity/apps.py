from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntegrityConfig(AppConfig):
    name = "casebook.integrity"
    label = "integrity"
    verbose_name = _("诚信审查")
