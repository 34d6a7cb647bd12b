from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CallsConfig(AppConfig):
    name = "casebook.calls"
    label = "calls"
    verbose_name = _("评选活动")
