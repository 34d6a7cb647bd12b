"""Posting Django admin change forms from tests."""

import datetime as dt

from django import forms


def change_form_data(response) -> dict:
    """What the admin add/change page in `response` would post back unchanged,
    inline formsets included; tests then change the values they are about."""
    data: dict = {}
    page_forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        page_forms.append(inline.formset.management_form)
        page_forms.extend(inline.formset.forms)
    for form in page_forms:
        for bound in form:
            data.update(_posted(bound))
    return data


def _posted(bound) -> dict:
    widget, value = bound.field.widget, bound.value()
    if isinstance(widget, forms.MultiWidget):
        parts = value if isinstance(value, list) else widget.decompress(value)
        return {f"{bound.html_name}{suffix}": _text(part)
                for suffix, part in zip(widget.widgets_names, parts, strict=True)}
    if isinstance(widget, forms.CheckboxInput):
        return {bound.html_name: "on"} if value else {}
    if isinstance(widget, forms.ClearableFileInput):
        return {}
    if isinstance(value, list | tuple):
        return {bound.html_name: [_text(item) for item in value]}
    return {bound.html_name: _text(bound.field.prepare_value(value))}


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.time):
        return value.strftime("%H:%M:%S")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)
