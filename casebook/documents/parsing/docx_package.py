"""The parts of a .docx the reader needs, found as Word finds them: by the package's relationships.

Reads the main document, its styles and its numbering with plain lxml and
nothing else: python-docx loaded and wrapped every part of the package, which
cost more than all the rest of reading a form. So a file damaged only in a
part the form does not use (docProps, settings, an image) is read now, where
python-docx refused it.
"""

import posixpath
import zipfile
from dataclasses import dataclass
from io import BytesIO

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import NAMESPACE as NS
from docx.opc.constants import RELATIONSHIP_TARGET_MODE as RTM
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from lxml import etree

from .docx_styles import StyleSheet, style_sheet

CONTENT_TYPES = "/[Content_Types].xml"
RELATIONSHIP = f"{{{NS.OPC_RELATIONSHIPS}}}Relationship"
DEFAULT_TYPE = f"{{{NS.OPC_CONTENT_TYPES}}}Default"
OVERRIDE_TYPE = f"{{{NS.OPC_CONTENT_TYPES}}}Override"


@dataclass
class WordDocument:
    # The root of document.xml.
    document: etree._Element
    styles: StyleSheet
    # The root of numbering.xml, or None for a document without lists.
    numbering: etree._Element | None


def open_word_document(data: bytes) -> WordDocument:
    """The document, its styles and its numbering. Raises when the package is
    damaged or holds no Word document (a macro-enabled .docm, a template)."""
    package = _Package(zipfile.ZipFile(BytesIO(data)))
    main = package.related("/", RT.OFFICE_DOCUMENT)
    if main is None or package.content_type(main) != CT.WML_DOCUMENT_MAIN:
        raise ValueError(f"no Word document in the package (main part: {main})")
    styles = package.related(main, RT.STYLES)
    numbering = package.related(main, RT.NUMBERING)
    return WordDocument(
        document=package.xml(main),
        # Without a styles part no paragraph is styled (python-docx's stand-in
        # styles set nothing the reader looks at).
        styles=StyleSheet([]) if styles is None else style_sheet(package.read(styles)),
        numbering=None if numbering is None else package.xml(numbering),
    )


class _Package:
    def __init__(self, archive: zipfile.ZipFile):
        self.archive = archive
        # The options python-docx parses with: the same trees, and no entities
        # resolved. A parser is not safe to share between threads; this one
        # lives for one document.
        self.parser = etree.XMLParser(remove_blank_text=True, resolve_entities=False)
        self._relationships: dict[str, list[etree._Element]] = {}

    def read(self, partname: str) -> bytes:
        """A part's bytes; KeyError when the package lacks it."""
        return self.archive.read(partname[1:])

    def xml(self, partname: str) -> etree._Element:
        return etree.fromstring(self.read(partname), self.parser)

    def related(self, source: str, reltype: str) -> str | None:
        """The part that `source` ("/" for the package) has its relationship of
        `reltype` to; None when it has none. Several, or one to outside the
        package, make the package unreadable (as they did for python-docx)."""
        rels = [rel for rel in self.relationships(source) if rel.get("Type") == reltype]
        if not rels:
            return None
        if len(rels) > 1 or rels[0].get("TargetMode") == RTM.EXTERNAL:
            raise ValueError(f"no single part of type {reltype} for {source}")
        target = rels[0].attrib["Target"]
        return posixpath.normpath(posixpath.join(posixpath.dirname(source), target))

    def content_type(self, partname: str) -> str | None:
        types = self.xml(CONTENT_TYPES)
        # Part names and extensions are compared without regard to case; the
        # last entry for a name wins.
        overrides = {item.attrib["PartName"].lower(): item.attrib["ContentType"]
                     for item in types.iterchildren(OVERRIDE_TYPE)}
        defaults = {item.attrib["Extension"].lower(): item.attrib["ContentType"]
                    for item in types.iterchildren(DEFAULT_TYPE)}
        extension = posixpath.splitext(partname)[1].lstrip(".").lower()
        return overrides.get(partname.lower(), defaults.get(extension))

    def relationships(self, source: str) -> list[etree._Element]:
        if source not in self._relationships:
            self._relationships[source] = self._read_relationships(source)
        return self._relationships[source]

    def _read_relationships(self, source: str) -> list[etree._Element]:
        """The relationships of part `source`, one per Id (the last, for a
        repeated Id); none when the part has no relationships part."""
        folder, name = posixpath.split(source)
        try:
            rels = self.xml(posixpath.join(folder, "_rels", f"{name}.rels"))
        except KeyError:
            return []
        return list({rel.get("Id"): rel for rel in rels.iterchildren(RELATIONSHIP)}.values())
