"""The near-duplicate engine: planted copies are found at each similarity level,
copies disguised by punctuation, width or spacing are still copies, and cases
written independently on the same topic are not flagged.

Scores are checked against an independent computation: Python sets of the
normalised five-character strings, no hashing."""

import random
import re
from pathlib import Path

import pytest

from casebook.integrity import passages
from casebook.integrity.similarity import (
    MIN_SECTION_SHINGLES,
    RECALL,
    Document,
    band_shape,
    find_near_duplicates,
    normalise,
    scan,
)

SEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "seeds"

# A case of a community programme, section by section (sentences end in 。).
HYPERTENSION = {
    "background": (
        "浦东新区金桥镇常住人口约十二万人，六十岁以上老年人占比达到百分之二十八点六。"
        "二〇二一年的慢性病调查显示，辖区高血压患病率为百分之三十一点二，糖尿病患病率为百分之十点四。"
        "长期以来，社区卫生服务中心重治疗、轻预防，疾控机构重监测、轻干预，两条线各自为战。"
        "签约居民的血压、血糖数据分散在医院、社区和体检机构，家庭医生难以及时掌握病情变化。"
        "部分患者服药依从性差，自行停药、减药现象较为普遍，脑卒中等并发症发生率居高不下。"
        "基层医务人员慢病管理能力参差不齐，缺少统一的随访规范和质量控制手段。"
        "群众反映看专家难、复诊排队时间长，对社区慢病服务的满意度仅为百分之七十一。"
        "为落实健康上海行动关于慢性病综合防控的要求，镇政府决定以医防融合为突破口重塑服务模式。"
    ),
    "measures": (
        "一是组建由全科医生、公卫医生、护士和健康管理师组成的医防融合团队，每个团队负责两个居委会。"
        "二是建立区域慢病信息平台，打通区中心医院、社区卫生服务中心和体检机构的数据接口。"
        "平台每日自动汇总签约居民的血压、血糖监测结果，对连续三次超标的患者推送预警。"
        "三是在全镇二十六个居委会设立智能健康小屋，居民刷医保卡即可自助测量并上传数据。"
        "四是推行分级分层管理，按照风险高低将患者分为红、黄、绿三类，分别确定随访频次。"
        "红色患者由区中心医院专科医生通过联合门诊每月会诊一次，必要时开通绿色转诊通道。"
        "五是开设“慢病自我管理小组”，由患者骨干带领组员学习合理膳食、规律运动和正确用药。"
        "六是将血压、血糖控制率纳入家庭医生团队绩效考核，考核结果与绩效工资直接挂钩。"
        "七是联合镇文体中心开展健步走、八段锦等群众性健身活动，每年举办慢病健康讲座四十余场。"
        "八是与区医保局合作，对规范管理的签约患者提供长处方和药品配送到家服务。"
    ),
    "outcomes": (
        "项目实施两年来，辖区高血压规范管理率由百分之六十二提高到百分之八十一。"
        "糖尿病患者血糖控制率由百分之四十五提高到百分之六十三，均高于全区平均水平。"
        "智能健康小屋累计服务居民三十八万人次，发现血压异常人员两千四百余人。"
        "签约患者年度脑卒中发病人数较项目实施前下降百分之十九。"
        "居民对社区慢病服务的满意度提升至百分之九十三。"
        "家庭医生团队人均管理患者数增加三成，但随访工作量因信息化手段下降约四分之一。"
        "相关做法被区卫生健康委在全区推广，并入选市级医防融合优秀实践案例。"
    ),
    "outlook": (
        "下一步，金桥镇将把医防融合模式从高血压、糖尿病扩展到慢阻肺和骨质疏松。"
        "我们将探索利用可穿戴设备开展连续监测，让风险预警更加及时准确。"
        "同时加强与长三角兄弟城市的交流，总结形成可复制、可推广的社区慢病管理标准。"
        "我们还计划编写慢病自我管理手册，组织患者骨干参与同伴教育。"
        "镇政府将继续加大投入，力争三年内实现签约居民慢病规范管理全覆盖。"
    ),
}

