"""Writes on the expert pool and on conflicts of interest: each audited.

Experts are found again by email: adding or importing someone already on
record updates them and puts them in the call's pool, never a second row.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.sites.models import Site
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from casebook.accounts.selectors import forget_roles
from casebook.calls.enums import StaffRole
from casebook.calls.models import Call, CallStaff
from casebook.core.services import record_event
from casebook.notifications.services import queue_email
from casebook.organizations.services import units_named
from casebook.submissions.models import Case

from . import selectors
from .enums import ConflictKind, ConflictSource, PoolStatus
from .models import CallExpert, ConflictOfInterest, Expert
from .sheet import ExpertRow, RowProblem, Sheet

# --- The pool ------------------------------------------------------------------------------


def _save_expert(*, row: ExpertRow, actor) -> tuple[Expert, bool]:
    """Create the expert of `row.email`, or update them with the values the row gives."""
    expert = Expert.objects.filter(email=row.email.lower()).first()
    created = expert is None
    expert = expert or Expert(email=row.email)
    for name in ["name", "title", "province"]:
        if getattr(row, name):
            setattr(expert, name, getattr(row, name))
    for name in ["domains", "keywords"]:
        if getattr(row, name):
            setattr(expert, name, list(getattr(row, name)))
    if row.affiliation:
        expert.affiliation = units_named(names=[row.affiliation], actor=actor)[0]
    expert.full_clean(validate_unique=False)
    expert.save()
    return expert, created


def _join_pool(*, call: Call, expert: Expert) -> CallExpert:
    entry, _created = CallExpert.objects.get_or_create(call=call, expert=expert)
    return entry


def add_expert(*, call: Call, actor, name: str, email: str, title: str = "", affiliation: str = "",
               province: str = "", domains: Iterable[str] = (), keywords: Iterable[str] = ()) -> CallExpert:
    """Put one expert in the call's pool (待邀请), creating or updating them by email.

    Side effects: the Expert (and a bare Organization for an unknown unit name), the
    CallExpert, an AuditEvent `expert.added`.
    """
    row = ExpertRow(row=0, name=name.strip(), title=title.strip(), affiliation=affiliation.strip(),
                    province=province, domains=list(domains), keywords=list(keywords),
                    email=email.strip().lower())
    with transaction.atomic():
        expert, created = _save_expert(row=row, actor=actor)
        entry = _join_pool(call=call, expert=expert)
        record_event(actor=actor, action="expert.added", subject=expert, call=call,
                     email=expert.email, created=created)
    return entry


@dataclass
class ImportResult:
    created: list[Expert] = field(default_factory=list)
    updated: list[Expert] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)

    @property
    def kept(self) -> int:
        return len(self.created) + len(self.updated)


def import_experts(*, call: Call, sheet: Sheet, actor, filename: str = "") -> ImportResult:
    """Keep the good rows of an expert sheet: each creates or updates its expert
    by email and puts them in the call's pool. Bad rows are reported, not saved.

    Side effects: Experts, bare Organizations for unknown unit names, CallExperts,
    one AuditEvent `experts.imported` with the counts and the rejected rows.
    """
    result = ImportResult(problems=list(sheet.problems))
    with transaction.atomic():
        for row in sheet.rows:
            try:
                with transaction.atomic():
                    expert, created = _save_expert(row=row, actor=actor)
            except ValidationError as error:
                result.problems.append(RowProblem(row.row, "；".join(error.messages)))
                continue
            _join_pool(call=call, expert=expert)
            (result.created if created else result.updated).append(expert)
        result.problems.sort(key=lambda problem: problem.row)
        record_event(actor=actor, action="experts.imported", subject=call, call=call, filename=filename,
                     created=len(result.created), updated=len(result.updated),
                     rejected=[{"row": p.row, "reason": p.reason} for p in result.problems])
    return result


# --- Invitations ------------------------------------------------------------------------------


def invitation_url(entry: CallExpert) -> str:
    """The invitation page's absolute address, for the email."""
    domain = Site.objects.get_current().domain
    path = reverse("experts:invitation", kwargs={"token": entry.token})
    return f"{settings.ACCOUNT_DEFAULT_HTTP_PROTOCOL}://{domain}{path}"


def invite_expert(*, entry: CallExpert, actor) -> CallExpert:
    """Email the expert an invitation to review for the call, with a link to sign
    up or sign in and accept. Inviting again sends the invitation again, unless
    they have already accepted.

    Side effects: status 已邀请 and `invited_at`, a Notification, an AuditEvent `expert.invited`.
    """
    if entry.status == PoolStatus.ACCEPTED:
        raise ValidationError(_("%(name)s 已接受邀请，无需再次邀请。") % {"name": entry.expert.name})
    with transaction.atomic():
        entry.status = PoolStatus.INVITED
        entry.invited_at = timezone.now()
        entry.answered_at = None
        entry.save(update_fields=["status", "invited_at", "answered_at", "updated_at"])
        body = render_to_string("experts/email/invitation.txt", {
            "entry": entry, "expert": entry.expert, "call": entry.call, "url": invitation_url(entry)})
        subject = _("【%(call)s】评审专家邀请") % {"call": entry.call.title}
        queue_email(key=f"expert_invitation:{entry.pk}:{entry.invited_at.isoformat()}",
                    to=entry.expert.email, subject=subject[:200], body=body, call=entry.call)
        record_event(actor=actor, action="expert.invited", subject=entry.expert, call=entry.call,
                     email=entry.expert.email)
    return entry


