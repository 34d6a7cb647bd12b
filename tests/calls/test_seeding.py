"""The two seed competitions, loaded: checked against the seed texts themselves."""

import datetime as dt
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from casebook.awards.models import Award
from casebook.calls.enums import AwardKind, EvidenceKind, RoundKind
from casebook.calls.models import Call, Criterion, Section, Stage
from casebook.calls.seeding import load_seed_calls
from casebook.calls.seeds import SHANGHAI_TIME
from casebook.core.models import AuditEvent
from casebook.organizations.models import Organization, UnitType
from casebook.submissions.enums import CaseStatus, Channel
from casebook.submissions.models import Case, CaseUnit

SEEDS = Path(__file__).parents[1] / "fixtures" / "seeds"
NOTICE = (SEEDS / "000_ff994b214a6f1b04.txt").read_text(encoding="utf-8")
RESULTS = (SEEDS / "002_10f8f97308157b0c.txt").read_text(encoding="utf-8")
CHINESE_NUMERALS = "一二三四五六七八九十"
TODAY = dt.date(2025, 3, 10)

pytestmark = pytest.mark.django_db


@pytest.fixture
def yrd():
    load_seed_calls(today=TODAY)
    return Call.objects.get(slug="yrd-health-4")


@pytest.fixture
def shanghai():
    load_seed_calls(today=TODAY)
    return Call.objects.get(slug="healthy-shanghai-2")


def awarded(call, category_key):
    return [award.case for award in Award.objects.filter(category__call=call,
                                                         category__key=category_key)
            .select_related("case__lead_organization").order_by("rank")]


# --- Healthy Shanghai: the 40 published cases ---------------------------------------------


def test_the_ten_model_cases_are_the_announcements_units_titles_and_summaries(shanghai):
    cases = awarded(shanghai, "model_case")

    assert len(cases) == 10
    for numeral, case in zip(CHINESE_NUMERALS, cases, strict=True):
        entry = f"十大案例{numeral}\n{case.units_display}\n{case.title}\n{case.summary}\n"
        assert entry in RESULTS


def test_the_thirty_excellent_cases_are_the_announcements_units_and_titles(shanghai):
    cases = awarded(shanghai, "excellent_case")

    assert len(cases) == 30
    for rank, case in enumerate(cases, start=1):
        assert f"\n{rank} {case.units_display}\n{case.title}\n" in RESULTS
        assert case.summary == ""


def test_cases_are_numbered_in_announcement_order(shanghai):
    numbers = list(Case.objects.filter(call=shanghai).order_by("number")
                   .values_list("number", "title"))

    assert [number for number, _ in numbers] == [f"HS2-{n:04d}" for n in range(1, 41)]
    assert numbers[0][1] == "加强爱国卫生与健康促进融合立法,全面提升健康上海建设水平"
    assert numbers[9][1] == "打造具有长宁特色的“一江一河”健康公共空间"
    assert numbers[10][1] == "监测污水中病原与药物,共同守护城市健康"
    assert numbers[39][1] == "“十月怀胎·爸爸戒烟”创新探索戒烟综合干预模"


def test_awards_rank_each_case_by_its_place_in_its_category(shanghai):
    ranks = {key: list(Award.objects.filter(category__call=shanghai, category__key=key)
                       .order_by("case__number").values_list("rank", flat=True))
             for key in ("model_case", "excellent_case")}

    assert ranks == {"model_case": list(range(1, 11)), "excellent_case": list(range(1, 31))}


def test_the_units_list_is_split_into_lead_and_co_units_in_order(shanghai):
    first_excellent = Case.objects.get(call=shanghai, number="HS2-0011")
    tenth_model = Case.objects.get(call=shanghai, number="HS2-0010")

    assert [unit.name for unit in first_excellent.units] == [
        "上海市生态环境局", "上海市环境科学研究院", "复旦大学附属华山医院",
    ]
    assert first_excellent.lead_organization.name == "上海市生态环境局"
    assert [unit.name for unit in tenth_model.units] == [
        "长宁区建设和管理委员会", "长宁区爱国卫生运动委员会办公室",
    ]


def test_a_unit_named_twice_is_one_organization(shanghai):
    union = Organization.objects.get(name="上海市总工会")
    huashan = Organization.objects.get(name="复旦大学附属华山医院")

    assert list(union.led_cases.values_list("number", flat=True)) == ["HS2-0015", "HS2-0016"]
    assert list(huashan.led_cases.values_list("number", flat=True)) == ["HS2-0020"]
    assert CaseUnit.objects.filter(organization=huashan).get().case.number == "HS2-0011"


def test_imported_cases_are_awarded_shanghai_cases_without_guessed_facts(shanghai):
    cases = Case.objects.filter(call=shanghai)
    units = Organization.objects.filter(led_cases__call=shanghai).distinct()

    assert set(cases.values_list("status", "channel", "domain")) == {
        (CaseStatus.AWARDED, Channel.IMPORT, None),
    }
    assert set(units.values_list("province", "credit_code", "unit_type")) == {("31", "", None)}


