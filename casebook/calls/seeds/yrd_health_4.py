# ruff: noqa: E501
# (the notice's text is kept one paragraph a line, to be compared with the notice as it is)
"""第四届长三角卫生健康治理最佳实践案例评选: the call as its 2023 notice gives it.

Every text below is the notice's own wording (seed 000_ff994b214a6f1b04), only
cut into the fields it belongs to; where the notice is silent and the product
needs a value, a comment says so.
"""

from datetime import date, datetime

from casebook.calls.enums import AwardKind, EvidenceKind, OrganiserRole, RoundKind
from casebook.calls.seeds import SHANGHAI_TIME
from casebook.core.regions import Province

CALL = {
    "slug": "yrd-health-4",
    "case_number_prefix": "YRD4",
    "title": "第四届长三角卫生健康治理最佳实践案例评选",
    "theme": "第四届长三角卫生健康治理最佳实践案例评选",
    "notice": (
        "习近平总书记指出“要把保障人民健康放在优先发展的战略位置，……聚焦影响人民健康的重大疾病和主要问题，加快实施健康中国行动。”为深入挖掘“健康中国”和“长三角一体化”国家战略的内涵，提升战略落地和实施效果，上海交通大学健康长三角研究院以上海、江苏、浙江和安徽三省一市卫生健康治理实践为主体，自2018年开始连续组织开展了3次“长三角卫生健康治理最佳实践案例评选”工作，在长三角卫生健康领域产生了良好影响。\n"
        "2023年是全面贯彻落实党的二十大精神的开局之年、实施 ‘十四五’规划的关键之年。进入新时代新征程，健康在现代化建设全局中的地位和作用进一步凸显。卫生健康领域既面临重大发展机遇又存在着诸多治理挑战,为更好地助推“健康长三角”的高质量发展, 上海交通大学健康长三角研究院将继续开展“第四届长三角卫生健康治理最佳实践案例评选”工作。案例征集方案如下："
    ),
    "host_introduction": (
        "上海交通大学健康长三角研究院是在长三角区域合作办公室指导下，沪苏浙皖三省一市健康领域相关部门支持下，由上海交通大学国际与公共事务学院、中国城市治理研究院发起的共建共享平台。研究院于2019年5月11日在首届健康长三角峰会上宣布正式成立，由十二届全国人大常委会副委员长、民进中央原主席严隽琪任院务委员会主任，原国家卫生部部长高强任名誉院长。\n"
        "研究院自成立以来，紧密围绕“健康中国”和“长三角一体化”国家战略，全力汇聚校内多学科资源，积极整合校外尤其是长三角区域政府、医疗机构、企业等健康资源。探索“小核心、大外围”的人才队伍建设机制，吸引来自政、产、学、研专家担任包括首席科学家、学术顾问、学术带头人、学术骨干以及行业观察员等职务。产出了包括高质量咨政建言、学术论文及著作、研究报告以及媒体文章、专访等多元化学术成果，初步起到了资政启民的智库作用。研究院与长三角地区三省一市省级卫健部门、医保部门、医院、高校和健康产业有着紧密的合作关系，初步聚合了沪苏浙皖三省一市的各类相关健康卫生资源。\n"
        "今后，健康长三角研究院将不断集聚相关资源，根植长三角，放眼全中国，逐步建设成集“健康研究与智库、健康交流合作、健康人才培养培训、健康产业整合与孵化、公共政策学科交叉与发展”的“五位一体”的全健康综合平台。"
    ),
    "published": True,
    # 活动时间 2023年6月1日-2023年9月30日; the loader moves the window to today
    # unless the original timeline is asked for.
    "opens_at": datetime(2023, 6, 1, tzinfo=SHANGHAI_TIME),
    "closes_at": datetime(2023, 9, 30, 23, 59, 59, tzinfo=SHANGHAI_TIME),
    "eligible_provinces": [Province.SHANGHAI, Province.JIANGSU, Province.ZHEJIANG, Province.ANHUI],
    "eligibility_text": "沪、苏、浙、皖三省一市各级卫健委（局）/医保局/民政局/体育局/文旅局/医院（社区卫生服务机构、乡镇卫生院）/医养结合机构/疾控中心/卫生监督所/高校/学会协会/大健康企业等均可基于本单位所开展的具体实践参与案例申报。",
    # 每个单位常规卫生健康治理项目不多于两项
    "max_cases_per_unit": 2,
    # 已经持续运行一年以上
    "min_running_months": 12,
    "case_requirements": "申报项目要求已经持续运行一年以上并产生了良好的效果。",
    "writing_requirements": "案例写作应问题明确，思路清晰，层次分明，资料翔实，总结到位。",
    "integrity_clause": "案例相关资料要真实有效，如有弄虚作假或以其它不正当手段入选者，撤销其入选资格。",
    "submission_instructions": "请将案例申报书与案例相关的图片、视频以及领导批示和新闻媒体报道等相关佐证材料同时发送到邮箱zhuqingliang@shjdjkcsj.com和ioh@sjtu.edu.cn，并以\"项目名称+单位名称\"为邮件标题发送，案例提交截止时间是2023年9月30日。需要电子版案例申请书请下载附件。",
    "intake_emails": ["zhuqingliang@shjdjkcsj.com", "ioh@sjtu.edu.cn"],
    "email_subject_format": "项目名称+单位名称",
    "publication_note": "案例集仅用于健康科普宣传，案例相关知识产权归各单位所有",
}

