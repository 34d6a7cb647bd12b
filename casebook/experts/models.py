"""The expert pool (专家库) and conflicts of interest (回避).

Experts are kept platform-wide, one row per person (by email), and join a
call's pool through CallExpert; a conflict ties an expert to a case of a call.
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from casebook.core.models import TimeStampedModel
from casebook.core.regions import Province

from .enums import ConflictKind, ConflictSource, PoolStatus


class Expert(TimeStampedModel):
    """A reviewer (评审专家). `domains` holds domain names as the calls' taxonomies
    spell them (普及健康生活…), so affinity can be matched against Case.domain.name."""

    name = models.CharField(_("姓名"), max_length=60)
    title = models.CharField(_("职称"), max_length=60, blank=True)
    affiliation = models.ForeignKey(
        "organizations.Organization", null=True, blank=True, on_delete=models.PROTECT,
        related_name="experts", verbose_name=_("工作单位"),
    )
    province = models.CharField(_("省份"), max_length=2, choices=Province.choices, blank=True)
    domains = models.JSONField(_("专长领域"), default=list, blank=True)
    keywords = models.JSONField(_("关键词"), default=list, blank=True)
    email = models.EmailField(_("邮箱"), unique=True)
    phone = models.CharField(_("电话"), max_length=40, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="expert_profile", verbose_name=_("用户账号"),
    )
    calls = models.ManyToManyField("calls.Call", through="CallExpert", related_name="experts",
                                   verbose_name=_("评选活动"))

    class Meta:
        verbose_name = _("评审专家")
        verbose_name_plural = _("评审专家")
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.email = (self.email or "").strip().lower()
        super().save(*args, **kwargs)

    @property
    def effective_province(self) -> str:
        """The expert's own province, else their unit's."""
        return self.province or (self.affiliation.province if self.affiliation else "")


def new_token() -> str:
    return secrets.token_urlsafe(24)


class CallExpert(TimeStampedModel):
    """An expert in one call's pool, and the invitation to review for it."""

    call = models.ForeignKey("calls.Call", on_delete=models.CASCADE, related_name="pool",
                             verbose_name=_("评选活动"))
    expert = models.ForeignKey(Expert, on_delete=models.CASCADE, related_name="pools",
                               verbose_name=_("专家"))
    status = models.CharField(_("状态"), max_length=10, choices=PoolStatus.choices,
                              default=PoolStatus.LISTED, db_index=True)
    token = models.CharField(_("邀请码"), max_length=40, unique=True, default=new_token,
                             editable=False)
    invited_at = models.DateTimeField(_("邀请时间"), null=True, blank=True)
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("活动专家")
        verbose_name_plural = _("活动专家")
        ordering = ["call", "expert__name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["call", "expert"], name="callexpert_unique"),
        ]

    def __str__(self):
        return f"{self.expert} · {self.call}"


class ConflictOfInterest(models.Model):
    """An expert who must not review a case. Automatic rows are recomputed from
    the units and the organisation graph; declared and secretariat rows stay."""

    call = models.ForeignKey("calls.Call", on_delete=models.CASCADE, related_name="conflicts",
                             verbose_name=_("评选活动"))
    expert = models.ForeignKey(Expert, on_delete=models.CASCADE, related_name="conflicts",
                               verbose_name=_("专家"))
    case = models.ForeignKey("submissions.Case", on_delete=models.CASCADE, related_name="conflicts",
                             verbose_name=_("案例"))
    source = models.CharField(_("来源"), max_length=12, choices=ConflictSource.choices)
    kind = models.CharField(_("类型"), max_length=20, choices=ConflictKind.choices,
                            default=ConflictKind.OTHER)
    reason = models.TextField(_("理由"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+",
                                   verbose_name=_("登记人"))
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("回避关系")
        verbose_name_plural = _("回避关系")
        ordering = ["call", "case", "expert", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["case", "expert", "kind"],
                                    condition=models.Q(source=ConflictSource.AUTOMATIC),
                                    name="conflict_unique_automatic"),
        ]
        indexes = [models.Index(fields=["call", "source"])]

    def __str__(self):
        return f"{self.expert} × {self.case}（{self.get_kind_display()}）"
