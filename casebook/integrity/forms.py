"""Input of the integrity pages: the list's threshold and the decisions. Forms
only read and check what was typed; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .services import SCAN_FLOOR

DEFAULT_THRESHOLD = 50  # per cent


class ThresholdForm(forms.Form):
    """The query string of the pair list. A bad value is named and the default used."""

    threshold = forms.IntegerField(
        label=_("相似度不低于（%）"), required=False, min_value=round(SCAN_FLOOR * 100),
        max_value=100, widget=forms.NumberInput(attrs={"step": 5}),
        error_messages={
            "invalid": _("相似度阈值必须是整数。"),
            "min_value": _("相似度阈值不能低于 %(limit_value)s%%。"),
            "max_value": _("相似度阈值不能高于 %(limit_value)s%%。"),
        },
    )
    decided = forms.BooleanField(label=_("包括已处理的"), required=False)

    def __init__(self, data, **kwargs):
        data = data.copy()
        data.setdefault("threshold", str(DEFAULT_THRESHOLD))  # shown in the box when not given
        super().__init__(data, **kwargs)

    def threshold_value(self) -> float:
        """The threshold as a fraction (after `is_valid()`); the default when
        invalid."""
        percent = None if "threshold" in self.errors else self.cleaned_data.get("threshold")
        return (percent if percent is not None else DEFAULT_THRESHOLD) / 100

    def show_decided(self) -> bool:
        return bool(self.cleaned_data.get("decided"))


class DismissForm(forms.Form):
    note = forms.CharField(label=_("说明（可选）"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))


class DisqualifyForm(forms.Form):
    reason = forms.CharField(
        label=_("撤销理由"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("例如：申报材料与往届已发布案例大段雷同，属弄虚作假。理由会写入处理记录并通知申报单位。"),
        error_messages={"required": _("撤销资格必须写明理由。")},
    )