# 参赛对象 lists every type but 其他.
UNIT_TYPES = [
    "health_commission", "healthcare_security", "civil_affairs", "sports", "culture_tourism",
    "hospital", "community_health", "township_health", "medical_eldercare", "cdc",
    "health_supervision", "university", "association", "health_enterprise",
]

ORGANISERS = [
    {"name": "上海交通大学健康长三角研究院", "role": OrganiserRole.ORGANISER},
    {"name": "上海交通大学中国城市治理研究院", "role": OrganiserRole.ORGANISER},
    {"name": "上海交通大学国际与公共事务学院", "role": OrganiserRole.ORGANISER},
]

# The notice gives the two addresses together, after both names; only the
# first one plainly belongs to one person, so the institute's address stands
# on a line of its own rather than being pinned on 李元欣.
CONTACTS = [
    {"name": "朱清亮", "phone": "13248241491", "email": "zhuqingliang@shjdjkcsj.com",
     "note": "大赛组委会联系人"},
    {"name": "李元欣", "phone": "13916457171", "note": "大赛组委会联系人"},
    {"email": "ioh@sjtu.edu.cn", "note": "上海交通大学健康长三角研究院"},
]

# The notice sets no length; the product needs a floor below which a section
# counts as not filled in, and 300 characters is a short page of Chinese.
SECTION_MIN_CHARS = 300

# 案例申报书主要包括四个方面: each title is 案例的 + its short title, and its
# guidance the notice's parenthesis after it.
SECTIONS = [
    {"key": key, "number": number, "title": f"案例的{short_title}", "short_title": short_title,
     "guidance": guidance, "min_chars": SECTION_MIN_CHARS}
    for key, number, short_title, guidance in [
        ("background", "一、", "背景与动因", "包括案例所在地区经济和社会发展的基本情况，具体管理领域出现的新情况新问题新挑战，案例实施的动因"),
        ("measures", "二、", "举措与机制", "案例的主要内容、主要做法和主要特色，包括具体的举措和方法、制度和机制以及技术支持等"),
        ("outcomes", "三、", "成效与创新", "案例实施所取得的政治、经济和社会成效，具有哪些方面的先进性和创新性，包括政府和社会等多维度的评价"),
        ("outlook", "四、", "启示与展望", "案例对于解决相关卫生健康治理问题的启示，存在着哪些方面的问题与不足，未来应该如何发展等"),
    ]
]

# The 初审 text names only pictures beside the application form (案例申报书及相关
# 图片等证明材料); videos, leaders' instructions and press reports are to be sent
# "同时" where a case has them, and many cases have none, so only photos are required.
EVIDENCE = [
    {"kind": EvidenceKind.PHOTO, "label": "图片", "required": True},
    {"kind": EvidenceKind.VIDEO, "label": "视频"},
    {"kind": EvidenceKind.LEADER_INSTRUCTION, "label": "领导批示"},
    {"kind": EvidenceKind.MEDIA_REPORT, "label": "新闻媒体报道"},
    {"kind": EvidenceKind.OTHER, "label": "其他佐证材料"},
]

