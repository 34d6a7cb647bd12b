"""The secretariat's assignment page of a round (/manage/<slug>/review/<key>/assignment/):
each case with its experts, each expert's load, pinning and re-solving. Every
view answers 404 to anyone but the call's secretariat (and superusers), as for
a call or round that does not exist."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import selectors, services


def _page_url(round) -> str:
    return reverse("review:assignment", args=[round.call.slug, round.key])


@login_required
def assignment(request, slug, key):
    round = selectors.round_for_assignment(slug=slug, key=key, user=request.user)
    return render(request, "review/assignment.html", {
        "call": round.call, "round": round, "overview": selectors.assignment_overview(round),
        "rounds": selectors.call_rounds(round.call),
    })


@require_POST
@login_required
def solve(request, slug, key):
    round = selectors.round_for_assignment(slug=slug, key=key, user=request.user)
    try:
        result = services.solve_round(round=round, actor=request.user)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, _("已重新分配：%(pairs)d 个分配，总匹配度 %(objective).2f。") % {
            "pairs": len(result.assignments), "objective": result.objective})
    return redirect(_page_url(round))


@require_POST
@login_required
def pin(request, slug, key, pk):
    round = selectors.round_for_assignment(slug=slug, key=key, user=request.user)
    row = selectors.assignment_of_round(round=round, pk=pk)
    pinned = request.POST.get("pinned") == "1"
    services.set_pinned(assignment=row, pinned=pinned, actor=request.user)
    messages.success(request, (_("已锁定：%(case)s · %(expert)s") if pinned else _("已解除锁定：%(case)s · %(expert)s"))
                     % {"case": row.case.number, "expert": row.expert.name})
    return redirect(_page_url(round))


@require_POST
@login_required
def swap(request, slug, key, pk):
    """Another expert for one case, chosen by the secretariat (the new pair is pinned)."""
    round = selectors.round_for_assignment(slug=slug, key=key, user=request.user)
    row = selectors.assignment_of_round(round=round, pk=pk)
    expert = selectors.expert_to_assign(round.call, request.POST.get("expert", ""))
    before = row.expert.name
    try:
        services.swap_expert(assignment=row, expert=expert, actor=request.user)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, _("已替换：%(case)s 由 %(after)s 代替 %(before)s 评审（已锁定）。")
                         % {"case": row.case.number, "after": expert.name, "before": before})
    return redirect(f"{_page_url(round)}#case-{row.case_id}")
