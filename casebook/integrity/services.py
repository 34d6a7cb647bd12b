"""Writes of the integrity checks: scanning a call for near-duplicate cases, the
secretariat's decisions on the pairs found, and disqualification (撤销资格).

The comparison itself is the pure engine in `similarity`; this module feeds it
cases and stores what it finds.
"""

from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import asdict, dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from casebook.core.services import record_event
from casebook.submissions.enums import CaseStatus
from casebook.submissions.models import Case
from casebook.submissions.services import change_case_status

from . import selectors
from .enums import MatchStatus
from .models import SimilarityMatch
from .similarity import find_near_duplicates

# Pairs are stored from this score up, so that the secretariat may lower the
# page's threshold below the default 0.5 and still see something.
SCAN_FLOOR = 0.3
# A dismissed pair opens again only when its score rose at least this much.
NOTICEABLE_RISE = 0.1


# --- Scanning -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ScanSummary:
    cases: int  # the call's handed-in cases compared
    archive: int  # published cases of other calls compared against
    found: int  # pairs at or above SCAN_FLOOR
    new: int
    reopened: int
    open: int  # pairs waiting for a decision after the scan


def scan_call(*, call, actor=None) -> ScanSummary:
    """Compare every handed-in case of `call` with each other and with every
    published case of every other call, and store the near-duplicate pairs.

    A pair found again gets its new scores; a dismissed pair stays dismissed
    unless its score rose by NOTICEABLE_RISE or more since the dismissal, and
    then opens again. Undecided pairs that are no longer found (a case was
    withdrawn or rewritten) are removed; decided ones stay on record. The
    comparison runs outside any transaction; storing locks the call row. Side
    effects: SimilarityMatch rows written and deleted, an AuditEvent
    `integrity.scanned` with the counts.
    """
    cases = list(selectors.cases_to_scan(call))
    archive = list(selectors.archive_cases(call))
    pairs = find_near_duplicates([selectors.document(c) for c in cases], threshold=SCAN_FLOOR,
                                 against=[selectors.document(c) for c in archive])
    compared = {**{c.pk: c for c in cases}, **{c.pk: c for c in archive}}
    with transaction.atomic():
        counts = _store(call, [_oriented(pair, compared, call) for pair in pairs],
                        compared=set(compared))
        summary = ScanSummary(cases=len(cases), archive=len(archive), found=len(pairs), **counts)
        record_event(actor=actor, action="integrity.scanned", subject=call, call=call,
                     **asdict(summary))
    return summary


@dataclass(frozen=True)
class _Found:
    case_a: Case
    case_b: Case
    reference: bool
    score: float
    jaccard: float
    containment: float
    sections: dict


def _oriented(pair, cases: dict, call) -> _Found:
    """The pair with the call's older case first; a case of another call is
    always `case_b` (a reference match)."""
    first, second = cases[pair.a], cases[pair.b]
    if second.call_id == call.pk and (first.call_id != call.pk or second.pk < first.pk):
        first, second = second, first
    return _Found(case_a=first, case_b=second, reference=second.call_id != call.pk,
                  score=pair.score, jaccard=pair.jaccard, containment=pair.containment,
                  sections={key: {name: float(value) for name, value in scores.items()}
                            for key, scores in sorted(pair.sections.items())})


def _store(call, found: list[_Found], *, compared: set[int]) -> dict:
    """Write the pairs of one scan. The call row is locked first, so that two
    scans of one call (two submissions at once) store one after the other."""
    from casebook.calls.models import Call

    Call.objects.select_for_update().get(pk=call.pk)
    now = timezone.now()
    existing = {(m.case_a_id, m.case_b_id): m for m in SimilarityMatch.objects.filter(call=call)}
    new, again, reopened = [], [], 0
    for item in found:
        match = existing.pop((item.case_a.pk, item.case_b.pk), None)
        if match is None:
            match = SimilarityMatch(call=call, case_a=item.case_a, case_b=item.case_b)
            new.append(match)
        else:
            again.append(match)
            if match.status == MatchStatus.DISMISSED and _rose(match, item):
                match.status = MatchStatus.OPEN
                reopened += 1
        match.reference = item.reference
        match.same_unit = selectors.share_a_unit(item.case_a, item.case_b)
        match.score, match.jaccard, match.containment = item.score, item.jaccard, item.containment
        match.sections, match.found_at = item.sections, now
    SimilarityMatch.objects.bulk_create(new)
    SimilarityMatch.objects.bulk_update(again, ["status", "reference", "same_unit", "score",
                                                "jaccard", "containment", "sections", "found_at"])
    _remove_lost(call, [m for m in existing.values() if m.status == MatchStatus.OPEN], compared)
    still_open = SimilarityMatch.objects.filter(call=call, status=MatchStatus.OPEN).count()
    return {"new": len(new), "reopened": reopened, "open": still_open}


def _remove_lost(call, unfound: list[SimilarityMatch], compared: set[int]) -> None:
    """Undecided pairs this scan did not find again go when the scan compared
    both cases (the texts changed), or when one case is out of the comparison
    now (withdrawn, no longer published). A pair with a case handed in after
    this scan read the cases is another scan's business."""
    comparable = set(selectors.cases_to_scan(call).values_list("pk", flat=True)) \
        | set(selectors.archive_cases(call).values_list("pk", flat=True))
    lost = [m.pk for m in unfound
            if {m.case_a_id, m.case_b_id} <= compared
            or not {m.case_a_id, m.case_b_id} <= comparable]
    SimilarityMatch.objects.filter(pk__in=lost).delete()


def _rose(match: SimilarityMatch, item: _Found) -> bool:
    before = match.decided_score if match.decided_score is not None else match.score
    return item.score >= before + NOTICEABLE_RISE


