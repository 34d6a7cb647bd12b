from django.db import models
from django.utils.translation import gettext_lazy as _

from casebook.core.models import TimeStampedModel


class NotificationStatus(models.TextChoices):
    QUEUED = "queued", _("待发送")
    SENT = "sent", _("已发送")
    FAILED = "failed", _("发送失败")


class Notification(TimeStampedModel):
    """One email to send (the outbox). Stored before sending, so a failure
    leaves a row with its reason instead of a lost message."""

    key = models.CharField(
        _("去重键"), max_length=200, unique=True,
        help_text=_("同一事件只发一次，例如 receipt:案例编号。"),
    )
    to = models.EmailField(_("收件人"))
    subject = models.CharField(_("主题"), max_length=200)
    body = models.TextField(_("正文"))
    status = models.CharField(_("状态"), max_length=10, choices=NotificationStatus.choices,
                              default=NotificationStatus.QUEUED, db_index=True)
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    error = models.TextField(_("错误"), blank=True)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)
    call = models.ForeignKey("calls.Call", null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="notifications", verbose_name=_("评选活动"))

    class Meta:
        verbose_name = _("邮件通知")
        verbose_name_plural = _("邮件通知")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.to}: {self.subject}"
