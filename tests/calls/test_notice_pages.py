"""The call notice page: everything an applicant needs, from the call's own configuration."""

import datetime as dt
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from casebook.calls.enums import OrganiserRole
from casebook.calls.seeding import load_seed_calls
from casebook.calls.seeds import SHANGHAI_TIME
from casebook.core.templatetags.casebook import cn_date
from tests.factories import (
    CallDocumentFactory,
    CallFactory,
    OrganiserFactory,
    StageFactory,
    UserFactory,
)
from tests.publishing.html import get_page

pytestmark = pytest.mark.django_db

# The loader opens the YRD call today and keeps its window's length (6月1日–9月30日).
TODAY = timezone.localdate()
CLOSES = TODAY + dt.timedelta(days=121)


@pytest.fixture
def yrd_page(client):
    load_seed_calls()
    return get_page(client, "/calls/yrd-health-4/")


def shanghai(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=SHANGHAI_TIME)


def test_the_yrd_notice_gives_title_theme_organisers_and_the_notice_text(yrd_page):
    assert "<h1>第四届长三角卫生健康治理最佳实践案例评选</h1>" in yrd_page
    assert "<dt>活动主题</dt><dd>第四届长三角卫生健康治理最佳实践案例评选</dd>" in yrd_page
    assert ("<dt>主办单位</dt><dd><ul class=\"plain-list\"><li>上海交通大学健康长三角研究院</li>"
            "<li>上海交通大学中国城市治理研究院</li><li>上海交通大学国际与公共事务学院</li>"
            in yrd_page)
    assert "<p>习近平总书记指出“要把保障人民健康放在优先发展的战略位置" in yrd_page
    assert "<p>2023年是全面贯彻落实党的二十大精神的开局之年" in yrd_page


def test_the_yrd_notice_gives_the_timeline_with_undated_stages(yrd_page):
    assert f"{cn_date(TODAY)}—{cn_date(CLOSES)}" in yrd_page
    assert ('<span class="timeline__name">初审</span> '
            '<span class="timeline__dates">日期待定</span>') in yrd_page
    assert yrd_page.index("timeline__name\">征集") < yrd_page.index("timeline__name\">初审") \
        < yrd_page.index("timeline__name\">考察") < yrd_page.index("timeline__name\">颁奖出版")


def test_the_yrd_notice_says_who_may_apply_and_what_is_required(yrd_page):
    assert "<dt>申报地区</dt><dd>上海市、江苏省、浙江省、安徽省</dd>" in yrd_page
    assert "医养结合机构" in yrd_page
    assert "<p>沪、苏、浙、皖三省一市各级卫健委（局）" in yrd_page
    assert "<li>每个单位申报不超过 2 项。</li>" in yrd_page
    assert "<li>申报项目须已持续运行1年以上。</li>" in yrd_page
    assert "<p>案例写作应问题明确，思路清晰，层次分明，资料翔实，总结到位。</p>" in yrd_page
    assert "如有弄虚作假或以其它不正当手段入选者，撤销其入选资格。" in yrd_page


def test_the_yrd_notice_lists_the_application_sections_and_evidence(yrd_page):
    assert '<h3 class="form-section__title">一、案例的背景与动因</h3>' in yrd_page
    assert '<h3 class="form-section__title">四、案例的启示与展望</h3>' in yrd_page
    assert "<p>包括案例所在地区经济和社会发展的基本情况" in yrd_page
    assert "不少于 300 字" in yrd_page
    assert ('<span class="evidence__label">图片</span> '
            '<span class="badge badge--required">必交</span>') in yrd_page
    assert ('<span class="evidence__label">视频</span> '
            '<span class="badge badge--optional">选交</span>') in yrd_page


def test_the_yrd_notice_explains_web_and_email_submission(yrd_page):
    login = reverse("account_login") + "?next=/cases/new/yrd-health-4/"
    assert f'href="{login}">登录后网上申报</a>' in yrd_page
    assert '<a href="mailto:zhuqingliang@shjdjkcsj.com">zhuqingliang@shjdjkcsj.com</a>' in yrd_page
    assert '<a href="mailto:ioh@sjtu.edu.cn">ioh@sjtu.edu.cn</a>' in yrd_page
    assert '<span class="subject-format">项目名称+单位名称</span>' in yrd_page
    assert f"案例提交截止时间：{cn_date(CLOSES)} 23:59。" in yrd_page


