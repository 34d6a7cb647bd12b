"""The receipt of a submitted case: a page and a printable PDF."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from ..receipts import PdfUnavailable, build_receipt, render_receipt_pdf, submitted_case_queryset


def receipt_case(user, pk: int):
    """A handed-in case `user` may see; 404 for drafts, others' cases and missing ones."""
    case = get_object_or_404(submitted_case_queryset(), pk=pk)
    if not user.has_perm("submissions.view_case", case):
        raise Http404
    return case


@login_required
def receipt(request, pk):
    case = receipt_case(request.user, pk)
    return render(request, "submissions/receipt.html",
                  {"case": case, "receipt": build_receipt(case)})


@login_required
def receipt_pdf(request, pk):
    case = receipt_case(request.user, pk)
    receipt = build_receipt(case)
    try:
        pdf = render_receipt_pdf(receipt)
    except PdfUnavailable as problem:
        return render(request, "submissions/receipt.html",
                      {"case": case, "receipt": receipt, "pdf_problem": str(problem)}, status=503)
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = _("案例申报回执-%(number)s.pdf") % {"number": case.number}
    response["Content-Disposition"] = content_disposition_header(False, filename)
    response["Cache-Control"] = "private, no-store"
    return response
