import re
import unicodedata

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

_MOBILE = re.compile(r"1[3-9]\d{9}")
_SEPARATORS = re.compile(r"[\s\-()]")
_COUNTRY_PREFIX = re.compile(r"^(\+86|0086|86)(?=1\d{10}$)")


def normalise_mobile(raw: str) -> str:
    """A mainland mobile number as 11 digits: half-width, no separators, no +86."""
    text = _SEPARATORS.sub("", unicodedata.normalize("NFKC", raw or ""))
    return _COUNTRY_PREFIX.sub("", text)


def validate_mobile(value: str) -> None:
    if not _MOBILE.fullmatch(value):
        raise ValidationError(_("请填写11位手机号码，例如 13800138000。"), code="mobile")


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's own rule, with a message Chinese users can read: Django 5.2
    raises it under a msgid its zh_Hans catalog does not translate."""

    def get_error_message(self):
        return ngettext(
            "密码太短，至少需要 %(min_length)d 个字符。",
            "密码太短，至少需要 %(min_length)d 个字符。",
            self.min_length,
        ) % {"min_length": self.min_length}
