"""A visitor's journey through the public pages, in a real browser, on the seed data:
read the YRD call notice (also on a phone), the Healthy Shanghai results (also as
printed), and search the archive for 控烟."""

import re

import pytest
from playwright.sync_api import expect

from casebook.calls.seeding import load_seed_calls

pytestmark = pytest.mark.e2e

YRD_TITLE = "第四届长三角卫生健康治理最佳实践案例评选"
NO_HORIZONTAL_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth"


@pytest.fixture
def seeded(transactional_db):
    load_seed_calls()


def test_the_notice_tells_an_applicant_what_to_do(live_server, page, seeded, artifacts):
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name=YRD_TITLE).first.click()

    expect(page.get_by_role("heading", level=1)).to_have_text(YRD_TITLE)
    expect(page.get_by_role("rowheader", name="卓越案例奖")).to_be_visible()
    expect(page.get_by_role("heading", name="一、案例的背景与动因")).to_be_visible()
    expect(page.locator(".subject-format")).to_have_text("项目名称+单位名称")
    expect(page.get_by_role("link", name="卫生健康治理案例申报书").first).to_be_visible()
    page.screenshot(path=artifacts / "notice.png", full_page=True)


def test_the_notice_reads_on_a_phone(live_server, phone, seeded, artifacts):
    phone.goto(f"{live_server.url}/calls/yrd-health-4/")

    expect(phone.get_by_role("heading", level=1)).to_be_visible()
    assert phone.evaluate(NO_HORIZONTAL_SCROLL)
    phone.screenshot(path=artifacts / "notice-phone.png", full_page=True)


def test_the_results_list_the_winners_and_print_cleanly(live_server, page, seeded, artifacts):
    page.goto(f"{live_server.url}/calls/healthy-shanghai-2/results/")

    expect(page.get_by_role("heading", name="示范案例", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="“控烟行动三部曲”促进健康上海建设")).to_be_visible()
    expect(page.get_by_text("共收到案例278个")).to_be_visible()
    page.screenshot(path=artifacts / "results.png", full_page=True)

    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator(".toc")).to_be_hidden()
    expect(page.get_by_role("heading", name="“控烟行动三部曲”促进健康上海建设")).to_be_visible()
    page.screenshot(path=artifacts / "results-print.png", full_page=True)


def test_searching_for_tobacco_control_finds_both_cases(live_server, page, seeded, artifacts):
    page.goto(f"{live_server.url}/search/")
    page.evaluate("window.stillTheSamePage = true")
    page.get_by_label("关键词").fill("控烟")
    page.get_by_label("关键词").press("Enter")

    expect(page.get_by_text("共找到 2 个案例")).to_be_visible()
    titles = page.locator(".hit__title")
    expect(titles).to_have_text(["“控烟行动三部曲”促进健康上海建设",
                                 "“十月怀胎·爸爸戒烟”创新探索戒烟综合干预模"])
    expect(page.locator(".hit mark").first).to_have_text("控烟")
    # htmx swapped the results in place and put the query in the address bar.
    expect(page).to_have_url(re.compile(r"/search/\?q=%E6%8E%A7%E7%83%9F"))
    assert page.evaluate("window.stillTheSamePage")
    page.screenshot(path=artifacts / "search.png", full_page=True)


def test_the_home_page_lists_open_and_past_calls(live_server, page, phone, seeded, artifacts):
    page.goto(f"{live_server.url}/")

    expect(page.get_by_role("heading", name="征集中")).to_be_visible()
    expect(page.get_by_role("heading", name="往届评选")).to_be_visible()
    page.screenshot(path=artifacts / "home.png", full_page=True)
    phone.goto(f"{live_server.url}/")
    assert phone.evaluate(NO_HORIZONTAL_SCROLL)
    phone.screenshot(path=artifacts / "home-phone.png", full_page=True)
