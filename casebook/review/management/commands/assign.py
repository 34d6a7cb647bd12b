"""`casebook assign --call SLUG --round KEY [--json]`: the DESIGN contract.

Solves the round's assignment (pinned pairs kept) and stores it. With --json,
one line per pair `{"case","expert","affinity"}` (case number, expert email,
affinity to 4 decimals), then one summary line
`{"objective","bound","gap","seconds","uncovered": [case numbers]}`. Without it,
a table per case and the shortfalls in Chinese. Exit 2 for an unknown call or
round, 1 when the round cannot be solved (no cases, no experts, a broken pin).
"""

import json
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from casebook.calls.models import Call, Round
from casebook.review.services import AssignmentResult, round_to, solve_round
from casebook.submissions.management.commands.cases import BAD_ARGUMENT

REFUSED = 1


class Command(BaseCommand):
    help = "为评审轮次分配评审专家（回避利益冲突、均衡工作量、匹配度最高），锁定的分配保留。"

    def add_arguments(self, parser):
        parser.add_argument("--call", metavar="SLUG", required=True, help="评选活动代码，例如 yrd-health-4")
        parser.add_argument("--round", metavar="KEY", required=True, help="评审轮次代码，例如 r1")
        parser.add_argument("--json", action="store_true", help="每个分配一行 JSON，最后一行是汇总")

    def handle(self, *args, call, round, json, **options):
        found = _round(call, round)
        try:
            result = solve_round(round=found, actor=None)
        except ValidationError as error:
            raise CommandError("；".join(error.messages), returncode=REFUSED) from error
        (self._write_json if json else self._write_table)(result)

    def _write_json(self, result: AssignmentResult) -> None:
        for row in result.assignments:
            self.stdout.write(_dumps({"case": row.case.number, "expert": row.expert.email,
                                      "affinity": round_to(row.affinity)}))
        self.stdout.write(_dumps({"objective": result.objective, "bound": result.bound, "gap": result.gap,
                                  "seconds": round_to(result.seconds), "uncovered": result.uncovered}))

    def _write_table(self, result: AssignmentResult) -> None:
        by_case = defaultdict(list)
        for row in result.assignments:
            by_case[row.case].append(row)
        self.stdout.write(_("%(round)s · 每案例 %(k)d 位专家") % {
            "round": result.round.name, "k": result.round.reviewers_per_case})
        for case, rows in by_case.items():
            experts = "、".join(f"{row.expert.name}（{row.affinity:.2f}{'，锁定' if row.pinned else ''}）"
                               for row in rows)
            self.stdout.write(f"{case.number}  {case.title}\n    {experts}")
        self.stdout.write(_("共 %(pairs)d 个分配；总匹配度 %(objective).4f，上界 %(bound).4f，差距 %(gap).4f，"
                            "用时 %(seconds).2f 秒。") % {
            "pairs": len(result.assignments), "objective": result.objective, "bound": result.bound,
            "gap": result.gap, "seconds": result.seconds})
        for message in result.messages:
            self.stdout.write(message)
        if not result.messages:
            self.stdout.write(_("每个案例都分配到了足够的专家，每位专家的工作量都在范围内。"))


def _round(slug: str, key: str) -> Round:
    call = Call.objects.filter(slug=slug).first()
    if call is None:
        raise CommandError(_("没有找到评选活动“%(slug)s”。") % {"slug": slug}, returncode=BAD_ARGUMENT)
    found = Round.objects.select_related("call").filter(call=call, key=key).first()
    if found is None:
        keys = "、".join(Round.objects.filter(call=call).order_by("order", "pk").values_list("key", flat=True))
        raise CommandError(_("评选活动“%(slug)s”没有评审轮次“%(key)s”（已有：%(keys)s）。")
                           % {"slug": slug, "key": key, "keys": keys or _("无")}, returncode=BAD_ARGUMENT)
    return found


def _dumps(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False)
