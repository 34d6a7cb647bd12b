"""`casebook cases --call SLUG [--json] [--status S]`: the DESIGN contract."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from casebook.submissions.enums import CaseStatus, Channel
from tests.factories import CallFactory, CaseFactory, OrganizationFactory, make_credit_code

from .secretariat import problem

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = io.StringIO()
    call_command("cases", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def call():
    call = CallFactory(slug="yrd-health-4", title="第四届长三角卫生健康治理最佳实践案例评选")
    jiangsu = OrganizationFactory(name="示例市疾病预防控制中心", province="32",
                                  credit_code=make_credit_code(601, province="32"))
    first = CaseFactory(call=call, number="YRD4-0001", title="学校传染病“早发现”预警平台",
                        lead_organization=jiangsu)
    problem(first, "section_too_short")
    problem(first, "evidence_missing")
    problem(first, "late", overridden_at=timezone.now(), override_reason="邮件按时发出")
    CaseFactory(call=call, number="YRD4-0002", title="家庭医生签约服务",
                lead_organization__name="示例区社区卫生服务中心", status=CaseStatus.ELIGIBLE,
                channel=Channel.EMAIL)
    CaseFactory(call=call, number="", title="草稿", status=CaseStatus.DRAFT)
    return call


def test_one_json_line_per_case_exactly_as_the_contract_says(call):
    lines = run("--call", "yrd-health-4", "--json").splitlines()

    assert lines == [
        '{"number": "YRD4-0001", "title": "学校传染病“早发现”预警平台", "unit": "示例市疾病预防控制中心", '
        '"province": "32", "status": "submitted", "channel": "web", '
        '"problems": ["evidence_missing", "section_too_short"]}',
        '{"number": "YRD4-0002", "title": "家庭医生签约服务", "unit": "示例区社区卫生服务中心", '
        '"province": "31", "status": "eligible", "channel": "email", "problems": []}',
    ]
    assert [list(json.loads(line)) for line in lines] == [
        ["number", "title", "unit", "province", "status", "channel", "problems"]] * 2


def test_status_narrows_the_list_and_reaches_drafts(call):
    eligible = [json.loads(line)["number"]
                for line in run("--call", "yrd-health-4", "--json", "--status", "eligible")
                .splitlines()]
    drafts = [json.loads(line)["title"]
              for line in run("--call", "yrd-health-4", "--json", "--status", "draft")
              .splitlines()]

    assert eligible == ["YRD4-0002"]
    assert drafts == ["草稿"]


def test_without_json_a_chinese_table(call):
    lines = run("--call", "yrd-health-4").splitlines()

    assert lines[0] == "第四届长三角卫生健康治理最佳实践案例评选"
    assert lines[1].split() == ["编号", "状态", "省份", "渠道", "形式审查问题", "申报单位", "案例名称"]
    assert lines[2].split() == ["YRD4-0001", "已提交", "江苏省", "网上申报",
                                "佐证材料缺失、申报书章节字数不足",
                                "示例市疾病预防控制中心", "学校传染病“早发现”预警平台"]
    assert lines[3].split() == ["YRD4-0002", "形式审查通过", "上海市", "邮件申报", "—",
                                "示例区社区卫生服务中心", "家庭医生签约服务"]
    assert lines[-1] == "共 2 件"


def test_an_unknown_call_exits_2_with_a_chinese_reason():
    with pytest.raises(CommandError) as failed:
        run("--call", "no-such-call", "--json")

    assert failed.value.returncode == 2
    assert str(failed.value) == "没有找到评选活动“no-such-call”。"


def test_an_unknown_status_exits_2_naming_the_choices(call):
    with pytest.raises(CommandError) as failed:
        run("--call", "yrd-health-4", "--status", "done")

    assert failed.value.returncode == 2
    assert str(failed.value).startswith("没有“done”这个状态，可选：draft（草稿）、submitted（已提交）")
