"""Sample experts for the demo: a pool of fictional reviewers (示例) across the
four provinces, one of them the demo expert account, who has accepted, so
that the pool and conflict pages have something to show. Other units'
experts sit in sample units, so a few conflicts with sample cases appear.
"""

from casebook.accounts.models import User
from casebook.calls.models import Call

from .enums import PoolStatus
from .models import CallExpert
from .services import accept_invitation, add_expert, invite_expert, refresh_conflicts

# (name, title, affiliation, province, domains, keywords, email)
EXPERTS = [
    ("评审专家（示例）", "主任医师", "上海市示例区第一人民医院（示例）", "31", ["医疗服务"],
     ["互联网医院", "多学科诊疗", "医疗质量"], "expert@example.org"),
    ("陈示例", "教授", "示例医科大学公共卫生学院（示例）", "31", ["健康促进", "公共卫生"],
     ["健康素养", "慢病防控", "健康城市"], "chen.expert@example.org"),
    ("周示例", "研究员", "江苏省示例疾病预防控制中心（示例）", "32", ["公共卫生"],
     ["传染病防控", "免疫规划", "监测预警"], "zhou.expert@example.org"),
    ("吴示例", "副教授", "浙江示例大学医学院（示例）", "33", ["卫生治理", "医疗保障"],
     ["医保支付", "按病种付费", "卫生政策"], "wu.expert@example.org"),
    ("郑示例", "主任医师", "安徽省示例中医院（示例）", "34", ["医疗服务", "中医药"],
     ["中医药服务", "县域医共体", "基层首诊"], "zheng.expert@example.org"),
    ("王示例", "高级工程师", "示例健康信息技术研究院（示例）", "32", ["数字健康"],
     ["健康信息平台", "数据共享", "智慧医疗"], "wang.expert@example.org"),
    ("李示例", "教授", "示例师范大学体育学院（示例）", "33", ["健康促进"],
     ["体医融合", "运动处方", "全民健身"], "li.expert@example.org"),
    ("赵示例", "主任护师", "上海市示例老年医学中心（示例）", "31", ["养老服务", "医疗服务"],
     ["医养结合", "长期护理", "安宁疗护"], "zhao.expert@example.org"),
]


def create_demo_experts(*, call: Call) -> int:
    """Add the sample experts to `call`'s pool unless it has them, and find their
conflicts with the call's cases; how many experts are new."""
    if CallExpert.objects.filter(call=call, expert__email__in=[row[-1] for row in EXPERTS]).exists():
        return 0
    for name, title, affiliation, province, domains, keywords, email in EXPERTS:
        add_expert(call=call, actor=None, name=name, email=email, title=title, affiliation=affiliation,
                   province=province, domains=domains, keywords=keywords)
    _demo_account_accepts(call)
    refresh_conflicts(call=call)
    return len(EXPERTS)


def _demo_account_accepts(call: Call) -> None:
    """The demo expert login is invited and has said yes."""
    user = User.objects.filter(email="expert@example.org").first()
    entry = CallExpert.objects.get(call=call, expert__email="expert@example.org")
    if user is None or entry.status == PoolStatus.ACCEPTED:
        return
    accept_invitation(entry=invite_expert(entry=entry, actor=None), user=user)
