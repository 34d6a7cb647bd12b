"""A new applicant's whole way in a real browser, on the seed calls: register,
confirm the address from the email, register the unit, open the YRD notice,
fill the case, upload a photo, submit, and read the receipt (also on a phone).
Then the evidence forms once more with JavaScript off."""

import io
import re

import pytest
from django.core import mail
from PIL import Image, ImageDraw
from playwright.sync_api import expect

from casebook.calls.models import Call
from casebook.calls.seeding import load_seed_calls
from casebook.submissions.enums import CaseStatus
from tests.factories import CaseFactory, MembershipFactory, make_credit_code

pytestmark = pytest.mark.e2e

YRD_TITLE = "第四届长三角卫生健康治理最佳实践案例评选"
CASE_TITLE = "“家庭医生+健康管家”社区慢病全周期管理模式"
UNIT = "示例市浦江区卫生健康委员会"
PHOTO = "家庭医生入户随访.jpg"
NO_HORIZONTAL_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth"
# Four sections of about 330 characters each: the seed call asks for 300.
SECTIONS = {
    "一、案例的背景与动因": "辖区常住人口老龄化程度高，高血压、糖尿病等慢性病患者多，"
                         "过去签约服务重签约、轻履约，患者随访依从性不高，医院与社区之间信息不通。",
    "二、案例的举措与机制": "组建家庭医生、护士、健康管理师组成的团队，建立分级随访和双向转诊机制，"
                         "依托信息平台共享检查结果，将慢病管理纳入绩效考核并向居民公开服务清单。",
    "三、案例的成效与创新": "两年来签约居民血压、血糖控制率明显提高，急诊就诊次数下降，居民满意度提升，"
                         "形成了可复制的社区慢病全周期管理流程和标准，并在周边街道推广应用。",
    "四、案例的启示与展望": "基层慢病管理的关键在于把服务做实做细，让居民感受到连续、可及的照护；"
                         "下一步将引入可穿戴设备和智能提醒，扩大覆盖人群并开展效果评估研究。",
}


@pytest.fixture
def seeded(transactional_db):
    load_seed_calls()


def long_enough(text: str) -> str:
    return (text * 8)[:330]


