import contextlib
import json
import os
import sys
from collections import Counter

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from tqdm import tqdm

from casebook.calls.models import Call
from casebook.intake.batch import ingest_all
from casebook.intake.enums import MessageStatus
from casebook.intake.imap import ImapMailbox, MailboxError, mailbox_for_call
from casebook.intake.sources import SourceError, find_messages
from casebook.integrity.services import scans_deferred

# What scripts get for an unknown call, an unreadable path or mailbox (the DESIGN contract).
BAD_INPUT = 2
REPORTED = (MessageStatus.ACCEPTED, MessageStatus.UPDATED, MessageStatus.DUPLICATE,
            MessageStatus.QUARANTINED)


class Command(BaseCommand):
    help = ("把邮件申报收进一个评选活动：读取 .eml 文件、Maildir、mbox 或包含它们的文件夹（或用 --imap 读取申报邮箱），"
            "每封邮件登记为新案例、补充已有案例的材料、识别为重复邮件，或转人工处理。重复运行不会重复登记。")

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", metavar="PATH",
                            help=".eml 文件、Maildir、mbox 文件，或包含它们的文件夹")
        parser.add_argument("--call", metavar="SLUG", required=True, help="评选活动代码，例如 yrd-health-4")
        parser.add_argument("--imap", action="store_true",
                            help="读取配置的申报邮箱（INTAKE_IMAP_URL）中的新邮件，而不是文件")
        parser.add_argument("--json", action="store_true", dest="as_json",
                            help='每封邮件输出一行 JSON：{"source","message_id","status","case_number",'
                                 '"title","unit","sections","attachments","reason"}。')
        parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, metavar="N",
                            help="同时使用的进程数（默认为 CPU 核数）：其中 N-1 个进程预先解析邮件，"
                                 "本进程按顺序登记；1 表示只用本进程")

    def handle(self, *args, paths, call, imap, as_json, workers, **options):
        if workers < 1:
            raise CommandError(_("--workers 至少为 1。"), returncode=BAD_INPUT)
        self.workers = workers
        found = Call.objects.filter(slug=call).first()
        if found is None:
            raise CommandError(_("没有找到评选活动“%(slug)s”。") % {"slug": call}, returncode=BAD_INPUT)
        if bool(paths) == imap:
            raise CommandError(_("请给出要读取的邮件文件、Maildir、mbox 或文件夹，"
                                 "或者用 --imap 读取申报邮箱（二者选一）。"), returncode=BAD_INPUT)
        # Whatever else prints while mail is processed (the console email backend
        # of the demo sending the replies) goes to stderr: stdout is the JSON.
        with contextlib.redirect_stdout(sys.stderr):
            counts = self._from_mailbox(found, as_json) if imap else self._from_paths(
                paths, found, as_json)
        self.stderr.write(_summary(counts))

    def _from_paths(self, paths, call, as_json) -> Counter:
        skipped = []
        try:
            envelopes = find_messages(paths, skipped=skipped)
        except SourceError as error:
            raise CommandError(str(error), returncode=BAD_INPUT) from error
        for path in skipped:
            self.stderr.write(_("跳过“%(path)s”：不是邮件文件、mbox 或 Maildir。") % {"path": path})
        return self._ingest(self._read(envelopes), len(envelopes), call, as_json)

    def _read(self, envelopes):
        for envelope in envelopes:
            try:
                yield envelope.read()
            except OSError as error:  # moved away meanwhile (a mail client reading the Maildir)
                self.stderr.write(_("无法读取“%(path)s”：%(error)s，本次跳过。")
                                  % {"path": envelope.location, "error": error.strerror or error})

    def _from_mailbox(self, call, as_json) -> Counter:
        config = mailbox_for_call(call.slug)
        if config is None:
            raise CommandError(_("没有配置申报邮箱：请设置 INTAKE_IMAP_URL（例如 imaps://用户名:密码@服务器:993/INBOX）。"),
                               returncode=BAD_INPUT)
        try:
            with ImapMailbox(config) as mailbox:
                return self._ingest(mailbox, len(mailbox), call, as_json)
        except MailboxError as error:
            raise CommandError(str(error), returncode=BAD_INPUT) from error

    def _ingest(self, messages, total: int, call, as_json) -> Counter:
        counts = Counter()
        terminal = self.stderr._out  # tqdm redraws its line in place: the bare stream
        progress = tqdm(total=total, file=terminal, unit=_("封"), dynamic_ncols=True,
                        disable=not self.stderr.isatty())
        # One near-duplicate scan per call at the end of the run, not one per case.
        # No more processes than messages: one message is read here, not in a process started for it.
        workers = min(self.workers, max(1, total))
        with progress, scans_deferred():
            for outcome in ingest_all(messages, call, workers=workers):
                counts[outcome.status] += 1
                self.stdout.write(_json(outcome.as_json()) if as_json else _line(outcome))
                self.stdout.flush()
                progress.update()
        return counts


def _json(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False)


def _line(outcome) -> str:
    data = outcome.as_json()
    label = str(MessageStatus(outcome.status).label)
    parts = [label, data["case_number"] or "—", data["title"] or "—", data["unit"] or "—"]
    line = "  ".join(parts)
    return f"{line}  （{data['reason']}）" if data["reason"] else line


def _summary(counts: Counter) -> str:
    parts = "、".join(f"{MessageStatus(status).label} {counts[status]}" for status in REPORTED
                     if counts[status])
    return _("共 %(total)d 封邮件：%(parts)s。") % {"total": sum(counts.values()),
                                                "parts": parts or _("没有新邮件")}
