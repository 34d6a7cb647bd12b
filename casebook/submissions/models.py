import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from casebook.core.models import TimeStampedModel

from .enums import AttachmentKind, CaseStatus, Channel, ProblemCode


class Case(TimeStampedModel):
    """One submitted practice (案例) of a call."""

    call = models.ForeignKey("calls.Call", on_delete=models.PROTECT, related_name="cases",
                             verbose_name=_("评选活动"))
    number = models.CharField(_("案例编号"), max_length=24, blank=True)
    title = models.CharField(_("案例名称"), max_length=200)
    lead_organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="led_cases",
        verbose_name=_("申报单位"),
    )
    co_organizations = models.ManyToManyField(
        "organizations.Organization", through="CaseUnit", related_name="co_cases",
        verbose_name=_("合作单位"), blank=True,
    )
    domain = models.ForeignKey("calls.Domain", null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="cases", verbose_name=_("领域"))
    start_date = models.DateField(_("项目开始时间"), null=True, blank=True)
    sections = models.JSONField(_("申报书内容"), default=dict, blank=True,
                                help_text=_("按章节代码存放的正文。"))
    summary = models.TextField(_("案例简介"), blank=True)
    status = models.CharField(_("状态"), max_length=20, choices=CaseStatus.choices,
                              default=CaseStatus.DRAFT, editable=False, db_index=True)
    channel = models.CharField(_("申报渠道"), max_length=10, choices=Channel.choices,
                               default=Channel.WEB)
    declaration_accepted = models.BooleanField(_("已签署真实性承诺"), default=False)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    status_reason = models.TextField(_("状态说明"), blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+",
                                   verbose_name=_("填报人"))

    class Meta:
        verbose_name = _("案例")
        verbose_name_plural = _("案例")
        ordering = ["call", "number", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["call", "number"], condition=~models.Q(number=""),
                                    name="case_unique_number"),
        ]

    def __str__(self):
        return f"{self.number} {self.title}".strip()

    @property
    def units(self):
        """Lead unit first, then co-units in their given order."""
        return [self.lead_organization, *[cu.organization for cu in self.case_units.all()]]

    @property
    def units_display(self):
        return "、".join(unit.name for unit in self.units)


class CaseUnit(models.Model):
    """A co-organising unit of a case (合作单位), in the order the case names them."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="case_units")
    organization = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("单位"))
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("合作单位")
        verbose_name_plural = _("合作单位")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["case", "organization"], name="caseunit_unique"),
        ]

    def __str__(self):
        return str(self.organization)


def attachment_path(attachment, filename: str) -> str:
    """Store under a random name: the original name is kept in the row, never
    trusted as a path (it may hold '../' or characters a filesystem rejects)."""
    return f"cases/{attachment.case.call_id}/{attachment.case_id}/{uuid.uuid4().hex}"


class Attachment(TimeStampedModel):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attachments",
                             verbose_name=_("案例"))
    kind = models.CharField(_("类型"), max_length=30, choices=AttachmentKind.choices)
    file = models.FileField(_("文件"), upload_to=attachment_path, max_length=255)
    original_name = models.CharField(_("原文件名"), max_length=255)
    content_type = models.CharField(_("文件类型（按内容识别）"), max_length=100)
    size = models.PositiveBigIntegerField(_("大小（字节）"))
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    thumbnail = models.FileField(_("缩略图"), upload_to="thumbnails/", blank=True,
                                 max_length=255)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+",
                                    verbose_name=_("上传人"))

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")
        ordering = ["kind", "created_at", "pk"]

    def __str__(self):
        return self.original_name


class EligibilityProblem(models.Model):
    """One broken rule found on a case. The secretariat may override it with a
    written reason; the row stays, so the decision is visible later."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="problems",
                             verbose_name=_("案例"))
    code = models.CharField(_("问题"), max_length=30, choices=ProblemCode.choices)
    message = models.TextField(_("说明"))
    detected_at = models.DateTimeField(_("发现时间"), auto_now=True)
    overridden_at = models.DateTimeField(_("豁免时间"), null=True, blank=True)
    overridden_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                      on_delete=models.SET_NULL, related_name="+",
                                      verbose_name=_("豁免人"))
    override_reason = models.TextField(_("豁免理由"), blank=True)

    class Meta:
        verbose_name = _("形式审查问题")
        verbose_name_plural = _("形式审查问题")
        ordering = ["case", "code"]
        constraints = [
            models.UniqueConstraint(fields=["case", "code"], name="problem_unique_code"),
        ]

    def __str__(self):
        return f"{self.case}: {self.get_code_display()}"

    @property
    def overridden(self) -> bool:
        return self.overridden_at is not None


class LateAccess(TimeStampedModel):
    """Permission for one unit to submit after the call's deadline (单独延期)."""

    call = models.ForeignKey("calls.Call", on_delete=models.CASCADE, related_name="late_accesses",
                             verbose_name=_("评选活动"))
    organization = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE,
                                     related_name="late_accesses", verbose_name=_("单位"))
    until = models.DateTimeField(_("允许提交至"))
    reason = models.TextField(_("理由"))
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                   on_delete=models.SET_NULL, related_name="+",
                                   verbose_name=_("批准人"))

    class Meta:
        verbose_name = _("单位延期")
        verbose_name_plural = _("单位延期")
        ordering = ["-until"]

    def __str__(self):
        return f"{self.organization} → {self.until:%Y-%m-%d %H:%M}"