def photo_bytes() -> bytes:
    """A landscape 'photo' of a clinic under a sky, as a phone would save it (1600×1200)."""
    image = Image.new("RGB", (1600, 1200), "#bcd9ee")
    draw = ImageDraw.Draw(image)
    for y in range(600):
        draw.line([(0, y), (1600, y)], fill=(120 + y // 8, 170 + y // 12, 230))
    draw.rectangle([0, 800, 1600, 1200], fill="#7fb069")
    draw.rectangle([420, 420, 1180, 860], fill="#f4f1ea", outline="#5b5b5b", width=6)
    draw.rectangle([720, 640, 880, 860], fill="#2a6f97")
    draw.rectangle([760, 470, 840, 590], fill="#c0392b")
    draw.rectangle([715, 510, 885, 550], fill="#c0392b")
    out = io.BytesIO()
    image.save(out, "JPEG", quality=88)
    return out.getvalue()


def register_and_confirm(page, base: str) -> None:
    page.goto(f"{base}/accounts/signup/")
    page.get_by_label("电子邮件").fill("wang.fang@pujiang.example.cn")
    page.get_by_label("姓名").fill("王芳")
    page.get_by_label("手机").fill("13912345678")
    page.get_by_label("密码", exact=True).fill("Pujiang-Health-2030")
    page.get_by_label("密码（重复）").fill("Pujiang-Health-2030")
    page.get_by_role("button", name="注册").click()
    expect(page).to_have_url(re.compile(r"/accounts/confirm-email/$"))

    [message] = mail.outbox
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", message.body).group(0)
    page.goto(link)
    page.get_by_role("button", name="确认").click()
    expect(page).to_have_url(re.compile(r"/me/$"))
    expect(page.get_by_text("您好，王芳。")).to_be_visible()


def register_unit(page) -> None:
    page.get_by_role("link", name="登记或加入申报单位").click()
    page.get_by_role("link", name="登记新单位").click()
    page.get_by_label("单位名称").fill(UNIT)
    page.get_by_label("统一社会信用代码").fill(make_credit_code(4242, province="31"))
    page.get_by_label("所在省份").select_option(label="上海市")
    page.get_by_label("城市/区县").fill("浦江区")
    page.get_by_label("单位类型").select_option(label="卫健委（局）")
    page.get_by_label("联系人").fill("王芳")
    page.get_by_label("联系电话").fill("021-12345678")
    page.get_by_label("联系邮箱").fill("wang.fang@pujiang.example.cn")
    page.get_by_role("button", name="登记单位").click()
    expect(page.get_by_text(f"“{UNIT}”已登记，您是本单位的管理员。")).to_be_visible()


def fill_case(page) -> None:
    page.get_by_label("案例名称").fill(CASE_TITLE)
    page.get_by_label("项目开始时间").fill("2021-03")
    for label, text in SECTIONS.items():
        page.get_by_label(label).fill(long_enough(text))
    page.get_by_label(re.compile("^本单位承诺")).check()
    page.get_by_role("button", name="保存草稿").last.click()
    expect(page.get_by_text("已保存。")).to_be_visible()


def upload_photo(page) -> None:
    panel = page.locator(".evidence-panel")
    expect(panel.get_by_text("尚缺必交材料：图片。")).to_be_visible()
    panel.get_by_label("上传图片").set_input_files(
        {"name": PHOTO, "mimeType": "image/jpeg", "buffer": photo_bytes()})
    panel.get_by_role("button", name="上传", exact=True).first.click()
    expect(panel.get_by_text(f"已上传“{PHOTO}”。")).to_be_visible()
    expect(panel.get_by_text("必交材料已齐全。")).to_be_visible()
    expect(panel.locator(".attachment__preview img")).to_have_js_property("complete", True)
    assert panel.locator(".attachment__preview img").evaluate("img => img.naturalWidth") == 480


def test_a_new_unit_registers_applies_with_a_photo_and_gets_its_receipt(
    live_server, page, phone, seeded, artifacts,
):
    register_and_confirm(page, live_server.url)
    register_unit(page)

    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name=YRD_TITLE).first.click()
    page.get_by_role("link", name="网上申报", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("新建案例")
    fill_case(page)
    page.evaluate("window.stillTheSamePage = true")
    upload_photo(page)
    assert page.evaluate("window.stillTheSamePage")  # htmx swapped the panel in place
    page.screenshot(path=artifacts / "apply-case-form.png", full_page=True)

    page.get_by_role("button", name="提交", exact=True).click()

    expect(page).to_have_url(re.compile(r"/cases/\d+/receipt/$"))
    expect(page.get_by_text("案例已提交，案例编号为 YRD4-0001。")).to_be_visible()
    receipt = page.locator(".receipt")
    expect(receipt.locator(".receipt__number")).to_have_text("案例编号 YRD4-0001")
    expect(receipt.get_by_text(CASE_TITLE)).to_be_visible()
    expect(receipt.get_by_role("cell", name=PHOTO)).to_be_visible()
    expect(receipt.get_by_text("系统自动检查未发现问题，最终以组委会形式审查结果为准。")).to_be_visible()
    page.screenshot(path=artifacts / "apply-receipt.png", full_page=True)
    with page.expect_response(re.compile(r"/receipt\.pdf$")) as pdf:
        page.evaluate("url => fetch(url)", page.get_by_role("link", name="下载回执 PDF")
                      .get_attribute("href"))
    assert pdf.value.headers["content-type"] == "application/pdf"

    phone.context.add_cookies(page.context.cookies())
    phone.goto(page.url)
    expect(phone.locator(".receipt__number")).to_have_text("案例编号 YRD4-0001")
    assert phone.evaluate(NO_HORIZONTAL_SCROLL)
    phone.screenshot(path=artifacts / "apply-receipt-phone.png", full_page=True)
    phone.goto(page.url.replace("/receipt/", "/"))
    expect(phone.locator(".evidence-panel").get_by_role("link", name=PHOTO, exact=True)).to_be_visible()
    thumbnail = phone.locator(".attachment__preview img")
    thumbnail.scroll_into_view_if_needed()  # loading="lazy": fetched once near the viewport
    expect(thumbnail).to_have_js_property("complete", True)
    assert phone.evaluate(NO_HORIZONTAL_SCROLL)
    phone.screenshot(path=artifacts / "apply-case-phone.png", full_page=True)


def test_without_javascript_the_evidence_forms_still_work(live_server, browser, seeded):
    member = MembershipFactory(user__email="li.na@pujiang.example.cn")
    case = CaseFactory(call=Call.objects.get(slug="yrd-health-4"), status=CaseStatus.DRAFT,
                       number="", submitted_at=None, lead_organization=member.organization)
    context = browser.new_context(java_script_enabled=False, locale="zh-CN")
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("电子邮件").fill("li.na@pujiang.example.cn")
    page.get_by_label("密码").fill("correct horse battery")
    page.get_by_role("button", name="登录").click()

    page.goto(f"{live_server.url}/cases/{case.pk}/")
    panel = page.locator(".evidence-panel")
    panel.get_by_label("上传图片").set_input_files(
        {"name": PHOTO, "mimeType": "image/jpeg", "buffer": photo_bytes()})
    panel.get_by_role("button", name="上传", exact=True).first.click()

    expect(page).to_have_url(f"{live_server.url}/cases/{case.pk}/")
    expect(page.locator(".messages")).to_contain_text(f"已上传“{PHOTO}”。")
    page.locator(".evidence-panel").get_by_role("link", name=f"删除 {PHOTO}").click()
    expect(page.get_by_text(f"确定删除“{PHOTO}”吗？删除后如仍需要，须重新上传。")).to_be_visible()
    page.get_by_role("button", name="删除").click()
    expect(page).to_have_url(f"{live_server.url}/cases/{case.pk}/")
    expect(page.locator(".messages")).to_contain_text(f"已删除“{PHOTO}”。")
    expect(page.locator(".evidence-panel").get_by_text("尚缺必交材料：图片。")).to_be_visible()
    context.close()
