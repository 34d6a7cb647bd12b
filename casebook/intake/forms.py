"""Input of the inbox pages: the list's filters and the decisions on a message
waiting for a person. Forms only read and check what was typed; the services
in services_triage.py decide (and check again)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from casebook.accounts.selectors import calls_managed_by
from casebook.core.forms import NamedErrorsMixin
from casebook.organizations.validators import validate_credit_code

from .selectors_triage import STATUS_ORDER


class InboxFilterForm(forms.Form):
    """The query string of the inbox; a bad value is named in Chinese and left out."""

    status = forms.ChoiceField(
        label=_("状态"), required=False,
        choices=[("", _("全部")), *((s.value, s.label) for s in STATUS_ORDER)],
        error_messages={"invalid_choice": _("没有“%(value)s”这个状态，请从列表中选择。")},
    )
    q = forms.CharField(
        label=_("查找"), required=False, max_length=100,
        widget=forms.TextInput(attrs={"type": "search",
                                      "placeholder": _("发件人、主题、案例编号")}),
        error_messages={"max_length": _("查找的内容最多 %(limit_value)d 个字。")},
    )

    def value(self, name: str) -> str:
        """A filter's valid value (after `is_valid()`); "" for a bad one."""
        return self.cleaned_data.get(name, "") if name not in self.errors else ""


class AttachForm(NamedErrorsMixin, forms.Form):
    """Which case a waiting message becomes: its title and unit as the
    secretariat confirms them, and an existing case to add it to, if any."""

    title = forms.CharField(label=_("案例名称"), max_length=200)
    unit_name = forms.CharField(
        label=_("申报单位"), max_length=200,
        help_text=_("单位全称。系统按统一社会信用代码或名称查找已登记的单位，找不到时新建。"),
    )
    credit_code = forms.CharField(
        label=_("统一社会信用代码（选填）"), max_length=30, required=False,
        validators=[validate_credit_code],
    )
    case_number = forms.CharField(
        label=_("补充到已有案例（选填）"), max_length=24, required=False,
        help_text=_("留空则新建案例；填写该单位在本活动已有案例的编号，则本邮件作为补充材料并入该案例。"),
    )

    def clean_title(self):
        return self.cleaned_data["title"].strip()

    def clean_unit_name(self):
        return self.cleaned_data["unit_name"].strip()

    def clean_case_number(self):
        return self.cleaned_data["case_number"].strip().upper()


class RejectForm(NamedErrorsMixin, forms.Form):
    reason = forms.CharField(
        label=_("退回理由"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("记录在处理记录中；选择回复时也写进给发件人的邮件。"),
        error_messages={"required": _("退回必须写明理由。")},
    )
    reply = forms.BooleanField(label=_("同时发邮件告知发件人"), required=False)


class AssignForm(NamedErrorsMixin, forms.Form):
    """Give a message that found no call to one; it then waits in that call's inbox."""

    call = forms.ModelChoiceField(
        label=_("评选活动"), queryset=None, empty_label=_("请选择评选活动"),
        error_messages={"required": _("请选择这封来信所属的评选活动。")},
    )

    def __init__(self, *args, user, current=None, **kwargs):
        super().__init__(*args, **kwargs)
        calls = calls_managed_by(user).order_by("-opens_at", "title")
        self.fields["call"].queryset = calls.exclude(pk=current.pk) if current else calls

