"""Which evidence kind a file is, from its name and sniffed type.

Units name files in Chinese after what they are (领导批示.jpg, 媒体报道.pdf);
the keyword lists are data so that a secretariat's new wording is one line.
"""

import posixpath

from casebook.submissions.enums import AttachmentKind

FORM_KEYWORDS = ("申报书", "申报表", "申请书", "申请表", "案例")
LEADER_KEYWORDS = ("批示", "批复")
MEDIA_KEYWORDS = ("报道", "新闻", "媒体", "报纸", "采访", "转载", "报刊", "专访")
PHOTO_KEYWORDS = ("照片", "图片", "现场", "相片")

DOCUMENT_EXTENSIONS = {".doc", ".docx", ".docm", ".dot", ".dotx", ".wps", ".wpt", ".pdf",
                       ".odt", ".rtf", ".uof", ".uot", ".ofd"}
IMAGE_EXTENSIONS = {".jpg", ".jpeg", ".jpe", ".png", ".gif", ".bmp", ".tif", ".tiff",
                    ".webp", ".heic", ".heif"}
VIDEO_EXTENSIONS = {".mp4", ".m4v", ".mov", ".avi", ".wmv", ".flv", ".f4v", ".mkv", ".webm",
                    ".3gp", ".mpg", ".mpeg", ".ts", ".vob", ".rmvb", ".rm"}
DOCUMENT_TYPES = {
    "application/msword", "application/pdf", "application/rtf", "text/rtf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template",
    "application/vnd.ms-word.document.macroenabled.12",
    "application/vnd.oasis.opendocument.text", "application/vnd.ms-works",
    "application/wps-office.wps", "application/kswps", "application/ofd",
}


def guess_evidence_kind(filename: str, sniffed_type: str = "") -> AttachmentKind:
    """The kind a secretariat would file this under. A document named as the
    application is application_form; the pipeline picks which one is the form."""
    name = filename or ""
    family = type_family(name, sniffed_type)
    if family == "document" and _has(name, FORM_KEYWORDS):
        return AttachmentKind.APPLICATION_FORM
    if _has(name, LEADER_KEYWORDS):
        return AttachmentKind.LEADER_INSTRUCTION
    if _has(name, MEDIA_KEYWORDS):
        return AttachmentKind.MEDIA_REPORT
    if family == "video":
        return AttachmentKind.VIDEO
    if family == "image" or _has(name, PHOTO_KEYWORDS):
        return AttachmentKind.PHOTO
    return AttachmentKind.OTHER


def type_family(filename: str, sniffed_type: str = "") -> str:
    """"document", "image", "video" or "": the sniffed type when it is one of
    these, else the extension (libmagic calls a .docx a zip, a .wps OLE2)."""
    mime = (sniffed_type or "").split(";")[0].strip().lower()
    if mime.startswith("image/"):
        return "image"
    if mime.startswith("video/"):
        return "video"
    if mime in DOCUMENT_TYPES:
        return "document"
    return _extension_family(filename)


def _extension_family(filename: str) -> str:
    extension = posixpath.splitext(filename or "")[1].lower()
    for family, extensions in (("document", DOCUMENT_EXTENSIONS), ("image", IMAGE_EXTENSIONS),
                               ("video", VIDEO_EXTENSIONS)):
        if extension in extensions:
            return family
    return ""


def _has(name: str, keywords: tuple[str, ...]) -> bool:
    return any(keyword in name for keyword in keywords)