# Another case, used as the source of the sentences an editor puts in.
FALLS = {
    "background": (
        "跌倒是我国六十五岁以上老年人因伤致死的首位原因，独居老人一旦跌倒往往无法及时求助。"
        "嘉定区安亭镇老龄化程度高，独居和纯老家庭超过四千户，居家环境适老化水平普遍偏低。"
        "卫生间地面湿滑、夜间照明不足、门槛过高等隐患在老旧小区中十分常见。"
        "老年人及其家属对跌倒风险认识不足，很少主动开展居家环境评估。"
        "社区康复资源有限，跌倒后的功能训练多依赖家属自行照护。"
        "民政、卫生健康、住房建设等部门各有项目，但缺少统一的入户评估和改造标准。"
    ),
    "measures": (
        "我们制定了老年人跌倒风险筛查量表，由家庭医生在年度体检时同步完成评估。"
        "对评估为高风险的老人，由街道委托专业机构上门开展居家环境适老化改造。"
        "改造内容包括安装扶手、铺设防滑地垫、增设感应夜灯和消除室内高差。"
        "社区卫生服务中心开设平衡能力训练课程，每周两次指导老人练习太极和力量训练。"
        "为独居老人配备紧急呼叫手环，跌倒后可一键联系社区服务站和家属。"
        "志愿者定期入户探访，检查改造设施使用情况并记录老人身体状况变化。"
        "区残联为行动不便的老人免费提供助行器、轮椅等康复辅具。"
        "我们还编印了图文并茂的防跌倒宣传手册，在社区食堂和菜场发放。"
    ),
    "outcomes": (
        "三年来共完成高风险老人居家适老化改造一千二百余户。"
        "参与平衡训练的老人半年内跌倒发生率下降百分之三十七。"
        "紧急呼叫手环累计响应求助三百六十余次，平均到场时间缩短至十二分钟。"
        "老人及家属对跌倒风险的知晓率由百分之四十提高到百分之八十五。"
        "项目经验被市民政局采纳，写入全市居家适老化改造工作指引。"
    ),
    "outlook": (
        "今后我们将把跌倒预防与长期护理保险评估相衔接，实现一次评估、多方共享。"
        "计划引入毫米波雷达等无感监测设备，进一步提高独居老人跌倒发现的及时性。"
        "我们也将总结改造经验，推动形成区级适老化改造技术规范。"
    ),
}

# Two smoking-control cases written independently: same topic, same vocabulary.
SMOKE_FREE_HOSPITALS = {
    "background": (
        "吸烟是心脑血管疾病、慢阻肺和多种癌症的重要危险因素，二手烟同样危害健康。"
        "本市成年人吸烟率虽已降至百分之十九点四，但男性吸烟率仍接近百分之四十。"
        "医疗机构是控烟的示范窗口，然而部分医院楼梯间、卫生间仍有吸烟现象，职工吸烟率偏高。"
        "门诊医生询问吸烟史的比例不足一半，戒烟干预尚未成为诊疗常规。"
    ),
    "measures": (
        "市卫生健康委将无烟医疗机构建设纳入医院等级评审和年度绩效考核。"
        "各医院成立由院长任组长的控烟领导小组，设立控烟监督员和巡查员。"
        "在院区入口、候诊区和住院病区设置统一的禁烟标识和投诉电话。"
        "全市二级以上医院全部开设戒烟门诊，由呼吸科和心理科医生联合坐诊。"
        "门诊电子病历增加吸烟状况必填项，医生对吸烟患者开展简短戒烟干预并转介戒烟门诊。"
        "我们培训临床医生两千余名，使其掌握五日戒烟法和戒烟药物的规范使用。"
        "医院职工吸烟者纳入戒烟帮扶计划，成功戒烟六个月以上的给予表彰。"
    ),
    "outcomes": (
        "全市医疗机构室内吸烟现象基本杜绝，暗访合格率由百分之七十六提高到百分之九十八。"
        "医院职工吸烟率下降至百分之九点三，男医生吸烟率下降超过十个百分点。"
        "戒烟门诊年接诊量增长三倍，三个月持续戒断率达到百分之三十二。"
        "医生询问吸烟史的比例提高到百分之八十七。"
    ),
    "outlook": (
        "今后将把戒烟服务延伸到社区卫生服务中心，由家庭医生为签约居民提供戒烟指导。"
        "我们还将探索把戒烟药物纳入医保报销，降低吸烟者的戒烟成本。"
    ),
}
SMOKE_FREE_CAMPUSES = {
    "background": (
        "青少年尝试吸烟的年龄不断提前，电子烟以时尚外观和多种口味吸引学生。"
        "二〇二二年对本区中学生的调查发现，百分之六点八的初中生尝试过电子烟。"
        "部分学校周边一百米内仍有商户向未成年人出售烟草制品。"
        "家长和教师对电子烟危害认识模糊，有人误以为电子烟可以帮助戒烟。"
    ),
    "measures": (
        "区教育局与区市场监管局联合开展校园周边烟草销售专项整治，每学期至少检查两轮。"
        "对向未成年人售烟的商户依法查处并向社会公开曝光。"
        "我们把控烟教育写入中小学健康教育课程，每学年不少于两课时。"
        "组织学生担任“无烟校园小卫士”，在校门口开展劝阻吸烟和宣传活动。"
        "学校教职工吸烟纳入师德考核，教师不得在学生面前吸烟。"
        "区健康促进中心开发电子烟危害互动课件，并通过家长会向家长讲解。"
        "我们在暑期开展青少年控烟主题夏令营，邀请呼吸科医生讲解肺部健康知识。"
    ),
    "outcomes": (
        "全区一百二十所中小学全部建成无烟学校，校园周边违规售烟举报下降百分之六十。"
        "学生对电子烟危害的知晓率由百分之五十二提高到百分之九十一。"
        "初中生电子烟尝试率下降至百分之三点九。"
        "十余所学校的学生控烟宣传作品在市级比赛中获奖。"
    ),
    "outlook": (
        "下一步我们将把校园控烟延伸到校外培训机构和青少年活动场所。"
        "同时推动出台地方规定，明确禁止在学校周边设置电子烟销售点。"
    ),
}


