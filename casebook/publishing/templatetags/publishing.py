from django import template

from casebook.publishing import search

register = template.Library()


@register.filter
def highlight(text, words):
    """Escaped text with the search words marked; see search.highlight."""
    return search.highlight(str(text or ""), words or ())
