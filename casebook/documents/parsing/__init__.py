"""Reading a filled-in application form (案例申报书) back into a case.

`parse_application_form` takes a .docx, .doc/.wps (through LibreOffice), .pdf or
plain-text file and returns the title, the unit, each section's text and the
basic-information fields, with warnings in Chinese for whatever it had to
guess or could not find. A pure function: it reads the file and nothing else.
"""

from .blocks import Line, ParsedForm, Row, UnreadableForm
from .parse import parse_application_form
from .vocabulary import STANDARD_SECTIONS, SectionSpec

__all__ = [
    "STANDARD_SECTIONS",
    "Line",
    "ParsedForm",
    "Row",
    "SectionSpec",
    "UnreadableForm",
    "parse_application_form",
]
