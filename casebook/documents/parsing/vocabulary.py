"""The words real application forms use, kept as data.

Each table maps what applicants (or other competitions' templates) write to
the one name casebook uses. Matching is done on canonical text (see
`headings.canonical`), so spacing and 和/及/与 variants need no entries of
their own.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class SectionSpec:
    """What the parser needs to know of one form section; a call's
    `calls.models.Section` has the same attributes and may stand in for it."""

    key: str
    title: str
    short_title: str = ""
    number: str = ""
    guidance: str = ""


# The four parts of the standard form, worded as the YRD notice words them;
# the guidance is the notice's parenthesis, which applicants often leave in.
STANDARD_SECTIONS: tuple[SectionSpec, ...] = (
    SectionSpec(
        "background", "案例的背景与动因", "背景与动因", "一、",
        "包括案例所在地区经济和社会发展的基本情况，具体管理领域出现的新情况新问题新挑战，"
        "案例实施的动因",
    ),
    SectionSpec(
        "measures", "案例的举措与机制", "举措与机制", "二、",
        "案例的主要内容、主要做法和主要特色，包括具体的举措和方法、制度和机制以及技术支持等",
    ),
    SectionSpec(
        "outcomes", "案例的成效与创新", "成效与创新", "三、",
        "案例实施所取得的政治、经济和社会成效，具有哪些方面的先进性和创新性，"
        "包括政府和社会等多维度的评价",
    ),
    SectionSpec(
        "outlook", "案例的启示与展望", "启示与展望", "四、",
        "案例对于解决相关卫生健康治理问题的启示，存在着哪些方面的问题与不足，未来应该如何发展等",
    ),
)

# Other names real forms give the standard sections. A name only counts when
# it is the whole heading, so short words like 背景 are safe here.
SECTION_ALIASES: dict[str, tuple[str, ...]] = {
    "background": (
        "背景与动因", "背景", "案例背景", "项目背景", "实施背景", "背景与起因", "背景与问题",
        "背景与意义", "动因", "实施动因", "基本情况与动因",
    ),
    "measures": (
        "举措与机制", "主要举措", "主要做法", "具体做法", "做法与机制", "举措与做法", "主要措施",
        "措施与机制", "实施举措", "工作举措", "做法", "举措",
    ),
    "outcomes": (
        "成效与创新", "主要成效", "实施成效", "工作成效", "取得成效", "成效", "创新与成效",
        "成效与亮点", "成效与特色", "创新与特色",
    ),
    "outlook": (
        "启示与展望", "经验启示", "经验与启示", "启示", "展望", "未来展望", "问题与展望",
        "思考与展望", "下一步计划", "下一步工作", "下一步打算",
    ),
}

# Parts of a form that are no section's text: each ends the section before it
# and is left out, with everything under it up to the next section heading.
# A heading counts when it starts with one of these and is short.
TRAILING_PARTS: tuple[str, ...] = (
    "附件", "附：", "附表", "佐证材料", "证明材料", "承诺书", "诚信承诺", "真实性承诺",
    "真实性声明", "申报声明", "诚信声明", "写作要求", "填表说明", "填写说明", "申报单位意见",
    "推荐意见", "推荐单位意见", "主管部门意见", "审核意见", "专家意见", "评审意见",
)

# Short words that end the sections only as a whole heading or table cell
# (a line that starts with 承诺 may well be part of an answer).
TRAILING_WORDS: tuple[str, ...] = ("承诺", "声明", "备注", "附")

# A table's header row (项目 | 内容) is no basic information.
HEADER_WORDS: tuple[str, ...] = ("项目", "内容", "名称", "信息", "序号", "栏目", "填写内容", "说明")

# The basic-information labels (案例名称 … 电子邮箱, as our template has them)
# and what other forms call them.
FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "案例名称": ("案例名称", "项目名称", "案例题目", "案例标题", "申报案例名称", "申报项目名称"),
    "申报单位": ("申报单位", "申报单位名称", "单位名称", "申报主体", "牵头单位", "牵头申报单位"),
    "合作单位": ("合作单位", "协作单位", "参与单位", "联合申报单位", "共同申报单位"),
    "统一社会信用代码": ("统一社会信用代码", "社会信用代码", "信用代码", "组织机构代码"),
    "所在省份": ("所在省份", "省份", "所在省市", "所在地区", "所属省份", "省市"),
    "单位类型": ("单位类型", "单位性质", "机构类型", "申报单位类型"),
    "所属领域": ("所属领域", "领域", "案例领域", "申报领域", "所属类别"),
    "项目开始时间": ("项目开始时间", "开始时间", "启动时间", "起始时间", "实施时间",
                     "项目启动时间", "项目实施时间", "开始实施时间"),
    "联系人": ("联系人", "联系人姓名", "项目联系人"),
    "联系电话": ("联系电话", "电话", "手机", "手机号码", "联系人电话", "联系方式"),
    "电子邮箱": ("电子邮箱", "邮箱", "电子邮件", "e-mail", "email", "联系邮箱"),
}

# Hints our own template (documents.application_form) prints and other forms
# carry; a paragraph that starts with one of these is guidance, not an answer.
HINT_OPENINGS: tuple[str, ...] = (
    "所在省份限：", "单位类型限：", "所属领域请选择一项：", "项目须已持续运行",
    "本部分不少于", "请随申报书一并提交", "请在此处填写", "请填写", "此处填写",
)

# Words that, inside a paragraph wholly in brackets, mark it as guidance
# (（包括……）, （请简要介绍……）, （不少于800字）) rather than a bracketed remark.
GUIDANCE_WORDS: tuple[str, ...] = (
    "包括", "请", "不少于", "不超过", "字以内", "字左右", "限", "可附", "应当", "须",
)

# Suffixes of a document's title line that name the form, not the case.
TITLE_SUFFIXES: tuple[str, ...] = ("案例申报书", "案例申请书", "申报书", "申请书", "申报表")

# Headings of a form's front matter, never a case's title.
FRONT_MATTER: tuple[str, ...] = ("基本信息", "基本情况", "申报信息", "单位信息", "案例信息", "目录",
                                 "封面", "填表说明", "填写说明")

# A title line ending in one of these names the competition, not the case.
COMPETITION_WORDS: tuple[str, ...] = ("评选", "征集", "大赛", "评比", "活动", "治理")

