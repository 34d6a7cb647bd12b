"""Query parsing, scoring and highlighting: pure functions, no database."""

from casebook.publishing.search import Term, excerpt, highlight, parse_query, score


def words(query):
    return [(term.word, term.variants) for term in parse_query(query)]


def test_an_abbreviation_expands_to_its_full_form_and_related_words():
    assert words("控烟") == [
        ("控烟", ("控烟", "控制吸烟", "吸烟", "戒烟", "禁烟", "二手烟", "烟草")),
    ]


def test_a_full_form_finds_its_abbreviation():
    assert words("医疗保障") == [("医疗保障", ("医疗保障", "医保"))]
    assert words("长期护理保险") == [("长期护理保险", ("长期护理保险", "长护险", "失能老人"))]


def test_vocabulary_words_are_taken_out_whole_before_segmenting():
    # jieba alone gives 中心 / 疾控中心 and would never expand 疾控.
    assert words("疾控中心") == [("疾控", ("疾控", "疾病预防控制")), ("中心", ("中心",))]
    assert words("上海市医保局") == [("上海市", ("上海市",)), ("医保", ("医保", "医疗保障")),
                                   ("局", ("局",))]
    assert words("爱卫办") == [("爱卫办", ("爱卫办", "爱国卫生运动委员会办公室"))]


def test_segmenting_keeps_whole_words_and_drops_their_parts_punctuation_and_stopwords():
    assert [w for w, _ in words("垃圾分类的新时尚")] == ["垃圾分类", "新时尚"]
    assert [w for w, _ in words("健康  脱口秀，")] == ["健康", "脱口秀"]
    assert [w for w, _ in words("“社区 社区”")] == ["社区"]


def test_an_empty_or_blank_query_has_no_terms():
    assert parse_query("") == []
    assert parse_query("  ，。 ") == []


def test_an_overlong_query_is_cut_to_a_few_terms():
    assert len(parse_query("医院 " * 100 + "社区 学校 街道 卫生 健康 养老 体育 科普 疾控")) <= 8


def test_title_hits_weigh_more_than_summary_and_units_more_than_body():
    term = [Term("控烟", ("控烟", "戒烟"))]

    assert score({"title": "控烟"}, term) > score({"summary": "控烟"}, term) \
        == score({"units": "控烟"}, term) > score({"body": "控烟"}, term) > 0
    assert score({"title": "爸爸戒烟，全家控烟"}, term) == 2 * score({"title": "控烟"}, term)


def test_highlight_escapes_the_text_and_marks_every_variant():
    marked = highlight("<b>控烟</b> & 控制吸烟", ["控烟", "控制吸烟", "吸烟"])

    assert marked == "&lt;b&gt;<mark>控烟</mark>&lt;/b&gt; &amp; <mark>控制吸烟</mark>"


def test_highlight_never_lets_the_query_inject_markup():
    assert highlight("a <script> b", ["<script>"]) == "a <mark>&lt;script&gt;</mark> b"
    assert highlight("x &amp y", ["amp"]) == "x &amp;<mark>amp</mark> y"


def test_highlight_is_case_insensitive_for_latin_words():
    assert highlight("Health 健康", ["health"]) == "<mark>Health</mark> 健康"


def test_excerpt_shows_the_text_around_the_first_hit():
    text = "甲" * 100 + "控烟门诊" + "乙" * 100

    shown = excerpt(text, ["控烟"], width=20, before=5)

    assert shown == "…" + "甲" * 5 + "控烟门诊" + "乙" * 11 + "…"
    assert excerpt(text, ["无此词"]) == ""