def test_each_import_leaves_an_audit_event(shanghai):
    case = Case.objects.get(call=shanghai, number="HS2-0011")
    events = AuditEvent.objects.filter(action="case.imported", call=shanghai)

    assert events.count() == 40
    assert events.get(subject_id=str(case.pk)).data == {
        "status": "awarded",
        "units": ["上海市生态环境局", "上海市环境科学研究院", "复旦大学附属华山医院"],
    }


def test_the_shanghai_call_is_the_published_results(shanghai):
    categories = shanghai.award_categories.all()

    assert shanghai.published
    assert (shanghai.opens_at, shanghai.closes_at) == (None, None)
    assert shanghai.results_published_at == dt.datetime(2024, 8, 22, tzinfo=SHANGHAI_TIME)
    assert shanghai.results_title in RESULTS
    assert all(paragraph in RESULTS for paragraph in shanghai.results_intro.split("\n"))
    assert shanghai.reported_submission_count == 278
    assert f"原文链接:{shanghai.source_url}\n" in RESULTS
    assert shanghai.eligible_provinces == ["31"]
    assert list(shanghai.organisers.values_list("name", flat=True)) == ["上海市爱国卫生运动委员会"]
    assert [(c.key, c.name, c.kind, c.quota) for c in categories] == [
        ("model_case", "示范案例", AwardKind.CASE, 10),
        ("excellent_case", "优秀案例", AwardKind.CASE, 30),
    ]
    assert shanghai.case_number_prefix == "HS2"


def test_the_six_domains_in_the_announcements_order(shanghai):
    names = list(shanghai.domains.values_list("name", flat=True))

    assert names == ["普及健康生活", "优化健康服务", "完善健康保障", "建设健康环境", "发展健康产业",
                     "提升建设能级"]
    assert "围绕" + "、".join(names) + "等方面" in RESULTS
    assert all(key.isascii() for key in shanghai.domains.values_list("key", flat=True))


# --- The 4th Yangtze River Delta call ---------------------------------------------------


def test_yrd_rules_follow_the_notice(yrd):
    assert yrd.title == yrd.theme == "第四届长三角卫生健康治理最佳实践案例评选"
    assert f"活动主题\n{yrd.theme}\n" in NOTICE
    assert yrd.max_cases_per_unit == 2
    assert yrd.min_running_months == 12
    assert yrd.eligible_provinces == ["31", "32", "33", "34"]
    assert yrd.case_number_prefix == "YRD4"
    assert yrd.published


def test_yrd_texts_are_the_notices_own(yrd):
    texts = [*yrd.notice.split("\n"), *yrd.host_introduction.split("\n"), yrd.eligibility_text,
             yrd.case_requirements, yrd.writing_requirements, yrd.integrity_clause,
             yrd.publication_note]

    assert len(texts) == 10
    assert all(text and text in NOTICE for text in texts)


def test_yrd_admits_every_unit_type_the_notice_lists_but_other(yrd):
    names = list(yrd.eligible_unit_types.values_list("name", flat=True))

    assert len(names) == 14
    assert all(name in yrd.eligibility_text for name in names)
    assert not yrd.eligible_unit_types.filter(key="other").exists()
    assert UnitType.objects.count() == 15


def test_yrd_sections_carry_the_notices_guidance(yrd):
    sections = list(yrd.sections.all())

    assert [(s.key, s.number, s.short_title) for s in sections] == [
        ("background", "一、", "背景与动因"), ("measures", "二、", "举措与机制"),
        ("outcomes", "三、", "成效与创新"), ("outlook", "四、", "启示与展望"),
    ]
    for section in sections:
        assert f"{section.number}{section.title}（{section.guidance}）" in NOTICE
        assert section.min_chars == 300


def test_yrd_evidence_asks_for_photos(yrd):
    evidence = [(e.kind, e.label, e.required) for e in yrd.evidence_requirements.all()]

    assert evidence == [
        (EvidenceKind.PHOTO, "图片", True), (EvidenceKind.VIDEO, "视频", False),
        (EvidenceKind.LEADER_INSTRUCTION, "领导批示", False),
        (EvidenceKind.MEDIA_REPORT, "新闻媒体报道", False),
        (EvidenceKind.OTHER, "其他佐证材料", False),
    ]


def test_yrd_submission_by_email(yrd):
    contacts = [(c.name, c.phone, c.email) for c in yrd.contacts.all()]

    assert yrd.intake_emails == ["zhuqingliang@shjdjkcsj.com", "ioh@sjtu.edu.cn"]
    assert yrd.email_subject_format == "项目名称+单位名称"
    assert contacts == [("朱清亮", "13248241491", "zhuqingliang@shjdjkcsj.com"),
                        ("李元欣", "13916457171", ""), ("", "", "ioh@sjtu.edu.cn")]
    assert all(f"{name} {phone}" in NOTICE for name, phone, _ in contacts[:2])
    assert list(yrd.organisers.values_list("name", flat=True)) == [
        "上海交通大学健康长三角研究院", "上海交通大学中国城市治理研究院",
        "上海交通大学国际与公共事务学院",
    ]
    assert [(d.title, d.generator) for d in yrd.documents.all()] == [
        ("卫生健康治理案例申报书", "application_form"),
    ]


