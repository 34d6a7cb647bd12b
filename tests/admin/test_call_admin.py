"""The secretariat edits its own calls, and only those, in the admin."""

import re

import pytest

from casebook.calls.models import Call, Criterion, Section
from tests.factories import CriterionFactory, RoundFactory, SectionFactory

from .helpers import change_form_data

pytestmark = pytest.mark.django_db


def test_the_changelist_shows_only_the_secretariats_calls(secretariat_client):
    page = secretariat_client.get("/admin/calls/call/").content.decode()

    assert "第四届长三角卫生健康治理最佳实践案例评选" in page
    assert "第二轮健康上海行动优秀案例评选" not in page
    assert re.search(r'class="paginator">\s*1 评选活动\s*</p>', page)


def test_a_superuser_sees_every_call(superuser_client, my_call, other_call):
    page = superuser_client.get("/admin/calls/call/").content.decode()

    assert "第四届长三角卫生健康治理最佳实践案例评选" in page
    assert "第二轮健康上海行动优秀案例评选" in page


def test_another_calls_pages_answer_404(secretariat_client, other_call):
    for url in (f"/admin/calls/call/{other_call.pk}/change/",
                f"/admin/calls/call/{other_call.pk}/history/"):
        response = secretariat_client.get(url)
        assert response.status_code == 404, url
    section = SectionFactory(call=other_call)
    assert secretariat_client.get(
        f"/admin/calls/section/{section.pk}/change/").status_code == 404


def test_the_change_page_groups_the_calls_fields(secretariat_client, my_call):
    page = secretariat_client.get(f"/admin/calls/call/{my_call.pk}/change/").content.decode()

    legends = re.findall(r'<h2 id="fieldset-0-\d+-heading" class="fieldset-heading">([^<]+)</h2>',
                         page)
    assert legends == ["基本信息", "时间", "申报条件", "申报要求", "申报方式", "评审与结果"]
    for inline in ("组织单位", "联系人", "申报书章节", "佐证材料", "分类", "评审轮次", "阶段",
                   "奖项", "下载文件", "活动工作人员"):
        assert re.search(rf"<h2[^>]*>\s*{inline}\s*</h2>", page), inline
    assert 'value="31" id="id_eligible_provinces_' in page  # 上海市 as a checkbox


def test_the_secretariat_edits_its_call_and_its_parts(secretariat_client, my_call):
    SectionFactory(call=my_call, key="background", title="案例的背景与动因")
    url = f"/admin/calls/call/{my_call.pk}/change/"
    data = change_form_data(secretariat_client.get(url))
    data.update({"title": "第四届长三角卫生健康治理最佳实践案例征集评选",
                 "sections-0-min_chars": "800", "eligible_provinces": ["31", "32"]})

    response = secretariat_client.post(url, data)

    assert response.status_code == 302, response.context["errors"]
    my_call.refresh_from_db()
    assert my_call.title == "第四届长三角卫生健康治理最佳实践案例征集评选"
    assert my_call.eligible_provinces == ["31", "32"]
    assert Section.objects.get(call=my_call).min_chars == 800


def test_the_secretariat_cannot_add_or_delete_calls(secretariat_client, my_call):
    assert secretariat_client.get("/admin/calls/call/add/").status_code == 403
    assert secretariat_client.get(f"/admin/calls/call/{my_call.pk}/delete/").status_code == 403


def test_a_part_cannot_be_moved_to_another_call(secretariat_client, my_call, other_call):
    data = {"call": other_call.pk, "order": 0, "key": "outlook", "title": "启示与展望",
            "min_chars": 0}

    page = secretariat_client.post("/admin/calls/section/add/", data).content.decode()

    assert ('<ul class="errorlist" id="id_call_error">'
            "<li>选择一个有效的选项： 该选择不在可用的选项中。</li></ul>") in page
    assert not Section.objects.exists()
    choices = re.findall(r'<option value="(\d+)"', page)
    assert choices == [str(my_call.pk)]


def test_criteria_are_edited_under_their_round(secretariat_client, my_call, other_call):
    round_ = RoundFactory(call=my_call, name="初审")
    CriterionFactory(round=round_, name="创新性")
    CriterionFactory(round=RoundFactory(call=other_call), name="别人的指标")

    page = secretariat_client.get(f"/admin/calls/round/{round_.pk}/change/").content.decode()
    assert "评分指标" in page and 'value="创新性"' in page

    listing = secretariat_client.get("/admin/calls/criterion/").content.decode()
    assert "创新性" in listing
    assert "别人的指标" not in listing
    assert Criterion.objects.count() == 2


def test_the_admin_index_names_apps_in_chinese(secretariat_client):
    page = secretariat_client.get("/admin/").content.decode()

    for app in ("评选活动", "案例", "奖项", "单位", "基础"):
        assert f'title="{app}中的模型"' in page or f">{app}</a>" in page, app
    assert Call.objects.count() == 2
