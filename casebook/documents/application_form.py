"""The application form (案例申报书) a call offers for download, as a .docx.

Everything in it comes from the call: its sections with their guidance, its
writing and integrity requirements, its evidence kinds. Hints for the applicant
(guidance, choices, minimum lengths) are grey italic paragraphs, so that a
filled-in form can be read back without them.
"""

from io import BytesIO

from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, RGBColor

# Word and WPS on Chinese systems know these names; LibreOffice maps them to
# the installed CJK fonts (Noto Serif/Sans CJK).
BODY_FONT = "宋体"
HEADING_FONT = "黑体"
HINT_COLOUR = RGBColor(0x6B, 0x6B, 0x6B)
BLACK = RGBColor(0, 0, 0)
SIGNATURE_INDENT = Cm(8)
COLUMN_WIDTHS = (Cm(4), Cm(12))
ROW_HEIGHT = Cm(0.9)


def build_application_form(call) -> bytes:
    """The call's application-form template as .docx bytes."""
    document = Document()
    _use_chinese_fonts(document)
    document.add_heading(_("%(call)s案例申报书") % {"call": call.title}, level=0)
    _basic_information(document, call)
    for section in call.sections.all():
        _section(document, section)
    _writing_requirements(document, call)
    _evidence_list(document, call)
    _declaration(document, call)
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _use_chinese_fonts(document) -> None:
    _set_east_asian_font(document.styles["Normal"], BODY_FONT)
    for name in ("Title", "Heading 1"):
        style = document.styles[name]
        _set_east_asian_font(style, HEADING_FONT)
        style.font.color.rgb = BLACK
    document.styles["Title"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _set_east_asian_font(style, font: str) -> None:
    # The template's styles take their fonts from the theme, and a theme
    # attribute wins over a named font, so those go first.
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)
    fonts.set(qn("w:eastAsia"), font)


def _basic_information(document, call) -> None:
    document.add_heading(_("基本信息"), level=1)
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label in field_labels(call):
        row = table.add_row()
        row.height = ROW_HEIGHT
        row.cells[0].paragraphs[0].add_run(label).bold = True
    # Word reads the cells' widths, LibreOffice the grid's: set both.
    for column, width in zip(table.columns, COLUMN_WIDTHS, strict=True):
        column.width = width
        for cell in column.cells:
            cell.width = width
    for hint in _form_hints(call):
        _hint(document, hint)


def field_labels(call) -> list[str]:
    """The basic-information rows, in the form's order; 所属领域 only where the
    call has a taxonomy."""
    domain = [_("所属领域")] if call.domains.exists() else []
    return [_("案例名称"), _("申报单位"), _("合作单位"), _("统一社会信用代码"), _("所在省份"),
            _("单位类型"), *domain, _("项目开始时间"), _("联系人"), _("联系电话"), _("电子邮箱")]


def _form_hints(call) -> list[str]:
    """What the call admits, said under the table so the applicant picks from it."""
    choices = [
        (_("所在省份限：%(names)s"), [str(name) for name in call.province_names]),
        (_("单位类型限：%(names)s"), [kind.name for kind in call.eligible_unit_types.all()]),
        (_("所属领域请选择一项：%(names)s"),
         [domain.name for domain in call.domains.filter(parent=None)]),
    ]
    hints = [text % {"names": "、".join(names)} for text, names in choices if names]
    if call.min_running_months:
        hints.append(_("项目须已持续运行%(months)s个月以上。")
                     % {"months": call.min_running_months})
    return hints


def _section(document, section) -> None:
    document.add_heading(f"{section.number}{section.title}", level=1)
    if section.guidance:
        _hint(document, section.guidance)
    if section.min_chars:
        _hint(document, _("本部分不少于%(count)s字。") % {"count": section.min_chars})
    document.add_paragraph()


def _writing_requirements(document, call) -> None:
    if call.writing_requirements:
        document.add_heading(_("写作要求"), level=1)
        document.add_paragraph(call.writing_requirements)


def _evidence_list(document, call) -> None:
    requirements = list(call.evidence_requirements.all())
    if not requirements:
        return
    document.add_heading(_("附件清单"), level=1)
    _hint(document, _("请随申报书一并提交以下佐证材料，标明“必交”的不可缺少。"))
    for requirement in requirements:
        marker = _("（必交）") if requirement.required else ""
        document.add_paragraph(f"□ {requirement.label}{marker}")


def _declaration(document, call) -> None:
    # A page of its own: it is signed and stamped, then scanned on its own.
    document.add_heading(_("承诺书"), level=1).paragraph_format.page_break_before = True
    document.add_paragraph(_("本单位承诺：所申报案例的内容及全部佐证材料真实有效。"))
    if call.integrity_clause:
        document.add_paragraph(call.integrity_clause)
    signature_lines = (_("申报单位（盖章）："), _("单位负责人（签字）："),
                       _("日期：　　　　年　　月　　日"))
    for line in signature_lines:
        # Set in from the left, leaving the space after each colon to sign in.
        document.add_paragraph(line).paragraph_format.left_indent = SIGNATURE_INDENT


def _hint(document, text: str) -> None:
    run = document.add_paragraph().add_run(text)
    run.italic = True
    run.font.color.rgb = HINT_COLOUR
