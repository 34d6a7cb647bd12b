"""A call's inbox as its secretariat sees it (/manage/<slug>/inbox/): every
message received with its status, what waits for a person first; the mail
that found no call, for the superusers only."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from casebook.intake.enums import MessageStatus
from tests.factories import CallFactory, CaseFactory, MembershipFactory, UserFactory
from tests.submissions.secretariat import open_page, secretariat_of

from .mails import CHINA, build_message
from .triage import stored_message

pytestmark = pytest.mark.django_db


@pytest.fixture
def call():
    return CallFactory(slug="yrd-test", case_number_prefix="YRD4")


@pytest.fixture
def secretariat(call):
    return secretariat_of(call, name="李秘书")


def inbox_url(call, query: str = "") -> str:
    return f"/manage/{call.slug}/inbox/{query}"


def arrived(day: int, hour: int) -> bytes:
    """A message that reached the mailbox on 2023-09-`day` at `hour`:00 Beijing time."""
    moment = dt.datetime(2023, 9, day, hour, 0, tzinfo=CHINA)
    return build_message(subject=f"{day}日{hour}时的来信+示例单位", received=[moment],
                         sender=("王五", f"wang{day}{hour}@example.cn"), message_id=None)


def rows(page: str) -> list[str]:
    """The subjects of the listed messages, top to bottom."""
    table = page[page.index("<tbody>"):page.index("</tbody>")]
    return [cell.split("</a>")[0].rsplit(">", 1)[1]
            for cell in table.split('class="inbox-table__subject">')[1:]]


def test_the_inbox_lists_waiting_messages_first_then_the_newest(client, call, secretariat):
    stored_message(arrived(27, 9), call=call, status=MessageStatus.ACCEPTED,
                   case=CaseFactory(call=call, number="YRD4-0001"))
    stored_message(arrived(28, 9), call=call, status=MessageStatus.QUARANTINED,
                   reason="无法从主题或申报书中识别申报单位")
    stored_message(arrived(29, 9), call=call, status=MessageStatus.DUPLICATE)
    stored_message(arrived(26, 9), call=call, status=MessageStatus.QUARANTINED,
                   reason="附件中没有可读取的申报书")
    stored_message(arrived(30, 9), call=CallFactory())  # another call's

    page = open_page(client, secretariat, inbox_url(call))

    assert rows(page) == ["28日9时的来信+示例单位", "26日9时的来信+示例单位",
                          "29日9时的来信+示例单位", "27日9时的来信+示例单位"]
    assert "有 2 封来信待人工处理：请查看后登记为案例或退回。" in page
    assert "共 4 封" in page
    tabs = page[page.index('class="inbox-tabs"'):page.index("</nav>", page.index('class="inbox-tabs"'))]
    labels = [part.split("<span")[0].strip() for part in tabs.split('class="inbox-tabs__tab')[1:]]
    assert [label.split(">", 1)[1] for label in labels] == [
        "全部", "待人工处理", "待处理", "已受理", "已补充材料", "重复邮件", "已退回"]
    assert 'inbox-tabs__count">4</span>' in tabs and 'inbox-tabs__count">2</span>' in tabs
    # Each row: Beijing time, sender, subject, status, reason, the case's number.
    assert '<time datetime="2023-09-28T09:00:00+08:00">2023-09-28 09:00</time>' in page
    assert "wang289@example.cn" in page
    assert '<span class="badge mail-status mail-status--quarantined">待人工处理</span>' in page
    assert "无法从主题或申报书中识别申报单位" in page
    assert '<a href="/manage/yrd-test/cases/YRD4-0001/">YRD4-0001</a>' in page


def test_a_status_tab_narrows_the_list_and_keeps_the_counts(client, call, secretariat):
    stored_message(arrived(28, 9), call=call, status=MessageStatus.QUARANTINED)
    stored_message(arrived(28, 10), call=call, status=MessageStatus.ACCEPTED)
    stored_message(arrived(28, 11), call=call, status=MessageStatus.ACCEPTED)

    page = open_page(client, secretariat, inbox_url(call), status="accepted")

    assert rows(page) == ["28日11时的来信+示例单位", "28日10时的来信+示例单位"]
    assert '<a href="?status=accepted" aria-current="true" class="inbox-tabs__tab">已受理 ' \
           '<span class="inbox-tabs__count">2</span>' in page
    assert 'inbox-tabs__tab--waiting">待人工处理 <span class="inbox-tabs__count">1</span>' in page
    assert "共 2 封" in page and "清除全部筛选" in page


def test_the_search_finds_a_sender_and_counts_only_what_it_found(client, call, secretariat):
    stored_message(arrived(28, 9), call=call)
    stored_message(arrived(28, 10), call=call, status=MessageStatus.ACCEPTED)

    page = open_page(client, secretariat, inbox_url(call), q="wang2810")

    assert rows(page) == ["28日10时的来信+示例单位"]
    assert 'inbox-tabs__count">1</span>' in page and "共 1 封" in page


def test_a_bad_filter_is_named_and_ignored(client, call, secretariat):
    stored_message(arrived(28, 9), call=call)

    page = open_page(client, secretariat, inbox_url(call), status="lost")

    assert "以下筛选条件有误，已忽略：" in page
    assert "状态：没有“lost”这个状态，请从列表中选择。" in page
    assert rows(page) == ["28日9时的来信+示例单位"]


def test_an_empty_inbox_says_so(client, call, secretariat):
    page = open_page(client, secretariat, inbox_url(call))

    assert "本活动的申报邮箱还没有收到邮件。" in page
    assert '<a href="/manage/yrd-test/inbox/" aria-current="page">邮件收件箱</a>' in page


def test_the_list_costs_the_same_queries_for_one_message_as_for_several(client, call, secretariat):
    stored_message(arrived(28, 9), call=call, case=CaseFactory(call=call))
    client.force_login(secretariat)
    with CaptureQueriesContext(connection) as one:
        client.get(inbox_url(call))
    for hour in (10, 11, 12):
        stored_message(arrived(28, hour), call=call, case=CaseFactory(call=call))
    with CaptureQueriesContext(connection) as four:
        client.get(inbox_url(call))

    assert len(four) == len(one)


def test_the_case_list_links_to_the_inbox(client, call, secretariat):
    page = open_page(client, secretariat, f"/manage/{call.slug}/cases/")

    assert '<a href="/manage/yrd-test/inbox/">邮件收件箱</a>' in page


# --- Who may look ---------------------------------------------------------------------


def test_another_calls_secretariat_gets_404(client, call):
    message = stored_message(arrived(28, 9), call=call)
    client.force_login(secretariat_of(CallFactory()))

    assert client.get(inbox_url(call)).status_code == 404
    assert client.get(inbox_url(call, f"{message.pk}/")).status_code == 404
    assert client.get(inbox_url(call, f"{message.pk}/raw/")).status_code == 404


def test_an_applicant_gets_404_even_for_their_own_mail(client, call):
    member = MembershipFactory(user__email="wang289@example.cn")
    message = stored_message(arrived(28, 9), call=call)
    client.force_login(member.user)

    assert client.get(inbox_url(call)).status_code == 404
    assert client.get(inbox_url(call, f"{message.pk}/")).status_code == 404
    assert client.get(inbox_url(call, f"{message.pk}/raw/")).status_code == 404
    assert client.post(inbox_url(call, f"{message.pk}/reject/"),
                       {"reason": "垃圾邮件"}).status_code == 404
    message.refresh_from_db()
    assert message.status == MessageStatus.QUARANTINED


def test_a_message_of_another_call_is_404_under_this_one(client, call, secretariat):
    elsewhere = stored_message(arrived(28, 9), call=CallFactory())
    client.force_login(secretariat)

    assert client.get(inbox_url(call, f"{elsewhere.pk}/")).status_code == 404


def test_a_visitor_is_sent_to_log_in(client, call):
    response = client.get(inbox_url(call))

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


# --- Mail of no call ----------------------------------------------------------------------


def test_superusers_see_the_mail_that_found_no_call(client, call):
    stored_message(arrived(28, 9), call=None, reason="收件地址和主题都对应不到评选活动")
    stored_message(arrived(28, 10), call=call)
    admin = UserFactory(is_superuser=True, is_staff=True)

    page = open_page(client, admin, "/manage/inbox/unassigned/")

    assert "<h1>未归属活动的来信</h1>" in page
    assert rows(page) == ["28日9时的来信+示例单位"]
    assert "收件地址和主题都对应不到评选活动" in page
    call_inbox = open_page(client, admin, inbox_url(call))
    assert '<a href="/manage/inbox/unassigned/">另有 1 封来信未归属任何活动</a>' in call_inbox


def test_a_secretariat_cannot_see_the_mail_of_no_call(client, call, secretariat):
    message = stored_message(arrived(28, 9), call=None)
    client.force_login(secretariat)

    assert client.get("/manage/inbox/unassigned/").status_code == 404
    assert client.get(f"/manage/inbox/unassigned/{message.pk}/").status_code == 404
    assert "未归属任何活动" not in open_page(client, secretariat, inbox_url(call))
