from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from casebook.core.models import TimeStampedModel

from .enums import MessageStatus


def raw_message_path(message, filename: str) -> str:
    return f"inbound/{message.sha256[:2]}/{message.sha256}.eml"


class InboundMessage(TimeStampedModel):
    """One email received, stored raw before anything is parsed, so that
    nothing received is ever lost; its status says what became of it."""

    call = models.ForeignKey("calls.Call", null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="inbound_messages", verbose_name=_("评选活动"))
    source = models.CharField(_("来源"), max_length=300,
                              help_text=_("邮箱或文件，例如 imap://user@host/INBOX、maildir:/srv/mail。"))
    source_key = models.CharField(_("来源内位置"), max_length=300, blank=True)
    raw = models.FileField(_("原始邮件"), upload_to=raw_message_path, max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64, unique=True)
    size = models.PositiveBigIntegerField(_("大小（字节）"))
    message_id = models.CharField(_("Message-ID"), max_length=500, blank=True, db_index=True)
    sender = models.CharField(_("发件人"), max_length=320, blank=True)
    subject = models.CharField(_("主题"), max_length=500, blank=True)
    received_at = models.DateTimeField(_("到达邮箱时间"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=20, choices=MessageStatus.choices,
                              default=MessageStatus.PENDING, db_index=True)
    reason = models.TextField(_("说明"), blank=True)
    case = models.ForeignKey("submissions.Case", null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="inbound_messages", verbose_name=_("案例"))
    outcome = models.JSONField(_("处理结果"), default=dict, blank=True,
                               help_text=_("标题、单位、各章节字数、附件清单，供再次输出。"))
    attempts = models.PositiveSmallIntegerField(_("处理次数"), default=0)
    processed_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    handled_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+",
                                   verbose_name=_("人工处理人"))

    class Meta:
        verbose_name = _("来信")
        verbose_name_plural = _("来信")
        ordering = ["-received_at", "-pk"]

    def __str__(self):
        return self.subject or self.message_id or self.sha256[:12]


class MailboxState(models.Model):
    """Where reading an IMAP mailbox got to: with UIDVALIDITY unchanged, only
    UIDs above `last_uid` are new."""

    source = models.CharField(_("邮箱"), max_length=300, unique=True)
    uidvalidity = models.BigIntegerField(_("UIDVALIDITY"), null=True, blank=True)
    last_uid = models.BigIntegerField(_("已读取到的 UID"), default=0)
    checked_at = models.DateTimeField(_("上次检查"), null=True, blank=True)
    last_error = models.TextField(_("上次错误"), blank=True)

    class Meta:
        verbose_name = _("收件箱状态")
        verbose_name_plural = _("收件箱状态")

    def __str__(self):
        return self.source
