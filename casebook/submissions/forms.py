"""The applicant's input: the case form, the application form to fill it from, withdrawal."""

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from casebook.core.forms import NamedErrorsMixin
from casebook.documents.parsing import ParsedForm, UnreadableForm, parse_application_form

from .eligibility import count_chars
from .enums import AttachmentKind

SECTION_PREFIX = "section_"
# The case form's id: the declaration and the buttons stand below the evidence
# panel (forms of its own) and join the case form through their `form` attribute.
CASE_FORM_ID = "case-form"
MAX_CO_UNITS = 20
UNIT_NAME_CHARS = 200
FORM_FILE_SUFFIXES = (".docx", ".doc", ".wps", ".pdf")
MB = 1024 * 1024

# 2021-03, 2021-3, 2021/03, 2021.3, 2021年3月, 2021年3月1日, 202103
_MONTH = re.compile(r"(?P<year>(?:19|20)\d\d)\s*(?:[-/.年]\s*)?(?P<month>\d{1,2})(?!\d)")


def parse_month(text: str) -> dt.date | None:
    """The first day of the month `text` names, None when it names none."""
    match = _MONTH.search(unicodedata.normalize("NFKC", text or ""))
    if not match or not 1 <= int(match["month"]) <= 12:
        return None
    return dt.date(int(match["year"]), int(match["month"]), 1)


def split_unit_names(text: str) -> list[str]:
    """Unit names one a line (or separated by 、；), blanks dropped."""
    return [name.strip() for name in re.split(r"[\n\r、；;]+", text or "") if name.strip()]


