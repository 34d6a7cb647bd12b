"""The expert sheet (专家信息表): its template and reading one back.

Pure functions: `template_workbook()` gives the .xlsx to download, `read_sheet()`
turns an uploaded file into rows and per-row problems. The service then maps the
good rows onto experts (casebook.experts.services.import_experts).
"""

import functools
import io
import re
import zipfile
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import translation
from django.utils.translation import gettext as _

from casebook.core.regions import PROVINCE_ABBREVIATIONS, Province

COLUMNS = ["姓名", "职称", "工作单位", "省份", "专长领域", "关键词", "邮箱"]
FIELDS = ["name", "title", "affiliation", "province", "domains", "keywords", "email"]
HEADER_ROW = 1
# 专长领域 and 关键词 list several values: 、，, ; ； or spaces between them.
SEPARATORS = re.compile(r"[、，,;；\s]+")
PROVINCE_SUFFIXES = re.compile(r"(壮族自治区|回族自治区|维吾尔自治区|特别行政区|自治区|省|市)$")


class SheetError(Exception):
    """The file cannot be read as an expert sheet; the message says why, in Chinese."""


@dataclass(frozen=True)
class ExpertRow:
    row: int
    name: str
    title: str
    affiliation: str
    province: str  # a GB/T 2260 code, or ""
    domains: list[str]
    keywords: list[str]
    email: str


@dataclass(frozen=True)
class RowProblem:
    row: int
    reason: str


@dataclass
class Sheet:
    rows: list[ExpertRow] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)


def split_list(text: str) -> list[str]:
    """`"健康促进、慢病管理, 控烟"` → the values in order, each once."""
    return list(dict.fromkeys(v for v in SEPARATORS.split(text or "") if v))


@functools.cache
def _province_names() -> dict[str, str]:
    names = {}
    with translation.override("zh-hans"):
        for province in Province:
            label = str(province.label)
            names[province.value] = province.value
            names[label] = province.value
            names[PROVINCE_SUFFIXES.sub("", label)] = province.value
    names.update({short: code for code, short in PROVINCE_ABBREVIATIONS.items()})
    return names


def province_code(text: str) -> str | None:
    """The code of a province typed as 上海市, 上海, 沪 or 31; "" for nothing typed,
    None for a name that is no province."""
    text = "".join((text or "").split())
    if not text:
        return ""
    return _province_names().get(text)


def template_workbook() -> bytes:
    """The sheet to fill: the columns in the first row, how to fill them on a second sheet."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("专家信息")
    sheet.append(COLUMNS)
    for cell, width in zip(sheet[HEADER_ROW], [12, 14, 30, 10, 30, 30, 28], strict=True):
        cell.font = Font(bold=True)
        sheet.column_dimensions[cell.column_letter].width = width
    sheet.freeze_panes = "A2"
    notes = workbook.create_sheet(_("填写说明"))
    for line in [
        _("每行一位专家，从第 2 行开始填写；请勿修改第 1 行的列名。"),
        _("姓名、邮箱必填；同一邮箱的专家已在库中时按本表更新其信息。"),
        _("省份填写省级行政区名称，例如 上海市、江苏省、浙江、安徽。"),
        _("专长领域、关键词可填写多个，用顿号、逗号、分号或空格分隔。"),
        _("专长领域请尽量使用评选活动的领域名称，例如 普及健康生活、优化健康服务。"),
    ]:
        notes.append([line])
    notes.column_dimensions["A"].width = 80
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _open(data: bytes):
    from openpyxl import load_workbook

    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise SheetError(_("文件不是 Excel 工作簿（.xlsx），请使用下载的模板填写后上传。"))
    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged package
        raise SheetError(_("无法读取该 Excel 文件：%(error)s") % {"error": error}) from error


def read_sheet(data: bytes) -> Sheet:
    """The rows of the first worksheet, by the column names of its first row."""
    workbook = _open(data)
    try:
        rows = workbook.worksheets[0].iter_rows(values_only=True)
        header = [_text(value) for value in next(rows, ())]
        missing = [name for name in COLUMNS if name not in header]
        if missing:
            raise SheetError(_("第 1 行缺少列：%(columns)s。列名应为：%(expected)s。") % {
                "columns": "、".join(missing), "expected": "、".join(COLUMNS)})
        positions = [header.index(name) for name in COLUMNS]
        sheet = Sheet()
        first_row_of: dict[str, int] = {}
        for number, values in enumerate(rows, start=HEADER_ROW + 1):
            cells = [_text(values[i]) if i < len(values) else "" for i in positions]
            if not any(cells):
                continue
            _read_row(sheet, number, dict(zip(FIELDS, cells, strict=True)), first_row_of)
        return sheet
    finally:
        workbook.close()


def _read_row(sheet: Sheet, number: int, cells: dict, first_row_of: dict) -> None:
    reasons = []
    if not cells["name"]:
        reasons.append(_("缺少姓名"))
    email = cells["email"].lower()
    if not email:
        reasons.append(_("缺少邮箱"))
    else:
        try:
            validate_email(email)
        except ValidationError:
            reasons.append(_("邮箱格式不正确：%(email)s") % {"email": cells["email"]})
        else:
            if email in first_row_of:
                reasons.append(_("邮箱与第 %(row)d 行重复：%(email)s") % {
                    "row": first_row_of[email], "email": email})
            else:
                first_row_of[email] = number
    province = province_code(cells["province"])
    if province is None:
        reasons.append(_("未知的省份：%(province)s") % {"province": cells["province"]})
    for label, key, limit in [(_("姓名"), "name", 60), (_("职称"), "title", 60),
                              (_("工作单位"), "affiliation", 200)]:
        if len(cells[key]) > limit:
            reasons.append(_("%(field)s过长（最多 %(limit)d 字）") % {"field": label, "limit": limit})
    if reasons:
        sheet.problems.append(RowProblem(number, "；".join(reasons)))
        return
    sheet.rows.append(ExpertRow(
        row=number, name=cells["name"], title=cells["title"], affiliation=cells["affiliation"],
        province=province, domains=split_list(cells["domains"]),
        keywords=split_list(cells["keywords"]), email=email,
    ))
