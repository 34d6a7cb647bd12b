from django.db import models
from django.utils.translation import gettext_lazy as _


class MessageStatus(models.TextChoices):
    """Outcome of one message; the first four are the `casebook intake --json` statuses."""

    PENDING = "pending", _("待处理")
    ACCEPTED = "accepted", _("已受理")
    DUPLICATE = "duplicate", _("重复邮件")
    UPDATED = "updated", _("已补充材料")
    QUARANTINED = "quarantined", _("待人工处理")
    REJECTED = "rejected", _("已退回")
