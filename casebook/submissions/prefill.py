"""What a parsed application form puts into the case form.

A pure mapping from the parser's `ParsedForm` onto the case form's values:
what the file says replaces what the form held, what it does not say is kept.
The warnings say what the applicant should check by hand.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from casebook.documents.parsing import ParsedForm
from casebook.organizations.models import normalise_name

from .forms import SECTION_PREFIX, parse_month, split_unit_names


@dataclass
class Prefill:
    data: dict[str, str]
    warnings: list[str] = field(default_factory=list)


def prefill(current: dict[str, str], parsed: ParsedForm, *, call) -> Prefill:
    """`current` form values updated from `parsed` for `call`'s case form."""
    result = Prefill(data=dict(current), warnings=list(parsed.warnings))
    data, fields = result.data, parsed.fields
    if parsed.title:
        data["title"] = parsed.title[:200]
    keys = {section.key for section in call.sections.all()}
    for key, text in parsed.sections.items():
        if key in keys and text.strip():
            data[SECTION_PREFIX + key] = text
    if fields.get("合作单位"):
        data["co_units"] = "\n".join(split_unit_names(fields["合作单位"]))
    _start_month(result, fields.get("项目开始时间", ""))
    _domain(result, fields.get("所属领域", ""), call)
    if not parsed.title and not any(parsed.sections.values()):
        result.warnings.append(_("未能从申报书中识别出案例名称和各部分内容，请核对上传的是否为本次评选的申报书。"))
    return result


def _start_month(result: Prefill, text: str) -> None:
    if not text:
        return
    month = parse_month(text)
    if month is None:
        result.warnings.append(_("申报书中的项目开始时间“%(text)s”无法识别，请手动填写。") % {"text": text})
    else:
        result.data["start_month"] = f"{month:%Y-%m}"


def _domain(result: Prefill, name: str, call) -> None:
    domains = [d for d in call.domains.all() if d.parent_id is None]
    if not name or not domains:
        return
    wanted = normalise_name(name)
    match = next((d for d in domains if normalise_name(d.name) == wanted), None)
    if match is None:
        result.warnings.append(_("申报书中的所属领域“%(name)s”不在本次评选的领域之列，请手动选择。")
                               % {"name": name})
    else:
        result.data["domain"] = str(match.pk)


def unit_mismatch(parsed: ParsedForm, lead_unit) -> list[str]:
    """A warning when the form names another lead unit than the case's."""
    name = parsed.unit
    if not name or normalise_name(name) == normalise_name(lead_unit.name):
        return []
    return [_("申报书中的申报单位为“%(found)s”，与本案例的申报单位“%(unit)s”不一致，请核对。")
            % {"found": name, "unit": lead_unit.name}]
