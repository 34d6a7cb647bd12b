"""The evidence panel of a case page (submissions/_attachments.html) and the
file-type wording it shows."""

from django import template

from casebook.submissions import uploads

register = template.Library()


@register.simple_tag(takes_context=True)
def evidence_panel(context, case):
    """The case's files by kind and whether the viewer may change them."""
    return uploads.evidence_panel(case=case, user=context["request"].user)


@register.filter
def file_type(content_type: str) -> str:
    """image/jpeg → JPEG 图片; an unknown type stays as libmagic named it."""
    return uploads.type_label(content_type)


@register.filter
def file_size(size: int) -> str:
    return uploads.human_size(size)


@register.filter
def file_badge(content_type: str) -> str:
    """The short name on a file without a thumbnail: PDF, MP4, Word …"""
    return uploads.type_label(content_type).split(" ")[0].split("/")[-1][:8]
