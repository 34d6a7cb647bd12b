"""The archive search form: reads the query string, names bad filter values in Chinese."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .selectors import SearchFilters


class _LabelledChoiceField(forms.ModelChoiceField):
    """Choices labelled with their call, since several calls share award and domain names."""

    def label_from_instance(self, obj):
        call = obj.call
        return f"{call.short_title or call.title} · {obj.name}"


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("关键词"), required=False,
        widget=forms.TextInput(attrs={
            "type": "search", "autocomplete": "off", "placeholder": _("例如：控烟、医保、健康科普"),
        }),
    )
    call = forms.ModelChoiceField(
        label=_("评选活动"), queryset=None, required=False, to_field_name="slug",
        empty_label=_("全部评选活动"),
        error_messages={"invalid_choice": _("没有找到评选活动“%(value)s”，或它尚未公布结果。")},
    )
    category = _LabelledChoiceField(
        label=_("奖项"), queryset=None, required=False, empty_label=_("全部奖项"),
        error_messages={"invalid_choice": _("奖项“%(value)s”不存在，请从列表中选择。")},
    )
    domain = _LabelledChoiceField(
        label=_("领域"), queryset=None, required=False, empty_label=_("全部领域"),
        error_messages={"invalid_choice": _("领域“%(value)s”不存在，请从列表中选择。")},
    )

    def __init__(self, *args, filters: SearchFilters, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["call"].queryset = filters.calls
        self.fields["category"].queryset = filters.categories
        self.fields["domain"].queryset = filters.domains
