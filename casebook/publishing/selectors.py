"""Reads for what the public sees after a call: its results and the archive search."""

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.db.models.fields.json import KeyTextTransform
from django.db.models.lookups import IContains
from django.shortcuts import get_object_or_404

from casebook.awards.models import Award
from casebook.calls.models import AwardCategory, Call, Domain, Section
from casebook.calls.selectors import visible_calls
from casebook.submissions.enums import CaseStatus
from casebook.submissions.models import Case, CaseUnit

from . import search

# Statuses that never count as "submitted" in the figures a results page gives.
NOT_SUBMITTED = (CaseStatus.DRAFT, CaseStatus.WITHDRAWN)


# --- Results ----------------------------------------------------------------------------


@dataclass(frozen=True)
class CategoryResults:
    category: AwardCategory
    awards: list[Award]


@dataclass(frozen=True)
class CallResults:
    call: Call
    categories: list[CategoryResults]
    submission_count: int | None


def _public_awards() -> QuerySet[Award]:
    """Awards as the public may see them: a case disqualified after its award
    (弄虚作假) drops out, and so does a revoked award; organisation awards have
    no case and stay unless revoked."""
    return (
        Award.objects.filter(Q(case__isnull=True) | ~Q(case__status=CaseStatus.DISQUALIFIED),
                             revoked_at__isnull=True)
        .select_related("case__lead_organization", "organization")
        .prefetch_related("case__case_units__organization")
        .order_by("rank", "pk")
    )


def announced_results(*, slug: str, user) -> CallResults:
    """The results of a call whose results are announced; 404 before that."""
    call = get_object_or_404(
        visible_calls(user=user).filter(results_published_at__isnull=False), slug=slug,
    )
    categories = call.award_categories.prefetch_related(
        Prefetch("awards", queryset=_public_awards()),
    )
    return CallResults(
        call=call,
        categories=[CategoryResults(c, list(c.awards.all())) for c in categories if c.awards.all()],
        submission_count=_submission_count(call),
    )


def _submission_count(call: Call) -> int | None:
    """The announced figure for archived calls (their cases never passed through
    casebook); otherwise the cases actually submitted."""
    if call.reported_submission_count is not None:
        return call.reported_submission_count
    return call.cases.exclude(status__in=NOT_SUBMITTED).count() or None


# --- Archive search -------------------------------------------------------------------------


def published_cases() -> QuerySet[Case]:
    """Cases the public may read: awarded in a published call whose results are
    announced, and not disqualified since."""
    return (
        Case.objects.filter(call__published=True, call__results_published_at__isnull=False)
        .filter(Exists(Award.objects.filter(case=OuterRef("pk"), revoked_at__isnull=True)))
        .exclude(status=CaseStatus.DISQUALIFIED)
    )


@dataclass(frozen=True)
class SearchFilters:
    """The choices the search form offers: only what published results contain."""

    calls: QuerySet[Call]
    categories: QuerySet[AwardCategory]
    domains: QuerySet[Domain]


def search_filters() -> SearchFilters:
    calls = Call.objects.filter(published=True, results_published_at__isnull=False)
    return SearchFilters(
        calls=calls.order_by("-results_published_at"),
        categories=AwardCategory.objects.filter(call__in=calls).select_related("call")
        .order_by("-call__results_published_at", "order", "pk"),
        domains=Domain.objects.filter(call__in=calls).select_related("call", "parent")
        .order_by("-call__results_published_at", "order", "pk"),
    )


@dataclass
class CaseHit:
    case: Case
    score: int = 0
    excerpt: str = ""
    awards: list[Award] = field(default_factory=list)


@dataclass(frozen=True)
class SearchResult:
    hits: list[CaseHit]
    terms: list[search.Term]

    @property
    def words(self) -> list[str]:
        """Every spelling to mark in the hits."""
        return search.all_variants(self.terms)


def search_published_cases(
    *, query: str, call: Call | None = None, category: AwardCategory | None = None,
    domain: Domain | None = None,
) -> SearchResult:
    """Published cases matching every word of `query` (or all of them for an empty
    query), best match first; without a query, newest results first in award order.

    Matching is a portable icontains per variant (SQLite and PostgreSQL alike);
    ranking happens here in Python, over the few hundred cases an archive holds.
    """
    terms = search.parse_query(query)
    cases = _filtered(published_cases(), call=call, category=category, domain=domain)
    keys = _section_keys(call) if terms else []
    for term in terms:
        cases = cases.filter(_matches(term, keys))
    hits = [_hit(case, terms) for case in _with_display_data(cases)]
    hits.sort(key=_default_order)
    if terms:
        hits.sort(key=lambda hit: hit.score, reverse=True)
    return SearchResult(hits=hits, terms=terms)


def _filtered(cases, *, call, category, domain) -> QuerySet[Case]:
    if call is not None:
        cases = cases.filter(call=call)
    if category is not None:
        cases = cases.filter(Exists(Award.objects.filter(case=OuterRef("pk"), category=category)))
    if domain is not None:
        cases = cases.filter(Q(domain=domain) | Q(domain__parent=domain))
    return cases


def _section_keys(call: Call | None) -> list[str]:
    """The section keys case texts are stored under, for the calls searched.
    Section texts live in a JSON object; matching inside it portably means one
    key lookup per key (SQLite stores the JSON with \\u-escaped Chinese)."""
    sections = Section.objects.filter(call__results_published_at__isnull=False)
    if call is not None:
        sections = sections.filter(call=call)
    return sorted(set(sections.values_list("key", flat=True)))


def _matches(term: search.Term, section_keys: list[str]) -> Q:
    """A case matches a term when any variant occurs in its title, summary, unit
    names or section texts."""
    found = Q()
    for variant in term.variants:
        found |= (
            Q(title__icontains=variant)
            | Q(summary__icontains=variant)
            | Q(lead_organization__name__icontains=variant)
            | Q(Exists(CaseUnit.objects.filter(case=OuterRef("pk"),
                                               organization__name__icontains=variant)))
        )
        for key in section_keys:
            found |= Q(IContains(KeyTextTransform(key, "sections"), variant))
    return found


def _with_display_data(cases: QuerySet[Case]) -> QuerySet[Case]:
    return cases.select_related("call", "lead_organization", "domain").prefetch_related(
        "case_units__organization",
        Prefetch("awards", queryset=Award.objects.select_related("category")
                 .order_by("category__order", "rank", "pk")),
    )


def _hit(case: Case, terms: list[search.Term]) -> CaseHit:
    shown = {"title": case.title, "summary": case.summary, "units": case.units_display}
    body = "\n".join(str(text) for text in case.sections.values() if text)
    shown_score = search.score(shown, terms)
    body_score = search.score({"body": body}, terms)
    return CaseHit(
        case=case,
        score=shown_score + body_score,
        # Title, summary and units are shown whole; a body excerpt is only needed
        # to say why a case matched when none of them does.
        excerpt=search.excerpt(body, search.all_variants(terms)) if body_score and not shown_score
        else "",
        awards=list(case.awards.all()),
    )


def _default_order(hit: CaseHit):
    first = hit.awards[0] if hit.awards else None
    announced = hit.case.call.results_published_at
    return (-announced.timestamp(), hit.case.call_id,
            first.category.order if first else 0, first.rank if first else 0, hit.case.pk)

