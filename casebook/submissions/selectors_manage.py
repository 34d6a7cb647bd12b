"""Reads for the secretariat's pages (组委会): the case list with its facet counts,
one case with all its material and history, the units and grants of a call.

Each function owns its query shape: the list costs the same number of queries
for one case as for a thousand (see tests/submissions/test_manage_list.py).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
)
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from casebook.calls.models import Call, Domain, Section
from casebook.core.models import AuditEvent
from casebook.core.regions import province_label
from casebook.organizations.credit_code import normalise as normalise_credit_code
from casebook.organizations.models import Organization, UnitType
from casebook.organizations.selectors import matching_unit

from .eligibility import count_chars
from .enums import CaseStatus, Channel, ProblemCode
from .models import Case, CaseUnit, EligibilityProblem, LateAccess

ANY_PROBLEM = "any"
NO_PROBLEM = "none"


def managed_call(*, slug: str, user) -> Call:
    """The call `slug` if `user` does its secretariat work; 404 otherwise, the
    same answer as for a call that does not exist."""
    call = get_object_or_404(Call, slug=slug)
    if not user.has_perm("calls.view_call_dashboard", call):
        raise Http404
    return call


# --- The case list ------------------------------------------------------------------


@dataclass(frozen=True)
class CaseFilters:
    """What the secretariat narrowed the list to; empty means "all"."""

    status: str = ""
    province: str = ""
    unit_type: UnitType | None = None
    domain: Domain | None = None
    problem: str = ""
    channel: str = ""
    q: str = ""
    sort: str = "number"


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int
    active: bool


@dataclass(frozen=True)
class Facet:
    """One filter with its values and how many cases each would show."""

    name: str
    title: str
    values: list[FacetValue]
    active: bool = False


@dataclass(frozen=True)
class CaseListing:
    cases: QuerySet[Case]
    facets: list[Facet] = field(default_factory=list)

    @property
    def status_facet(self) -> Facet:
        return self.facets[0]


def _open_problems(code: str = "") -> Exists:
    problems = EligibilityProblem.objects.filter(case=OuterRef("pk"), overridden_at__isnull=True)
    return Exists(problems.filter(code=code) if code else problems)


def _text_match(q: str) -> Q:
    co_unit = CaseUnit.objects.filter(case=OuterRef("pk"), organization__name__icontains=q)
    return (Q(number__icontains=q) | Q(title__icontains=q)
            | Q(lead_organization__name__icontains=q) | Exists(co_unit))


def _filter_conditions(filters: CaseFilters) -> dict[str, Q]:
    """One condition per facet, so that a facet can be counted with all the others."""
    conditions = {
        # Drafts are the unit's unfinished work: shown only when asked for.
        "status": Q(status=filters.status) if filters.status else ~Q(status=CaseStatus.DRAFT),
        "province": Q(lead_organization__province=filters.province) if filters.province else Q(),
        "unit_type": (Q(lead_organization__unit_type=filters.unit_type) if filters.unit_type
                      else Q()),
        "domain": Q(domain=filters.domain) if filters.domain else Q(),
        "channel": Q(channel=filters.channel) if filters.channel else Q(),
        "problem": Q(),
        "q": _text_match(filters.q) if filters.q else Q(),
    }
    if filters.problem == ANY_PROBLEM:
        conditions["problem"] = _open_problems()
    elif filters.problem == NO_PROBLEM:
        conditions["problem"] = ~_open_problems()
    elif filters.problem:
        conditions["problem"] = _open_problems(filters.problem)
    return conditions


def _matching(call: Call, conditions: dict[str, Q], *, ignore: str = "") -> QuerySet[Case]:
    cases = Case.objects.filter(call=call)
    for name, condition in conditions.items():
        if name != ignore:
            cases = cases.filter(condition)
    return cases.order_by()


SORTS = {
    # Cases without a number (drafts) come last in number order.
    "number": [ExpressionWrapper(Q(number=""), output_field=BooleanField()), "number", "pk"],
    "-number": ["-number", "-pk"],
    "submitted": [F("submitted_at").asc(nulls_last=True), "pk"],
    "-submitted": [F("submitted_at").desc(nulls_last=True), "-pk"],
}


def cases_for_secretariat(*, call: Call, filters: CaseFilters) -> CaseListing:
    """The call's cases narrowed by `filters`, with the counts of every facet.

    Each facet is counted over the cases matching all the *other* filters, so a
    count says how many cases clicking that value would show.
    """
    conditions = _filter_conditions(filters)
    problems = EligibilityProblem.objects.order_by("overridden_at", "code")
    cases = (
        _matching(call, conditions)
        .select_related("lead_organization__unit_type", "domain")
        .annotate(co_unit_count=Count("case_units", distinct=True))
        .prefetch_related(Prefetch("problems", queryset=problems))
        .order_by(*SORTS.get(filters.sort, SORTS["number"]))
    )
    facets = [
        _status_facet(call, conditions, filters),
        _province_facet(call, conditions, filters),
        _unit_type_facet(call, conditions, filters),
        _problem_facet(call, conditions, filters),
        _channel_facet(call, conditions, filters),
    ]
    if call.domains.exists():
        facets.insert(3, _domain_facet(call, conditions, filters))
    return CaseListing(cases=cases, facets=facets)


def _counts(cases: QuerySet[Case], *fields: str) -> list[dict]:
    return list(cases.values(*fields).annotate(n=Count("pk")).order_by(*fields))


def _facet(name: str, title, rows: list[tuple[str, str, int]], active: str) -> Facet:
    values = [FacetValue(value, label, count, value == active) for value, label, count in rows
              if count or value == active]
    return Facet(name=name, title=title, values=values, active=bool(active))


def _status_facet(call, conditions, filters) -> Facet:
    # Counted with drafts, so that the secretariat sees how many are still open.
    by_status = {row["status"]: row["n"]
                 for row in _counts(_matching(call, conditions, ignore="status"), "status")}
    rows = [(status.value, status.label, by_status.get(status, 0)) for status in CaseStatus]
    return _facet("status", _("状态"), rows, filters.status)


def _province_facet(call, conditions, filters) -> Facet:
    key = "lead_organization__province"
    rows = [(row[key], province_label(row[key]), row["n"])
            for row in _counts(_matching(call, conditions, ignore="province"), key) if row[key]]
    return _facet("province", _("省份"), rows, filters.province)


def _unit_type_facet(call, conditions, filters) -> Facet:
    cases = _matching(call, conditions, ignore="unit_type").filter(
        lead_organization__unit_type__isnull=False)
    prefix = "lead_organization__unit_type__"
    counts = (cases.values(f"{prefix}key", f"{prefix}name", f"{prefix}order")
              .annotate(n=Count("pk")).order_by(f"{prefix}order", f"{prefix}key"))
    rows = [(row[f"{prefix}key"], row[f"{prefix}name"], row["n"]) for row in counts]
    return _facet("unit_type", _("单位类型"), rows,
                  filters.unit_type.key if filters.unit_type else "")


def _domain_facet(call, conditions, filters) -> Facet:
    counts = (_matching(call, conditions, ignore="domain").filter(domain__isnull=False)
              .values("domain__key", "domain__name", "domain__order")
              .annotate(n=Count("pk")).order_by("domain__order", "domain__key"))
    rows = [(row["domain__key"], row["domain__name"], row["n"]) for row in counts]
    return _facet("domain", _("领域"), rows, filters.domain.key if filters.domain else "")


def _problem_facet(call, conditions, filters) -> Facet:
    cases = _matching(call, conditions, ignore="problem")
    totals = cases.aggregate(all=Count("pk"), flagged=Count("pk", filter=_open_problems()))
    by_code = dict(
        EligibilityProblem.objects.filter(case__in=cases, overridden_at__isnull=True)
        .values_list("code").annotate(n=Count("case", distinct=True)).order_by()
    )
    rows = [
        (ANY_PROBLEM, _("有问题"), totals["flagged"]),
        (NO_PROBLEM, _("无问题"), totals["all"] - totals["flagged"]),
        *((code.value, code.label, by_code.get(code, 0)) for code in ProblemCode),
    ]
    return _facet("problem", _("形式审查问题"), rows, filters.problem)


def _channel_facet(call, conditions, filters) -> Facet:
    by_channel = {row["channel"]: row["n"]
                  for row in _counts(_matching(call, conditions, ignore="channel"), "channel")}
    rows = [(channel.value, channel.label, by_channel.get(channel, 0)) for channel in Channel]
    return _facet("channel", _("申报渠道"), rows, filters.channel)


# --- `casebook cases` ------------------------------------------------------------------


def cases_for_export(*, call: Call, status: str = "") -> QuerySet[Case]:
    """The call's cases in number order, each with its lead unit and its open
    problems (`case.open_problems`); drafts only when `status` asks for them."""
    conditions = _filter_conditions(CaseFilters(status=status))
    open_problems = EligibilityProblem.objects.filter(overridden_at__isnull=True).order_by("code")
    return (_matching(call, conditions)
            .select_related("lead_organization")
            .prefetch_related(Prefetch("problems", queryset=open_problems,
                                       to_attr="open_problems"))
            .order_by(*SORTS["number"]))


# --- One case --------------------------------------------------------------------------


def case_for_secretariat(*, call: Call, ref: str) -> Case:
    """A case of `call` by its number (YRD4-0001) or, for drafts, its id; with
    everything its page shows."""
    cases = (Case.objects.filter(call=call)
             .select_related("call", "domain", "lead_organization__unit_type", "created_by")
             .prefetch_related(
                 Prefetch("case_units",
                          queryset=CaseUnit.objects.select_related("organization__unit_type")),
                 Prefetch("problems",
                          queryset=EligibilityProblem.objects.select_related("overridden_by")
                          .order_by("overridden_at", "code")),
                 "attachments", "call__sections", "call__evidence_requirements",
             ))
    found = cases.filter(number=ref).first()
    if found is None and ref.isdigit():
        found = cases.filter(pk=int(ref)).first()
    if found is None:
        raise Http404
    return found


@dataclass(frozen=True)
class SectionText:
    section: Section
    text: str
    chars: int

    @property
    def too_short(self) -> bool:
        return 0 < self.chars < self.section.min_chars


def case_sections(case: Case) -> list[SectionText]:
    """The call's sections in order with this case's text and its 字数; reads the
    prefetched sections."""
    return [SectionText(section, case.sections.get(section.key, ""),
                        count_chars(case.sections.get(section.key, "")))
            for section in case.call.sections.all()]


@dataclass(frozen=True)
class HistoryEntry:
    event: AuditEvent
    label: str
    detail: str


def history(subject, *, labels: dict, detail: Callable[[AuditEvent], str]) -> list[HistoryEntry]:
    """The audit trail of `subject` (a case, a message…), oldest first, each
    event put into words: its label from `labels` (else the action) and `detail`."""
    events = (AuditEvent.objects.filter(subject_type=subject._meta.label_lower, subject_id=str(subject.pk))
              .select_related("actor").order_by("occurred_at", "pk"))
    return [HistoryEntry(event, str(labels.get(event.action, event.action)), detail(event)) for event in events]


ACTION_LABELS = {
    "case.created": _("创建草稿"),
    "case.edited": _("修改内容"),
    "case.status": _("状态变更"),
    "case.received": _("登记收到的案例"),
    "case.eligibility": _("形式审查结果变化"),
    "case.problem_overridden": _("豁免形式审查问题"),
    "case.imported": _("导入"),
    "attachment.added": _("上传佐证材料"),
    "attachment.deleted": _("删除佐证材料"),
    "attachment.refused": _("拒收文件"),
    "case.awards_revoked": _("撤销奖项"),
}


def _label(choices, value) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value)


def _codes(codes) -> str:
    """Problem names in the order the rules run (the order ProblemCode lists them)."""
    order = {code: n for n, code in enumerate(ProblemCode.values)}
    return "、".join(_label(ProblemCode, code)
                    for code in sorted(codes, key=lambda code: order.get(code, len(order))))


def _detail(event: AuditEvent) -> str:
    """What changed, in one line a secretariat member can read."""
    data = event.data
    parts = []
    if event.action == "case.status":
        parts.append(f"{_label(CaseStatus, data.get('before'))} → "
                     f"{_label(CaseStatus, data.get('after'))}")
    elif event.action == "case.eligibility":
        before, after = set(data.get("before", ())), set(data.get("after", ()))
        if after - before:
            parts.append(_("发现：%(codes)s") % {"codes": _codes(after - before)})
        if before - after:
            parts.append(_("已消除：%(codes)s") % {"codes": _codes(before - after)})
    elif event.action == "case.problem_overridden":
        parts.append(_label(ProblemCode, data.get("code")))
    elif event.action == "case.received":
        parts.append(_label(Channel, data.get("channel")))
    elif event.action == "case.awards_revoked":
        parts.append("、".join(data.get("awards", ())))
    elif "title" in data or "name" in data:
        parts.append(str(data.get("title") or data["name"]))
    if data.get("reason"):
        parts.append(_("理由：%(reason)s") % {"reason": data["reason"]})
    return "；".join(parts)


def case_history(case: Case) -> list[HistoryEntry]:
    """The audit trail of one case, oldest first, each event put into words."""
    return history(case, labels=ACTION_LABELS, detail=_detail)


# --- Deadline and late access -----------------------------------------------------------


def units_of_call(call: Call) -> QuerySet[Organization]:
    """Units that lead or co-organise a case of `call`, by name."""
    ids = Organization.objects.filter(
        Q(led_cases__call=call) | Q(co_cases__call=call)).values("pk")
    return Organization.objects.filter(pk__in=ids).order_by("name")


def find_unit(text: str) -> Organization | None:
    """A unit by its unified social credit code or its exact (normalised) name."""
    code = normalise_credit_code(text)
    return matching_unit(credit_code=code if len(code) == 18 else "", name=text)


def late_accesses(call: Call) -> QuerySet[LateAccess]:
    return (LateAccess.objects.filter(call=call)
            .select_related("organization", "granted_by").order_by("-created_at"))
