from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.utils.translation import gettext_lazy as _

from .services import set_contact_details
from .validators import normalise_mobile, validate_mobile


class SignupForm(AllauthSignupForm):
    """Self-registration: allauth's email and password, plus who the person is."""

    name = forms.CharField(label=_("姓名"), max_length=60,
                           widget=forms.TextInput(attrs={"autocomplete": "name"}))
    phone = forms.CharField(
        label=_("手机"), max_length=30,
        help_text=_("组委会联系申报事宜时使用。"),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )

    field_order = ["email", "name", "phone", "password1", "password2"]

    def clean_phone(self) -> str:
        phone = normalise_mobile(self.cleaned_data["phone"])
        validate_mobile(phone)
        return phone

    def signup(self, request, user) -> None:
        # allauth calls this right after it has created the user.
        set_contact_details(user=user, name=self.cleaned_data["name"],
                            phone=self.cleaned_data["phone"])
