"""The secretariat's pages of a call (/manage/<slug>/…): the case list, one case
with its decisions, the deadline and late access.

Every view answers 404 for a call the user does not work on, like for a call
that does not exist; each decision goes through one service, which audits it.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from casebook.calls.services import extend_deadline
from casebook.organizations.services import confirm_unit

from .. import selectors_manage as selectors
from .. import services
from ..enums import CaseStatus
from ..forms_manage import (
    CaseFilterForm,
    ExtensionForm,
    LateAccessForm,
    OverrideForm,
    RulingForm,
)

CASES_PER_PAGE = 50
RULING_STATUSES = {CaseStatus.SUBMITTED, CaseStatus.ELIGIBLE, CaseStatus.INELIGIBLE}


def _decide(form, action: Callable[[dict], object]) -> bool:
    """Run `action` with the form's data when the form is valid; the service's
    refusal (a Chinese ValidationError) becomes the form's error."""
    if not form.is_valid():
        return False
    try:
        action(form.cleaned_data)
    except ValidationError as error:
        form.add_error(None, error)
        return False
    return True


# --- The case list -------------------------------------------------------------------


@dataclass(frozen=True)
class FacetLink:
    label: str
    count: int
    href: str
    active: bool


def _toggle(query: QueryDict, name: str, value: str, active: bool) -> str:
    """The list's query string with `name` set to `value`, or cleared when it is
    the active value; back to the first page either way."""
    params = query.copy()
    params.pop("page", None)
    if active:
        params.pop(name, None)
    else:
        params[name] = value
    return f"?{params.urlencode()}" if params else "?"


def _facet_links(query: QueryDict, facet: selectors.Facet) -> list[FacetLink]:
    return [FacetLink(v.label, v.count, _toggle(query, facet.name, v.value, v.active), v.active)
            for v in facet.values]


@login_required
def case_list(request, slug):
    call = selectors.managed_call(slug=slug, user=request.user)
    form = CaseFilterForm(request.GET, call=call)
    form.is_valid()  # the errors are shown; the valid filters apply
    listing = selectors.cases_for_secretariat(call=call, filters=form.filters())
    page = Paginator(listing.cases, CASES_PER_PAGE).get_page(request.GET.get("page"))
    facets = [(facet, _facet_links(request.GET, facet)) for facet in listing.facets]
    return render(request, "submissions/manage/case_list.html", {
        "call": call, "form": form, "page": page, "facets": facets,
        "status_facet": listing.status_facet,
        "filtered": any(facet.active for facet in listing.facets) or bool(form.filters().q),
    })


# --- One case ----------------------------------------------------------------------------


def _managed_case(request, slug, ref):
    call = selectors.managed_call(slug=slug, user=request.user)
    case = selectors.case_for_secretariat(call=call, ref=ref)
    if not request.user.has_perm("submissions.change_case", case):
        raise Http404
    return call, case


def _case_url(case) -> str:
    return reverse("manage:case", args=[case.call.slug, case.number or case.pk])


def _case_page(request, call, case, *, override_form=None, override_code="", ruling_form=None):
    return render(request, "submissions/manage/case_detail.html", {
        "call": call, "case": case,
        "sections": selectors.case_sections(case),
        "history": selectors.case_history(case),
        "override_form": override_form or OverrideForm(), "override_code": override_code,
        "ruling_form": ruling_form or RulingForm(),
        "can_rule": case.status in RULING_STATUSES,
        "can_recheck": case.status != CaseStatus.DRAFT,
    })


@login_required
def case_detail(request, slug, ref):
    call, case = _managed_case(request, slug, ref)
    return _case_page(request, call, case)


@require_POST
@login_required
def recheck_case(request, slug, ref):
    _call, case = _managed_case(request, slug, ref)
    services.run_eligibility(case=case, actor=request.user)
    messages.success(request, _("已按活动规则重新检查该案例。"))
    return redirect(_case_url(case) + "#eligibility")


@require_POST
@login_required
def confirm_lead_unit(request, slug, ref):
    """The secretariat confirms a lead unit registered from an email."""
    _call, case = _managed_case(request, slug, ref)
    unit = confirm_unit(organization=case.lead_organization, actor=request.user)
    messages.success(request, _("已确认单位“%(unit)s”。") % {"unit": unit.name})
    return redirect(_case_url(case))


@require_POST
@login_required
def override_problem(request, slug, ref, code):
    call, case = _managed_case(request, slug, ref)
    problem = get_object_or_404(case.problems.all(), code=code, overridden_at__isnull=True)
    form = OverrideForm(request.POST)
    if _decide(form, lambda data: services.override_problem(
            problem=problem, actor=request.user, reason=data["reason"])):
        messages.success(request, _("已豁免“%(problem)s”。") % {
            "problem": problem.get_code_display()})
        return redirect(_case_url(case) + "#eligibility")
    return _case_page(request, call, case, override_form=form, override_code=code)


@require_POST
@login_required
def rule_on_case(request, slug, ref):
    call, case = _managed_case(request, slug, ref)
    form = RulingForm(request.POST)
    if _decide(form, lambda data: services.rule_on_eligibility(
            case=case, actor=request.user, eligible=data["eligible"], reason=data["reason"])):
        messages.success(request, _("已判定：%(decision)s。") % {
            "decision": _("符合条件") if form.cleaned_data["eligible"] else _("不符合条件")})
        return redirect(_case_url(case) + "#eligibility")
    return _case_page(request, call, case, ruling_form=form)


# --- Deadline, late access, bulk checks -----------------------------------------------


def _deadline_page(request, call, *, extension_form=None, late_form=None):
    return render(request, "submissions/manage/deadline.html", {
        "call": call,
        "extension_form": extension_form or ExtensionForm(),
        "late_form": late_form or LateAccessForm(call=call),
        "grants": selectors.late_accesses(call),
    })


def _deadline_url(call) -> str:
    return reverse("manage:deadline", args=[call.slug])


@login_required
def deadline(request, slug):
    return _deadline_page(request, selectors.managed_call(slug=slug, user=request.user))


@require_POST
@login_required
def extend(request, slug):
    call = selectors.managed_call(slug=slug, user=request.user)
    form = ExtensionForm(request.POST)
    if _decide(form, lambda data: extend_deadline(
            call=call, until=data["until"], actor=request.user, reason=data["reason"])):
        messages.success(request, _("已延期，通知页已公告新的截止时间。"
                                    "截止时间影响逾期和运行时间的检查，可在下方重新检查全部案例。"))
        return redirect(_deadline_url(call))
    return _deadline_page(request, call, extension_form=form)


@require_POST
@login_required
def grant_late_access(request, slug):
    call = selectors.managed_call(slug=slug, user=request.user)
    form = LateAccessForm(request.POST, call=call)
    if _decide(form, lambda data: services.grant_late_access(
            call=call, organization=data["organization"], until=data["until"],
            reason=data["reason"], actor=request.user)):
        messages.success(request, _("已允许“%(unit)s”单独延期提交。") % {
            "unit": form.cleaned_data["organization"].name})
        return redirect(_deadline_url(call))
    return _deadline_page(request, call, late_form=form)


@require_POST
@login_required
def recheck_all(request, slug):
    call = selectors.managed_call(slug=slug, user=request.user)
    result = services.recheck_call(call=call, actor=request.user)
    messages.success(request, _("已重新检查 %(checked)d 件案例，其中 %(flagged)d 件有待处理的问题。")
                     % result)
    return redirect(_deadline_url(call))
