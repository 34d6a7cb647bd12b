import json
import unicodedata

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from casebook.calls.models import Call
from casebook.core.regions import province_label
from casebook.submissions.enums import CaseStatus
from casebook.submissions.selectors_manage import cases_for_export

# What scripts get for an unknown call or status (the DESIGN contract).
BAD_ARGUMENT = 2


class Command(BaseCommand):
    help = "列出一个评选活动的案例（默认不含草稿）：编号、名称、申报单位、省份、状态、渠道和未豁免的形式审查问题。"

    def add_arguments(self, parser):
        parser.add_argument("--call", metavar="SLUG", required=True, help="评选活动代码，例如 yrd-health-4")
        parser.add_argument("--json", action="store_true", dest="as_json",
                            help='每个案例输出一行 JSON：{"number","title","unit","province","status",'
                                 '"channel","problems"}。')
        parser.add_argument("--status", default="",
                            help="只列出该状态的案例，例如 submitted；draft 列出草稿。")

    def handle(self, *args, call, as_json, status, **options):
        found = Call.objects.filter(slug=call).first()
        if found is None:
            raise CommandError(_("没有找到评选活动“%(slug)s”。") % {"slug": call},
                               returncode=BAD_ARGUMENT)
        if status and status not in CaseStatus.values:
            choices = "、".join(f"{s.value}（{s.label}）" for s in CaseStatus)
            raise CommandError(_("没有“%(status)s”这个状态，可选：%(choices)s。")
                               % {"status": status, "choices": choices},
                               returncode=BAD_ARGUMENT)
        cases = cases_for_export(call=found, status=status)
        if as_json:
            for case in cases:
                self.stdout.write(json.dumps(_row(case), ensure_ascii=False))
        else:
            self._table(found, list(cases))

    def _table(self, call, cases) -> None:
        self.stdout.write(call.title)
        header = [_("编号"), _("状态"), _("省份"), _("渠道"), _("形式审查问题"), _("申报单位"),
                  _("案例名称")]
        widths = [10, 12, 8, 8, 28, 0, 0]
        self.stdout.write(_line(header, widths))
        for case in cases:
            problems = "、".join(p.get_code_display() for p in case.open_problems) or "—"
            self.stdout.write(_line([
                case.number or _("草稿"), case.get_status_display(),
                province_label(case.lead_organization.province) or "—",
                case.get_channel_display(), problems, case.lead_organization.name, case.title,
            ], widths))
        self.stdout.write(_("共 %(count)d 件") % {"count": len(cases)})


def _row(case) -> dict:
    return {
        "number": case.number,
        "title": case.title,
        "unit": case.lead_organization.name,
        "province": case.lead_organization.province,
        "status": case.status,
        "channel": case.channel,
        "problems": sorted(p.code for p in case.open_problems),
    }


def _width(text: str) -> int:
    """Columns a terminal gives `text`: two for a Chinese character."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _line(cells: list[str], widths: list[int]) -> str:
    return "  ".join(cell + " " * max(width - _width(cell), 0) if width else cell
                     for cell, width in zip(cells, widths, strict=True)).rstrip()
