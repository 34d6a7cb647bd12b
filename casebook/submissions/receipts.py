"""The receipt of a submitted case (申报回执): what the unit handed in and when,
as a page, a printable PDF (WeasyPrint) and a link in the receipt email."""

import re
from dataclasses import dataclass

from django.conf import settings
from django.contrib.sites.models import Site
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.urls import reverse

from .eligibility import count_chars
from .models import Attachment, Case, EligibilityProblem

PDF_STYLESHEETS = ("casebook/receipt.css", "casebook/receipt-pdf.css")

# The libraries WeasyPrint opens, and the Debian package that brings each.
SYSTEM_PACKAGES = {
    "libgobject-2.0-0": "libglib2.0-0",
    "libpango-1.0-0": "libpango-1.0-0",
    "libpangoft2-1.0-0": "libpangoft2-1.0-0",
    "libharfbuzz-0": "libharfbuzz0b",
    "libharfbuzz-subset-0": "libharfbuzz-subset0",
    "libfontconfig-1": "libfontconfig1",
}


@dataclass(frozen=True)
class ReceiptSection:
    number: str
    title: str
    chars: int
    min_chars: int


@dataclass(frozen=True)
class Receipt:
    case: Case
    sections: list[ReceiptSection]
    attachments: list[Attachment]
    problems: list[EligibilityProblem]

    @property
    def total_chars(self) -> int:
        return sum(section.chars for section in self.sections)


def submitted_case_queryset():
    """Cases that have a receipt: those handed in (numbered, with a submission time)."""
    return (Case.objects.exclude(number="").filter(submitted_at__isnull=False)
            .select_related("call", "lead_organization"))


def build_receipt(case: Case) -> Receipt:
    sections = [ReceiptSection(number=s.number, title=s.title, min_chars=s.min_chars,
                               chars=count_chars(case.sections.get(s.key, "")))
                for s in case.call.sections.all()]
    return Receipt(case=case, sections=sections,
                   attachments=list(case.attachments.all()),
                   problems=list(case.problems.filter(overridden_at__isnull=True)))


def receipt_url(case: Case) -> str:
    """The receipt page's absolute address, for emails sent outside a request."""
    domain = Site.objects.get_current().domain
    path = reverse("submissions:receipt", kwargs={"pk": case.pk})
    return f"{settings.ACCOUNT_DEFAULT_HTTP_PROTOCOL}://{domain}{path}"


class PdfUnavailable(Exception):
    """WeasyPrint cannot run here; the message names what to install."""


def load_weasyprint():
    """The WeasyPrint module; PdfUnavailable when a system library it needs is missing."""
    try:
        import weasyprint
    except OSError as error:  # cffi could not dlopen pango, glib, harfbuzz …
        found = re.search(r"cannot load library '([^']+)'", str(error))
        library = found.group(1) if found else "pango"
        package = SYSTEM_PACKAGES.get(library, library)
        raise PdfUnavailable(
            f"服务器缺少生成 PDF 所需的系统组件 {package}（WeasyPrint 无法加载 {library}），"
            f"暂时无法生成回执 PDF。请管理员安装后重试（Debian/Ubuntu：apt-get install {package}，"
            "或运行 bin/system-packages）。您可以先打印本页作为回执。"
        ) from error
    return weasyprint


def render_receipt_pdf(receipt: Receipt) -> bytes:
    """The receipt as an A4 PDF (CJK fonts, page numbers in the footer)."""
    weasyprint = load_weasyprint()
    html = render_to_string("submissions/receipt_pdf.html", {
        "receipt": receipt, "case": receipt.case, "site_name": settings.CASEBOOK_SITE_NAME})
    stylesheets = [weasyprint.CSS(filename=finders.find(name)) for name in PDF_STYLESHEETS]
    return weasyprint.HTML(string=html).write_pdf(stylesheets=stylesheets)
