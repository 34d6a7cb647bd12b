"""The public-health governance vocabulary the archive search expands queries with.

Data only, kept apart from the search code so the secretariat's wording can be
extended without touching how matching works. Notices and results announcements
mix abbreviations and full names freely (医保局 / 医疗保障局, 疾控中心 /
疾病预防控制中心), so a visitor's word has to find both.
"""

# Words that mean the same thing, usually an abbreviation and its full form.
# Searching any word of a group finds texts that use any other.
EQUIVALENTS: tuple[tuple[str, ...], ...] = (
    ("控烟", "控制吸烟"),
    ("医保", "医疗保障"),
    ("疾控", "疾病预防控制"),
    ("卫健委", "卫生健康委员会", "卫生健康委"),
    ("卫健", "卫生健康"),
    ("长护险", "长期护理保险"),
    ("爱卫", "爱国卫生"),
    ("爱卫会", "爱国卫生运动委员会"),
    ("爱卫办", "爱国卫生运动委员会办公室"),
    ("健促", "健康促进"),
    ("医养", "医养结合", "医养融合"),
    ("科普", "健康科普"),
    ("家医", "家庭医生"),
    ("慢病", "慢性病"),
    ("医联体", "医疗联合体"),
    ("医共体", "医疗卫生共同体", "医疗共同体"),
    ("市场监管", "市场监督管理"),
    ("卫监", "卫生监督"),
    ("病媒", "病媒生物"),
    ("老年友善", "老年友好"),
    ("适老化", "适老化改造"),
    ("互联网+", "互联网＋"),
)

# Narrower or neighbouring words that a search for the key should also find.
# One direction only: 控烟 should find a 戒烟 clinic, but a search for 吸烟
# should not bring back every case that mentions tobacco control.
RELATED: dict[str, tuple[str, ...]] = {
    "控烟": ("吸烟", "戒烟", "禁烟", "二手烟", "烟草"),
    "医养": ("医康养", "医防养", "养老"),
    "科普": ("健康教育", "健康知识"),
    "垃圾分类": ("生活垃圾",),
    "长护险": ("失能老人",),
    "全民健身": ("健身步道", "健身驿站"),
}

# Words the segmenter must keep whole: it would cut 垃圾分类 into 垃圾 / 分类 and
# does not know most of the abbreviations above.
WHOLE_WORDS: tuple[str, ...] = (
    "垃圾分类", "健康上海", "健康长三角", "一网统管", "分级诊疗", "互联网医院", "全民健身",
    "长三角", "一体化", "数字化转型",
)

# Words too common to narrow a search down (the visitor typed a phrase).
STOPWORDS: frozenset[str] = frozenset(
    {"的", "了", "和", "与", "及", "或", "在", "是", "等", "之", "对", "为", "把", "被", "有"}
)
