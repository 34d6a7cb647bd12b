"""The secretariat's experts pages of a call (/manage/<slug>/experts/…): the pool
with its filters, adding, inviting and importing experts, and the conflicts of
interest. Every view answers 404 to anyone but the call's secretariat (and
superusers), as for a call that does not exist."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from casebook.submissions.views.secretariat import _decide as decide

from .. import selectors, services
from ..enums import PoolStatus
from ..forms import ConflictForm, ExpertForm, ImportForm, PoolFilterForm, RefreshForm
from ..sheet import SheetError, read_sheet, template_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _pool_url(call) -> str:
    return reverse("experts:pool", args=[call.slug])


@login_required
def pool(request, slug):
    call = selectors.call_for_pool(slug=slug, user=request.user)
    form = PoolFilterForm(request.GET, domains=selectors.domain_choices(call))
    form.is_valid()  # a bad filter is named; the others still apply
    filters = selectors.PoolFilters(**{name: form.value(name) for name in ["province", "domain", "status"]})
    return render(request, "experts/pool.html", {
        "call": call, "form": form, "entries": selectors.pool_for_call(call, filters),
        "counts": selectors.pool_counts(call), "statuses": PoolStatus,
    })


@login_required
def add(request, slug):
    call = selectors.call_for_pool(slug=slug, user=request.user)
    form = ExpertForm(request.POST or None)
    if request.method == "POST" and decide(form, lambda data: services.add_expert(
            call=call, actor=request.user, **data)):
        messages.success(request, _("已将 %(name)s 加入本活动专家库。") % {"name": form.cleaned_data["name"]})
        return redirect(_pool_url(call))
    return render(request, "experts/add.html", {"call": call, "form": form})


@require_POST
@login_required
def invite(request, slug, pk):
    call = selectors.call_for_pool(slug=slug, user=request.user)
    entry = selectors.pool_entry(call=call, pk=pk)
    try:
        services.invite_expert(entry=entry, actor=request.user)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, _("已向 %(email)s 发送邀请邮件。") % {"email": entry.expert.email})
    return redirect(_pool_url(call))


@login_required
def sheet_template(request, slug):
    call = selectors.call_for_pool(slug=slug, user=request.user)
    response = HttpResponse(template_workbook(), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=_("专家信息表-%(call)s.xlsx") % {"call": call.slug})
    return response


@login_required
def import_sheet(request, slug):
    call = selectors.call_for_pool(slug=slug, user=request.user)
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["sheet"]
        try:
            sheet = read_sheet(upload.read())
        except SheetError as error:
            form.add_error("sheet", str(error))
        else:
            result = services.import_experts(call=call, sheet=sheet, actor=request.user,
                                             filename=upload.name)
    return render(request, "experts/import.html", {"call": call, "form": form, "result": result})


# --- Conflicts of interest -------------------------------------------------------------------


def _conflicts_page(request, call, *, conflict_form=None, refresh_form=None):
    return render(request, "experts/conflicts.html", {
        "call": call, "conflicts": selectors.conflicts_of_call(call),
        "conflict_form": conflict_form or ConflictForm(call=call),
        "refresh_form": refresh_form or RefreshForm(),
    })


@login_required
def conflicts(request, slug):
    call = selectors.call_for_pool(slug=slug, user=request.user)
    return _conflicts_page(request, call)


@require_POST
@login_required
def refresh_conflicts(request, slug):
    call = selectors.call_for_pool(slug=slug, user=request.user)
    form = RefreshForm(request.POST)
    form.is_valid()
    summary = services.refresh_conflicts(call=call, actor=request.user,
                                         cross_province=bool(form.cleaned_data.get("cross_province")))
    messages.success(request, _("已重新识别回避关系：系统识别 %(count)d 条。") % {"count": summary.automatic})
    return redirect(reverse("experts:conflicts", args=[call.slug]))


@require_POST
@login_required
def add_conflict(request, slug):
    call = selectors.call_for_pool(slug=slug, user=request.user)
    form = ConflictForm(request.POST, call=call)
    if decide(form, lambda data: services.add_conflict(
            call=call, expert=data["expert"].expert, case=data["case"], reason=data["reason"],
            actor=request.user)):
        messages.success(request, _("已登记回避关系。"))
        return redirect(reverse("experts:conflicts", args=[call.slug]))
    return _conflicts_page(request, call, conflict_form=form)
