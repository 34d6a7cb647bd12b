"""The applicant's unit pages: register a unit, join one, confirm who acts for it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import selectors, services
from .forms import FindUnitForm, UnitForm


def _next_url(request) -> str:
    """Where to go once the unit is settled (the case form that sent the person here)."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure())
    return target if safe else ""


def _with_next(url: str, next_url: str) -> str:
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


@login_required
def my_units(request):
    """The units the person acts for or asked to join; find a registered unit by its code."""
    form = FindUnitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        unit = selectors.matching_unit(credit_code=form.cleaned_data["credit_code"])
        if unit:
            join_url = reverse("organizations:join", args=[unit.pk])
            return redirect(_with_next(join_url, _next_url(request)))
        form.add_error("credit_code", _("没有找到统一社会信用代码为 %(code)s 的单位。请核对，"
                                        "或登记新单位。") % {"code": form.cleaned_data["credit_code"]})
    return render(request, "organizations/my_units.html", {
        "memberships": selectors.memberships_of(request.user),
        "find_form": form,
        "next": _next_url(request),
    })


@login_required
def register(request):
    form = UnitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = services.register_unit(actor=request.user, **form.cleaned_data)
        unit, next_url = result.unit, _next_url(request)
        if result.registered:
            messages.success(request, _("“%(name)s”已登记，您是本单位的管理员。")
                             % {"name": unit.name})
            return redirect(next_url or reverse("organizations:detail", args=[unit.pk]))
        messages.info(request, _("“%(name)s”已在平台登记（%(why)s），无需重复登记，请申请加入。")
                      % {"name": unit.name, "why": result.outcome.label})
        return redirect(_with_next(reverse("organizations:join", args=[unit.pk]), next_url))
    return render(request, "organizations/unit_form.html",
                  {"form": form, "next": _next_url(request)})


@login_required
def join(request, pk):
    unit = selectors.unit_to_join(pk=pk)
    if request.method == "POST":
        membership = services.request_membership(organization=unit, user=request.user)
        if membership.confirmed:
            messages.success(request, _("您已加入“%(name)s”，可以本单位名义申报案例。")
                             % {"name": unit.name})
            return redirect(_next_url(request) or reverse("organizations:detail", args=[unit.pk]))
        messages.info(request, _("已提交加入“%(name)s”的申请，单位管理员确认后即可以本单位名义申报案例。")
                      % {"name": unit.name})
        return redirect("organizations:mine")
    return render(request, "organizations/join.html", {
        "unit": unit,
        "membership": selectors.membership(user=request.user, unit=unit),
        "next": _next_url(request),
    })


@login_required
def detail(request, pk):
    return render(request, "organizations/detail.html",
                  {"unit": selectors.unit_page(user=request.user, pk=pk)})


@login_required
@require_POST
def answer_request(request, pk, membership_pk):
    """The unit's admin confirms (decision=confirm) or declines a request to join."""
    unit = selectors.unit_for_member(user=request.user, pk=pk)
    if not request.user.has_perm("organizations.manage_members", unit):
        raise Http404
    membership = selectors.pending_membership(unit=unit, pk=membership_pk)
    person = membership.user.get_full_name()
    if request.POST.get("decision") == "confirm":
        services.confirm_membership(membership=membership, actor=request.user)
        messages.success(request, _("已确认 %(person)s 为本单位成员。") % {"person": person})
    else:
        services.decline_membership(membership=membership, actor=request.user)
        messages.info(request, _("已拒绝 %(person)s 的加入申请。") % {"person": person})
    return redirect("organizations:detail", pk=unit.pk)
