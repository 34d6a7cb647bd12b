import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from casebook.calls.models import Call
from casebook.documents.parsing import STANDARD_SECTIONS, UnreadableForm, parse_application_form

# What scripts get for an unreadable or unsupported file (the DESIGN contract).
UNREADABLE = 2
PREVIEW_CHARS = 40


class Command(BaseCommand):
    help = ("读取一份填好的案例申报书（.docx、.doc、.wps、.pdf 或纯文本），"
            "给出案例名称、申报单位、各部分内容和基本信息。")

    def add_arguments(self, parser):
        parser.add_argument("file", help="申报书文件")
        parser.add_argument("--json", action="store_true", dest="as_json",
                            help="输出一个 JSON 对象：title、unit、sections、fields、warnings。")
        parser.add_argument("--call", metavar="SLUG",
                            help="按该评选活动申报书的章节识别（默认：背景与动因、举措与机制、成效与创新、启示与展望）。")

    def handle(self, *args, file, as_json, call, **options):
        form = _parse(Path(file), sections=_sections(call))
        if as_json:
            self.stdout.write(_json(form.as_json()))
        else:
            self._summary(form)

    def _summary(self, form) -> None:
        self.stdout.write(_("案例名称：%(title)s") % {"title": form.title or "—"})
        self.stdout.write(_("申报单位：%(unit)s") % {"unit": form.unit or "—"})
        for key, text in form.sections.items():
            preview = text.replace("\n", " ")[:PREVIEW_CHARS]
            self.stdout.write(_("[%(key)s] %(count)d 字 %(preview)s")
                              % {"key": key, "count": len(text), "preview": preview})
        for label, value in form.fields.items():
            self.stdout.write(f"{label}：{value}")
        for warning in form.warnings:
            self.stdout.write(self.style.WARNING(warning))


def _parse(path: Path, *, sections):
    try:
        return parse_application_form(path, sections=sections)
    except UnreadableForm as error:
        raise CommandError(error.reason, returncode=UNREADABLE) from error
    except OSError as error:
        raise CommandError(_("无法打开文件「%(path)s」：%(error)s")
                           % {"path": path, "error": error.strerror or error},
                           returncode=UNREADABLE) from error


def _sections(slug: str | None):
    if not slug:
        return STANDARD_SECTIONS
    call = Call.objects.filter(slug=slug).first()
    if call is None:
        raise CommandError(_("没有代码为「%(slug)s」的评选活动。") % {"slug": slug})
    return list(call.sections.all()) or STANDARD_SECTIONS


def _json(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False)
