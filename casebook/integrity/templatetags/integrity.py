from django import template

register = template.Library()


@register.filter
def percent(value) -> str:
    """0.873 → "87%"; nothing for no value."""
    if value is None or value == "":
        return ""
    return f"{round(float(value) * 100)}%"


@register.filter
def get_item(mapping, key):
    return mapping.get(key, key) if mapping else key