def test_yrd_rounds_stages_and_awards(yrd):
    stages = yrd.stages.select_related("round")

    assert [(r.key, r.name, r.kind) for r in yrd.rounds.all()] == [
        ("r1", "初审", RoundKind.SCREENING), ("r2", "考察", RoundKind.VISIT),
        ("r3", "终审", RoundKind.DEFENSE),
    ]
    assert [(s.name, s.round and s.round.key) for s in stages] == [
        ("征集", None), ("初审", "r1"), ("考察", "r2"), ("终审", "r3"), ("颁奖出版", None),
    ]
    assert all(f"{s.name}阶段:{s.description}" in NOTICE for s in stages[1:])
    assert stages[0].description in NOTICE
    assert [(c.name, c.kind, c.quota) for c in yrd.award_categories.all()] == [
        ("卓越案例奖", AwardKind.CASE, 10), ("优秀案例奖", AwardKind.CASE, 10),
        ("优秀组织奖", AwardKind.ORGANIZATION, 10),
    ]


def test_yrd_screening_rubric_weighs_100(yrd):
    criteria = Criterion.objects.filter(round__call=yrd, round__key="r1")

    assert [c.name for c in criteria] == [
        "问题明确", "思路清晰", "层次分明", "资料翔实", "总结到位", "成效", "创新性", "可推广性",
    ]
    assert sum(c.weight for c in criteria) == Decimal(100)
    assert {c.max_score for c in criteria} == {10}


# --- Timeline -------------------------------------------------------------------------------


def test_the_yrd_window_moves_to_open_today_with_its_length(yrd):
    submission = yrd.stages.get(key="submission")

    assert yrd.opens_at == dt.datetime(2025, 3, 10, tzinfo=SHANGHAI_TIME)
    assert yrd.closes_at - yrd.opens_at == dt.timedelta(days=121, hours=23, minutes=59,
                                                        seconds=59)
    assert (submission.starts_on, submission.ends_on) == (TODAY, dt.date(2025, 7, 9))
    assert "案例提交截止时间是2025年7月9日。" in yrd.submission_instructions


def test_the_original_timeline_keeps_2023():
    yrd = next(c for c in load_seed_calls(original_timeline=True) if c.slug == "yrd-health-4")
    submission = yrd.stages.get(key="submission")

    assert yrd.opens_at == dt.datetime(2023, 6, 1, tzinfo=SHANGHAI_TIME)
    assert yrd.closes_at == dt.datetime(2023, 9, 30, 23, 59, 59, tzinfo=SHANGHAI_TIME)
    assert (submission.starts_on, submission.ends_on) == (dt.date(2023, 6, 1),
                                                          dt.date(2023, 9, 30))
    assert yrd.submission_instructions in NOTICE


# --- Running it again --------------------------------------------------------------------------


def row_counts():
    models = (Call, Section, Stage, Criterion, Case, CaseUnit, Award, Organization, UnitType,
              AuditEvent)
    return {model.__name__: model.objects.count() for model in models}


def test_loading_again_creates_nothing_and_keeps_edits():
    first = load_seed_calls(today=TODAY)
    Call.objects.filter(slug="yrd-health-4").update(title="已由组委会修改", max_cases_per_unit=3)
    UnitType.objects.filter(key="hospital").update(name="医疗机构")
    before = row_counts()

    again = load_seed_calls(today=TODAY + dt.timedelta(days=30))

    assert row_counts() == before
    assert [call.pk for call in again] == [call.pk for call in first]
    assert (again[0].title, again[0].max_cases_per_unit) == ("已由组委会修改", 3)
    assert again[0].opens_at == dt.datetime(2025, 3, 10, tzinfo=SHANGHAI_TIME)
    assert UnitType.objects.get(key="hospital").name == "医疗机构"


def test_seed_command_says_what_it_loaded_and_kept():
    first, second = StringIO(), StringIO()

    call_command("seed", "--original-timeline", stdout=first)
    call_command("seed", stdout=second)

    assert first.getvalue().splitlines() == [
        "已载入：第四届长三角卫生健康治理最佳实践案例评选（yrd-health-4），"
        "征集时间 2023-06-01 00:00 至 2023-09-30 23:59（北京时间）",
        "已载入：第二轮健康上海行动优秀案例征集推选活动（healthy-shanghai-2）",
    ]
    assert second.getvalue().splitlines() == [
        "已存在，保持不变：第四届长三角卫生健康治理最佳实践案例评选（yrd-health-4），"
        "征集时间 2023-06-01 00:00 至 2023-09-30 23:59（北京时间）",
        "已存在，保持不变：第二轮健康上海行动优秀案例征集推选活动（healthy-shanghai-2）",
    ]
