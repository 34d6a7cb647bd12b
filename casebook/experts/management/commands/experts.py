"""`casebook experts import FILE.xlsx --call SLUG`: the DESIGN contract.

One row per expert (姓名, 职称, 工作单位, 省份, 专长领域, 关键词, 邮箱); each bad row
is reported on stderr with its row number and reason, good rows are kept, and a
summary line closes the output. Exit 2 for an unknown call or an unreadable file.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from casebook.calls.models import Call
from casebook.experts.services import import_experts
from casebook.experts.sheet import SheetError, read_sheet
from casebook.submissions.management.commands.cases import BAD_ARGUMENT


class Command(BaseCommand):
    help = "评审专家库。import：从 Excel 专家信息表导入专家并加入评选活动的专家库。"

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="action", required=True, metavar="import")
        importing = commands.add_parser(
            "import", help="导入专家信息表（.xlsx），列：姓名、职称、工作单位、省份、专长领域、关键词、邮箱。")
        importing.add_argument("file", metavar="FILE.xlsx")
        importing.add_argument("--call", metavar="SLUG", required=True,
                               help="评选活动代码，例如 yrd-health-4")

    def handle(self, *args, action, file, call, **options):
        found = Call.objects.filter(slug=call).first()
        if found is None:
            raise CommandError(_("没有找到评选活动“%(slug)s”。") % {"slug": call}, returncode=BAD_ARGUMENT)
        path = Path(file)
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(_("无法读取文件 %(file)s：%(error)s") % {"file": file, "error": error.strerror},
                               returncode=BAD_ARGUMENT) from error
        try:
            sheet = read_sheet(data)
        except SheetError as error:
            raise CommandError(f"{path.name}：{error}", returncode=BAD_ARGUMENT) from error
        result = import_experts(call=found, sheet=sheet, actor=None, filename=path.name)
        for problem in result.problems:
            self.stderr.write(_("第 %(row)d 行：%(reason)s") % {"row": problem.row, "reason": problem.reason})
        self.stdout.write(_("新增专家 %(created)d 位，更新 %(updated)d 位，未导入 %(rejected)d 行。") % {
            "created": len(result.created), "updated": len(result.updated), "rejected": len(result.problems)})