def test_the_yrd_notice_lists_awards_contacts_downloads_and_the_host(yrd_page):
    assert ('<th scope="row">卓越案例奖</th> <td>案例奖</td> <td class="num">10 项</td>'
            in yrd_page)
    assert '<th scope="row">优秀组织奖</th> <td>组织奖</td>' in yrd_page
    assert '<span class="contacts__name">朱清亮</span>' in yrd_page
    assert '<a href="tel:13248241491">13248241491</a>' in yrd_page
    assert ">卫生健康治理案例申报书</a>" in yrd_page
    assert "<p>上海交通大学健康长三角研究院是在长三角区域合作办公室指导下" in yrd_page


def test_organisers_are_grouped_by_role(client):
    call = CallFactory()
    OrganiserFactory(call=call, name="上海市卫生健康委员会", role=OrganiserRole.GUIDE)
    OrganiserFactory(call=call, name="示例研究院", role=OrganiserRole.ORGANISER)

    page = get_page(client, call.get_absolute_url())

    assert page.index("<dt>指导单位</dt><dd><ul class=\"plain-list\"><li>上海市卫生健康委员会") \
        < page.index("<dt>主办单位</dt><dd><ul class=\"plain-list\"><li>示例研究院")


def test_an_extension_is_announced_prominently(client):
    call = CallFactory(closes_at=shanghai(2099, 9, 30, 23, 59),
                       extended_until=shanghai(2099, 10, 15, 17, 0))

    page = get_page(client, call.get_absolute_url())

    assert "申报截止时间已延长至 2099年10月15日 17:00" in page
    assert "原定截止时间：2099年9月30日 23:59" in page
    assert ('<span class="badge badge--extended">延期</span> 截止时间延长至 2099年10月15日 17:00'
            in page)


def test_a_stage_without_dates_reads_dates_to_be_fixed(client):
    call = CallFactory()
    StageFactory(call=call, name="终审答辩")
    StageFactory(call=call, name="颁奖", starts_on=dt.date(2099, 12, 1))

    page = get_page(client, call.get_absolute_url())

    assert ('<span class="timeline__name">终审答辩</span> '
            '<span class="timeline__dates">日期待定</span>') in page
    assert ('<span class="timeline__name">颁奖</span> '
            '<span class="timeline__dates">2099年12月1日起</span>') in page


def test_the_notice_links_to_the_results_once_announced(client):
    load_seed_calls()

    page = get_page(client, "/calls/healthy-shanghai-2/")

    assert "评选结果已于 2024年8月22日 公布。" in page
    assert ('<a class="button button--primary" href="/calls/healthy-shanghai-2/results/">'
            '查看评选结果</a>') in page
    assert "登录后网上申报" not in page


def test_an_unpublished_call_is_hidden_from_the_public_but_not_from_staff(client):
    call = CallFactory(published=False, title="尚未发布的评选")

    assert client.get(call.get_absolute_url()).status_code == 404
    client.force_login(UserFactory(is_staff=True))
    page = get_page(client, call.get_absolute_url())
    assert "<h1>尚未发布的评选</h1>" in page
    assert "未发布（仅工作人员可见）" in page


def test_an_unknown_call_is_404(client):
    assert client.get("/calls/no-such-call/").status_code == 404


def test_the_application_form_downloads_as_a_docx_named_after_the_call(client):
    document = CallDocumentFactory(call=CallFactory(title="第五届示例评选"))

    response = client.get(reverse("calls:document", args=[document.call.slug, document.pk]))

    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''" + quote("《第五届示例评选》案例申报书.docx"))
    assert response.content[:2] == b"PK"


def test_an_uploaded_document_is_served_from_storage(client):
    call = CallFactory()
    document = CallDocumentFactory(call=call, generator="", title="获奖案例",
                                   file=SimpleUploadedFile("winners.pdf", b"%PDF-1.4"))

    response = client.get(reverse("calls:document", args=[call.slug, document.pk]))
    notice = get_page(client, call.get_absolute_url())

    assert response.status_code == 302
    assert response["Location"] == document.file.url
    assert f'<a href="{document.file.url}">获奖案例</a>' in notice


def test_documents_of_an_unpublished_call_are_404(client):
    document = CallDocumentFactory(call=CallFactory(published=False))

    response = client.get(reverse("calls:document", args=[document.call.slug, document.pk]))

    assert response.status_code == 404