class CaseForm(NamedErrorsMixin, forms.Form):
    """A case of one call, for one of the person's units. Only the title is
    needed to save a draft; what a submission lacks, the eligibility check tells."""

    title = forms.CharField(label=gettext_lazy("案例名称"), max_length=200,
                            widget=forms.TextInput(attrs={"autocomplete": "off"}))
    lead_organization = forms.ModelChoiceField(label=gettext_lazy("申报单位"), queryset=None,
                                               empty_label=None)
    co_units = forms.CharField(
        label=gettext_lazy("合作单位"), required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("每行填写一个单位的全称；没有合作单位的留空。"),
    )
    domain = forms.ModelChoiceField(label=gettext_lazy("所属领域"), queryset=None, required=False,
                                    empty_label=gettext_lazy("请选择"))
    start_month = forms.CharField(
        label=gettext_lazy("项目开始时间"), required=False, max_length=20,
        widget=forms.TextInput(attrs={"type": "month", "placeholder": "2021-03"}),
        help_text=gettext_lazy("项目开始实施的年月，例如 2021-03。"),
    )
    declaration_accepted = forms.BooleanField(
        label=gettext_lazy("本单位承诺：所申报案例的内容及全部佐证材料真实有效，如有弄虚作假，愿承担相应责任。"),
        required=False, widget=forms.CheckboxInput(attrs={"form": CASE_FORM_ID}),
    )

    def __init__(self, *args, call, units, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.call, self.case = call, case
        self._add_section_fields()
        # The lead unit of a case stays what it was; a person of one unit has no choice.
        self.fixed_unit = case.lead_organization if case is not None else None
        if self.fixed_unit is None and len(units) == 1:
            self.fixed_unit = units[0]
        if self.fixed_unit is not None:
            del self.fields["lead_organization"]
        else:
            self.fields["lead_organization"].queryset = units
        domains = [d for d in call.domains.all() if d.parent_id is None]
        if domains:
            self.fields["domain"].queryset = call.domains.filter(parent=None)
        else:
            del self.fields["domain"]
        self.order_fields(["title", "lead_organization", "co_units", "domain", "start_month"])

    def _add_section_fields(self) -> None:
        for section in self.call.sections.all():
            name = SECTION_PREFIX + section.key
            # The guidance and the live 字数 below the box describe it.
            described = [f"id_{name}_helptext"] if section.guidance else []
            attrs = {"rows": 12, "data-min-chars": section.min_chars,
                     "aria-describedby": " ".join([*described, f"id_{name}_count"])}
            if section.max_chars:
                attrs["data-max-chars"] = section.max_chars
            self.fields[name] = forms.CharField(
                label=f"{section.number}{section.title}", required=False,
                help_text=section.guidance, widget=forms.Textarea(attrs=attrs),
            )

    def lead_unit(self):
        """The case's lead unit: fixed, or the one chosen (after validation)."""
        return self.fixed_unit or self.cleaned_data["lead_organization"]

    def sections(self) -> list["SectionInput"]:
        """Each call section with its field and its current 字数."""
        return [SectionInput(section, self[SECTION_PREFIX + section.key],
                             count_chars(self[SECTION_PREFIX + section.key].value() or ""))
                for section in self.call.sections.all()]

    def clean_start_month(self) -> dt.date | None:
        text = self.cleaned_data["start_month"].strip()
        if not text:
            return None
        month = parse_month(text)
        if month is None:
            raise ValidationError(_("“项目开始时间”请按“年-月”填写，例如 2021-03。"), code="month")
        if month > timezone.localdate():
            raise ValidationError(_("“项目开始时间”不能晚于本月。"), code="future")
        return month

    def clean_co_units(self) -> list[str]:
        names = split_unit_names(self.cleaned_data["co_units"])
        if len(names) > MAX_CO_UNITS:
            raise ValidationError(_("“合作单位”最多填写 %(count)d 个。") % {"count": MAX_CO_UNITS})
        for name in names:
            if len(name) > UNIT_NAME_CHARS:
                raise ValidationError(_("合作单位“%(name)s…”的名称超过 %(limit)d 个字，请每行只填写一个单位。")
                                      % {"name": name[:20], "limit": UNIT_NAME_CHARS})
        return names

    def case_fields(self) -> dict:
        """The cleaned input as `save_applicant_case` takes it."""
        data = self.cleaned_data
        return {
            "title": data["title"],
            "co_unit_names": data["co_units"],
            "domain": data.get("domain"),
            "start_date": data["start_month"],
            "sections": {key[len(SECTION_PREFIX):]: value for key, value in data.items()
                         if key.startswith(SECTION_PREFIX)},
            "declaration_accepted": data["declaration_accepted"],
        }

    @staticmethod
    def initial_for(case) -> dict:
        """The form's values for a saved case."""
        initial = {
            "title": case.title,
            "co_units": "\n".join(unit.organization.name for unit in case.case_units.all()),
            "domain": case.domain_id,
            "start_month": f"{case.start_date:%Y-%m}" if case.start_date else "",
            "declaration_accepted": case.declaration_accepted,
        }
        initial.update({SECTION_PREFIX + key: text for key, text in case.sections.items()})
        return initial


@dataclass(frozen=True)
class SectionInput:
    section: object
    field: forms.BoundField
    chars: int


class ApplicationFormUpload(forms.Form):
    """A filled-in application form to prefill the case from; `parsed` after validation."""

    application_form = forms.FileField(
        label=gettext_lazy("上传已填写的申报书自动填充"),
        error_messages={"required": gettext_lazy("请选择要上传的申报书文件。"),
                        "empty": gettext_lazy("上传的申报书文件是空的。")},
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(FORM_FILE_SUFFIXES)}),
    )

    def __init__(self, *args, call, **kwargs):
        super().__init__(*args, **kwargs)
        self.call = call
        self.parsed: ParsedForm | None = None
        self.limit_mb = settings.CASEBOOK_UPLOAD_LIMITS_MB[AttachmentKind.APPLICATION_FORM]
        self.fields["application_form"].help_text = _(
            "支持 .docx、.doc、.wps、.pdf 格式，不超过 %(limit)d MB。读取后自动填入案例名称、"
            "项目开始时间、合作单位和各部分内容并保存为草稿，请逐项核对。"
        ) % {"limit": self.limit_mb}

    def clean_application_form(self):
        upload = self.cleaned_data["application_form"]
        name = upload.name
        if Path(name).suffix.lower() not in FORM_FILE_SUFFIXES:
            raise ValidationError(_("「%(name)s」不是申报书文件：请上传 .docx、.doc、.wps 或 .pdf 格式的申报书。")
                                  % {"name": name}, code="suffix")
        limit = self.limit_mb
        if upload.size > limit * MB:
            raise ValidationError(_("「%(name)s」有 %(size).1f MB，申报书文件不能超过 %(limit)d MB。")
                                  % {"name": name, "size": upload.size / MB, "limit": limit},
                                  code="size")
        content = upload.read()
        upload.seek(0)
        try:
            self.parsed = parse_application_form(content, filename=name,
                                                 sections=list(self.call.sections.all()))
        except UnreadableForm as error:
            raise ValidationError(error.reason, code="unreadable") from error
        return upload


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("撤回理由（选填）"), required=False, max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
