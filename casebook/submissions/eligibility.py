"""Eligibility rules (形式审查): each a small function of one case.

A rule returns the problems it finds, each with its code (part of the
`casebook cases --json` contract) and a Chinese explanation that names what is
wrong and what the call expects. Rules read; they never write.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.utils import timezone

from casebook.core.regions import province_label

from .enums import QUOTA_STATUSES, ProblemCode
from .models import Case, LateAccess


@dataclass(frozen=True)
class Problem:
    code: ProblemCode
    message: str

    def get_code_display(self) -> str:
        """The same name a stored EligibilityProblem shows, so templates take either."""
        return ProblemCode(self.code).label


def count_chars(text: str) -> int:
    """字数 as Chinese forms count it: every character but white space."""
    return sum(1 for ch in text or "" if not ch.isspace())


def months_between(start: date, end: date) -> int:
    """Whole months from `start` to `end` (2022-09-01 → 2023-09-01 is 12)."""
    months = (end.year - start.year) * 12 + end.month - start.month
    return months - 1 if end.day < start.day else months


def unit_deadline(case: Case) -> datetime | None:
    """The call's deadline (with any 延期), or later if this unit was granted late access."""
    deadline = case.call.deadline
    late = (LateAccess.objects.filter(call=case.call_id, organization=case.lead_organization_id)
            .order_by("-until").values_list("until", flat=True).first())
    if deadline and late and late > deadline:
        return late
    return deadline


def _local(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%Y年%m月%d日 %H:%M")


def check_region(case: Case) -> list[Problem]:
    allowed = case.call.eligible_provinces
    province = case.lead_organization.province
    if not allowed or province in allowed:
        return []
    names = "、".join(province_label(code) for code in allowed)
    where = province_label(province) if province else "未填写省份"
    return [Problem(ProblemCode.REGION,
                    f"申报单位所在地区（{where}）不在本次评选范围内，可申报地区为：{names}。")]


def check_unit_type(case: Case) -> list[Problem]:
    allowed = list(case.call.eligible_unit_types.all())
    unit_type = case.lead_organization.unit_type
    if not allowed or unit_type in allowed:
        return []
    names = "、".join(t.name for t in allowed)
    what = unit_type.name if unit_type else "未填写单位类型"
    return [Problem(ProblemCode.UNIT_TYPE,
                    f"申报单位类型（{what}）不在本次评选的参赛对象之列，可申报的单位类型为：{names}。")]


def quota_rank(case: Case) -> int:
    """This case's place among its unit's counted cases in the call (1-based),
    by submission time; a case not yet submitted comes after all of them."""
    others = (Case.objects.filter(call=case.call_id, lead_organization=case.lead_organization_id,
                                  status__in=QUOTA_STATUSES)
              .exclude(pk=case.pk))
    if case.status in QUOTA_STATUSES and case.submitted_at:
        others = others.filter(submitted_at__lt=case.submitted_at)
    return others.count() + 1


def check_quota(case: Case) -> list[Problem]:
    quota = case.call.max_cases_per_unit
    if quota_rank(case) <= quota:
        return []
    return [Problem(ProblemCode.QUOTA,
                    f"每个单位最多申报{quota}项案例，{case.lead_organization.name}"
                    f"已提交{quota}项，本案例超出申报数量。")]


def check_running_time(case: Case) -> list[Problem]:
    needed = case.call.min_running_months
    deadline = case.call.deadline
    if not needed or not deadline:
        return []
    if not case.start_date:
        return [Problem(ProblemCode.RUNNING_TIME,
                        f"未填写项目开始时间，无法确认项目已持续运行{needed}个月以上。")]
    ran = months_between(case.start_date, timezone.localtime(deadline).date())
    if ran >= needed:
        return []
    return [Problem(ProblemCode.RUNNING_TIME,
                    f"项目自{case.start_date:%Y年%m月}开始，至申报截止时运行{max(ran, 0)}个月，"
                    f"不足要求的{needed}个月。")]


def check_sections(case: Case) -> list[Problem]:
    missing, short = [], []
    for section in case.call.sections.all():
        chars = count_chars(case.sections.get(section.key, ""))
        if chars == 0:
            missing.append(f"“{section.number}{section.title}”")
        elif chars < section.min_chars:
            short.append(f"“{section.number}{section.title}”{chars}字（至少{section.min_chars}字）")
    found = []
    if missing:
        found.append(Problem(ProblemCode.SECTION_MISSING,
                             f"申报书缺少以下部分：{'、'.join(missing)}。"))
    if short:
        found.append(Problem(ProblemCode.SECTION_TOO_SHORT,
                             f"申报书以下部分字数不足：{'；'.join(short)}。"))
    return found


def check_late(case: Case) -> list[Problem]:
    deadline = unit_deadline(case)
    moment = case.submitted_at or timezone.now()
    if not deadline or moment <= deadline:
        return []
    verb = "提交" if case.submitted_at else "当前"
    return [Problem(ProblemCode.LATE,
                    f"{verb}时间{_local(moment)}已超过申报截止时间{_local(deadline)}。")]


def check_evidence(case: Case) -> list[Problem]:
    present = {a.kind for a in case.attachments.all()}
    missing = [req.label for req in case.call.evidence_requirements.all()
               if req.required and req.kind not in present]
    if not missing:
        return []
    return [Problem(ProblemCode.EVIDENCE_MISSING, f"缺少必交的佐证材料：{'、'.join(missing)}。")]


RULES = [check_region, check_unit_type, check_quota, check_running_time, check_sections,
         check_late, check_evidence]


def find_problems(case: Case) -> list[Problem]:
    return [problem for rule in RULES for problem in rule(case)]