def _check_invitee(entry: CallExpert, user) -> None:
    expert = entry.expert
    if user.email.lower() != expert.email.lower():
        raise ValidationError(_("该邀请发给 %(email)s，请用该邮箱注册或登录后再接受。")
                              % {"email": expert.email})
    if expert.user_id and expert.user_id != user.pk:
        raise ValidationError(_("该专家信息已关联其他账号，请与组委会联系。"))


def accept_invitation(*, entry: CallExpert, user) -> CallExpert:
    """The invited expert, signed in with the invited email, agrees to review.

    Side effects: the Expert linked to `user`, status 已接受, the call's expert
    role (CallStaff) for `user`, an AuditEvent `expert.accepted`.
    """
    _check_invitee(entry, user)
    with transaction.atomic():
        expert = entry.expert
        if expert.user_id != user.pk:
            expert.user = user
            expert.save(update_fields=["user", "updated_at"])
        entry.status = PoolStatus.ACCEPTED
        entry.answered_at = timezone.now()
        entry.save(update_fields=["status", "answered_at", "updated_at"])
        CallStaff.objects.get_or_create(call=entry.call, user=user, role=StaffRole.EXPERT)
        record_event(actor=user, action="expert.accepted", subject=expert, call=entry.call,
                     email=expert.email, user=user.pk)
    forget_roles(user)
    return entry


def decline_invitation(*, entry: CallExpert, user) -> CallExpert:
    """The invited expert will not review for this call.

    Side effects: status 已谢绝, the call's expert role removed, an AuditEvent `expert.declined`.
    """
    _check_invitee(entry, user)
    with transaction.atomic():
        entry.status = PoolStatus.DECLINED
        entry.answered_at = timezone.now()
        entry.save(update_fields=["status", "answered_at", "updated_at"])
        CallStaff.objects.filter(call=entry.call, user=user, role=StaffRole.EXPERT).delete()
        record_event(actor=user, action="expert.declined", subject=entry.expert, call=entry.call,
                     email=entry.expert.email)
    forget_roles(user)
    return entry


# --- Conflicts of interest -----------------------------------------------------------------------


@dataclass(frozen=True)
class RefreshSummary:
    automatic: int
    removed: int
    by_kind: dict


def refresh_conflicts(*, call: Call, actor=None, cross_province: bool = False) -> RefreshSummary:
    """Recompute the call's automatic conflicts: they replace the automatic ones
    stored before; declared and secretariat ones stay. Locks the call row, so
    two refreshes do not interleave.

    Side effects: ConflictOfInterest rows (source 系统识别), an AuditEvent `conflicts.refreshed`.
    """
    with transaction.atomic():
        Call.objects.select_for_update().filter(pk=call.pk).first()
        found = selectors.conflicts_for_call(call, cross_province=cross_province)
        removed, _details = ConflictOfInterest.objects.filter(
            call=call, source=ConflictSource.AUTOMATIC).delete()
        ConflictOfInterest.objects.bulk_create([
            ConflictOfInterest(call=call, case_id=c.case_id, expert_id=c.expert_id, kind=c.kind,
                               reason=c.reason, source=ConflictSource.AUTOMATIC, created_by=None)
            for c in found
        ], batch_size=500)
        by_kind = {kind: sum(1 for c in found if c.kind == kind) for kind in {c.kind for c in found}}
        record_event(actor=actor, action="conflicts.refreshed", subject=call, call=call,
                     automatic=len(found), removed=removed, cross_province=cross_province,
                     by_kind={str(k): v for k, v in sorted(by_kind.items())})
    return RefreshSummary(automatic=len(found), removed=removed, by_kind=by_kind)


def _check_pair(*, call: Call, expert: Expert, case: Case, reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("登记回避关系必须写明理由。"))
    if case.call_id != call.pk:
        raise ValidationError(_("案例不属于本评选活动。"))
    if not CallExpert.objects.filter(call=call, expert=expert).exists():
        raise ValidationError(_("%(name)s 不在本活动的专家库中。") % {"name": expert.name})
    return reason


def add_conflict(*, call: Call, expert: Expert, case: Case, reason: str, actor) -> ConflictOfInterest:
    """The secretariat rules that `expert` must not review `case` (组委会认定).

    Side effects: a ConflictOfInterest (source 组委会认定), an AuditEvent `conflict.added`.
    """
    reason = _check_pair(call=call, expert=expert, case=case, reason=reason)
    return _record_conflict(call=call, expert=expert, case=case, reason=reason, actor=actor,
                            source=ConflictSource.SECRETARIAT, action="conflict.added")


def declare_conflict(*, expert: Expert, case: Case, reason: str, actor) -> ConflictOfInterest:
    """The expert declares a conflict with `case` (专家申报), e.g. a former employer.

    Side effects: a ConflictOfInterest (source 专家申报), an AuditEvent `conflict.declared`.
    """
    reason = _check_pair(call=case.call, expert=expert, case=case, reason=reason)
    return _record_conflict(call=case.call, expert=expert, case=case, reason=reason, actor=actor,
                            source=ConflictSource.DECLARED, action="conflict.declared")


def _record_conflict(*, call, expert, case, reason, actor, source, action) -> ConflictOfInterest:
    with transaction.atomic():
        conflict = ConflictOfInterest.objects.create(
            call=call, expert=expert, case=case, source=source, kind=ConflictKind.OTHER,
            reason=reason, created_by=actor if getattr(actor, "is_authenticated", False) else None)
        record_event(actor=actor, action=action, subject=conflict, call=call, case=case.number or case.pk,
                     expert=expert.email, reason=reason)
    return conflict
