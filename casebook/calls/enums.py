from django.db import models
from django.utils.translation import gettext_lazy as _


class CallPhase(models.TextChoices):
    UPCOMING = "upcoming", _("即将开始")
    OPEN = "open", _("征集中")
    REVIEWING = "reviewing", _("评审中")
    RESULTS = "results", _("结果已公布")


class StaffRole(models.TextChoices):
    SECRETARIAT = "secretariat", _("组委会")
    EXPERT = "expert", _("评审专家")


class OrganiserRole(models.TextChoices):
    ORGANISER = "organiser", _("主办单位")
    CO_ORGANISER = "co_organiser", _("协办单位")
    HOST = "host", _("承办单位")
    GUIDE = "guide", _("指导单位")


class EvidenceKind(models.TextChoices):
    PHOTO = "photo", _("图片")
    VIDEO = "video", _("视频")
    LEADER_INSTRUCTION = "leader_instruction", _("领导批示")
    MEDIA_REPORT = "media_report", _("新闻媒体报道")
    OTHER = "other", _("其他佐证材料")


class RoundKind(models.TextChoices):
    SCREENING = "screening", _("书面评审")
    VISIT = "visit", _("实地考察或线上访谈")
    DEFENSE = "defense", _("集中答辩")


class AwardKind(models.TextChoices):
    CASE = "case", _("案例奖")
    ORGANIZATION = "organization", _("组织奖")