# --- An independent yardstick -----------------------------------------------------------------


def _grams(text: str, n: int = 5) -> set[str]:
    text = normalise(text)
    return {text[i:i + n] for i in range(len(text) - n + 1)}


def _scores(first: dict, second: dict) -> tuple[float, float]:
    a, b = _grams("".join(first.values())), _grams("".join(second.values()))
    common = len(a & b)
    return common / len(a | b), common / min(len(a), len(b))


def _sentences(text: str) -> list[str]:
    return [s + "。" for s in text.split("。") if s]


def _edited(case: dict, donor: dict, *, replace: float, seed: int, evenly: bool = False) -> dict:
    """`case` with a share of its sentences swapped for the donor's: that share
    of all its sentences wherever they fall, or `evenly` of each section's."""
    rng = random.Random(seed)
    spare = [s for text in donor.values() for s in _sentences(text)]
    rng.shuffle(spare)
    sentences = {key: _sentences(text) for key, text in case.items()}
    places = [(key, index) for key, items in sentences.items() for index in range(len(items))]
    if evenly:
        chosen = [(key, index) for key, items in sentences.items()
                  for index in rng.sample(range(len(items)), round(replace * len(items)))]
    else:
        chosen = rng.sample(places, round(replace * len(places)))
    for key, index in chosen:
        sentences[key][index] = spare.pop()
    return {key: "".join(items) for key, items in sentences.items()}


def _pairs(pairs) -> dict:
    return {(pair.a, pair.b): pair for pair in pairs}


# --- Normalising ------------------------------------------------------------------------------


def test_normalise_folds_width_and_case_and_drops_punctuation_and_space():
    assert normalise("Ｈｅｌｌｏ，世界！ 2023年　１０月\t（一）“控烟”——ABC") == "hello世界2023年10月一控烟abc"


def test_normalise_spells_out_compatibility_characters():
    assert normalise("面积3000㎡，ﬁle") == "面积3000m2file"


def test_normalise_agrees_with_the_highlighted_passages():
    """The side-by-side view marks what the engine compared."""
    samples = ["Ｈｅｌｌｏ，世界！", "面积３０００㎡，½杯", "①②③ ㈠ ＡＢＣ ｱｲｳ", "𠀀𪚥 😀\n", HYPERTENSION["measures"]]
    for text in samples:
        assert normalise(text) == passages.normalise(text).text


# --- Planted copies ------------------------------------------------------------------------------


