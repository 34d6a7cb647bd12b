"""The parts of a .docx the reader needs, found as Word finds them: through the package's relationships.

Reads only the main document, its styles and its numbering, with plain lxml:
python-docx loads and wraps every part of the package, which cost more than
the rest of reading a form.
"""

import posixpath
import zipfile
from dataclasses import dataclass
from io import BytesIO

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import NAMESPACE as NS
from docx.opc.constants import RELATIONSHIP_TARGET_MODE as RTM
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from lxml import etree

from .docx_styles import StyleSheet, default_style_sheet, style_sheet

CONTENT_TYPES = "[Content_Types].xml"
RELATIONSHIP = f"{{{NS.OPC_RELATIONSHIPS}}}Relationship"
DEFAULT_TYPE = f"{{{NS.OPC_CONTENT_TYPES}}}Default"
OVERRIDE_TYPE = f"{{{NS.OPC_CONTENT_TYPES}}}Override"
W_DOCUMENT = qn("w:document")


@dataclass
class WordDocument:
    body: etree._Element
    styles: StyleSheet
    # numbering.xml's root, or None for a document without lists.
    numbering: etree._Element | None


def open_word_document(data: bytes) -> WordDocument:
    """The document's body, styles and numbering; any exception means the package is damaged
    or is not a Word document (a macro-enabled .docm or a template, as python-docx refused)."""
    package = _Package(zipfile.ZipFile(BytesIO(data)))
    main = package.related("/", RT.OFFICE_DOCUMENT)
    if main is None or package.content_type(main) != CT.WML_DOCUMENT_MAIN:
        raise ValueError(f"no Word document in the package (main part {main})")
    document = package.xml(main)
    if document.tag != W_DOCUMENT or document.find(qn("w:body")) is None:
        raise ValueError(f"{main} is not a Word document body")
    styles = package.related(main, RT.STYLES)
    numbering = package.related(main, RT.NUMBERING)
    return WordDocument(
        body=document.find(qn("w:body")),
        # Word, like python-docx, falls back on its default styles.
        styles=default_style_sheet() if styles is None else style_sheet(package.read(styles)),
        numbering=None if numbering is None else package.xml(numbering),
    )


class _Package:
    def __init__(self, archive: zipfile.ZipFile):
        self.archive = archive
        # Parsers are not safe to share between threads; this one lives for one document.
        self.parser = etree.XMLParser(remove_blank_text=True, resolve_entities=False)

    def read(self, partname: str) -> bytes:
        return self.archive.read(partname.lstrip("/"))

    def xml(self, partname: str) -> etree._Element:
        return etree.fromstring(self.read(partname), self.parser)

    def related(self, source: str, reltype: str) -> str | None:
        """The part `source` has its one relationship of `reltype` to, None when it has none.

        Several such relationships, or one to outside the package, make the
        package unreadable, as they did for python-docx."""
        targets = [rel for rel in self._relationships(source).values() if rel.get("Type") == reltype]
        if not targets:
            return None
        if len(targets) > 1 or targets[0].get("TargetMode") == RTM.EXTERNAL:
            raise ValueError(f"no single part of type {reltype} for {source}")
        return posixpath.normpath(posixpath.join(_base(source), targets[0].get("Target")))

    def content_type(self, partname: str) -> str | None:
        types = self.xml(CONTENT_TYPES)
        # Part names and extensions compare without regard to case.
        for override in types.iterchildren(OVERRIDE_TYPE):
            if override.get("PartName", "").lower() == partname.lower():
                return override.get("ContentType")
        extension = posixpath.splitext(partname)[1].lstrip(".").lower()
        for default in types.iterchildren(DEFAULT_TYPE):
            if default.get("Extension", "").lower() == extension:
                return default.get("ContentType")
        return None

    def _relationships(self, source: str) -> dict[str, etree._Element]:
        """The relationships of part `source` ("/" for the package's), by Id: a
        repeated Id is one relationship, the last."""
        folder, name = posixpath.split(source)
        rels = posixpath.join(folder, "_rels", f"{name}.rels")
        if rels.lstrip("/") not in self.archive.NameToInfo:
            return {}
        return {rel.get("Id"): rel for rel in self.xml(rels).iterchildren(RELATIONSHIP)}


def _base(partname: str) -> str:
    """The folder a part's relationship targets are relative to."""
    return partname if partname == "/" else posixpath.dirname(partname)
