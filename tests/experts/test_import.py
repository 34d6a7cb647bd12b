"""专家信息表: the template to download, importing it on the page and with
`casebook experts import`, each bad row named with its row number while good rows are kept."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from casebook.core.models import AuditEvent
from casebook.experts.enums import PoolStatus
from casebook.experts.models import CallExpert, Expert
from casebook.experts.services import import_experts
from casebook.experts.sheet import COLUMNS, read_sheet, split_list
from casebook.organizations.models import Organization
from tests.factories import CallFactory, ExpertFactory, OrganizationFactory
from tests.submissions.secretariat import secretariat_of

from .helpers import GOOD_ROWS, MIXED_ROWS, sheet_bytes

pytestmark = pytest.mark.django_db

EXPECTED_PROBLEMS = [
    (3, "缺少姓名"),
    (4, "邮箱格式不正确：not-an-email"),
    (5, "未知的省份：火星省"),
    (6, "邮箱与第 2 行重复：wang@zs.example.org"),
]


@pytest.fixture
def call():
    return CallFactory(slug="yrd-test", title="第四届长三角卫生健康治理最佳实践案例评选")


@pytest.fixture
def secretariat(call):
    return secretariat_of(call, name="李秘书")


def upload(client, call, data: bytes, name="专家.xlsx"):
    return client.post(f"/manage/{call.slug}/experts/import/",
                       {"sheet": SimpleUploadedFile(name, data)}, follow=True)


# --- The sheet ------------------------------------------------------------------------------


def test_lists_are_split_on_chinese_and_latin_separators():
    assert split_list("健康促进、慢病管理，控烟,医保;家医；社区 健康  城市") == [
        "健康促进", "慢病管理", "控烟", "医保", "家医", "社区", "健康", "城市"]
    assert split_list("控烟、控烟") == ["控烟"]
    assert split_list("") == []


def test_bad_rows_are_named_by_row_number_and_good_rows_read():
    sheet = read_sheet(sheet_bytes(MIXED_ROWS))

    assert [(p.row, p.reason) for p in sheet.problems] == EXPECTED_PROBLEMS
    assert [(r.row, r.name, r.province, r.email) for r in sheet.rows] == [
        (2, "王建国", "31", "wang@zs.example.org"), (8, "李芳", "33", "lifang@zju.example.org")]
    assert sheet.rows[0].domains == ["优化健康服务", "普及健康生活"]
    assert sheet.rows[1].keywords == ["医保支付", "健康城市"]


def test_columns_are_found_by_name_in_any_order():
    header = list(reversed(COLUMNS))
    sheet = read_sheet(sheet_bytes([list(reversed(GOOD_ROWS[0]))], header=header))

    assert [(r.name, r.affiliation, r.email) for r in sheet.rows] == [
        ("王建国", "复旦大学附属中山医院", "wang@zs.example.org")]


# --- Importing -------------------------------------------------------------------------------


def test_good_rows_create_or_update_experts_by_email_and_join_the_pool(call, secretariat):
    known_unit = OrganizationFactory(name="复旦大学附属中山医院")
    ExpertFactory(email="lifang@zju.example.org", name="李芳", title="副教授", keywords=["旧词"])

    result = import_experts(call=call, sheet=read_sheet(sheet_bytes(MIXED_ROWS)), actor=secretariat,
                            filename="专家.xlsx")

    assert [e.email for e in result.created] == ["wang@zs.example.org"]
    assert [e.email for e in result.updated] == ["lifang@zju.example.org"]
    assert [(p.row, p.reason) for p in result.problems] == EXPECTED_PROBLEMS
    wang = Expert.objects.get(email="wang@zs.example.org")
    assert wang.affiliation == known_unit
    li = Expert.objects.get(email="lifang@zju.example.org")
    assert (li.title, li.province, li.keywords) == ("教授", "33", ["医保支付", "健康城市"])
    assert li.affiliation.name == "浙江大学公共卫生学院"
    assert li.affiliation.credit_code == ""  # recorded by name only, to be completed later
    assert Expert.objects.count() == 2
    assert set(CallExpert.objects.filter(call=call).values_list("expert__email", "status")) == {
        ("wang@zs.example.org", PoolStatus.LISTED), ("lifang@zju.example.org", PoolStatus.LISTED)}
    event = AuditEvent.objects.get(action="experts.imported")
    assert (event.actor, event.call, event.data["created"], event.data["updated"]) == (secretariat, call, 1, 1)
    assert [row["row"] for row in event.data["rejected"]] == [3, 4, 5, 6]


def test_importing_the_same_sheet_again_adds_no_one(call):
    data = sheet_bytes(GOOD_ROWS)
    import_experts(call=call, sheet=read_sheet(data), actor=None)

    again = import_experts(call=call, sheet=read_sheet(data), actor=None)

    assert (len(again.created), len(again.updated)) == (0, 2)
    assert Expert.objects.count() == 2
    assert CallExpert.objects.filter(call=call).count() == 2
    assert Organization.objects.filter(name="浙江大学公共卫生学院").count() == 1


def test_template_round_trip_on_the_page(client, call, secretariat):
    client.force_login(secretariat)
    response = client.get(f"/manage/{call.slug}/experts/template.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    template = response.content
    workbook = load_workbook(io.BytesIO(template))
    assert [cell.value for cell in workbook.worksheets[0][1]] == COLUMNS
    assert workbook.worksheets[0].max_row == 1  # no sample row to import by mistake

    page = upload(client, call, sheet_bytes(MIXED_ROWS, template=template)).content.decode()

    assert "新增专家 2 位，更新 0 位，未导入 4 行。" in page
    for row, reason in EXPECTED_PROBLEMS:
        assert f"<td data-label=\"行号\">第 {row} 行</td><td data-label=\"原因\">{reason}</td>" in page
    assert sorted(CallExpert.objects.filter(call=call).values_list("expert__name", flat=True)) == [
        "李芳", "王建国"]


def test_a_file_that_is_not_a_workbook_is_refused_on_the_page(client, call, secretariat):
    client.force_login(secretariat)

    page = upload(client, call, "姓名,邮箱\n张三,a@b.cn\n".encode(), name="experts.csv").content.decode()

    assert "文件不是 Excel 工作簿（.xlsx），请使用下载的模板填写后上传。" in page
    assert not Expert.objects.exists()


def test_a_sheet_without_the_columns_is_refused(client, call, secretariat):
    client.force_login(secretariat)

    page = upload(client, call, sheet_bytes([["张三", "a@b.cn"]], header=["名字", "邮件"])).content.decode()

    assert "第 1 行缺少列：姓名、职称、工作单位、省份、专长领域、关键词、邮箱。" in page
    assert not Expert.objects.exists()


# --- The command -------------------------------------------------------------------------------


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("experts", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_the_command_reports_bad_rows_on_stderr_and_keeps_good_ones(call, tmp_path):
    path = tmp_path / "专家.xlsx"
    path.write_bytes(sheet_bytes(MIXED_ROWS))

    out, err = run("import", str(path), "--call", "yrd-test")

    assert err.splitlines() == [f"第 {row} 行：{reason}" for row, reason in EXPECTED_PROBLEMS]
    assert out.splitlines() == ["新增专家 2 位，更新 0 位，未导入 4 行。"]
    assert CallExpert.objects.filter(call=call).count() == 2


def test_the_command_exits_2_on_a_file_that_is_not_xlsx(call, tmp_path):
    path = tmp_path / "experts.xlsx"
    path.write_text("姓名,邮箱\n张三,a@b.cn\n")

    with pytest.raises(CommandError) as refused:
        run("import", str(path), "--call", "yrd-test")

    assert refused.value.returncode == 2
    assert str(refused.value) == "experts.xlsx：文件不是 Excel 工作簿（.xlsx），请使用下载的模板填写后上传。"
    assert not Expert.objects.exists()


def test_the_command_exits_2_on_a_missing_file_or_call(call, tmp_path):
    with pytest.raises(CommandError) as missing_file:
        run("import", str(tmp_path / "nope.xlsx"), "--call", "yrd-test")
    with pytest.raises(CommandError) as missing_call:
        run("import", str(tmp_path / "nope.xlsx"), "--call", "no-such-call")

    assert missing_file.value.returncode == missing_call.value.returncode == 2
    assert str(missing_file.value).startswith("无法读取文件 ")
    assert str(missing_call.value) == "没有找到评选活动“no-such-call”。"
