"""Who reviews which case in a round (评审分配).

The rows are written by `services.solve_round` from the solver's optimum; a
pinned row is the secretariat's decision and survives every re-solve.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Assignment(models.Model):
    """One expert assigned to review one case in one round."""

    round = models.ForeignKey("calls.Round", on_delete=models.CASCADE, related_name="assignments",
                              verbose_name=_("评审轮次"))
    case = models.ForeignKey("submissions.Case", on_delete=models.CASCADE, related_name="assignments",
                             verbose_name=_("案例"))
    expert = models.ForeignKey("experts.Expert", on_delete=models.CASCADE, related_name="assignments",
                               verbose_name=_("专家"))
    affinity = models.FloatField(_("匹配度"), default=0.0)
    pinned = models.BooleanField(_("已锁定"), default=False,
                                 help_text=_("锁定的分配在重新分配时保留。"))
    created_at = models.DateTimeField(_("分配时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("评审分配")
        verbose_name_plural = _("评审分配")
        ordering = ["round", "case", "-affinity", "expert", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["round", "case", "expert"], name="assignment_unique_pair"),
        ]

    def __str__(self):
        return f"{self.case} ← {self.expert}"