# The notice names what a case should show but weighs nothing. These weights
# are a default for the secretariat to edit: the five writing qualities 10 each
# (50), then 成效 20, 创新性 15, 可推广性 15 (50); each scored out of 10.
SCREENING_CRITERIA = [
    {"key": "clear_problem", "name": "问题明确", "weight": 10},
    {"key": "clear_reasoning", "name": "思路清晰", "weight": 10},
    {"key": "structure", "name": "层次分明", "weight": 10},
    {"key": "evidence", "name": "资料翔实", "weight": 10},
    {"key": "conclusion", "name": "总结到位", "weight": 10},
    {"key": "outcomes", "name": "成效", "weight": 20,
     "description": "案例实施所取得的政治、经济和社会成效"},
    {"key": "innovation", "name": "创新性", "weight": 15,
     "description": "具有哪些方面的先进性和创新性"},
    {"key": "transferability", "name": "可推广性", "weight": 15,
     "description": "案例对于解决相关卫生健康治理问题的启示"},
]

ROUNDS = [
    {"key": "r1", "name": "初审", "kind": RoundKind.SCREENING,
     "description": "主办方组织专家进行初审，遴选出候选项目。", "criteria": SCREENING_CRITERIA},
    {"key": "r2", "name": "考察", "kind": RoundKind.VISIT,
     "description": "组织专家对候选项目进行实地考察或线上访谈调研，对候选项目进行现场评估。"},
    {"key": "r3", "name": "终审", "kind": RoundKind.DEFENSE,
     "description": "主办方组织申报单位进行集中答辩，由专家委员会评选出卓越案例奖10项、优秀案例奖10项、优秀组织奖10项。"},
]

# Only the submission window has dates in the notice; the other stages are
# announced without them.
STAGES = [
    {"key": "submission", "name": "征集",
     "description": "申报单位根据案例相关要求，在规定时间内向主办方提交案例申报书及相关图片等证明材料",
     "starts_on": date(2023, 6, 1), "ends_on": date(2023, 9, 30)},
    {"key": "screening", "name": "初审", "round": "r1",
     "description": "申报单位根据案例相关要求，在规定时间内向主办方提交案例申报书及相关图片等证明材料（案例申报格式可参考前几届获奖案例，可在下面链接下载)，主办方组织专家进行初审，遴选出候选项目。"},
    {"key": "visit", "name": "考察", "round": "r2",
     "description": "主办方结合现实情况，组织专家对候选项目进行实地考察或线上访谈调研，对候选项目进行现场评估。"},
    {"key": "defense", "name": "终审", "round": "r3",
     "description": "主办方组织申报单位进行集中答辩，由专家委员会评选出卓越案例奖10项、优秀案例奖10项、优秀组织奖10项。"},
    {"key": "ceremony", "name": "颁奖出版",
     "description": "主办方将在第四届健康长三角峰会开幕式上宣布评选结果并颁奖，同时对所有获奖案例结集出版（案例集仅用于健康科普宣传，案例相关知识产权归各单位所有）。"},
]

AWARD_CATEGORIES = [
    {"key": "outstanding_case", "name": "卓越案例奖", "kind": AwardKind.CASE, "quota": 10},
    {"key": "excellent_case", "name": "优秀案例奖", "kind": AwardKind.CASE, "quota": 10},
    {"key": "excellent_organization", "name": "优秀组织奖", "kind": AwardKind.ORGANIZATION,
     "quota": 10},
]

# The notice also links 《获奖案例》, a file we do not have; it is left out
# rather than made up.
DOCUMENTS = [
    {"title": "卫生健康治理案例申报书", "generator": "application_form",
     "description": "需要电子版案例申请书请下载附件。"},
]

SEED = {
    "call": CALL,
    "unit_types": UNIT_TYPES,
    "organisers": ORGANISERS,
    "contacts": CONTACTS,
    "sections": SECTIONS,
    "evidence": EVIDENCE,
    "rounds": ROUNDS,
    "stages": STAGES,
    "award_categories": AWARD_CATEGORIES,
    "documents": DOCUMENTS,
}
