from django.db import models
from django.utils.translation import gettext_lazy as _


class MatchStatus(models.TextChoices):
    """What the secretariat made of a pair of similar cases."""

    OPEN = "open", _("待处理")
    DISMISSED = "dismissed", _("不是问题")
    DISQUALIFICATION_OPENED = "disqualification_opened", _("已撤销资格")
