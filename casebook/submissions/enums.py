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


class ProblemCode(models.TextChoices):
    """Eligibility problems; the codes are part of `casebook cases --json`."""

    REGION = "region", _("地区不符")
    UNIT_TYPE = "unit_type", _("单位类型不符")
    QUOTA = "quota", _("超出申报数量")
    RUNNING_TIME = "running_time", _("运行时间不足")
    SECTION_MISSING = "section_missing", _("申报书章节缺失")
    SECTION_TOO_SHORT = "section_too_short", _("申报书章节字数不足")
    LATE = "late", _("逾期提交")
    EVIDENCE_MISSING = "evidence_missing", _("佐证材料缺失")


class AttachmentKind(models.TextChoices):
    """What an uploaded file is: the application form itself or one evidence kind."""

    APPLICATION_FORM = "application_form", _("案例申报书")
    PHOTO = "photo", _("图片")
    VIDEO = "video", _("视频")
    LEADER_INSTRUCTION = "leader_instruction", _("领导批示")
    MEDIA_REPORT = "media_report", _("新闻媒体报道")
    OTHER = "other", _("其他佐证材料")


# Statuses that count against a unit's quota: everything it has handed in and
# not taken back. Drafts, withdrawn and disqualified cases free their place.
QUOTA_STATUSES = {
    CaseStatus.SUBMITTED, CaseStatus.ELIGIBLE, CaseStatus.INELIGIBLE, CaseStatus.SHORTLISTED,
    CaseStatus.FINALIST, CaseStatus.AWARDED, CaseStatus.NOT_AWARDED,
}
