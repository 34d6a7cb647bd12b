import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from casebook.calls.models import Call
from casebook.integrity.selectors import matches_for_call, section_titles
from casebook.integrity.services import SCAN_FLOOR, scan_call
from casebook.integrity.templatetags.integrity import percent
from casebook.submissions.management.commands.cases import BAD_ARGUMENT, _line


def _threshold(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not SCAN_FLOOR <= value <= 1:
        raise CommandError(_("相似度阈值必须是 %(floor)s 到 1 之间的小数，例如 0.5。")
                           % {"floor": SCAN_FLOOR}, returncode=BAD_ARGUMENT)
    return value


class Command(BaseCommand):
    help = ("检测一个评选活动的相似案例（与本活动其他案例及往届已公布案例比对），"
            "列出待处理的相似案例对，最相似的在前。")

    def add_arguments(self, parser):
        parser.add_argument("--call", metavar="SLUG", required=True,
                            help="评选活动代码，例如 yrd-health-4")
        parser.add_argument("--json", action="store_true", dest="as_json",
                            help='每对案例输出一行 JSON：{"a","b","jaccard","containment","sections"}。')
        parser.add_argument("--threshold", default="0.5",
                            help=f"只列出相似度（全文 Jaccard、包含度与各章节相似度中的最高者）不低于该值的案例对，"
                                 f"{SCAN_FLOOR} 到 1 之间，默认 0.5。")

    def handle(self, *args, call, as_json, threshold, **options):
        found = Call.objects.filter(slug=call).first()
        if found is None:
            raise CommandError(_("没有找到评选活动“%(slug)s”。") % {"slug": call},
                               returncode=BAD_ARGUMENT)
        threshold = _threshold(threshold)
        summary = scan_call(call=found)
        matches = list(matches_for_call(call=found, threshold=threshold))
        if as_json:
            for match in matches:
                self.stdout.write(json.dumps(_row(match), ensure_ascii=False))
        else:
            self._table(found, summary, matches)

    def _table(self, call, summary, matches) -> None:
        self.stdout.write(call.title)
        self.stdout.write(_("已比对本活动案例 %(cases)d 件、往届已公布案例 %(archive)d 件。")
                          % {"cases": summary.cases, "archive": summary.archive})
        titles = section_titles(call, short=True)
        header = [_("相似度"), _("全文"), _("包含度"), _("案例"), _("相似案例"), _("说明"), _("各章节相似度")]
        widths = [8, 6, 8, 12, 12, 20, 0]
        self.stdout.write(_line(header, widths))
        for match in matches:
            notes = [_("往届已公布") if match.reference else "", _("同一单位") if match.same_unit else ""]
            sections = "，".join(f"{titles.get(key, key)} {percent(score)}"
                                for key, score in _in_call_order(match.section_jaccards, titles))
            self.stdout.write(_line([
                percent(match.score), percent(match.jaccard), percent(match.containment),
                match.case_a.number,
                match.case_b.number, "、".join(filter(None, notes)) or "—", sections or "—",
            ], widths))
        self.stdout.write(_("共 %(count)d 对") % {"count": len(matches)})


def _in_call_order(scores: dict, titles: dict) -> list:
    """The section scores in the call's section order (PostgreSQL's jsonb keeps
    no key order), sections the call does not name last."""
    order = {key: index for index, key in enumerate(titles)}
    return sorted(scores.items(), key=lambda item: (order.get(item[0], len(order)), item[0]))


def _row(match) -> dict:
    return {
        "a": match.case_a.number,
        "b": match.case_b.number,
        "jaccard": round(match.jaccard, 3),
        "containment": round(match.containment, 3),
        "sections": {key: round(score, 3) for key, score in match.section_jaccards.items()},
    }
