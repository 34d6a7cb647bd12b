from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import gettext

from casebook.calls.models import Call
from casebook.calls.seeding import seed_calls
from casebook.calls.seeds import SHANGHAI_TIME


class Command(BaseCommand):
    help = "载入两个种子评选活动（不含账号和示例案例）；已有的活动保持不变。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--original-timeline", action="store_true",
            help="长三角评选保留通知原定的 2023 年征集时间，而不是从今天开始征集。",
        )

    def handle(self, *args, original_timeline, **options):
        for seeded in seed_calls(original_timeline=original_timeline):
            outcome = gettext("已载入") if seeded.created else gettext("已存在，保持不变")
            self.stdout.write(f"{outcome}：{seeded.call.title}（{seeded.call.slug}）"
                              f"{_window(seeded.call)}")


def _window(call: Call) -> str:
    if not (call.opens_at and call.closes_at):
        return ""
    opens, closes = (timezone.localtime(moment, SHANGHAI_TIME).strftime("%Y-%m-%d %H:%M")
                     for moment in (call.opens_at, call.closes_at))
    return gettext("，征集时间 %(opens)s 至 %(closes)s（北京时间）") % {"opens": opens,
                                                                  "closes": closes}