# Calls whose scan waits for the end of a batch (see `scans_deferred`); None outside one.
_deferred_scans: ContextVar[set | None] = ContextVar("deferred_scans", default=None)


def scan_after_submission(case: Case) -> None:
    """Queue a scan of the case's call once the transaction that handed the case
    in commits (see submissions.services.submit_case and record_case_received).
    Inside `scans_deferred` the call is only noted, and scanned once at its end."""
    call_id = case.call_id
    deferred = _deferred_scans.get()
    if deferred is not None:
        transaction.on_commit(lambda: deferred.add(call_id))
    else:
        transaction.on_commit(lambda: _queue_scan(call_id))


@contextmanager
def scans_deferred():
    """One scan per call for a whole batch (an intake run) instead of one per
    case handed in: a scan compares the whole call, so scanning after each of
    N emailed cases would cost N full scans. Queued when the batch ends, also
    when it ends with an error (the cases it handed in are committed)."""
    if _deferred_scans.get() is not None:  # already inside a batch: the outer one scans
        yield
        return
    calls: set[int] = set()
    token = _deferred_scans.set(calls)
    try:
        yield
    finally:
        _deferred_scans.reset(token)
        for call_id in sorted(calls):
            _queue_scan(call_id)


def _queue_scan(call_id: int) -> None:
    from .tasks import task_scan_call

    task_scan_call(call_id)


# --- Decisions on a pair ---------------------------------------------------------------------


def dismiss_match(*, match: SimilarityMatch, actor, note: str = "") -> SimilarityMatch:
    """The secretariat judges a pair "not a problem" (不是问题), e.g. two parts of
    one programme, or a unit's own earlier case it was entitled to build on.

    Remembered: later scans keep the pair dismissed unless it grows noticeably
    more similar. Side effects: the match's status, decider, time, score and
    note; an AuditEvent `integrity.match_dismissed`.
    """
    with transaction.atomic():
        match = SimilarityMatch.objects.select_for_update().get(pk=match.pk)
        if match.status != MatchStatus.OPEN:
            raise ValidationError(
                f"这对相似案例已处理（{match.get_status_display()}），无需再次处理。")
        _decide(match, status=MatchStatus.DISMISSED, actor=actor, reason=note.strip())
    return match


def _decide(match: SimilarityMatch, *, status: MatchStatus, actor, reason: str) -> None:
    before = match.status
    match.status = status
    match.decided_by = actor if getattr(actor, "is_authenticated", False) else None
    match.decided_at = timezone.now()
    match.decided_score = match.score
    match.reason = reason
    match.save(update_fields=["status", "decided_by", "decided_at", "decided_score", "reason"])
    action = ("integrity.match_dismissed" if status == MatchStatus.DISMISSED
              else "integrity.match_disqualification")
    record_event(actor=actor, action=action, subject=match, call=match.call,
                 before=before, after=str(status), reason=reason,
                 cases=[match.case_a.number, match.case_b.number],
                 score=round(match.score, 3))


# --- Disqualification (撤销资格) -----------------------------------------------------------------


def disqualify_case(*, case: Case, actor, reason: str,
                    match: SimilarityMatch | None = None) -> Case:
    """Disqualify `case` for false material (弄虚作假): at any stage, also after
    an award, always with a written reason.

    Side effects, in one transaction: status → disqualified through
    `change_case_status` (AuditEvent `case.status` with before, after and the
    reason), so the case leaves the results page, search and the collection;
    each award of the case kept on record but revoked (`revoked_at`,
    `revoked_reason`; AuditEvent `case.awards_revoked`); `match`, when the
    disqualification was opened from a pair of similar cases, recorded as
    decided (AuditEvent `integrity.match_disqualification`); an email to the
    unit queued per address (key `disqualified:<case pk>:<address>`).
    """
    reason = reason.strip()
    if not reason:
        raise ValidationError("撤销资格必须写明理由。")
    if case.status == CaseStatus.DISQUALIFIED:
        raise ValidationError("该案例已被撤销资格。")
    with transaction.atomic():
        case = change_case_status(case=case, to=CaseStatus.DISQUALIFIED, actor=actor,
                                  reason=reason)
        revoked = _revoke_awards(case, actor=actor, reason=reason)
        if match is not None and match.status == MatchStatus.OPEN:
            _decide(match, status=MatchStatus.DISQUALIFICATION_OPENED, actor=actor,
                    reason=reason)
        _notify_unit(case, reason=reason, awards=revoked)
    return case


def _revoke_awards(case: Case, *, actor, reason: str) -> list:
    awards = list(case.awards.select_for_update().filter(revoked_at__isnull=True)
                  .select_related("category"))
    if not awards:
        return []
    now = timezone.now()
    for award in awards:
        award.revoked_at, award.revoked_reason = now, reason
        award.save(update_fields=["revoked_at", "revoked_reason", "updated_at"])
    record_event(actor=actor, action="case.awards_revoked", subject=case, call=case.call,
                 awards=[award.category.name for award in awards], reason=reason)
    return awards


def _notify_unit(case: Case, *, reason: str, awards: list) -> None:
    from django.template.loader import render_to_string

    from casebook.notifications.services import queue_email

    subject = f"【{case.call.title}】案例撤销资格通知：{case.number} {case.title}"
    body = render_to_string("integrity/email/disqualified.txt",
                            {"case": case, "reason": reason, "awards": awards})
    for email in selectors.unit_addresses(case):
        queue_email(key=f"disqualified:{case.pk}:{email}", to=email, subject=subject[:200],
                    body=body, call=case.call)