@pytest.mark.parametrize(("replace", "low", "high"), [
    (0.04, 0.9, 0.95),  # one sentence changed
    (0.15, 0.7, 0.8),
    (0.2, 0.6, 0.7),
    (0.3, 0.5, 0.6),  # just above the threshold
])
def test_an_edited_copy_is_found_with_its_exact_score(replace, low, high):
    copy = _edited(HYPERTENSION, FALLS, replace=replace, seed=1)
    jaccard, containment = _scores(HYPERTENSION, copy)
    assert low <= jaccard <= high  # the plant is at the level it is meant to be

    pairs = find_near_duplicates([Document("original", HYPERTENSION), Document("copy", copy),
                                  Document("other", SMOKE_FREE_CAMPUSES)])

    assert [(pair.a, pair.b) for pair in pairs] == [("original", "copy")]
    assert pairs[0].jaccard == pytest.approx(jaccard, abs=1e-12)
    assert pairs[0].containment == pytest.approx(containment, abs=1e-12)


def test_a_copy_below_the_threshold_is_not_reported():
    copy = _edited(HYPERTENSION, FALLS, replace=0.6, seed=2, evenly=True)
    jaccard, containment = _scores(HYPERTENSION, copy)
    assert 0.2 <= jaccard <= 0.3 and containment < 0.5

    assert find_near_duplicates([Document("original", HYPERTENSION), Document("copy", copy)]) == []
    lower = find_near_duplicates([Document("original", HYPERTENSION), Document("copy", copy)],
                                 threshold=0.2)
    assert [(pair.a, pair.b) for pair in lower] == [("original", "copy")]


def test_a_section_copied_into_another_case_is_found_through_that_section():
    borrower = {**FALLS, "outcomes": HYPERTENSION["outcomes"]}
    whole_jaccard, whole_containment = _scores(HYPERTENSION, borrower)
    assert whole_jaccard < 0.2 and whole_containment < 0.3

    [pair] = find_near_duplicates([Document("source", HYPERTENSION),
                                   Document("borrower", borrower)])

    assert (pair.a, pair.b) == ("source", "borrower")
    assert pair.sections["outcomes"] == {"jaccard": 1.0, "containment": 1.0}
    assert pair.sections["measures"]["jaccard"] < 0.1
    assert pair.jaccard == pytest.approx(whole_jaccard, abs=1e-12)
    assert pair.score == 1.0


def test_a_short_case_copied_into_a_long_one_is_found_by_containment():
    summary = {"summary": HYPERTENSION["outcomes"]}  # an archived case: its summary only
    padded = {**FALLS, "background": FALLS["background"] + HYPERTENSION["outcomes"]}

    [pair] = find_near_duplicates([Document("new", padded)], against=[Document("archived", summary)])

    assert (pair.a, pair.b, pair.contained) == ("new", "archived", "b")
    assert pair.containment == 1.0
    assert pair.jaccard < 0.3
    assert pair.sections == {}  # no section key in common


def test_punctuation_width_case_and_spacing_do_not_hide_a_copy():
    original = {**HYPERTENSION, "outcomes": HYPERTENSION["outcomes"] + "2023年上线APP，覆盖率95%。"}
    disguised = {key: " ".join(text.replace("，", ", ").replace("。", ".\n").replace("、", "/"))
                 for key, text in HYPERTENSION.items()}
    disguised["outcomes"] += "２０２３年上线ａｐｐ；覆 盖 率 ９５ ％"

    [pair] = find_near_duplicates([Document("a", original), Document("b", disguised)])

    assert (pair.jaccard, pair.containment) == (1.0, 1.0)
    assert all(score == {"jaccard": 1.0, "containment": 1.0} for score in pair.sections.values())


# --- Not copies ---------------------------------------------------------------------------------


def test_independent_cases_on_the_same_topic_are_not_flagged():
    jaccard, _ = _scores(SMOKE_FREE_HOSPITALS, SMOKE_FREE_CAMPUSES)
    assert jaccard < 0.05  # they share words like 控烟, 吸烟率, 戒烟门诊, not passages

    assert find_near_duplicates([Document("hospitals", SMOKE_FREE_HOSPITALS),
                                 Document("campuses", SMOKE_FREE_CAMPUSES)], threshold=0.2) == []


def test_the_real_demonstration_cases_of_healthy_shanghai_are_not_flagged():
    """Ten case summaries written by ten units for one competition."""
    text = (SEEDS / "002_10f8f97308157b0c.txt").read_text(encoding="utf-8")
    summaries = re.findall(r"十大案例[一二三四五六七八九十]+\n[^\n]+\n[^\n]+\n([^\n]+)", text)
    assert len(summaries) == 10

    documents = [Document(index, {"summary": summary}) for index, summary in enumerate(summaries)]
    assert find_near_duplicates(documents, threshold=0.2) == []


