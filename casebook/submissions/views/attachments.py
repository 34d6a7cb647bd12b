"""Evidence files on a case page: upload per kind, delete, download, thumbnail.

Every view fetches the case (or file) and checks access in one step, answering
404 alike for "missing" and "not yours". The upload and delete forms work as
plain POSTs (redirect back with messages) and, with htmx, swap the evidence
panel in place.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..models import Attachment, Case
from ..uploads import delete_attachment, store_attachment

PANEL_TEMPLATE = "submissions/_attachments.html"


@dataclass(frozen=True)
class Outcome:
    """One line of feedback after an upload or a deletion."""

    ok: bool
    text: str

    @property
    def tags(self) -> str:
        return "success" if self.ok else "error"


def visible_case(user, pk: int) -> Case:
    case = get_object_or_404(Case.objects.select_related("call", "lead_organization"), pk=pk)
    if not user.has_perm("submissions.view_case", case):
        raise Http404
    return case


def case_for_upload(user, pk: int) -> Case:
    return _may_upload(user, visible_case(user, pk))


def _may_upload(user, case: Case) -> Case:
    if not user.has_perm("submissions.upload_evidence", case):
        raise Http404
    return case


def visible_attachment(user, pk: int, attachment_pk: int) -> Attachment:
    attachment = get_object_or_404(
        Attachment.objects.select_related("case__call", "case__lead_organization"),
        pk=attachment_pk, case_id=pk,
    )
    if not user.has_perm("submissions.view_case", attachment.case):
        raise Http404
    return attachment


def _back(request, case: Case) -> str:
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return reverse("submissions:attachments", kwargs={"pk": case.pk})


def _respond(request, case: Case, outcomes: list[Outcome]):
    if request.headers.get("HX-Request"):
        response = render(request, PANEL_TEMPLATE, {"case": case, "outcomes": outcomes,
                                                    "next_url": _back(request, case)})
        if any(outcome.ok for outcome in outcomes):
            # Other parts of the page that depend on the files (the eligibility
            # hints) may listen: hx-trigger="evidence-changed from:body".
            response["HX-Trigger"] = "evidence-changed"
        return response
    for outcome in outcomes:
        (messages.success if outcome.ok else messages.error)(request, outcome.text)
    return redirect(_back(request, case))


@login_required
def attachments(request, pk):
    """The evidence panel alone (htmx refresh) or on a page of its own."""
    case = visible_case(request.user, pk)
    template = PANEL_TEMPLATE if request.headers.get("HX-Request") else "submissions/attachments.html"
    return render(request, template, {"case": case})


@login_required
@require_POST
def upload(request, pk, kind):
    case = case_for_upload(request.user, pk)
    if not case.call.evidence_requirements.filter(kind=kind).exists():
        raise Http404
    files = request.FILES.getlist("files")
    if not files:
        return _respond(request, case, [Outcome(False, _("请先选择要上传的文件。"))])
    outcomes = []
    for uploaded in files:
        try:
            stored = store_attachment(case=case, kind=kind, uploaded_file=uploaded,
                                      actor=request.user)
        except ValidationError as error:
            outcomes.append(Outcome(False, " ".join(error.messages)))
        else:
            outcomes.append(Outcome(True, _("已上传“%(name)s”。") % {"name": stored.original_name}))
    return _respond(request, case, outcomes)


@login_required
def delete(request, pk, attachment_pk):
    """GET: a page asking to confirm (without JavaScript); POST: delete."""
    attachment = visible_attachment(request.user, pk, attachment_pk)
    case = _may_upload(request.user, attachment.case)
    if request.method != "POST":
        return render(request, "submissions/attachment_confirm_delete.html",
                      {"case": case, "attachment": attachment, "next_url": _back(request, case)})
    try:
        delete_attachment(attachment=attachment, actor=request.user)
    except ValidationError as error:
        outcome = Outcome(False, " ".join(error.messages))
    else:
        outcome = Outcome(True, _("已删除“%(name)s”。") % {"name": attachment.original_name})
    return _respond(request, case, [outcome])


@login_required
def download(request, pk, attachment_pk):
    """The file as it was uploaded, under its original name (RFC 5987 for
    Chinese names), never rendered by the browser."""
    attachment = visible_attachment(request.user, pk, attachment_pk)
    response = FileResponse(attachment.file.open("rb"), as_attachment=True,
                            filename=attachment.original_name,
                            content_type=attachment.content_type)
    return _private(response)


@login_required
def thumbnail(request, pk, attachment_pk):
    attachment = visible_attachment(request.user, pk, attachment_pk)
    if not attachment.thumbnail:
        raise Http404
    return _private(FileResponse(attachment.thumbnail.open("rb"), content_type="image/jpeg"))


def _private(response):
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response
