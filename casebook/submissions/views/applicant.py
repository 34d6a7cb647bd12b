"""The applicant's case pages: my cases, the case form (with fill-from-form),
the case page, submission and withdrawal.

Every case is fetched through `selectors.case_for_applicant`, which answers 404
alike for another unit's case and a missing one.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import selectors, services
from ..forms import ApplicationFormUpload, CaseForm, WithdrawForm
from ..prefill import prefill, unit_mismatch
from ..selectors_manage import case_sections


@login_required
def my_cases(request):
    """我的案例: the person's cases by call, and the calls taking cases now."""
    return render(request, "submissions/my_cases.html", {
        "groups": selectors.my_cases(request.user),
        "open_calls": selectors.calls_taking_cases(user=request.user),
        "has_unit": selectors.lead_units(request.user).exists(),
    })


@login_required
def create(request, slug):
    call = selectors.call_for_new_case(slug=slug, user=request.user)
    units = selectors.lead_units(request.user)
    if not units.exists():
        messages.info(request, _("网上申报前，请先登记本单位，或申请加入已登记的单位。"))
        return redirect(f"{reverse('organizations:mine')}?{urlencode({'next': request.path})}")
    refusal = selectors.why_no_new_case(call=call, units=units)
    if refusal:
        messages.error(request, refusal)
        return redirect(call.get_absolute_url())
    return _case_form(request, call=call, units=units, case=None)


@login_required
def edit(request, pk):
    case = selectors.case_for_applicant(user=request.user, pk=pk)
    try:
        services.ensure_case_editable(case)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("submissions:detail", pk=case.pk)
    return _case_form(request, call=case.call, units=None, case=case)


def _case_form(request, *, call, units, case):
    """GET: the form; POST action=save (保存草稿), submit (提交) or fill (自动填充)."""
    context = {"call": call, "units": units, "case": case}
    action = request.POST.get("action", "save")
    if request.method == "POST" and action == "fill":
        return _fill(request, **context)
    if request.method != "POST":
        initial = CaseForm.initial_for(case) if case else None
        return _render_form(request, CaseForm(initial=initial, **context), **context)
    form = CaseForm(request.POST, **context)
    if form.is_valid():
        try:
            case = services.save_applicant_case(call=call, organization=form.lead_unit(),
                                                actor=request.user,
                                                case=case, **form.case_fields())
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            if action == "submit":
                return _submit(request, form, case=case, units=units)
            messages.success(request, _("已保存。"))
            return redirect("submissions:edit", pk=case.pk)
    return _render_form(request, form, **context)


def _submit(request, form, *, case, units):
    try:
        case = services.submit_case(case=case, actor=request.user)
    except ValidationError as error:
        # The draft is saved; the refusal (quota, deadline, declaration) stays on the form.
        messages.info(request, _("草稿已保存，但尚未提交。"))
        form.add_error(None, error.messages)
        return _render_form(request, form, call=case.call, units=units, case=case)
    return _submitted(request, case)


def _submitted(request, case):
    messages.success(request, _("案例已提交，案例编号为 %(number)s。") % {"number": case.number})
    return redirect("submissions:receipt", pk=case.pk)


def _fill(request, *, call, units, case):
    """Prefill the form from an uploaded application form and save it as a draft;
    an unreadable file says why on the upload field, keeping what was typed."""
    context = {"call": call, "units": units, "case": case}
    upload = ApplicationFormUpload(request.POST, request.FILES, call=call)
    if not upload.is_valid():
        form = CaseForm(initial=request.POST.dict(), **context)
        return _render_form(request, form, upload=upload, **context)
    filled = prefill(request.POST.dict(), upload.parsed, call=call)
    form = CaseForm(filled.data, **context)
    if not form.is_valid():
        _warn(request, _("申报书的内容已填入下面的表格，但尚未保存：请补全标出的内容后保存草稿。"),
              *filled.warnings)
        return _render_form(request, form, **context)
    lead = form.lead_unit()
    try:
        case, refusals = services.fill_case_from_form(
            uploaded_file=upload.cleaned_data["application_form"], call=call, organization=lead,
            actor=request.user, case=case, **form.case_fields())
    except ValidationError as error:
        form.add_error(None, error.messages)
        return _render_form(request, form, **context)
    messages.success(request, _("已读取申报书“%(name)s”，内容已填入并保存为草稿，请逐项核对。")
                     % {"name": upload.cleaned_data["application_form"].name})
    _warn(request, *filled.warnings, *unit_mismatch(upload.parsed, lead), *refusals)
    return redirect("submissions:edit", pk=case.pk)


def _warn(request, *warnings: str) -> None:
    for warning in warnings:
        messages.warning(request, warning)


def _render_form(request, form, *, call, units, case, upload=None):
    return render(request, "submissions/case_form.html", {
        "form": form,
        "upload": upload or ApplicationFormUpload(call=call),
        "call": call,
        "case": case,
        "problems": selectors.case_problems(case) if case else [],
    })


@login_required
def detail(request, pk):
    case = selectors.case_for_applicant(user=request.user, pk=pk)
    return render(request, "submissions/case_detail.html", {
        "case": case,
        "sections": case_sections(case),
        "problems": selectors.case_problems(case),
        "history": selectors.case_history(case),
    })


@login_required
@require_POST
def submit(request, pk):
    """提交 from the case page: the draft as saved."""
    case = selectors.case_for_applicant(user=request.user, pk=pk)
    if not request.user.has_perm("submissions.submit_case", case):
        raise Http404
    try:
        case = services.submit_case(case=case, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("submissions:detail", pk=case.pk)
    return _submitted(request, case)


@login_required
def withdraw(request, pk):
    """GET: confirm, with an optional reason; POST: withdraw."""
    case = selectors.case_for_applicant(user=request.user, pk=pk)
    if not request.user.has_perm("submissions.withdraw_case", case):
        messages.error(request, _("案例当前状态为“%(status)s”，不能撤回。")
                       % {"status": case.get_status_display()})
        return redirect("submissions:detail", pk=case.pk)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.withdraw_case(case=case, actor=request.user,
                                   reason=form.cleaned_data["reason"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("案例“%(title)s”已撤回。") % {"title": case.title})
        return redirect("submissions:detail", pk=case.pk)
    return render(request, "submissions/case_withdraw.html", {"case": case, "form": form})
