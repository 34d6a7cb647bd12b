"""The secretariat's integrity pages of a call (/manage/<slug>/integrity/…): the
pairs of similar cases, one pair side by side, the decisions on a pair, and
disqualifying a case (/manage/<slug>/cases/<ref>/disqualify/).

Every view answers 404 for a call the user does not work on, like for a call
that does not exist; each decision goes through one service, which audits it.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from casebook.submissions import selectors_manage
from casebook.submissions.enums import TRANSITIONS, CaseStatus
from casebook.submissions.views.secretariat import _decide as decide

from . import selectors, services
from .forms import DismissForm, DisqualifyForm, ThresholdForm
from .models import SimilarityMatch

MATCHES_PER_PAGE = 50


def _list_url(call) -> str:
    return reverse("integrity:matches", args=[call.slug])


@login_required
def match_list(request, slug):
    call = selectors_manage.managed_call(slug=slug, user=request.user)
    form = ThresholdForm(request.GET)
    form.is_valid()  # a bad threshold is named; the default applies
    matches = selectors.matches_for_call(call=call, threshold=form.threshold_value(),
                                         decided=form.show_decided())
    return render(request, "integrity/match_list.html", {
        "call": call, "form": form,
        "page": Paginator(matches, MATCHES_PER_PAGE).get_page(request.GET.get("page")),
        "threshold": round(form.threshold_value() * 100),
        "counts": selectors.match_counts(call), "last_scan": selectors.last_scan(call),
        "section_titles": selectors.section_titles(call, short=True),
    })


@require_POST
@login_required
def scan(request, slug):
    call = selectors_manage.managed_call(slug=slug, user=request.user)
    summary = services.scan_call(call=call, actor=request.user)
    messages.success(request, _(
        "检测完成：比对本活动案例 %(cases)d 件、往届已发布案例 %(archive)d 件，"
        "新发现相似案例 %(new)d 对，待处理 %(open)d 对。") % {
            "cases": summary.cases, "archive": summary.archive, "new": summary.new,
            "open": summary.open})
    return redirect(_list_url(call))


def _match_page(request, call, match, *, dismiss_form=None):
    return render(request, "integrity/match_detail.html", {
        "call": call, "match": match, "sections": selectors.comparison(match),
        "dismiss_form": dismiss_form or DismissForm(),
    })


@login_required
def match_detail(request, slug, pk):
    call = selectors_manage.managed_call(slug=slug, user=request.user)
    return _match_page(request, call, selectors.match_of_call(call=call, pk=pk))


@require_POST
@login_required
def dismiss(request, slug, pk):
    call = selectors_manage.managed_call(slug=slug, user=request.user)
    match = selectors.match_of_call(call=call, pk=pk)
    form = DismissForm(request.POST)
    if decide(form, lambda data: services.dismiss_match(match=match, actor=request.user,
                                                        note=data["note"])):
        messages.success(request, _("已标记为“不是问题”。重新检测时不再列出这对案例，除非相似度明显升高。"))
        return redirect(_list_url(call))
    return _match_page(request, call, match, dismiss_form=form)


# --- Disqualification (撤销资格) ------------------------------------------------------------


def _pair_of(request, call, case) -> SimilarityMatch | None:
    """The pair the disqualification was opened from (?match=), if any; it must
    be one of the call's pairs and include the case."""
    pk = request.POST.get("match") or request.GET.get("match")
    if not pk:
        return None
    if not str(pk).isdigit():
        raise Http404
    match = selectors.match_of_call(call=call, pk=int(pk))
    if case.pk not in (match.case_a_id, match.case_b_id):
        raise Http404
    return match


@login_required
def disqualify(request, slug, ref):
    call = selectors_manage.managed_call(slug=slug, user=request.user)
    case = selectors_manage.case_for_secretariat(call=call, ref=ref)
    if not request.user.has_perm("submissions.change_case", case):
        raise Http404
    match = _pair_of(request, call, case)
    form = DisqualifyForm(request.POST or None)
    if request.method == "POST" and decide(form, lambda data: services.disqualify_case(
            case=case, actor=request.user, reason=data["reason"], match=match)):
        messages.success(request, _("已撤销“%(title)s”的资格，并已通知申报单位。") % {
            "title": case.title})
        return redirect(reverse("manage:case", args=[call.slug, case.number or case.pk]))
    return render(request, "integrity/disqualify.html", {
        "call": call, "case": case, "match": match, "form": form,
        "awards": selectors.standing_award_names(case),
        "can_disqualify": CaseStatus.DISQUALIFIED in TRANSITIONS[case.status],
    })
