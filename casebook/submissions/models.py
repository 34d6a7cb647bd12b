from django.db import models
from django.utils.translation import gettext_lazy as _

from casebook.core.models import TimeStampedModel

from .enums import CaseStatus, Channel


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
