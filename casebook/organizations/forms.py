"""Input for registering a unit and for finding one to join."""

import re
import unicodedata

from django import forms
from django.utils.translation import gettext_lazy as _

from casebook.core.forms import NamedErrorsMixin
from casebook.core.regions import Province

from . import credit_code as credit_codes
from .models import UnitType

# A mobile or a landline with its area code and extension: digits and the
# separators people type between them.
_PHONE = re.compile(r"\+?[\d\-() ]{7,24}")


def _credit_code_field(**kwargs) -> forms.CharField:
    return forms.CharField(
        label=_("统一社会信用代码"), max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters",
                                      "spellcheck": "false"}),
        **kwargs,
    )


class UnitForm(NamedErrorsMixin, forms.Form):
    name = forms.CharField(
        label=_("单位名称"), max_length=200,
        help_text=_("填写单位全称，与公章一致，例如“上海市浦江区卫生健康委员会”。"),
    )
    credit_code = _credit_code_field(
        help_text=_("18位，见营业执照或事业单位法人证书；可含空格，全角半角均可。"),
    )
    province = forms.ChoiceField(label=_("所在省份"),
                                 choices=[("", _("请选择")), *Province.choices])
    city = forms.CharField(label=_("城市/区县"), max_length=60, required=False)
    unit_type = forms.ModelChoiceField(label=_("单位类型"), queryset=UnitType.objects.all(),
                                       empty_label=_("请选择"))
    contact_name = forms.CharField(label=_("联系人"), max_length=60)
    contact_phone = forms.CharField(
        label=_("联系电话"), max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    contact_email = forms.EmailField(
        label=_("联系邮箱"),
        error_messages={"invalid": _("“联系邮箱”格式不正确，例如 name@example.cn。")},
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def clean_name(self) -> str:
        return " ".join(self.cleaned_data["name"].split())

    def clean_credit_code(self) -> str:
        return credit_codes.normalise(self.cleaned_data["credit_code"])

    def clean_contact_phone(self) -> str:
        phone = unicodedata.normalize("NFKC", self.cleaned_data["contact_phone"]).strip()
        if not _PHONE.fullmatch(phone) or sum(ch.isdigit() for ch in phone) < 7:
            raise forms.ValidationError(
                _("“联系电话”请填写手机号码或带区号的固定电话，例如 13800138000 或 021-12345678。"),
                code="phone",
            )
        return phone

    def clean(self):
        cleaned = super().clean()
        code = cleaned.get("credit_code")
        if code:
            province = cleaned.get("province") or None
            for problem in credit_codes.problems(code, province=province):
                self.add_error("credit_code", forms.ValidationError(problem.message,
                                                                    code=problem.code))
        return cleaned


class FindUnitForm(NamedErrorsMixin, forms.Form):
    """Join a unit already on record: found by its credit code."""

    credit_code = _credit_code_field(help_text=_("填写本单位的统一社会信用代码。"))

    def clean_credit_code(self) -> str:
        code = credit_codes.normalise(self.cleaned_data["credit_code"])
        found = credit_codes.problems(code)
        if found:
            raise forms.ValidationError([forms.ValidationError(p.message, code=p.code)
                                         for p in found])
        return code
