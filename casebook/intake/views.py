"""The inbox (收件箱) pages: a call's received mail for its secretariat, the mail
that found no call for the superusers, one message taken apart, and the
decisions on a message waiting for a person — attach it to a unit's case,
reject it, or (no call yet) assign it to a call.

Every view answers 404 for a call or message the user may not triage, like for
one that does not exist; each decision goes through one service, which audits it.
"""

from dataclasses import dataclass

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from casebook.calls.models import Call
from casebook.submissions.views.secretariat import _decide

from . import selectors_triage as selectors
from . import services_triage as services
from .enums import MessageStatus
from .forms import AssignForm, AttachForm, InboxFilterForm, RejectForm
from .models import InboundMessage

MESSAGES_PER_PAGE = 50


@dataclass(frozen=True)
class Place:
    """Where an inbox's pages live: under its call, or the unassigned inbox (call None)."""

    call: Call | None

    def url(self, name: str, *args) -> str:
        prefix = [self.call.slug] if self.call else []
        return reverse(f"intake:{name}", args=[*prefix, *args])


def _place(request, slug: str | None) -> Place:
    if slug is None:
        selectors.check_unassigned_inbox(request.user)
        return Place(None)
    return Place(selectors.inbox_call(slug=slug, user=request.user))


def _message(request, slug, pk) -> tuple[Place, InboundMessage]:
    place = _place(request, slug)
    return place, selectors.message_for_triage(call=place.call, pk=pk, user=request.user)


# --- The list --------------------------------------------------------------------------


@login_required
def inbox(request, slug):
    place = _place(request, slug)
    form = InboxFilterForm(request.GET)
    form.is_valid()  # the errors are shown; the valid filters apply
    listing = selectors.inbox(call=place.call, status=form.value("status"), q=form.value("q"))
    page = Paginator(listing.messages, MESSAGES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "intake/inbox.html", {
        "call": place.call, "form": form, "listing": listing, "page": page,
        "rows": [(message, place.url("message", message.pk)) for message in page],
        "tabs": [(tab, _status_href(request.GET, tab.value)) for tab in listing.tabs],
        "filtered": bool(form.value("status") or form.value("q")),
        "inbox_url": place.url("inbox"),
        "unassigned_count": (selectors.unassigned_count(request.user) if place.call else 0),
    })


def _status_href(query, status: str) -> str:
    """The list's query string showing `status` ("" for all), from the first page."""
    params = query.copy()
    params.pop("page", None)
    params.pop("status", None)
    if status:
        params["status"] = status
    return f"?{params.urlencode()}" if params else "?"


# --- One message -------------------------------------------------------------------------


def _message_page(request, place: Place, message: InboundMessage, **forms):
    """The message page; `forms` are the decision forms a refused POST sends back."""
    contents = selectors.message_contents(message)
    waiting = message.status == MessageStatus.QUARANTINED
    context = {
        "call": place.call, "message": message, "decoded": contents.decoded,
        "recipients": contents.recipients, "waiting": waiting,
        "attachments": [(item, place.url("attachment", message.pk, item.index))
                        for item in contents.attachments],
        "outcome_json": selectors.outcome_json(message),
        "outcome_sections": selectors.outcome_sections(message),
        "history": selectors.message_history(message),
        "inbox_url": place.url("inbox"), "raw_url": place.url("raw", message.pk),
    }
    if waiting:
        context.update(_decisions(request, place, message, contents.decoded, forms))
    else:  # decided meanwhile (another tab): the refusal shows above the result
        context["refusals"] = [error for form in forms.values() for error in form.non_field_errors()]
    return render(request, "intake/message.html", context)


def _decisions(request, place: Place, message: InboundMessage, decoded, forms) -> dict:
    """The forms of a waiting message: attach (in a call's inbox), assign (when
    there is a call to move it to), reject."""
    context = {"reject_form": forms.get("reject_form") or RejectForm(),
               "reject_url": place.url("reject", message.pk)}
    if place.call:
        context.update(
            attach_form=forms.get("attach_form") or AttachForm(
                initial=selectors.attach_initial(message, decoded)),
            attach_url=place.url("attach", message.pk),
            unit_cases=selectors.suggested_cases(message, decoded))
    assign_form = forms.get("assign_form") or AssignForm(user=request.user, current=place.call)
    if assign_form.is_bound or assign_form.fields["call"].queryset.exists():
        context.update(assign_form=assign_form, assign_url=place.url("assign", message.pk))
    return context


@login_required
def message(request, slug, pk):
    place, found = _message(request, slug, pk)
    return _message_page(request, place, found)


@login_required
def raw_message(request, slug, pk):
    """The message exactly as received, as an .eml file for a mail client."""
    _where, found = _message(request, slug, pk)
    return _private(FileResponse(found.raw.open("rb"), as_attachment=True,
                                 filename=f"message-{found.pk}.eml",
                                 content_type="message/rfc822"))


@login_required
def attachment(request, slug, pk, index):
    """One attachment, cut again from the stored raw message; never rendered by
    the browser (HTML and SVG come as plain bytes, in a sandbox)."""
    _where, found = _message(request, slug, pk)
    item, content = selectors.message_contents(found).attachment(index)
    response = HttpResponse(content, content_type=item.download_type)
    response["Content-Disposition"] = content_disposition_header(True, item.filename)
    response["Content-Security-Policy"] = "sandbox"
    return _private(response)


def _private(response):
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# --- Decisions ----------------------------------------------------------------------------


@require_POST
@login_required
def attach(request, slug, pk):
    place, found = _message(request, slug, pk)
    if not place.call:  # assigned to a call first, then attached in its inbox
        return redirect(place.url("message", pk))
    form = AttachForm(request.POST)
    if _decide(form, lambda data: services.attach_to_unit(
            message=found, call=place.call, actor=request.user, **data)):
        found.refresh_from_db()
        flash.success(request, _("已登记为案例 %(number)s（%(status)s）。") % {
            "number": found.case.number, "status": found.get_status_display()})
        return redirect(place.url("message", pk))
    return _message_page(request, place, found, attach_form=form)


@require_POST
@login_required
def reject(request, slug, pk):
    place, found = _message(request, slug, pk)
    form = RejectForm(request.POST)
    if _decide(form, lambda data: services.reject_message(
            message=found, actor=request.user, reason=data["reason"], reply=data["reply"])):
        flash.success(request, _("已退回这封来信。") + (
            _("回复已放入发件箱，将发送给 %(sender)s。") % {"sender": found.sender}
            if form.cleaned_data["reply"] else ""))
        return redirect(place.url("message", pk))
    return _message_page(request, place, found, reject_form=form)


@require_POST
@login_required
def assign(request, slug, pk):
    place, found = _message(request, slug, pk)
    form = AssignForm(request.POST, user=request.user, current=place.call)
    if _decide(form, lambda data: services.assign_message(
            message=found, call=data["call"], actor=request.user)):
        call = form.cleaned_data["call"]
        flash.success(request, _("已将这封来信转入“%(call)s”的收件箱。") % {"call": call.title})
        return redirect(Place(call).url("message", pk))
    return _message_page(request, place, found, assign_form=form)
