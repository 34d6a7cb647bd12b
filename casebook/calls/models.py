"""The Call: one competition edition and everything that configures it.

Nothing about a particular competition is hard-coded anywhere else: regions,
unit types, quota, sections, evidence, taxonomy, rounds, awards and timeline
all live in these tables.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casebook.core.models import TimeStampedModel
from casebook.core.regions import Province

from .enums import AwardKind, CallPhase, EvidenceKind, OrganiserRole, RoundKind, StaffRole


class Call(TimeStampedModel):
    slug = models.SlugField(_("代码"), max_length=50, unique=True)
    case_number_prefix = models.CharField(
        _("案例编号前缀"), max_length=12, help_text=_("案例编号形如 前缀-0001，例如 YRD4。"),
    )
    title = models.CharField(_("名称"), max_length=200)
    title_en = models.CharField(_("英文名称"), max_length=200, blank=True)
    short_title = models.CharField(_("简称"), max_length=60, blank=True)
    theme = models.CharField(_("活动主题"), max_length=200, blank=True)
    summary = models.TextField(_("简介"), blank=True, help_text=_("首页和列表中显示的一两句话。"))
    notice = models.TextField(_("通知正文"), blank=True,
                              help_text=_("通知的导语部分，每段一行。"))
    host_introduction = models.TextField(_("主办方介绍"), blank=True)
    published = models.BooleanField(_("通知已发布"), default=False,
                                    help_text=_("发布后公众可以看到通知页。"))

    opens_at = models.DateTimeField(_("征集开始"), null=True, blank=True)
    closes_at = models.DateTimeField(_("征集截止"), null=True, blank=True)
    extended_until = models.DateTimeField(
        _("延期截止"), null=True, blank=True, help_text=_("延期后在通知页公告新的截止时间。"),
    )

    eligible_provinces = models.JSONField(
        _("可申报省份"), default=list, blank=True,
        help_text=_("GB/T 2260 省级代码列表，例如 [\"31\", \"32\"]；留空表示不限。"),
    )
    eligible_unit_types = models.ManyToManyField(
        "organizations.UnitType", verbose_name=_("可申报单位类型"), blank=True,
        related_name="calls",
    )
    eligibility_text = models.TextField(_("参赛对象说明"), blank=True)
    max_cases_per_unit = models.PositiveSmallIntegerField(
        _("每单位申报上限"), default=2, validators=[MinValueValidator(1)],
    )
    min_running_months = models.PositiveSmallIntegerField(
        _("项目最短运行月数"), default=12,
    )
    case_requirements = models.TextField(_("案例要求"), blank=True)
    writing_requirements = models.TextField(_("写作要求"), blank=True)
    integrity_clause = models.TextField(_("真实性要求"), blank=True)
    submission_instructions = models.TextField(_("申报方式说明"), blank=True)
    intake_emails = models.JSONField(_("申报邮箱"), default=list, blank=True)
    email_subject_format = models.CharField(_("邮件标题格式"), max_length=60, blank=True,
                                            default="项目名称+单位名称")
    web_submission = models.BooleanField(_("接受网上申报"), default=True)
    blind_review = models.BooleanField(_("匿名评审"), default=False)
    publication_note = models.TextField(_("出版说明"), blank=True)

    results_published_at = models.DateTimeField(_("结果公布时间"), null=True, blank=True)
    results_title = models.CharField(_("结果公告标题"), max_length=200, blank=True)
    results_intro = models.TextField(_("结果公告导语"), blank=True)
    reported_submission_count = models.PositiveIntegerField(
        _("收到案例数（外部统计）"), null=True, blank=True,
        help_text=_("案例未在本系统申报时（例如归档的往届活动），按公告填写收到的案例总数。"),
    )
    source_url = models.URLField(_("原文链接"), blank=True)
    case_sequence = models.PositiveIntegerField(
        _("已发案例编号"), default=0, editable=False,
        help_text=_("最后发出的案例序号；编号只增不减，撤回的案例编号不再使用。"),
    )

    staff = models.ManyToManyField(settings.AUTH_USER_MODEL, through="CallStaff",
                                   related_name="staffed_calls", verbose_name=_("工作人员"))

    class Meta:
        verbose_name = _("评选活动")
        verbose_name_plural = _("评选活动")
        ordering = ["-opens_at", "-created_at"]

    def __str__(self):
        return self.title

    def clean(self):
        bad = [c for c in self.eligible_provinces if c not in Province.values]
        if bad:
            raise ValidationError({"eligible_provinces": _("未知的省级代码：%(codes)s")
                                   % {"codes": "、".join(map(str, bad))}})
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("截止时间必须晚于开始时间。")})

    @property
    def deadline(self):
        """When submissions really close: the extension if there is one."""
        return self.extended_until or self.closes_at

    def phase(self, now=None) -> CallPhase:
        now = now or timezone.now()
        if self.results_published_at:
            return CallPhase.RESULTS
        if self.opens_at and now < self.opens_at:
            return CallPhase.UPCOMING
        if self.deadline and now <= self.deadline and (not self.opens_at or now >= self.opens_at):
            return CallPhase.OPEN
        return CallPhase.REVIEWING

    @property
    def province_names(self):
        return [Province(code).label for code in self.eligible_provinces]

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("calls:notice", kwargs={"slug": self.slug})


class CallStaff(models.Model):
    """Who works on a call: its secretariat (组委会) and its experts."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="staff_roles",
                             verbose_name=_("评选活动"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="call_roles", verbose_name=_("用户"))
    role = models.CharField(_("角色"), max_length=20, choices=StaffRole.choices)

    class Meta:
        verbose_name = _("活动工作人员")
        verbose_name_plural = _("活动工作人员")
        constraints = [
            models.UniqueConstraint(fields=["call", "user", "role"], name="callstaff_unique"),
        ]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()} · {self.call}"


