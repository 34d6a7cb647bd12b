"""Reads about the expert pool and conflicts of interest.

`conflicts_for_call()` computes the automatic conflicts (the units of a case
against each expert's unit and the organisation graph); `conflict_pairs()` is
what an assignment solver reads: every stored (case_id, expert_id) pair that
must not be assigned, whatever its source.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from casebook.calls.models import Call
from casebook.core.regions import province_label
from casebook.organizations.models import LinkKind, OrganizationLink
from casebook.submissions.enums import CaseStatus
from casebook.submissions.models import Case

from .enums import ConflictKind, PoolStatus
from .models import CallExpert, ConflictOfInterest, Expert

LINK_CONFLICT = {
    LinkKind.SUPERVISES: ConflictKind.SUPERVISING,
    LinkKind.ALLIANCE: ConflictKind.ALLIANCE,
    LinkKind.AFFILIATED: ConflictKind.AFFILIATED,
}
# Cases that may still be reviewed: not drafts, not withdrawn.
REVIEWABLE_EXCLUDED = [CaseStatus.DRAFT, CaseStatus.WITHDRAWN]


# --- Access ---------------------------------------------------------------------------


def call_for_pool(*, slug: str, user) -> Call:
    """The call `slug` if `user` may look after its experts; 404 otherwise, the
    same answer as for a call that does not exist."""
    call = get_object_or_404(Call, slug=slug)
    if not user.has_perm("experts.manage_pool", call):
        raise Http404
    return call


def pool_entry(*, call: Call, pk: int) -> CallExpert:
    return get_object_or_404(CallExpert.objects.select_related("expert", "call"), call=call, pk=pk)


def invitation(*, token: str) -> CallExpert:
    return get_object_or_404(
        CallExpert.objects.select_related("expert", "expert__affiliation", "call"), token=token)


# --- The pool list ---------------------------------------------------------------------


@dataclass(frozen=True)
class PoolFilters:
    province: str = ""
    domain: str = ""
    status: str = ""


def pool_for_call(call: Call, filters: PoolFilters = PoolFilters()) -> list[CallExpert]:
    """The call's pool by name, narrowed by `filters`; each entry's expert carries
    `conflict_count` (conflicts in this call). The domain filter runs in Python:
    JSON containment is not portable to SQLite, and a pool is a few hundred people."""
    entries = (CallExpert.objects.filter(call=call)
               .select_related("expert", "expert__affiliation")
               .annotate(conflict_count=Count("expert__conflicts",
                                              filter=Q(expert__conflicts__call=call)))
               .order_by("expert__name", "pk"))
    if filters.status:
        entries = entries.filter(status=filters.status)
    if filters.province:
        entries = entries.filter(Q(expert__province=filters.province)
                                 | Q(expert__province="", expert__affiliation__province=filters.province))
    entries = list(entries)
    if filters.domain:
        entries = [entry for entry in entries if filters.domain in entry.expert.domains]
    return entries


def pool_counts(call: Call) -> dict[str, int]:
    counts = dict.fromkeys(PoolStatus.values, 0)
    for row in CallExpert.objects.filter(call=call).values("status").annotate(n=Count("pk")):
        counts[row["status"]] = row["n"]
    return counts


def domain_choices(call: Call) -> list[str]:
    """The call's domain names first, then other fields the pool's experts named."""
    names = list(call.domains.filter(parent__isnull=True).values_list("name", flat=True))
    for domains in Expert.objects.filter(pools__call=call).values_list("domains", flat=True):
        names.extend(domains or [])
    return list(dict.fromkeys(names))


def active_experts(call: Call) -> QuerySet[Expert]:
    """The experts of the call's pool who have not declined."""
    return (Expert.objects.filter(pk__in=CallExpert.objects.filter(call=call)
                                  .exclude(status=PoolStatus.DECLINED).values("expert"))
            .select_related("affiliation"))


def reviewable_cases(call: Call) -> QuerySet[Case]:
    return (Case.objects.filter(call=call).exclude(status__in=REVIEWABLE_EXCLUDED)
            .select_related("lead_organization").prefetch_related("case_units__organization"))


# --- Conflicts ---------------------------------------------------------------------------


@dataclass(frozen=True)
class FoundConflict:
    case_id: int
    expert_id: int
    kind: ConflictKind
    reason: str


