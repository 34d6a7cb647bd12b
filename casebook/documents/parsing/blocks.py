"""What every reader turns a file into, and what the parser returns.

Readers (docx, pdf, text) only say what is on the page, in reading order:
paragraphs as `Line`s and table rows as `Row`s. Deciding what belongs to which
section happens once, over these, in `assemble`.
"""

from dataclasses import dataclass, field

TABLE_CELL_SEPARATOR = " | "


class UnreadableForm(Exception):
    """The file cannot be read as an application form; the message is one
    Chinese line for the applicant or the operator."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Line:
    """One paragraph (a reflowed run of lines in a PDF)."""

    text: str
    # Outline level from a heading style (Heading 1, 标题 1, markdown #), else None.
    level: int | None = None
    # Bold throughout, or set in larger type than the body (PDF).
    emphasis: bool = False
    # The document's own title line (Title style).
    is_title: bool = False


@dataclass(frozen=True)
class Row:
    """One table row with two or more cells; each cell is its paragraphs."""

    cells: tuple[tuple[str, ...], ...]

    @property
    def texts(self) -> tuple[str, ...]:
        return tuple("\n".join(cell).strip() for cell in self.cells)

    def as_text(self) -> str:
        """The row as one line of text, for a table inside a section's answer."""
        return TABLE_CELL_SEPARATOR.join(text.replace("\n", " ") for text in self.texts if text)


Block = Line | Row


@dataclass
class ParsedForm:
    title: str = ""
    unit: str = ""
    sections: dict[str, str] = field(default_factory=dict)
    fields: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    # What the file turned out to be: docx, pdf, doc, text … (sniffed, not its name).
    format: str = ""

    def as_json(self) -> dict:
        """The `casebook parse-form --json` object."""
        return {"title": self.title, "unit": self.unit, "sections": self.sections,
                "fields": self.fields, "warnings": self.warnings}
