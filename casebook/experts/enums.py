from django.db import models
from django.utils.translation import gettext_lazy as _


class PoolStatus(models.TextChoices):
    """Where an expert stands in one call's pool (专家库)."""

    LISTED = "listed", _("待邀请")
    INVITED = "invited", _("已邀请")
    ACCEPTED = "accepted", _("已接受")
    DECLINED = "declined", _("已谢绝")


class ConflictSource(models.TextChoices):
    AUTOMATIC = "automatic", _("系统识别")
    DECLARED = "declared", _("专家申报")
    SECRETARIAT = "secretariat", _("组委会认定")


class ConflictKind(models.TextChoices):
    """Why an expert and a case are in conflict; the automatic ones are computed."""

    SAME_UNIT = "same_unit", _("同一单位（申报单位）")
    CO_UNIT = "co_unit", _("同一单位（合作单位）")
    SUPERVISING = "supervising", _("上下级单位")
    ALLIANCE = "alliance", _("同一医联体")
    AFFILIATED = "affiliated", _("高校与附属医院")
    SAME_PROVINCE = "same_province", _("同一省份（跨省评审）")
    OTHER = "other", _("其他")


AUTOMATIC_KINDS = [kind for kind in ConflictKind if kind != ConflictKind.OTHER]