class CallPart(models.Model):
    """Base for the ordered lists that hang off a call."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="+",
                             verbose_name=_("评选活动"))
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        abstract = True
        ordering = ["order", "pk"]


class Organiser(CallPart):
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="organisers")
    name = models.CharField(_("单位名称"), max_length=200)
    role = models.CharField(_("角色"), max_length=20, choices=OrganiserRole.choices,
                            default=OrganiserRole.ORGANISER)

    class Meta(CallPart.Meta):
        verbose_name = _("组织单位")
        verbose_name_plural = _("组织单位")

    def __str__(self):
        return self.name


class Contact(CallPart):
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("联系人"), max_length=60, blank=True)
    phone = models.CharField(_("电话"), max_length=40, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    note = models.CharField(_("说明"), max_length=120, blank=True)

    class Meta(CallPart.Meta):
        verbose_name = _("联系人")
        verbose_name_plural = _("联系人")

    def __str__(self):
        return self.name or self.email


class Section(CallPart):
    """One part of the application form (申报书), e.g. 案例的背景与动因."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="sections")
    key = models.SlugField(_("代码"), max_length=40)
    number = models.CharField(_("序号"), max_length=8, blank=True, help_text=_("例如 一、"))
    title = models.CharField(_("标题"), max_length=100)
    short_title = models.CharField(_("简称"), max_length=40, blank=True)
    guidance = models.TextField(_("填写说明"), blank=True)
    min_chars = models.PositiveIntegerField(_("最少字数"), default=0)
    max_chars = models.PositiveIntegerField(_("最多字数"), null=True, blank=True)

    class Meta(CallPart.Meta):
        verbose_name = _("申报书章节")
        verbose_name_plural = _("申报书章节")
        constraints = [models.UniqueConstraint(fields=["call", "key"], name="section_unique_key")]

    def __str__(self):
        return f"{self.number}{self.title}"


class EvidenceRequirement(CallPart):
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="evidence_requirements")
    kind = models.CharField(_("材料类型"), max_length=30, choices=EvidenceKind.choices)
    label = models.CharField(_("名称"), max_length=60)
    required = models.BooleanField(_("必交"), default=False)
    description = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta(CallPart.Meta):
        verbose_name = _("佐证材料")
        verbose_name_plural = _("佐证材料")
        constraints = [
            models.UniqueConstraint(fields=["call", "kind"], name="evidence_unique_kind"),
        ]

    def __str__(self):
        return self.label


