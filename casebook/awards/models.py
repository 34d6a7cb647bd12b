from django.db import models
from django.utils.translation import gettext_lazy as _

from casebook.core.models import TimeStampedModel

from .codes import LENGTH, new_verification_code


class Award(TimeStampedModel):
    """A case award (卓越案例奖, 示范案例…) given to one case, or an organisation
    award (优秀组织奖) given to one unit, within its category's quota."""

    category = models.ForeignKey("calls.AwardCategory", on_delete=models.PROTECT,
                                 related_name="awards", verbose_name=_("奖项"))
    case = models.ForeignKey("submissions.Case", null=True, blank=True, on_delete=models.CASCADE,
                             related_name="awards", verbose_name=_("案例"))
    organization = models.ForeignKey("organizations.Organization", null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="awards",
                                     verbose_name=_("单位"))
    rank = models.PositiveSmallIntegerField(_("名次/序号"), default=0)
    citation = models.TextField(_("颁奖词"), blank=True)
    # A case disqualified after its award (弄虚作假): the award stays on record,
    # revoked, so that its certificate's verification page can say 已撤销.
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True, editable=False)
    revoked_reason = models.TextField(_("撤销理由"), blank=True, editable=False)
    # Printed on the certificate; anyone may check it at /awards/verify/<code>/.
    verification_code = models.CharField(_("证书编号"), max_length=LENGTH, unique=True,
                                         editable=False, default=new_verification_code)

    class Meta:
        verbose_name = _("获奖")
        verbose_name_plural = _("获奖")
        ordering = ["category__order", "rank", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(case__isnull=False) | models.Q(organization__isnull=False),
                name="award_has_recipient",
            ),
            models.UniqueConstraint(fields=["category", "case"], name="award_unique_case"),
        ]

    def __str__(self):
        return f"{self.category}: {self.case or self.organization}"

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None