def linked_units() -> dict[int, dict[int, LinkKind]]:
    """`{unit_id: {other_unit_id: kind}}` over the whole organisation graph, both
    directions; units of one medical alliance are linked to each other through
    their lead unit. The graph is small (hundreds of edges), so it is read whole."""
    related: dict[int, dict[int, LinkKind]] = defaultdict(dict)
    alliances: dict[int, set[int]] = defaultdict(set)
    for source, target, kind in OrganizationLink.objects.values_list("source_id", "target_id", "kind"):
        if kind == LinkKind.ALLIANCE:
            alliances[target].update({source, target})
        else:
            related[source][target] = LinkKind(kind)
            related[target][source] = LinkKind(kind)
    for members in alliances.values():
        for unit in members:
            for other in members - {unit}:
                related[unit].setdefault(other, LinkKind.ALLIANCE)
    return related


def conflicts_for_call(call: Call, *, cross_province: bool = False) -> list[FoundConflict]:
    """The automatic conflicts between the call's reviewable cases and its active
    experts: the expert works at the lead unit or a co-unit, or at a unit linked
    to one of them (上下级, 医联体, 高校附属医院); with `cross_province`, also an
    expert of the lead unit's province. One entry per (case, expert, kind)."""
    experts = list(active_experts(call))
    by_unit: dict[int, list[Expert]] = defaultdict(list)
    by_province: dict[str, list[Expert]] = defaultdict(list)
    for expert in experts:
        if expert.affiliation_id:
            by_unit[expert.affiliation_id].append(expert)
        if expert.effective_province:
            by_province[expert.effective_province].append(expert)
    graph = linked_units()
    found: dict[tuple[int, int, str], FoundConflict] = {}

    def add(case, expert, kind, reason):
        found.setdefault((case.pk, expert.pk, kind), FoundConflict(case.pk, expert.pk, kind, reason))

    for case in reviewable_cases(call):
        units = [(case.lead_organization, ConflictKind.SAME_UNIT),
                 *[(cu.organization, ConflictKind.CO_UNIT) for cu in case.case_units.all()]]
        for unit, kind in units:
            for expert in by_unit.get(unit.pk, ()):
                add(case, expert, kind, _same_unit_reason(kind, unit.name))
            for other_id, link in graph.get(unit.pk, {}).items():
                for expert in by_unit.get(other_id, ()):
                    add(case, expert, LINK_CONFLICT[link], _link_reason(link, expert, unit.name))
        province = case.lead_organization.province
        if cross_province and province:
            for expert in by_province.get(province, ()):
                add(case, expert, ConflictKind.SAME_PROVINCE, _("专家与申报单位同在%(province)s（跨省评审）")
                    % {"province": province_label(province)})
    return list(found.values())


def _same_unit_reason(kind, unit_name: str) -> str:
    if kind == ConflictKind.SAME_UNIT:
        return _("专家工作单位“%(unit)s”是该案例的申报单位") % {"unit": unit_name}
    return _("专家工作单位“%(unit)s”是该案例的合作单位") % {"unit": unit_name}


def _link_reason(link: LinkKind, expert: Expert, unit_name: str) -> str:
    mapping = {"mine": expert.affiliation.name, "unit": unit_name}
    if link == LinkKind.SUPERVISES:
        return _("专家工作单位“%(mine)s”与案例单位“%(unit)s”是上下级单位") % mapping
    if link == LinkKind.ALLIANCE:
        return _("专家工作单位“%(mine)s”与案例单位“%(unit)s”属同一医联体") % mapping
    return _("专家工作单位“%(mine)s”与案例单位“%(unit)s”是高校与附属医院") % mapping


def conflict_pairs(call: Call) -> set[tuple[int, int]]:
    """Every (case_id, expert_id) pair of the call that must not be assigned:
    stored conflicts of any source (refresh the automatic ones first)."""
    return set(ConflictOfInterest.objects.filter(call=call).values_list("case_id", "expert_id"))


def conflicts_of_call(call: Call) -> QuerySet[ConflictOfInterest]:
    return (ConflictOfInterest.objects.filter(call=call)
            .select_related("case", "expert", "expert__affiliation", "created_by")
            .order_by("case__number", "expert__name", "kind", "pk"))
