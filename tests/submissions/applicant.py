"""What the applicant-page tests share: a call shaped like the YRD notice, a
member of a unit, and the case form as a browser would post it."""

import datetime as dt

from django.utils import timezone

from tests.factories import CallFactory, MembershipFactory, OrganizationFactory, SectionFactory

INTEGRITY = "案例相关资料要真实有效，如有弄虚作假或以其它不正当手段入选者，撤销其入选资格。"
SECTIONS = [
    ("background", "一、", "案例的背景与动因", "包括案例所在地区经济和社会发展的基本情况"),
    ("measures", "二、", "案例的举措与机制", "案例的主要内容、主要做法和主要特色"),
    ("outcomes", "三、", "案例的成效与创新", ""),
    ("outlook", "四、", "案例的启示与展望", ""),
]
MIN_CHARS = 20


def yrd_like_call(**kwargs):
    """A call taking cases now: four sections of at least 20 字, quota 2."""
    defaults = {"slug": "yrd-health-4", "title": "第四届长三角卫生健康治理最佳实践案例评选",
                "case_number_prefix": "YRD4", "max_cases_per_unit": 2,
                "integrity_clause": INTEGRITY, "min_running_months": 12}
    call = CallFactory(**{**defaults, **kwargs})
    for order, (key, number, title, guidance) in enumerate(SECTIONS):
        SectionFactory(call=call, key=key, number=number, title=title, guidance=guidance,
                       min_chars=MIN_CHARS, order=order)
    return call


def unit_member(name="示例市第一人民医院", **kwargs):
    return MembershipFactory(organization=OrganizationFactory(name=name), is_admin=True, **kwargs)


def texts(words="社区健康管理") -> dict[str, str]:
    """Section texts long enough for the call (each 24 字)."""
    return {key: words * 4 for key, *_ in SECTIONS}


def case_form(action="save", *, title="社区慢病管理“三师共管”模式", sections=None, **fields) -> dict:
    """The case form's POST data: a complete case unless told otherwise."""
    data = {"action": action, "title": title, "co_units": "", "start_month": "2020-03",
            "declaration_accepted": "on"}
    for key, text in (texts() if sections is None else sections).items():
        data[f"section_{key}"] = text
    data.update(fields)
    return {key: value for key, value in data.items() if value is not None}


def closed_yesterday(call) -> None:
    call.closes_at = timezone.now() - dt.timedelta(days=1)
    call.save(update_fields=["closes_at"])