def test_short_identical_sections_are_not_scored():
    first = {**HYPERTENSION, "outlook": "暂无。"}
    second = {**SMOKE_FREE_CAMPUSES, "outlook": "暂无。"}

    assert find_near_duplicates([Document("a", first), Document("b", second)], threshold=0.3) == []
    assert len(_grams("暂无")) < MIN_SECTION_SHINGLES


# --- The search ---------------------------------------------------------------------------------


def test_reference_cases_are_compared_with_the_call_but_not_with_each_other():
    archive = [Document("old-1", HYPERTENSION), Document("old-2", HYPERTENSION),
               Document("old-3", FALLS)]
    call = [Document("new-1", _edited(HYPERTENSION, FALLS, replace=0.1, seed=3)),
            Document("new-2", SMOKE_FREE_HOSPITALS)]

    pairs = find_near_duplicates(call, against=archive)

    assert sorted((pair.a, pair.b) for pair in pairs) == [("new-1", "old-1"), ("new-1", "old-2")]


def test_pairs_come_most_similar_first_with_scores_for_each_shared_section():
    light = _edited(HYPERTENSION, FALLS, replace=0.05, seed=4)
    heavy = _edited(HYPERTENSION, FALLS, replace=0.25, seed=5)
    documents = [Document("original", HYPERTENSION), Document("light", light),
                 Document("heavy", heavy)]

    pairs = find_near_duplicates(documents)

    assert [pair.jaccard for pair in pairs] == sorted((pair.jaccard for pair in pairs), reverse=True)
    first = _pairs(pairs)[("original", "light")]
    assert list(first.sections) == ["background", "measures", "outcomes", "outlook"]
    for key, score in first.sections.items():
        a, b = _grams(HYPERTENSION[key]), _grams(light[key])
        assert score["jaccard"] == pytest.approx(len(a & b) / len(a | b), abs=1e-12)
        assert score["containment"] == pytest.approx(len(a & b) / min(len(a), len(b)), abs=1e-12)


def test_tiny_and_empty_cases_do_not_break_the_search():
    documents = [Document("empty", {}), Document("blank", {"background": " 。"}),
                 Document("tiny-1", {"background": "控烟"}), Document("tiny-2", {"background": "控 烟！"})]

    [pair] = find_near_duplicates(documents)

    assert (pair.a, pair.b, pair.jaccard) == ("tiny-1", "tiny-2", 1.0)
    assert find_near_duplicates([]) == []


def _synthetic_call(count: int, seed: int) -> list[Document]:
    """Many cases made of the sentences above in random order, so that the
    sketching runs in several worker processes."""
    rng = random.Random(seed)
    pool = [s for case in (HYPERTENSION, FALLS, SMOKE_FREE_HOSPITALS, SMOKE_FREE_CAMPUSES)
            for text in case.values() for s in _sentences(text)]
    documents = []
    for index in range(count):
        sentences = rng.sample(pool, 6)
        marker = f"第{index}号案例由第{index * 7919 % 10007}号单位申报。"
        documents.append(Document(f"case-{index}", {"background": marker + "".join(sentences)}))
    return documents


def test_the_search_is_deterministic_and_the_same_in_one_process_or_several():
    documents = _synthetic_call(2200, seed=6)
    documents.append(Document("copy", documents[17].sections))

    one = scan(documents, workers=1)
    several = scan(documents, workers=2)

    assert one.pairs == several.pairs == scan(documents, workers=2).pairs
    assert ("case-17", "copy") in _pairs(one.pairs)


def test_the_band_shape_finds_a_pair_at_the_threshold_with_the_promised_recall():
    for num_perm, threshold in ((256, 0.5), (128, 0.5), (256, 0.3), (256, 0.8)):
        bands, rows = band_shape(num_perm, threshold)
        assert bands * rows <= num_perm
        assert 1 - (1 - threshold**rows) ** bands >= RECALL
    assert band_shape(256, 0.5) == (64, 4)


def test_a_threshold_outside_zero_to_one_is_refused():
    for threshold in (0, -0.1, 1.5):
        with pytest.raises(ValueError, match="threshold"):
            find_near_duplicates([Document("a", FALLS)], threshold=threshold)