class Domain(CallPart):
    """A node of the call's taxonomy: a domain (领域), or an action/measure below one."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="domains")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE,
                               related_name="children", verbose_name=_("上级"))
    key = models.SlugField(_("代码"), max_length=40)
    name = models.CharField(_("名称"), max_length=100)
    description = models.TextField(_("说明"), blank=True)

    class Meta(CallPart.Meta):
        verbose_name = _("分类")
        verbose_name_plural = _("分类")
        constraints = [models.UniqueConstraint(fields=["call", "key"], name="domain_unique_key")]

    def __str__(self):
        return self.name


class Round(CallPart):
    """A review round: 初审, 考察, 终审答辩."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="rounds")
    key = models.SlugField(_("代码"), max_length=40)
    name = models.CharField(_("名称"), max_length=60)
    kind = models.CharField(_("方式"), max_length=20, choices=RoundKind.choices)
    description = models.TextField(_("说明"), blank=True)
    blind = models.BooleanField(_("匿名"), default=False)
    reviewers_per_case = models.PositiveSmallIntegerField(_("每案例评审人数"), default=3)
    min_load = models.PositiveSmallIntegerField(_("每位专家最少评审数"), default=0)
    max_load = models.PositiveSmallIntegerField(
        _("每位专家最多评审数"), null=True, blank=True,
        help_text=_("留空则按平均工作量加 2 计算：⌈案例数 × 每案例评审人数 ÷ 专家数⌉ + 2。"))
    cross_province = models.BooleanField(
        _("跨省评审"), default=False, help_text=_("专家不评审与自己同一省份的申报单位的案例。"))

    class Meta(CallPart.Meta):
        verbose_name = _("评审轮次")
        verbose_name_plural = _("评审轮次")
        constraints = [models.UniqueConstraint(fields=["call", "key"], name="round_unique_key")]

    def __str__(self):
        return self.name


class Criterion(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="criteria",
                              verbose_name=_("评审轮次"))
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    key = models.SlugField(_("代码"), max_length=40)
    name = models.CharField(_("名称"), max_length=60)
    description = models.CharField(_("说明"), max_length=300, blank=True)
    weight = models.DecimalField(_("权重（%）"), max_digits=5, decimal_places=2,
                                 validators=[MinValueValidator(0), MaxValueValidator(100)])
    max_score = models.PositiveSmallIntegerField(_("满分"), default=10)

    class Meta:
        verbose_name = _("评分指标")
        verbose_name_plural = _("评分指标")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["round", "key"], name="criterion_unique_key"),
        ]

    def __str__(self):
        return self.name


class Stage(CallPart):
    """An entry of the public timeline (征集、初审、考察、终审、颁奖出版)."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="stages")
    key = models.SlugField(_("代码"), max_length=40)
    name = models.CharField(_("名称"), max_length=60)
    description = models.TextField(_("说明"), blank=True)
    starts_on = models.DateField(_("开始日期"), null=True, blank=True)
    ends_on = models.DateField(_("结束日期"), null=True, blank=True)
    round = models.ForeignKey(Round, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="stages", verbose_name=_("对应评审轮次"))

    class Meta(CallPart.Meta):
        verbose_name = _("阶段")
        verbose_name_plural = _("阶段")
        constraints = [models.UniqueConstraint(fields=["call", "key"], name="stage_unique_key")]

    def __str__(self):
        return self.name


class AwardCategory(CallPart):
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="award_categories")
    key = models.SlugField(_("代码"), max_length=40)
    name = models.CharField(_("名称"), max_length=60)
    kind = models.CharField(_("类别"), max_length=20, choices=AwardKind.choices)
    quota = models.PositiveSmallIntegerField(_("名额"))
    description = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta(CallPart.Meta):
        verbose_name = _("奖项")
        verbose_name_plural = _("奖项")
        constraints = [
            models.UniqueConstraint(fields=["call", "key"], name="awardcategory_unique_key"),
        ]

    def __str__(self):
        return self.name


class CallDocument(CallPart):
    """A download on the notice page. `generator` names a document the system
    builds from the call's configuration (the application-form template) instead
    of an uploaded file."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("标题"), max_length=120)
    file = models.FileField(_("文件"), upload_to="calls/documents/", blank=True)
    generator = models.CharField(_("自动生成"), max_length=40, blank=True,
                                 choices=[("application_form", _("申报书模板"))])
    description = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta(CallPart.Meta):
        verbose_name = _("下载文件")
        verbose_name_plural = _("下载文件")

    def __str__(self):
        return self.title

    def clean(self):
        if bool(self.file) == bool(self.generator):
            raise ValidationError(_("请上传文件，或选择自动生成的文件，二者选其一。"))
