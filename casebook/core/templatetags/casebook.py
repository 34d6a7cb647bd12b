"""Presentation helpers shared by the public pages: Chinese dates, countdowns,
running-time wording and the small inclusion components.

Dates are shown in the call's time zone (Asia/Shanghai, the site's TIME_ZONE)
because deadlines are announced in local time; a deadline of 23:59 on
30 September must not read as 1 October to a visitor abroad.
"""

import datetime as dt

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from casebook.calls.enums import CallPhase

register = template.Library()


def _local_date(value) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


@register.filter
def cn_date(value) -> str:
    """2023年9月30日 (the format Chinese notices use)."""
    day = _local_date(value)
    if day is None:
        return ""
    return _("%(year)d年%(month)d月%(day)d日") % {
        "year": day.year, "month": day.month, "day": day.day,
    }


@register.filter
def cn_datetime(value) -> str:
    """2023年9月30日 23:59; deadlines need the hour, since some close at noon."""
    if not value:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return _("%(date)s %(time)s") % {"date": cn_date(local), "time": local.strftime("%H:%M")}


def days_left(deadline) -> int | None:
    """Whole calendar days from today to the deadline's day, both local."""
    day = _local_date(deadline)
    if day is None:
        return None
    return (day - timezone.localdate()).days


@register.filter
def countdown(deadline) -> str:
    days = days_left(deadline)
    if days is None or days < 0:
        return ""
    if days == 0:
        return _("今天截止")
    return ngettext("距截止还有 %(days)d 天", "距截止还有 %(days)d 天", days) % {"days": days}


@register.filter
def running_time(months: int) -> str:
    """12 → 1年以上, 18 → 18个月以上: the notices speak in years when they can."""
    if not months:
        return ""
    if months % 12 == 0:
        years = months // 12
        return ngettext("%(years)d年以上", "%(years)d年以上", years) % {"years": years}
    return ngettext("%(months)d个月以上", "%(months)d个月以上", months) % {"months": months}


@register.filter
def join_names(items, separator="、") -> str:
    """Names joined the Chinese way (上海市、江苏省); takes objects or strings."""
    return separator.join(str(item) for item in items)


@register.inclusion_tag("components/phase_badge.html")
def phase_badge(call):
    phase = call.phase()
    return {"phase": phase, "label": CallPhase(phase).label}


@register.simple_tag
def date_range(start, end) -> str:
    """2023年6月1日—2023年9月30日; an open end reads 起 / 前; no dates at all 日期待定."""
    start, end = cn_date(start), cn_date(end)
    if start and end:
        return start if start == end else _("%(start)s—%(end)s") % {"start": start, "end": end}
    if start:
        return _("%(start)s起") % {"start": start}
    if end:
        return _("%(end)s前") % {"end": end}
    return _("日期待定")
