"""Reads of the integrity checks: what a scan compares, the pairs a secretariat
reviews, and one pair side by side with its shared passages."""

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from casebook.calls.models import Call
from casebook.publishing.selectors import published_cases
from casebook.submissions.enums import CaseStatus
from casebook.submissions.models import Case, CaseUnit

from . import passages
from .enums import MatchStatus
from .models import SimilarityMatch
from .similarity import Document

# What a unit has handed in and not taken back (a disqualified case stays: its
# copies matter as much as before).
NOT_HANDED_IN = (CaseStatus.DRAFT, CaseStatus.WITHDRAWN)
# Archived cases often have nothing but the summary of the published results.
SUMMARY_KEY = "summary"


# --- What a scan compares ----------------------------------------------------------------


def _with_units(cases: QuerySet[Case]) -> QuerySet[Case]:
    return cases.prefetch_related(
        Prefetch("case_units", queryset=CaseUnit.objects.only("case_id", "organization_id")))


def cases_to_scan(call: Call) -> QuerySet[Case]:
    """The call's handed-in cases (no drafts, nothing withdrawn), with their units."""
    return _with_units(call.cases.exclude(status__in=NOT_HANDED_IN).order_by("pk"))


def archive_cases(call: Call) -> QuerySet[Case]:
    """Every case published by another call (awarded, results announced, not
    disqualified): a case of `call` must not be one of them again."""
    return _with_units(published_cases().exclude(call=call).order_by("pk"))


def case_texts(case: Case) -> dict[str, str]:
    """The texts of a case that are compared, by section key; the summary counts
    as a section of its own."""
    texts = {key: str(text) for key, text in (case.sections or {}).items() if str(text).strip()}
    if case.summary.strip():
        texts[SUMMARY_KEY] = case.summary
    return texts


def document(case: Case) -> Document:
    return Document(key=case.pk, sections=case_texts(case))


def unit_ids(case: Case) -> set[int]:
    return {case.lead_organization_id, *(cu.organization_id for cu in case.case_units.all())}


def share_a_unit(first: Case, second: Case) -> bool:
    """Whether a unit leads or co-organises both cases (a resubmission rather
    than a copy of someone else's work)."""
    return bool(unit_ids(first) & unit_ids(second))


def unit_addresses(case: Case) -> list[str]:
    """Where news about a case goes: the lead unit's confirmed members, whoever
    filled the case in, and the unit's contact address."""
    unit = case.lead_organization
    addresses = set(unit.memberships.filter(confirmed=True).values_list("user__email", flat=True))
    if case.created_by_id:
        addresses.add(case.created_by.email)
    if unit.contact_email:
        addresses.add(unit.contact_email)
    return sorted(address for address in addresses if address)


# --- The secretariat's list -------------------------------------------------------------------


def matches_for_call(*, call: Call, threshold: float, decided: bool = False
                     ) -> QuerySet[SimilarityMatch]:
    """The call's pairs scoring `threshold` or more (the best of the whole-case
    Jaccard, containment and the section scores), most similar first; only
    those waiting for a decision unless `decided`."""
    matches = (SimilarityMatch.objects.filter(call=call, score__gte=threshold)
               .select_related("case_a__lead_organization", "case_b__lead_organization",
                               "case_b__call", "decided_by")
               .order_by("-score", "-jaccard", "pk"))
    if not decided:
        matches = matches.filter(status=MatchStatus.OPEN)
    return matches


def match_counts(call: Call) -> dict[str, int]:
    """How many pairs the call has in each status, every status named."""
    counts = dict.fromkeys(MatchStatus.values, 0)
    for status in SimilarityMatch.objects.filter(call=call).values_list("status", flat=True):
        counts[status] += 1
    return counts


def last_scan(call: Call):
    from casebook.core.models import AuditEvent

    return (AuditEvent.objects.filter(call=call, action="integrity.scanned")
            .select_related("actor").order_by("-occurred_at", "-pk").first())


def match_of_call(*, call: Call, pk: int) -> SimilarityMatch:
    """One pair of `call`, 404 for another call's like for a missing one."""
    match = (SimilarityMatch.objects.filter(call=call, pk=pk)
             .select_related("call", "case_a__lead_organization", "case_a__call",
                             "case_b__lead_organization", "case_b__call", "decided_by")
             .prefetch_related("case_a__case_units__organization",
                               "case_b__case_units__organization").first())
    if match is None:
        raise Http404
    return match


# --- One pair side by side ----------------------------------------------------------------------


@dataclass(frozen=True)
class SectionComparison:
    key: str
    title: str
    scores: dict | None  # {"jaccard", "containment"} when both cases have the section
    left: list[SafeString]  # paragraphs, shared passages marked
    right: list[SafeString]


def section_titles(*calls: Call, short: bool = False) -> dict[str, str]:
    """{section key: title} of the calls' sections, numbered (or the short
    title when `short`), the first call's titles winning; the summary under its
    own name."""
    titles = {SUMMARY_KEY: str(_("案例简介"))}
    for call in calls:
        for section in call.sections.all():
            title = (section.short_title or section.title) if short \
                else f"{section.number}{section.title}"
            titles.setdefault(section.key, title)
    return titles


def standing_award_names(case: Case) -> list[str]:
    """The names of the case's awards not revoked: what a disqualification would revoke."""
    return list(case.awards.filter(revoked_at__isnull=True)
                .values_list("category__name", flat=True).order_by("category__order"))


def _section_order(match: SimilarityMatch, left: dict, right: dict) -> list[str]:
    """The summary first (an archived case is often nothing else), then the
    call's sections in order, then keys only the other call has."""
    ordered = [SUMMARY_KEY, *(section.key for section in match.call.sections.all())]
    keys = [key for key in ordered if key in left or key in right]
    return keys + sorted((left.keys() | right.keys()) - set(keys))


def comparison(match: SimilarityMatch) -> list[SectionComparison]:
    """Both cases section by section, the passages of twelve or more characters
    (after normalising) that also occur anywhere in the other case marked."""
    left, right = case_texts(match.case_a), case_texts(match.case_b)
    marked_left, marked_right = passages.mark_shared(left, right)
    titles = section_titles(match.case_a.call, match.case_b.call)
    return [
        SectionComparison(key=key, title=titles.get(key, key), scores=match.sections.get(key),
                          left=marked_left.get(key, []), right=marked_right.get(key, []))
        for key in _section_order(match, left, right)
    ]
