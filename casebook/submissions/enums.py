from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已提交")
    ELIGIBLE = "eligible", _("形式审查通过")
    INELIGIBLE = "ineligible", _("形式审查未通过")
    SHORTLISTED = "shortlisted", _("入围")
    FINALIST = "finalist", _("进入终审")
    AWARDED = "awarded", _("获奖")
    NOT_AWARDED = "not_awarded", _("未获奖")
    WITHDRAWN = "withdrawn", _("已撤回")
    DISQUALIFIED = "disqualified", _("已撤销资格")


class Channel(models.TextChoices):
    WEB = "web", _("网上申报")
    EMAIL = "email", _("邮件申报")
    IMPORT = "import", _("导入")


# Where each status may go next. Withdrawal is the unit's choice before a
# decision; disqualification (弄虚作假) may come at any point, even after an award.
TRANSITIONS: dict[str, set[str]] = {
    CaseStatus.DRAFT: {CaseStatus.SUBMITTED, CaseStatus.WITHDRAWN},
    CaseStatus.SUBMITTED: {CaseStatus.ELIGIBLE, CaseStatus.INELIGIBLE, CaseStatus.WITHDRAWN,
                           CaseStatus.DISQUALIFIED},
    CaseStatus.ELIGIBLE: {CaseStatus.SHORTLISTED, CaseStatus.NOT_AWARDED, CaseStatus.INELIGIBLE,
                          CaseStatus.WITHDRAWN, CaseStatus.DISQUALIFIED},
    CaseStatus.INELIGIBLE: {CaseStatus.ELIGIBLE, CaseStatus.WITHDRAWN, CaseStatus.DISQUALIFIED},
    CaseStatus.SHORTLISTED: {CaseStatus.FINALIST, CaseStatus.NOT_AWARDED, CaseStatus.WITHDRAWN,
                             CaseStatus.DISQUALIFIED},
    CaseStatus.FINALIST: {CaseStatus.AWARDED, CaseStatus.NOT_AWARDED, CaseStatus.WITHDRAWN,
                          CaseStatus.DISQUALIFIED},
    CaseStatus.AWARDED: {CaseStatus.DISQUALIFIED},
    CaseStatus.NOT_AWARDED: {CaseStatus.DISQUALIFIED},
    CaseStatus.WITHDRAWN: set(),
    CaseStatus.DISQUALIFIED: set(),
}
