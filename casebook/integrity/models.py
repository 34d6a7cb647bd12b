from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .enums import MatchStatus


class SimilarityMatch(models.Model):
    """Two cases whose texts are near-duplicates, found by a scan of `call`.

    `case_a` is always a case of `call`. `case_b` is another case of the call
    (then `case_a` is the older of the two) or, for a reference match, a
    published case of another call that `case_a` resembles. A pair is stored
    once per call; each scan refreshes its scores. The secretariat's decision
    (not a problem, or a disqualification) stays with the pair, together with
    the score it was taken on, so that a later scan reopens a dismissed pair only
    when the texts have grown noticeably closer.
    """

    call = models.ForeignKey("calls.Call", on_delete=models.CASCADE,
                             related_name="similarity_matches", verbose_name=_("评选活动"))
    case_a = models.ForeignKey("submissions.Case", on_delete=models.CASCADE, related_name="+",
                               verbose_name=_("案例"))
    case_b = models.ForeignKey("submissions.Case", on_delete=models.CASCADE, related_name="+",
                               verbose_name=_("相似案例"))
    reference = models.BooleanField(
        _("往届已发布案例"), default=False,
        help_text=_("相似案例是其他活动已公布的获奖案例。"),
    )
    same_unit = models.BooleanField(_("同一单位"), default=False,
                                    help_text=_("两件案例有共同的申报单位或合作单位。"))
    score = models.FloatField(
        _("相似度"), db_index=True,
        help_text=_("全文 Jaccard、包含度与各章节相似度中的最高者，阈值按此比较。"),
    )
    jaccard = models.FloatField(_("全文相似度（Jaccard）"))
    containment = models.FloatField(_("包含度"),
                                    help_text=_("较短一方的文字片段出现在另一方中的比例。"))
    sections = models.JSONField(
        _("各章节相似度"), default=dict, blank=True,
        help_text=_("按章节代码存放：{\"jaccard\": …, \"containment\": …}。"),
    )
    found_at = models.DateTimeField(_("最近发现时间"))
    status = models.CharField(_("处理状态"), max_length=30, choices=MatchStatus.choices,
                              default=MatchStatus.OPEN, db_index=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+",
                                   verbose_name=_("处理人"))
    decided_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    decided_score = models.FloatField(_("处理时的相似度"), null=True, blank=True)
    reason = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("相似案例")
        verbose_name_plural = _("相似案例")
        ordering = ["-score", "-jaccard", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["call", "case_a", "case_b"],
                                    name="similaritymatch_unique_pair"),
            models.CheckConstraint(condition=~models.Q(case_a=models.F("case_b")),
                                   name="similaritymatch_two_cases"),
        ]

    def __str__(self):
        return f"{self.case_a} ~ {self.case_b}"

    @property
    def cases(self) -> tuple:
        return (self.case_a, self.case_b)

    @property
    def section_jaccards(self) -> dict[str, float]:
        """{section key: Jaccard} of the sections both cases have."""
        return {key: scores["jaccard"] for key, scores in self.sections.items()}
