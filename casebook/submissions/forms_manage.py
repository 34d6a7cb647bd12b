"""Input of the secretariat's pages: list filters and the decisions on cases and
deadlines. Forms only read and check what was typed; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from casebook.core.regions import Province
from casebook.organizations.models import UnitType

from . import selectors_manage
from .enums import CaseStatus, Channel, ProblemCode

SORT_CHOICES = [
    ("number", _("按编号")),
    ("-number", _("按编号（倒序）")),
    ("-submitted", _("按提交时间（最新在前）")),
    ("submitted", _("按提交时间（最早在前）")),
]


def _choice(label, choices, invalid):
    return forms.ChoiceField(label=label, required=False, choices=[("", _("全部")), *choices],
                             error_messages={"invalid_choice": invalid})


class CaseFilterForm(forms.Form):
    """The query string of the case list. A bad value is named in Chinese and
    left out; the other filters still apply."""

    q = forms.CharField(
        label=_("查找"), required=False, max_length=100,
        widget=forms.TextInput(attrs={"type": "search",
                                      "placeholder": _("案例编号、名称或单位")}),
    )
    status = _choice(_("状态"), CaseStatus.choices,
                     _("没有“%(value)s”这个状态，请从列表中选择。"))
    province = _choice(_("省份"), Province.choices,
                       _("没有“%(value)s”这个省份代码，请从列表中选择。"))
    problem = _choice(_("形式审查问题"), [
        (selectors_manage.ANY_PROBLEM, _("有问题")), (selectors_manage.NO_PROBLEM, _("无问题")),
        *ProblemCode.choices,
    ], _("没有“%(value)s”这个问题类型，请从列表中选择。"))
    channel = _choice(_("申报渠道"), Channel.choices,
                      _("没有“%(value)s”这个申报渠道，请从列表中选择。"))
    unit_type = forms.ModelChoiceField(
        label=_("单位类型"), required=False, queryset=UnitType.objects.all(),
        to_field_name="key",
        error_messages={"invalid_choice": _("没有“%(value)s”这个单位类型，请从列表中选择。")},
    )
    domain = forms.ModelChoiceField(
        label=_("领域"), required=False, queryset=None, to_field_name="key",
        error_messages={"invalid_choice": _("本活动没有“%(value)s”这个领域，请从列表中选择。")},
    )
    sort = forms.ChoiceField(
        label=_("排序"), required=False, choices=SORT_CHOICES,
        error_messages={"invalid_choice": _("没有“%(value)s”这种排序，请从列表中选择。")},
    )

    def __init__(self, *args, call, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["domain"].queryset = call.domains.all()

    def filters(self) -> selectors_manage.CaseFilters:
        """The valid filters (after `is_valid()`): a bad one counts as not given."""
        data = {name: value for name, value in self.cleaned_data.items() if value}
        return selectors_manage.CaseFilters(**data)


class OverrideForm(forms.Form):
    reason = forms.CharField(
        label=_("豁免理由"), widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("豁免必须写明理由。")},
    )


class RulingForm(forms.Form):
    eligible = forms.TypedChoiceField(
        label=_("判定"), choices=[("1", _("符合条件")), ("0", _("不符合条件"))],
        coerce=lambda value: value == "1", widget=forms.RadioSelect,
        error_messages={"required": _("请选择符合条件或不符合条件。"),
                        "invalid_choice": _("请选择符合条件或不符合条件。")},
    )
    reason = forms.CharField(
        label=_("理由"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("判定不符合条件时必须填写，申报单位会看到这段说明。"),
    )


class _DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


def _until_field(label):
    return forms.DateTimeField(
        label=label, widget=_DateTimeLocalInput(),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"],
        help_text=_("北京时间。"),
        error_messages={"required": _("请填写新的截止时间。"),
                        "invalid": _("截止时间的格式不正确，请按“2025-10-31 23:59”填写。")},
    )


class ExtensionForm(forms.Form):
    until = _until_field(_("延期至"))
    reason = forms.CharField(
        label=_("延期理由"), widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("记录在审计日志中。"),
        error_messages={"required": _("延期必须写明理由。")},
    )


class LateAccessForm(forms.Form):
    organization = forms.ModelChoiceField(
        label=_("单位"), required=False, queryset=None, empty_label=_("请选择已申报的单位"),
        error_messages={"invalid_choice": _("所选单位不在本活动的申报单位之列，请重新选择。")},
    )
    lookup = forms.CharField(
        label=_("或填写统一社会信用代码、单位全称"), required=False, max_length=200,
        help_text=_("尚未在本活动申报过的单位，按统一社会信用代码或单位全称查找。"),
    )
    until = _until_field(_("允许提交至"))
    reason = forms.CharField(
        label=_("理由"), widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("单独延期必须写明理由。")},
    )

    def __init__(self, *args, call, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = selectors_manage.units_of_call(call)

    def clean(self):
        data = super().clean()
        lookup = data.get("lookup", "").strip()
        if data.get("organization") or "organization" in self.errors:
            return data
        if not lookup:
            self.add_error("organization", _("请选择单位，或填写统一社会信用代码或单位全称。"))
        elif (unit := selectors_manage.find_unit(lookup)) is None:
            self.add_error("lookup", _("没有找到统一社会信用代码或全称为“%(text)s”的单位。")
                           % {"text": lookup})
        else:
            data["organization"] = unit
        return data
