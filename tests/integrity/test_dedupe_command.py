"""`casebook dedupe --call SLUG [--json]`: the DESIGN contract."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from casebook.integrity.models import SimilarityMatch
from casebook.integrity.services import dismiss_match
from tests.factories import CaseFactory

from .test_matches import blend, case_of, texts, yrd_call

pytestmark = pytest.mark.django_db


@pytest.fixture
def call():
    return yrd_call()


def run(*args) -> str:
    out = io.StringIO()
    call_command("dedupe", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def cases(call):
    """YRD4-0002 copies YRD4-0001 whole; YRD4-0003 keeps 80% of each section of YRD4-0001."""
    case_of(call, "YRD4-0001", "原案例", "甲单位", texts(1))
    case_of(call, "YRD4-0002", "照抄案例", "乙单位", texts(1))
    case_of(call, "YRD4-0003", "改写案例", "丙单位", blend(texts(1), texts(3), 0.8))
    CaseFactory(call=call, number="YRD4-0004", sections=texts(4))


def test_one_json_line_per_open_pair_most_similar_first(cases):
    lines = run("--call", "yrd-test", "--json").splitlines()

    rows = [json.loads(line) for line in lines]
    assert [list(row) for row in rows] == [["a", "b", "jaccard", "containment", "sections"]] * 3
    assert [(row["a"], row["b"]) for row in rows] == [
        ("YRD4-0001", "YRD4-0002"), ("YRD4-0001", "YRD4-0003"), ("YRD4-0002", "YRD4-0003")]
    assert rows[0]["jaccard"] == 1.0 and rows[0]["containment"] == 1.0
    assert rows[0]["sections"] == {"background": 1.0, "measures": 1.0, "outcomes": 1.0,
                                   "outlook": 1.0}
    for row in rows[1:]:
        assert 0.5 < row["jaccard"] < 1
        assert row["jaccard"] == round(row["jaccard"], 3)
        assert row["containment"] == round(row["containment"], 3)
        assert sorted(row["sections"]) == ["background", "measures", "outcomes", "outlook"]
        assert all(value == round(value, 3) for value in row["sections"].values())


def test_dismissed_pairs_are_not_listed(call, cases):
    run("--call", "yrd-test", "--json")
    dismiss_match(match=SimilarityMatch.objects.get(case_a__number="YRD4-0001",
                                                    case_b__number="YRD4-0002"), actor=None)

    lines = run("--call", "yrd-test", "--json").splitlines()

    assert [(json.loads(line)["a"], json.loads(line)["b"]) for line in lines] == [
        ("YRD4-0001", "YRD4-0003"), ("YRD4-0002", "YRD4-0003")]


def test_without_json_a_chinese_table(cases):
    lines = run("--call", "yrd-test").splitlines()

    assert lines[0] == "第四届长三角卫生健康治理最佳实践案例评选"
    assert lines[1] == "已比对本活动案例 4 件、往届已公布案例 0 件。"
    assert lines[2].split() == ["相似度", "全文", "包含度", "案例", "相似案例", "说明", "各章节相似度"]
    assert lines[3].split() == ["100%", "100%", "100%", "YRD4-0001", "YRD4-0002", "—",
                                "背景与动因", "100%，举措与机制", "100%，成效与创新", "100%，启示与展望",
                                "100%"]
    assert lines[-1] == "共 3 对"


def test_an_unknown_call_exits_2_with_a_chinese_reason():
    with pytest.raises(CommandError) as refused:
        run("--call", "no-such-call", "--json")

    assert refused.value.returncode == 2
    assert str(refused.value) == "没有找到评选活动“no-such-call”。"


def test_a_bad_threshold_exits_2(call):
    with pytest.raises(CommandError) as refused:
        run("--call", "yrd-test", "--threshold", "abc")

    assert refused.value.returncode == 2
    assert str(refused.value) == "相似度阈值必须是 0.3 到 1 之间的小数，例如 0.5。"
