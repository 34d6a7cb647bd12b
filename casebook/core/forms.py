"""Form helpers shared by the apps' input forms."""

from django import forms
from django.utils.translation import gettext as _


class NamedErrorsMixin:
    """Every "missing", "too long" or "not a choice" message names its field.

    Django's own wording (这个字段是必填项。) does not say which field it is
    about, which a long form read on a phone needs; messages a field sets
    itself (`error_messages=`) still win.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            for code, message in _named_messages(field).items():
                if not _set_on_field(field, code):
                    field.error_messages[code] = message


def _named_messages(field) -> dict[str, str]:
    label = {"label": str(field.label or "")}
    choice = isinstance(field, forms.ChoiceField | forms.ModelChoiceField)
    messages = {"required": (_("请选择“%(label)s”。") if choice else _("请填写“%(label)s”。"))
                % label}
    if choice:
        messages["invalid_choice"] = _("所选的“%(label)s”无效，请从列表中选择。") % label
    if getattr(field, "max_length", None):
        # The doubled %% survive this formatting for Django's own (limit, length).
        messages["max_length"] = (
            _("“%(label)s”最多 %%(limit_value)d 个字（当前 %%(show_value)d 个）。") % label
        )
    return messages


def _set_on_field(field, code: str) -> bool:
    """The field was given its own message for `code` (not its class's default)."""
    inherited = {}
    for cls in reversed(type(field).__mro__):
        inherited.update(getattr(cls, "default_error_messages", {}))
    return field.error_messages.get(code) is not inherited.get(code)
