"""The shared passages of a pair, marked in the original text for the side-by-side view."""

from casebook.integrity.passages import mark_shared, normalise

COPIED = "建立“家庭医生＋专科医生＋健康管理师”三师共管团队，签约居民慢病规范管理率达到百分之八十五"


def test_normalising_drops_punctuation_and_spaces_and_folds_width_and_case():
    normal = normalise("ＡＢＣ 健康, 上海！２０２３")

    assert normal.text == "abc健康上海2023"
    assert normal.origin == (0, 1, 2, 4, 5, 8, 9, 11, 12, 13, 14)


def test_a_passage_copied_with_other_punctuation_is_marked_on_both_sides():
    left = {"measures": f"我们的做法：{COPIED}。"}
    right = {"background": "本区多年来探索。" + COPIED.replace("＋", "+").replace("“", "\"")
             .replace("”", "\"") + "，成效明显。"}

    marked_left, marked_right = mark_shared(left, right)

    assert marked_left["measures"] == [f"我们的做法：<mark>{COPIED}</mark>。"]
    assert marked_right["background"] == [
        "本区多年来探索。<mark>建立&quot;家庭医生+专科医生+健康管理师&quot;三师共管团队，"
        "签约居民慢病规范管理率达到百分之八十五</mark>，成效明显。"]


def test_runs_shorter_than_twelve_characters_are_not_marked():
    marked_left, marked_right = mark_shared({"a": "推进健康上海行动取得实效"},
                                            {"b": "全面推进健康上海行动，群众满意"})

    assert marked_left["a"] == ["推进健康上海行动取得实效"]
    assert marked_right["b"] == ["全面推进健康上海行动，群众满意"]


def test_text_is_escaped_before_it_is_marked():
    shared = "<script>alert(1)</script>社区卫生服务中心全科团队签约服务覆盖全部居民"
    marked_left, _right = mark_shared({"a": "甲" + shared}, {"b": shared + "乙"})

    assert marked_left["a"] == [
        "甲&lt;<mark>script&gt;alert(1)&lt;/script&gt;社区卫生服务中心全科团队签约服务覆盖全部居民"
        "</mark>"]


def test_paragraphs_stay_paragraphs_and_a_mark_never_spans_two():
    text = f"{COPIED}\n\n第二段与对方无关的文字内容"
    marked_left, _right = mark_shared({"a": text}, {"b": COPIED})

    assert marked_left["a"] == [f"<mark>{COPIED}</mark>", "第二段与对方无关的文字内容"]
