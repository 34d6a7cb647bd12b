"""The home page: open, upcoming and past calls, each with what a visitor looks for first."""

import datetime as dt

import pytest
from django.utils import timezone

from casebook.calls.seeding import load_seed_calls
from casebook.calls.seeds import SHANGHAI_TIME
from casebook.core.templatetags.casebook import cn_date
from tests.factories import CallFactory, OrganiserFactory

from .html import get_page

pytestmark = pytest.mark.django_db


def days_from_today(days: int, hour: int = 23, minute: int = 59) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=days)
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=SHANGHAI_TIME)


def test_an_open_call_shows_its_organisers_dates_and_countdown(client):
    call = CallFactory(title="第五届示例案例评选", opens_at=days_from_today(-10, 0, 0),
                       closes_at=days_from_today(20))
    OrganiserFactory(call=call, name="示例研究院甲")
    OrganiserFactory(call=call, name="示例研究院乙")

    page = get_page(client, "/")

    assert '<h2 id="calls-open" class="section-title">征集中</h2>' in page
    assert '<span class="badge badge--open">征集中</span>' in page
    assert (f'<h3 class="call-card__title"><a href="/calls/{call.slug}/">'
            '第五届示例案例评选</a></h3>') in page
    assert ('<span class="call-card__label">组织单位</span>示例研究院甲、示例研究院乙' in page)
    assert (f"<dt>征集时间</dt><dd>{cn_date(call.opens_at)}—{cn_date(call.closes_at)}</dd>"
            in page)
    assert '<p class="countdown">距截止还有 20 天</p>' in page


def test_a_call_closing_today_says_so(client):
    CallFactory(opens_at=days_from_today(-10), closes_at=days_from_today(0))

    assert '<p class="countdown">今天截止</p>' in get_page(client, "/")


def test_an_extended_call_shows_the_new_deadline(client):
    CallFactory(opens_at=days_from_today(-30), closes_at=days_from_today(-1),
                extended_until=days_from_today(6, 17, 0))

    page = get_page(client, "/")

    assert '<span class="badge badge--extended">延期</span>' in page
    assert f"<dt>延期至</dt><dd>{cn_date(days_from_today(6))} 17:00</dd>" in page
    assert '<p class="countdown">距截止还有 6 天</p>' in page


def test_upcoming_and_past_calls_have_their_own_sections(client):
    CallFactory(title="明年的评选", opens_at=days_from_today(30), closes_at=days_from_today(90))
    CallFactory(title="评审中的评选", opens_at=days_from_today(-90), closes_at=days_from_today(-5))

    page = get_page(client, "/")

    assert '<h2 id="calls-upcoming" class="section-title">即将开始</h2>' in page
    assert '<span class="badge badge--upcoming">即将开始</span>' in page
    assert '<span class="badge badge--reviewing">评审中</span>' in page
    assert page.index("明年的评选") < page.index('id="calls-past"') < page.index("评审中的评选")
    assert "目前没有正在征集的评选活动。" in page


def test_the_seed_calls_on_the_home_page(client):
    load_seed_calls()

    page = get_page(client, "/")

    assert "第四届长三角卫生健康治理最佳实践案例评选" in page
    assert '<span class="badge badge--results">结果已公布</span>' in page
    assert "<dt>结果公布</dt><dd>2024年8月22日</dd>" in page
    assert '<a href="/calls/healthy-shanghai-2/results/">查看评选结果</a>' in page


def test_unpublished_calls_stay_off_the_home_page(client):
    CallFactory(title="草稿中的评选", published=False)

    assert "草稿中的评选" not in get_page(client, "/")


def test_the_home_page_has_a_search_box_and_the_site_chrome(client):
    page = get_page(client, "/")

    assert '<form class="search-box" method="get" action="/search/" role="search">' in page
    assert '<a class="skip-link" href="#main">跳到正文</a>' in page
    assert '<html lang="zh-CN">' in page
    assert '<a href="/" aria-current="page">首页</a>' in page
    assert '<a href="/accounts/login/">登录</a>' in page
    assert '<a href="/accounts/signup/">注册</a>' in page
    assert '<form class="lang-switch" action="/i18n/setlang/" method="post"' in page
    assert ('<button type="submit" name="language" value="en" lang="en" aria-pressed="false">'
            'English</button>') in page


def test_a_signed_in_user_gets_a_logout_button(client, user):
    client.force_login(user)

    page = get_page(client, "/")

    assert '<li><a href="/me/">我的</a></li>' in page
    assert '<form class="inline-form" method="post" action="/accounts/logout/">' in page
    assert '<button type="submit" class="link-button">退出</button>' in page
    assert '<a href="/accounts/login/">登录</a>' not in page
