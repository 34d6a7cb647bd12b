"""What a decoded message submits: the application form, the case's title and
unit, and every file as evidence of a kind. A pure function of the message
(no database): `services.process_message` then maps it onto cases.

The form is found by reading, not by name: a document named 申报书 is tried
first, then the other documents (Word before WPS before PDF), and the first
one that yields a section of the call's form is the form. When no attachment
is one, the body is read as a form pasted into the mail.
"""

import dataclasses
import re
import unicodedata
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from casebook.documents.parsing import ParsedForm, UnreadableForm, parse_application_form
from casebook.organizations import credit_code as credit_codes
from casebook.submissions.enums import AttachmentKind
from casebook.submissions.uploads import Inspected, clean_name, examine

from .kinds import guess_evidence_kind, type_family
from .message import DecodedMessage

BODY = "邮件正文"
# The order documents are tried in as the form: the formats the parser reads best first.
FORM_PREFERENCE = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": 0,
    "application/msword": 1, "application/vnd.ms-word.document.macroenabled.12": 1,
    "application/x-ole-storage": 1, "application/CDFV2": 1, "application/vnd.ms-office": 1,
    "application/vnd.ms-works": 1, "application/vnd.oasis.opendocument.text": 2,
    "text/rtf": 2, "application/rtf": 2, "application/pdf": 3,
}
PDF_PREFERENCE = 3
OTHER_PREFERENCE = 4
# Left out when titles are compared: spacing, quotes and brackets people type either way.
TITLE_NOISE = re.compile(r"[\s\u3000\"'“”‘’《》「」『』〈〉()（）【】\[\],，.。:：;；、!！?？·—–-]+")


@dataclass(frozen=True)
class Evidence:
    """One file of the message, to be stored with its case."""

    filename: str
    content: bytes
    kind: str
    content_type: str  # sniffed from the bytes
    from_archive: str = ""
    # Digest, type and thumbnail, found here so that settling the message only writes.
    inspected: Inspected | None = field(default=None, repr=False)

    @property
    def size(self) -> int:
        return len(self.content)

    def describe(self) -> dict:
        """The `casebook intake --json` attachment object."""
        return {"filename": self.filename, "kind": self.kind, "size": self.size}


@dataclass
class Submission:
    title: str = ""
    unit: str = ""
    credit_code: str = ""
    form: ParsedForm | None = None
    form_origin: str = ""  # the form's filename, or 邮件正文
    # Why no form could be read: the parser's reason for the file that should have been it.
    form_problem: str = ""
    # A reason no case can be made of this message whatever the database holds.
    problem: str = ""
    evidence: list[Evidence] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def sections(self) -> dict[str, str]:
        return {key: text for key, text in (self.form.sections if self.form else {}).items()
                if text.strip()}


def read_submission(decoded: DecodedMessage, *, sections) -> Submission:
    """Title, unit, form and evidence of `decoded`, the form read with the
    call's `sections` (objects with key, title, short_title, guidance)."""
    evidence = [_evidence(item) for item in decoded.attachments]  # archives already unpacked
    submission = Submission(evidence=evidence, notes=list(decoded.notes))
    _find_form(submission, decoded, sections)
    form = submission.form or ParsedForm()
    submission.title = _name(decoded.title, form.title or form.fields.get("案例名称", ""))
    submission.unit = _name(decoded.unit, form.unit or form.fields.get("申报单位", ""))
    submission.credit_code = credit_codes.normalise(form.fields.get("统一社会信用代码", ""))
    return submission


def _name(from_subject: str, from_form: str) -> str:
    """The subject's title or unit, else the form's; the form's when the
    subject only abbreviates it (浦江区卫健委 for 上海市浦江区卫生健康委员会)."""
    from_subject, from_form = from_subject.strip(), from_form.strip()
    if from_subject and from_form and abbreviates(from_subject, from_form):
        return from_form
    return from_subject or from_form


def abbreviates(short: str, full: str) -> bool:
    """Every character of `short` stands in `full`, in order (spacing, quotes
    and brackets aside): 健康驿站 abbreviates “健康驿站”打通社区慢病管理最后一公里."""
    remaining = iter(title_key(full))
    return all(char in remaining for char in title_key(short))


def _evidence(item) -> Evidence:
    inspected = examine(item.content, name=clean_name(item.filename))
    return Evidence(filename=item.filename, content=item.content,
                    kind=str(guess_evidence_kind(item.filename, inspected.content_type)),
                    content_type=inspected.content_type, from_archive=item.from_archive,
                    inspected=inspected)


def _find_form(submission: Submission, decoded: DecodedMessage, sections) -> None:
    documents = sorted((e for e in submission.evidence if _document(e)), key=_preference)
    named = [e for e in documents if e.kind == AttachmentKind.APPLICATION_FORM]
    others = [e for e in documents if e.kind != AttachmentKind.APPLICATION_FORM]
    forms = _read_forms(submission, named, sections, all_of_them=True)
    if not forms:
        forms = _read_forms(submission, others, sections, all_of_them=False)
    titles = {title_key(form.title): form.title for _e, form in forms if form.title}
    if len(titles) > 1:
        submission.problem = _("一封邮件中有多份申报书（%(titles)s），请每个案例单独发送一封邮件。") % {
            "titles": "、".join(f"“{title}”" for title in titles.values())}
    if forms:
        found, form = forms[0]
        submission.form, submission.form_origin = form, found.filename
        _mark_as_form(submission, found)
        return
    if decoded.body_text.strip():
        form = _parse(decoded.body_text.encode("utf-8"), BODY, sections)
        if isinstance(form, ParsedForm) and _has_sections(form):
            submission.form, submission.form_origin = form, BODY


def _preference(evidence: Evidence) -> int:
    return FORM_PREFERENCE.get(evidence.content_type, OTHER_PREFERENCE)


def _read_forms(submission: Submission, candidates, sections, *, all_of_them: bool):
    """(file, form) for the candidates that read as a form, best format first;
    stops at the first unless `all_of_them` (several forms named 申报书 may be
    several cases), though a PDF beside a Word form is taken for its signed
    copy and not read. The first refusal is kept as `form_problem`."""
    forms = []
    for candidate in candidates:
        if forms and (not all_of_them or _preference(candidate) >= PDF_PREFERENCE):
            break
        form = _parse(candidate.content, candidate.filename, sections)
        if isinstance(form, str):
            submission.form_problem = submission.form_problem or form
        elif _has_sections(form):
            forms.append((candidate, form))
    return forms


def _parse(content: bytes, filename: str, sections) -> ParsedForm | str:
    """The form, or the parser's Chinese reason why the file cannot be read as one."""
    try:
        return parse_application_form(content, filename=filename, sections=sections)
    except UnreadableForm as error:
        return error.reason


def _has_sections(form: ParsedForm) -> bool:
    return any(text.strip() for text in form.sections.values())


def _document(evidence: Evidence) -> bool:
    return type_family(evidence.filename, evidence.content_type) == "document"


def _mark_as_form(submission: Submission, found: Evidence) -> None:
    """The file the form came from is the case's application form, whatever its name."""
    submission.evidence = [
        dataclasses.replace(e, kind=AttachmentKind.APPLICATION_FORM.value) if e is found else e
        for e in submission.evidence
    ]


def title_key(title: str) -> str:
    """A case title as compared: “健康驿站”打通… and 健康驿站 打通… are one title."""
    return TITLE_NOISE.sub("", unicodedata.normalize("NFKC", title or "")).casefold()
