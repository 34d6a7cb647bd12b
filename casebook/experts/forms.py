"""Input of the experts pages. Forms only read and check what was typed; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from casebook.core.regions import Province
from casebook.submissions.models import Case

from .enums import PoolStatus
from .models import CallExpert
from .sheet import split_list

MAX_SHEET_BYTES = 5 * 1024 * 1024


class PoolFilterForm(forms.Form):
    """The query string of the pool list; a bad value is named and left out."""

    province = forms.ChoiceField(label=_("省份"), required=False,
                                 choices=[("", _("全部")), *Province.choices],
                                 error_messages={"invalid_choice": _("没有“%(value)s”这个省份代码，请从列表中选择。")})
    domain = forms.ChoiceField(label=_("专长领域"), required=False,
                               error_messages={"invalid_choice": _("没有“%(value)s”这个领域，请从列表中选择。")})
    status = forms.ChoiceField(label=_("状态"), required=False,
                               choices=[("", _("全部")), *PoolStatus.choices],
                               error_messages={"invalid_choice": _("没有“%(value)s”这个状态，请从列表中选择。")})

    def __init__(self, *args, domains, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["domain"].choices = [("", _("全部")), *[(name, name) for name in domains]]

    def value(self, name: str) -> str:
        return "" if name in self.errors else self.cleaned_data.get(name) or ""


class ExpertForm(forms.Form):
    name = forms.CharField(label=_("姓名"), max_length=60,
                           error_messages={"required": _("请填写专家姓名。")})
    title = forms.CharField(label=_("职称"), max_length=60, required=False,
                            help_text=_("例如 主任医师、教授、研究员。"))
    affiliation = forms.CharField(label=_("工作单位"), max_length=200, required=False,
                                  help_text=_("单位全称；尚未登记的单位会按名称登记。"))
    province = forms.ChoiceField(label=_("省份"), required=False, choices=[("", "—"), *Province.choices])
    domains = forms.CharField(label=_("专长领域"), max_length=500, required=False,
                              help_text=_("可填写多个，用顿号、逗号、分号或空格分隔；请尽量使用本活动的领域名称。"))
    keywords = forms.CharField(label=_("关键词"), max_length=500, required=False,
                               help_text=_("可填写多个，用顿号、逗号、分号或空格分隔。"))
    email = forms.EmailField(label=_("邮箱"), error_messages={
        "required": _("请填写专家邮箱：邀请和评审通知都发到这个邮箱。"),
        "invalid": _("邮箱格式不正确。")})

    def clean_domains(self):
        return split_list(self.cleaned_data["domains"])

    def clean_keywords(self):
        return split_list(self.cleaned_data["keywords"])


class ImportForm(forms.Form):
    sheet = forms.FileField(label=_("专家信息表（.xlsx）"), error_messages={
        "required": _("请选择要导入的 Excel 文件。"), "empty": _("上传的文件是空的。")})

    def clean_sheet(self):
        sheet = self.cleaned_data["sheet"]
        if sheet.size > MAX_SHEET_BYTES:
            raise forms.ValidationError(_("文件过大：专家信息表不能超过 5 MB。"))
        return sheet


class RefreshForm(forms.Form):
    cross_province = forms.BooleanField(
        label=_("跨省评审：同省份的专家也回避"), required=False,
        help_text=_("长三角等跨省评选的初审常要求专家只评其他省份的案例。"))


class ConflictForm(forms.Form):
    """A conflict the secretariat records by hand: case number, expert, reason."""

    case = forms.CharField(label=_("案例编号"), max_length=24,
                           error_messages={"required": _("请填写案例编号。")})
    expert = forms.ModelChoiceField(label=_("专家"), queryset=CallExpert.objects.none(),
                                    error_messages={"required": _("请选择专家。"),
                                                    "invalid_choice": _("请从列表中选择本活动的专家。")})
    reason = forms.CharField(label=_("回避理由"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": _("登记回避关系必须写明理由。")})

    def __init__(self, *args, call, **kwargs):
        super().__init__(*args, **kwargs)
        self.call = call
        self.fields["expert"].queryset = CallExpert.objects.filter(call=call).select_related("expert")
        self.fields["expert"].label_from_instance = lambda entry: f"{entry.expert.name}（{entry.expert.email}）"

    def clean_case(self):
        number = self.cleaned_data["case"].strip()
        case = Case.objects.filter(call=self.call, number=number).first()
        if case is None:
            raise forms.ValidationError(_("本活动没有编号为“%(number)s”的案例。") % {"number": number})
        return case
