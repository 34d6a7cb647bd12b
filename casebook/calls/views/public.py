"""The public side of a call: its notice, its downloads and its results."""

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from casebook.documents.application_form import build_application_form
from casebook.publishing.selectors import announced_results

from .. import selectors

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def notice(request, slug):
    call = selectors.call_for_notice(slug=slug, user=request.user)
    context = {
        "call": call,
        "organiser_groups": selectors.organiser_groups(call),
        "timeline": selectors.timeline(call),
    }
    return render(request, "calls/notice.html", context)


def results(request, slug):
    return render(request, "calls/results.html",
                  {"results": announced_results(slug=slug, user=request.user)})


def document(request, slug, pk):
    """A download from the notice page: an uploaded file, or the application-form
    template built from the call's own sections, so that it always matches the notice."""
    doc = selectors.call_document(slug=slug, pk=pk, user=request.user)
    if doc.file:
        return redirect(doc.file.url)
    if doc.generator != "application_form":
        raise Http404
    filename = _("《%(title)s》案例申报书.docx") % {"title": doc.call.title}
    return HttpResponse(
        build_application_form(doc.call), content_type=DOCX_TYPE,
        headers={"Content-Disposition": content_disposition_header(True, filename)},
    )
