"""The box on the verification page where a code read off a certificate is typed in."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .codes import LENGTH, is_well_formed, normalise_verification_code


class VerifyForm(forms.Form):
    code = forms.CharField(
        label=_("证书编号"), max_length=40,
        error_messages={"required": _("请输入证书上的证书编号。")},
        widget=forms.TextInput(attrs={
            "autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false",
            "placeholder": _("例如：7KQ4M9TXH2WC"),
        }),
    )

    def clean_code(self) -> str:
        code = normalise_verification_code(self.cleaned_data["code"])
        if not is_well_formed(code):
            raise forms.ValidationError(
                _("证书编号由%(length)d位字母和数字组成（不含数字0、1和字母O、I），请核对后重新输入。"),
                params={"length": LENGTH},
            )
        return code
