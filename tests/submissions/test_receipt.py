"""The receipt of a submitted case: the page, the printable PDF and the link in
the receipt email."""

import datetime as dt
import importlib.abc
import re
import subprocess
import sys
import zoneinfo
from urllib.parse import quote

import pytest
from django.core import mail

from casebook.submissions.enums import CaseStatus
from casebook.submissions.services import save_case, submit_case
from casebook.submissions.uploads import store_attachment
from tests.factories import (
    CallFactory,
    CallStaffFactory,
    CaseFactory,
    CaseUnitFactory,
    EvidenceRequirementFactory,
    MembershipFactory,
    OrganizationFactory,
    SectionFactory,
)
from tests.factories.files import jpeg_bytes, upload

pytestmark = pytest.mark.django_db

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
TITLE = "“健康副校长”进校园：医教协同守护儿童青少年健康"


@pytest.fixture
def member():
    return MembershipFactory(organization=OrganizationFactory(name="示例区卫生健康委员会"))


@pytest.fixture
def case(member):
    call = CallFactory(title="第四届长三角卫生健康治理最佳实践案例评选", case_number_prefix="YRD4")
    SectionFactory(call=call, key="background", number="一、", title="案例的背景与动因",
                   min_chars=300)
    SectionFactory(call=call, key="measures", number="二、", title="案例的举措与机制")
    EvidenceRequirementFactory(call=call, kind="photo", label="图片", required=True)
    EvidenceRequirementFactory(call=call, kind="video", label="视频", required=True)
    case = CaseFactory(
        call=call, number="YRD4-0007", title=TITLE, lead_organization=member.organization,
        submitted_at=dt.datetime(2023, 9, 30, 23, 40, tzinfo=SHANGHAI),
        sections={"background": "背景 与动因" * 40, "measures": "举措"},
    )
    CaseUnitFactory(case=case, organization=OrganizationFactory(name="示例区教育局"))
    store_attachment(case=case, kind="photo", uploaded_file=upload("进校园.jpg", jpeg_bytes()),
                     actor=member.user)
    from casebook.submissions.services import run_eligibility

    run_eligibility(case=case)
    return case


def receipt_page(client, user, case) -> str:
    client.force_login(user)
    response = client.get(f"/cases/{case.pk}/receipt/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_receipt_page_states_what_was_handed_in_and_when(client, member, case):
    page = receipt_page(client, member.user, case)

    assert "案例申报回执" in page
    assert "<strong>YRD4-0007</strong>" in page
    assert TITLE in page
    assert "示例区卫生健康委员会" in page and "示例区教育局" in page
    assert "2023年9月30日 23:40（北京时间）" in page
    assert "<td>一、案例的背景与动因</td>" in page
    assert '<td class="num">200<span class="receipt__note">（至少300字）</span></td>' in page
    assert '<td class="num">2</td>' in page and '<td class="num">202</td>' in page
    photo = case.attachments.get()
    assert "进校园.jpg" in page and f"<code>{photo.sha256[:16]}</code>" in page
    assert "5 KB" in page
    assert "缺少必交的佐证材料：视频。" in page
    assert "申报书以下部分字数不足：“一、案例的背景与动因”200字（至少300字）。" in page
    assert ("凭此回执查询：案例编号 YRD4-0007。登录本平台可按此编号查看申报与评审进度；"
            "向组委会咨询时请提供此编号。") in page


def test_the_secretariat_sees_the_receipt_and_others_get_404(client, case):
    secretariat = CallStaffFactory(call=case.call).user
    assert "YRD4-0007" in receipt_page(client, secretariat, case)

    client.force_login(MembershipFactory().user)
    assert client.get(f"/cases/{case.pk}/receipt/").status_code == 404
    assert client.get(f"/cases/{case.pk}/receipt.pdf").status_code == 404


def test_a_draft_has_no_receipt(client, member):
    draft = CaseFactory(lead_organization=member.organization, status=CaseStatus.DRAFT, number="",
                        submitted_at=None)
    client.force_login(member.user)
    assert client.get(f"/cases/{draft.pk}/receipt/").status_code == 404


def pdf_text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "receipt.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout


def test_the_receipt_pdf_is_an_a4_document_with_the_number_and_the_chinese_title(
    client, member, case, tmp_path,
):
    client.force_login(member.user)
    response = client.get(f"/cases/{case.pk}/receipt.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        "inline; filename*=utf-8''" + quote("案例申报回执-YRD4-0007.pdf"))
    text = pdf_text(response.content, tmp_path)
    assert "YRD4-0007" in text
    assert TITLE in text.replace("\n", "")
    assert re.search(r"第 1 页，共 (\d) 页", text)
    assert text.rstrip().endswith("第 {0} 页，共 {0} 页".format(re.search(r"共 (\d) 页", text)[1]))
    assert re.search(r"第四届长三角卫生健康治理最佳实践案例评选\s+案例申报回执\s+YRD4-0007", text)
    info = subprocess.run(["pdfinfo", "-"], input=response.content, capture_output=True,
                          check=True).stdout.decode()
    assert "595.276 x 841.89 pts (A4)" in info
    fonts = subprocess.run(["pdffonts", "-"], input=response.content, capture_output=True,
                           check=True).stdout.decode()
    assert "Noto-Sans-CJK-SC" in fonts and "Noto-Serif-CJK-SC" in fonts


class _MissingPango(importlib.abc.MetaPathFinder):
    """The import of WeasyPrint on a server without pango: cffi's dlopen fails."""

    def find_spec(self, name, path=None, target=None):
        if name == "weasyprint":
            raise OSError("cannot load library 'libpango-1.0-0': libpango-1.0-0: "
                          "cannot open shared object file: No such file or directory")
        return None


def test_without_pango_the_pdf_link_explains_what_to_install(client, member, case, monkeypatch):
    monkeypatch.delitem(sys.modules, "weasyprint")
    monkeypatch.setattr(sys, "meta_path", [_MissingPango(), *sys.meta_path])
    client.force_login(member.user)

    response = client.get(f"/cases/{case.pk}/receipt.pdf")

    assert response.status_code == 503
    page = response.content.decode()
    assert ("服务器缺少生成 PDF 所需的系统组件 libpango-1.0-0（WeasyPrint 无法加载 libpango-1.0-0），"
            "暂时无法生成回执 PDF。请管理员安装后重试（Debian/Ubuntu：apt-get install libpango-1.0-0，"
            "或运行 bin/system-packages）。您可以先打印本页作为回执。") in page
    assert "<strong>YRD4-0007</strong>" in page  # the receipt itself is still there to print


def test_the_receipt_email_links_to_the_receipt_page(member, django_capture_on_commit_callbacks):
    call = CallFactory(case_number_prefix="YRD4")
    draft = save_case(call=call, organization=member.organization, actor=member.user, title=TITLE,
                      sections={}, declaration_accepted=True)

    with django_capture_on_commit_callbacks(execute=True):
        submit_case(case=draft, actor=member.user)

    [email] = mail.outbox
    assert f"申报回执：http://example.com/cases/{draft.pk}/receipt/\n" in email.body
