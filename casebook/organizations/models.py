from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from casebook.core.models import TimeStampedModel
from casebook.core.regions import Province

from . import credit_code


class UnitType(models.Model):
    """A kind of applicant unit (卫健委、医院、高校…); calls list the ones they admit."""

    key = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=60)
    description = models.CharField(_("说明"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("单位类型")
        verbose_name_plural = _("单位类型")
        ordering = ["order", "key"]

    def __str__(self):
        return self.name


def normalise_name(name: str) -> str:
    """The form of a unit name used to find it again: no spaces, half-width brackets."""
    table = str.maketrans({"（": "(", "）": ")", "　": ""})
    return "".join(name.translate(table).split())


class Organization(TimeStampedModel):
    """An applicant unit (申报单位) or an expert's affiliation."""

    name = models.CharField(_("单位名称"), max_length=200)
    name_key = models.CharField(max_length=200, editable=False, blank=True, db_index=True)
    credit_code = models.CharField(
        _("统一社会信用代码"), max_length=18, blank=True,
        help_text=_("18位，依据 GB 32100-2015 校验；历史归档单位可暂缺。"),
    )
    province = models.CharField(_("省份"), max_length=2, choices=Province.choices, blank=True)
    city = models.CharField(_("城市/区县"), max_length=60, blank=True)
    unit_type = models.ForeignKey(
        UnitType, verbose_name=_("单位类型"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="organizations",
    )
    contact_name = models.CharField(_("联系人"), max_length=60, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=40, blank=True)
    contact_email = models.EmailField(_("联系邮箱"), blank=True)
    confirmed = models.BooleanField(
        _("已确认"), default=True,
        help_text=_("邮件申报时按邮件和申报书自动登记的单位待组委会核对后确认。"),
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Membership", related_name="organizations",
        verbose_name=_("成员"),
    )

    class Meta:
        verbose_name = _("单位")
        verbose_name_plural = _("单位")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["credit_code"], condition=~models.Q(credit_code=""),
                name="organization_unique_credit_code",
            ),
        ]
        indexes = [models.Index(Lower("name"), name="organization_name_lower")]

    def __str__(self):
        return self.name

    def clean_fields(self, exclude=None):
        # Normalise before the length check: codes are pasted with spaces or in
        # full-width characters.
        self.credit_code = credit_code.normalise(self.credit_code)
        self.name_key = normalise_name(self.name)
        super().clean_fields(exclude=exclude)

    def clean(self):
        if self.credit_code:
            found = credit_code.problems(self.credit_code, province=self.province or None)
            if found:
                raise ValidationError({"credit_code": [p.message for p in found]})

    def save(self, *args, **kwargs):
        self.name_key = normalise_name(self.name)
        self.credit_code = credit_code.normalise(self.credit_code)
        super().save(*args, **kwargs)


class Membership(TimeStampedModel):
    """A user acting for a unit: fills and submits its cases."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="memberships", verbose_name=_("用户"))
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE,
                                     related_name="memberships", verbose_name=_("单位"))
    is_admin = models.BooleanField(_("单位管理员"), default=False)
    confirmed = models.BooleanField(_("已确认"), default=True)

    class Meta:
        verbose_name = _("单位成员")
        verbose_name_plural = _("单位成员")
        constraints = [
            models.UniqueConstraint(fields=["user", "organization"], name="membership_unique"),
        ]

    def __str__(self):
        return f"{self.user} @ {self.organization}"


class LinkKind(models.TextChoices):
    """How two units are tied, for conflicts of interest (评审回避)."""

    SUPERVISES = "supervises", _("上下级（上级单位 → 下级单位）")
    ALLIANCE = "alliance", _("医联体（成员单位 → 牵头单位）")
    AFFILIATED = "affiliated", _("高校附属医院（高校 → 附属医院）")


class OrganizationLink(TimeStampedModel):
    """One edge of the organisation graph, read `source → target` as the kind says.

    A medical alliance (医联体) is named by its lead unit (牵头单位): each member
    links to the lead, so "members of the same alliance" are the units linked
    to the same lead, and the lead itself.
    """

    source = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="links_out",
                               verbose_name=_("单位"))
    target = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="links_in",
                               verbose_name=_("关联单位"))
    kind = models.CharField(_("关系"), max_length=20, choices=LinkKind.choices)

    class Meta:
        verbose_name = _("单位关系")
        verbose_name_plural = _("单位关系")
        ordering = ["kind", "source", "target"]
        constraints = [
            models.UniqueConstraint(fields=["source", "target", "kind"], name="organizationlink_unique"),
            models.CheckConstraint(condition=~models.Q(source=models.F("target")),
                                   name="organizationlink_not_self"),
        ]

    def __str__(self):
        return f"{self.source} → {self.target}（{self.get_kind_display()}）"
