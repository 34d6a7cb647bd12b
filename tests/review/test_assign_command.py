"""`casebook assign --call SLUG --round KEY [--json]`: the DESIGN contract."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from casebook.experts.enums import ConflictSource
from casebook.experts.models import ConflictOfInterest
from casebook.review.models import Assignment
from tests.factories import CallFactory

from .helpers import assignment_call

pytestmark = pytest.mark.django_db


@pytest.fixture
def call():
    return CallFactory(slug="yrd-test")


def run(*args) -> str:
    out = StringIO()
    call_command("assign", *args, stdout=out)
    return out.getvalue()


def test_json_prints_one_line_per_pair_then_the_summary(call):
    assignment_call(call, cases=2, experts=2, k=1)

    lines = [json.loads(line) for line in run("--call", "yrd-test", "--round", "r1", "--json").splitlines()]

    assert lines[:2] == [
        {"case": "YRD-001", "expert": "e1@example.org", "affinity": 2.0},
        {"case": "YRD-002", "expert": "e2@example.org", "affinity": 2.0},
    ]
    summary = lines[2]
    assert list(summary) == ["objective", "bound", "gap", "seconds", "uncovered"]
    assert (summary["objective"], summary["uncovered"]) == (4.0, [])
    assert summary["bound"] == pytest.approx(4.0, abs=1e-3) and 0 <= summary["gap"] < 1e-3
    assert summary["seconds"] >= 0
    assert len(lines) == 3
    assert Assignment.objects.count() == 2


def test_affinity_is_rounded_to_four_decimals(call):
    _review_round, _cases, experts = assignment_call(call, cases=1, experts=1, k=1)
    experts[0].keywords = ["慢病管理", "医保支付", "健康城市"]
    experts[0].save()

    first = json.loads(run("--call", "yrd-test", "--round", "r1", "--json").splitlines()[0])

    assert first == {"case": "YRD-001", "expert": "e1@example.org", "affinity": 1.3333}


def test_uncovered_cases_are_listed_by_number(call):
    _review_round, cases, experts = assignment_call(call, cases=2, experts=2, k=2)
    for expert in experts:
        ConflictOfInterest.objects.create(call=call, case=cases[1], expert=expert,
                                          source=ConflictSource.SECRETARIAT, reason="同一集团")

    summary = json.loads(run("--call", "yrd-test", "--round", "r1", "--json").splitlines()[-1])

    assert summary["uncovered"] == ["YRD-002"]


def test_without_json_a_chinese_table_and_the_shortfalls(call):
    _review_round, cases, experts = assignment_call(call, cases=2, experts=2, k=2)
    for expert in experts:
        ConflictOfInterest.objects.create(call=call, case=cases[1], expert=expert,
                                          source=ConflictSource.SECRETARIAT, reason="同一集团")

    output = run("--call", "yrd-test", "--round", "r1")

    assert "初审 · 每案例 2 位专家" in output
    assert "YRD-001" in output and "专家1（2.00）" in output
    assert "共 2 个分配；总匹配度 2.0000" in output
    assert "YRD-002" in output.splitlines()[-1]


@pytest.mark.parametrize(("args", "reason"), [
    (["--call", "nope", "--round", "r1"], "没有找到评选活动“nope”。"),
    (["--call", "yrd-test", "--round", "r9"], "评选活动“yrd-test”没有评审轮次“r9”（已有：r1）。"),
])
def test_an_unknown_call_or_round_exits_2_with_a_reason(call, args, reason):
    assignment_call(call, cases=1, experts=1, k=1)

    with pytest.raises(CommandError) as refused:
        run(*args)

    assert (refused.value.returncode, str(refused.value)) == (2, reason)
    assert not Assignment.objects.exists()


def test_a_round_without_cases_exits_1_with_a_reason(call):
    assignment_call(call, cases=0, experts=1, k=1)

    with pytest.raises(CommandError) as refused:
        run("--call", "yrd-test", "--round", "r1", "--json")

    assert refused.value.returncode == 1
    assert str(refused.value) == "本轮没有待评审的案例：只有通过形式审查的案例参加分配。"
