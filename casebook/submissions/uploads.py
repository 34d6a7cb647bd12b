"""Evidence files of a case (佐证材料): checking, storing and removing them.

What a file is comes from its bytes (libmagic), never from its name: applicants
rename files freely, and a program renamed .jpg must not slip in as a photo.
Each refusal is a ValidationError whose one Chinese message names the file and
the problem; it is also written to the audit log, so what was sent and why it
was refused stays visible.

Storage: the bytes go through the storage API (local disk or S3) under a random
name (`attachment_path`); the original name is kept in the row only.
"""

import hashlib
import logging
import math
import posixpath
import threading
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from io import BytesIO
from typing import NoReturn

import magic
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from PIL import Image, ImageFile, ImageOps

from casebook.core.services import record_event

from .enums import AttachmentKind, CaseStatus
from .models import Attachment, Case
from .services import case_is_editable, ensure_case_editable, run_eligibility

logger = logging.getLogger(__name__)

MB = 1024 * 1024
# libmagic decides from the head of a file; Office formats need the first zip entries.
SNIFF_BYTES = 1 * MB
THUMBNAIL_PX = 480
THUMBNAIL_QUALITY = 82

TYPE_LABELS = {
    "image/jpeg": "JPEG 图片",
    "image/png": "PNG 图片",
    "image/gif": "GIF 图片",
    "image/webp": "WebP 图片",
    "image/heic": "HEIC 图片",
    "image/heif": "HEIF 图片",
    "image/avif": "AVIF 图片",
    "image/bmp": "BMP 图片",
    "image/tiff": "TIFF 图片",
    "video/mp4": "MP4 视频",
    "video/quicktime": "MOV 视频",
    "video/x-m4v": "M4V 视频",
    "video/x-msvideo": "AVI 视频",
    "video/x-matroska": "MKV 视频",
    "video/webm": "WebM 视频",
    "video/mpeg": "MPEG 视频",
    "video/x-ms-asf": "WMV 视频",
    "video/x-ms-wmv": "WMV 视频",
    "video/3gpp": "3GP 视频",
    "video/x-flv": "FLV 视频",
    "application/pdf": "PDF 文档",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word 文档",
    "application/msword": "Word 97-2003 文档",
    # Word 97–2003 and WPS files are OLE2 containers; libmagic names the ones it
    # cannot place more precisely by the container.
    "application/x-ole-storage": "Word/WPS 文档",
    "application/CDFV2": "Word/WPS 文档",
    "application/vnd.ms-office": "Word/WPS 文档",
    "application/vnd.ms-works": "WPS 文档",
    "application/vnd.ms-excel": "Excel 表格",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "Excel 表格",
    "application/vnd.ms-powerpoint": "PowerPoint 演示文稿",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation":
        "PowerPoint 演示文稿",
    "application/zip": "ZIP 压缩包",
    "application/x-rar": "RAR 压缩包",
    "application/x-7z-compressed": "7z 压缩包",
    "text/plain": "纯文本",
    "text/html": "网页",
}

_PHOTOS = ("image/jpeg", "image/png", "image/gif", "image/webp", "image/heic", "image/heif",
           "image/avif", "image/bmp", "image/tiff")
_VIDEOS = ("video/mp4", "video/quicktime", "video/x-m4v", "video/x-msvideo", "video/x-matroska",
           "video/webm", "video/mpeg", "video/x-ms-asf", "video/x-ms-wmv", "video/3gpp",
           "video/x-flv")
_DOCUMENTS = ("application/pdf",
              "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
              "application/msword", "application/x-ole-storage", "application/CDFV2",
              "application/vnd.ms-office", "application/vnd.ms-works",
              "image/jpeg", "image/png")


@dataclass(frozen=True)
class KindRule:
    """What one attachment kind accepts: content types (None: anything that is
    not a program) and how the upload form and the messages describe them."""

    types: tuple[str, ...] | None
    described: str
    accept: str = ""


KIND_RULES = {
    AttachmentKind.APPLICATION_FORM: KindRule(_DOCUMENTS, "PDF、Word（.docx/.doc）、WPS 文件或 JPG/PNG 扫描件",
                                              ".pdf,.docx,.doc,.wps,.jpg,.jpeg,.png"),
    AttachmentKind.PHOTO: KindRule(_PHOTOS, "JPG、PNG、GIF、WebP、HEIC 等图片", "image/*,.heic,.heif"),
    AttachmentKind.VIDEO: KindRule(_VIDEOS, "MP4、MOV、AVI、MKV、WebM 等视频", "video/*,.mkv,.flv"),
    AttachmentKind.OTHER: KindRule(None, "除可执行程序和脚本以外的文件"),
}
KIND_RULES[AttachmentKind.LEADER_INSTRUCTION] = KIND_RULES[AttachmentKind.APPLICATION_FORM]
KIND_RULES[AttachmentKind.MEDIA_REPORT] = KIND_RULES[AttachmentKind.APPLICATION_FORM]

# Refused whatever the kind and whatever the name says.
EXECUTABLE_TYPES = {
    "application/x-executable", "application/x-pie-executable", "application/x-sharedlib",
    "application/x-dosexec", "application/x-msdownload", "application/x-msdos-program",
    "application/vnd.microsoft.portable-executable", "application/x-mach-binary",
    "application/x-elf", "application/x-object", "application/x-msi",
    "application/x-java-applet", "application/java-archive",
    "application/vnd.android.package-archive",
}
SCRIPT_TYPES = {
    "text/x-shellscript", "application/x-sh", "application/x-shellscript", "text/x-msdos-batch",
    "application/x-bat", "text/x-python", "text/x-perl", "text/x-php", "application/x-php",
    "text/x-ruby", "text/x-lua", "text/x-tcl", "text/x-awk", "application/javascript",
    "text/javascript", "application/x-powershell", "application/hta",
}
# Names that Windows or a shell would run, even when the bytes look like text.
DANGEROUS_EXTENSIONS = {
    ".exe", ".com", ".scr", ".pif", ".cpl", ".msi", ".msp", ".dll", ".sys", ".bat", ".cmd",
    ".ps1", ".psm1", ".vbs", ".vbe", ".js", ".jse", ".wsf", ".wsh", ".hta", ".lnk", ".reg",
    ".msc", ".jar", ".apk", ".sh", ".bash", ".zsh", ".csh", ".py", ".pyc", ".pl", ".php",
    ".rb", ".elf", ".run", ".app", ".dmg",
}
# Pillow reads these; the others (HEIC, AVIF) are kept without a thumbnail.
THUMBNAIL_TYPES = {"image/jpeg", "image/png", "image/gif", "image/webp", "image/bmp",
                   "image/tiff"}


def type_label(content_type: str) -> str:
    return TYPE_LABELS.get(content_type, content_type)


def limit_mb(kind: str) -> int:
    return int(settings.CASEBOOK_UPLOAD_LIMITS_MB[kind])


def human_size(size: int) -> str:
    """1.5 MB, 320 KB, 12 字节: how the messages and the receipt state sizes."""
    if size >= MB:
        return f"{size / MB:.1f} MB"
    if size >= 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size} 字节"


def clean_name(name: str) -> str:
    """The file's own name without any folder part or control characters,
    kept for display and download only (255 characters at most)."""
    name = posixpath.basename((name or "").replace("\\", "/"))
    name = "".join(ch for ch in name if ch.isprintable()).strip()
    if len(name) > 255:
        stem, dot, ext = name.rpartition(".")
        name = stem[: 254 - len(ext)] + dot + ext if dot and len(ext) < 16 else name[:255]
    return name or "未命名文件"


# --- Checking a file -------------------------------------------------------------


@dataclass
class Inspected:
    """What a received file turned out to be."""

    size: int
    sha256: str
    content_type: str
    thumbnail: bytes | None = field(default=None, repr=False)
    # Why no kind takes the file (an image that does not decode), found by `examine`.
    unreadable: str = ""


def _refuse(message: str) -> NoReturn:
    raise ValidationError(message, code="upload_refused")


def inspect_upload(uploaded_file, *, name: str, kind: str, examined: Inspected | None = None) -> Inspected:
    """Size, content type and SHA-256 of `uploaded_file` (one streaming pass),
    its thumbnail if it is an image; ValidationError naming the file and the
    problem when `kind` may not hold it. `examined`: the same already found
    by `examine` (the intake reads its files ahead, in other processes)."""
    limit = limit_mb(kind)
    if uploaded_file.size > limit * MB:
        _refuse(f"文件“{name}”大小为{human_size(uploaded_file.size)}，"
                f"超过“{AttachmentKind(kind).label}”单个文件{limit} MB 的上限。")
    inspected = examined or _digest(uploaded_file)
    if inspected.size == 0:
        _refuse(f"文件“{name}”是空的，请检查后重新上传。")
    _check_type(name, kind, inspected.content_type)
    if inspected.unreadable:
        _refuse(inspected.unreadable)
    if examined is None and inspected.content_type in THUMBNAIL_TYPES:
        inspected.thumbnail = make_thumbnail(uploaded_file, name=name)
    return inspected


def _digest(uploaded_file) -> Inspected:
    digest, head, size = hashlib.sha256(), bytearray(), 0
    for chunk in uploaded_file.chunks():
        digest.update(chunk)
        size += len(chunk)
        if len(head) < SNIFF_BYTES:
            head += chunk[: SNIFF_BYTES - len(head)]
    return Inspected(size=size, sha256=digest.hexdigest(),
                     content_type=magic.from_buffer(bytes(head), mime=True))


def examine(content: bytes, *, name: str) -> Inspected:
    """What `inspect_upload` finds of a file held in memory, whatever its kind
    (a pure function of the bytes: the intake runs it in its reading
    processes); an image that does not decode is noted in `unreadable`.
    `name` is the file's `clean_name`, which the refusal names."""
    content_type = magic.from_buffer(content[:SNIFF_BYTES], mime=True) if content else ""
    thumbnail, unreadable = None, ""
    if content_type in THUMBNAIL_TYPES:
        try:
            thumbnail = make_thumbnail(BytesIO(content), name=name)
        except ValidationError as error:
            unreadable = error.messages[0]
    return Inspected(size=len(content), sha256=hashlib.sha256(content).hexdigest(),
                     content_type=content_type, thumbnail=thumbnail, unreadable=unreadable)


def _check_type(name: str, kind: str, content_type: str) -> None:
    if content_type in EXECUTABLE_TYPES:
        _refuse(f"文件“{name}”的实际类型为可执行程序，不能上传。")
    if content_type in SCRIPT_TYPES or content_type.startswith("text/x-script"):
        _refuse(f"文件“{name}”的实际类型为脚本，不能上传。")
    extension = posixpath.splitext(name)[1].lower()
    if extension in DANGEROUS_EXTENSIONS:
        _refuse(f"文件“{name}”的扩展名{extension}表示可执行程序或脚本，不能上传。")
    rule = KIND_RULES[kind]
    if rule.types is not None and content_type not in rule.types:
        _refuse(f"文件“{name}”的实际类型为{type_label(content_type)}，"
                f"“{AttachmentKind(kind).label}”只接受{rule.described}。")


def make_thumbnail(image_file, *, name: str) -> bytes | None:
    """A JPEG at most THUMBNAIL_PX on its longer side, turned upright by its
    EXIF orientation. A file Pillow cannot decode is refused: it is damaged or
    not the image it claims to be."""
    image_file.seek(0)
    try:
        with strict_decoding(), Image.open(image_file) as image:
            # A JPEG decodes straight at 1/2…1/8 scale, as close above the
            # thumbnail's own size as it goes: a 5 MB photo costs a fraction.
            # (Image.thumbnail's own draft keeps twice the size: 1024 px photos
            # would decode whole.) Every pixel is still read, so a truncated
            # file is refused all the same.
            image.draft("RGB", _fitted(image.size))
            # Bilinear is enough for what the draft leaves (under 2×): Pillow's filters average.
            image.thumbnail((THUMBNAIL_PX, THUMBNAIL_PX), Image.Resampling.BILINEAR)
            # Turned after the shrinking: the same picture, for a fraction of the pixels.
            return _jpeg(ImageOps.exif_transpose(image))
    except Image.DecompressionBombError:
        _refuse(f"文件“{name}”的像素尺寸过大，无法处理，请缩小后重新上传。")
    except (OSError, SyntaxError, ValueError, EOFError):
        _refuse(f"文件“{name}”无法作为图片打开，可能已损坏，请重新导出后上传。")
    return None


def _fitted(size: tuple[int, int]) -> tuple[int, int]:
    """`size` shrunk to fit THUMBNAIL_PX, rounded up (a draft never decodes smaller than asked)."""
    width, height = size
    scale = min(1.0, THUMBNAIL_PX / max(width, height, 1))
    return max(1, math.ceil(width * scale)), max(1, math.ceil(height * scale))


_STRICT_DECODING = threading.Lock()


@contextmanager
def strict_decoding():
    """Pillow with its check for damaged images on.

    Importing WeasyPrint (receipts, the collection) sets
    ImageFile.LOAD_TRUNCATED_IMAGES for the whole process, after which Pillow
    fills a truncated or garbled image with grey instead of failing. The flag
    is process-wide, so it is switched off only around one decode at a time;
    a WeasyPrint render that meets a broken image meanwhile just leaves it out.
    """
    with _STRICT_DECODING:
        previous = ImageFile.LOAD_TRUNCATED_IMAGES
        ImageFile.LOAD_TRUNCATED_IMAGES = False
        try:
            yield
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = previous


def _jpeg(image: Image.Image) -> bytes:
    if image.mode in ("RGBA", "LA", "P", "PA"):
        rgba = image.convert("RGBA")
        image = Image.new("RGB", rgba.size, "white")
        image.paste(rgba, mask=rgba.getchannel("A"))
    elif image.mode != "RGB":
        image = image.convert("RGB")
    out = BytesIO()
    image.save(out, "JPEG", quality=THUMBNAIL_QUALITY, optimize=True)
    return out.getvalue()


# --- Storing and removing ----------------------------------------------------------------


def store_attachment(*, case: Case, kind: str, uploaded_file, actor,
                     allow_after_deadline: bool = False) -> Attachment:
    """Keep one evidence file of `case` (a draft, or submitted before the deadline;
    with `allow_after_deadline`, also after it: evidence that came by email).

    Checks the size limit of `kind` (settings.CASEBOOK_UPLOAD_LIMITS_MB), the
    content type sniffed from the bytes, that it is no program or script
    whatever its name, that an image decodes, and that the case has no file
    with the same SHA-256 yet. Side effects: the file and its thumbnail written
    through the storage API under random names; the Attachment row; AuditEvent
    `attachment.added` (`attachment.refused` with the reason when refused);
    eligibility re-run when the case is already submitted.
    """
    name = clean_name(uploaded_file.name)
    try:
        if kind not in KIND_RULES:
            _refuse(f"未知的材料类型“{kind}”。")
        ensure_case_editable(case, allow_after_deadline=allow_after_deadline)
        inspected = inspect_upload(uploaded_file, name=name, kind=kind)
        _refuse_duplicate(case, inspected.sha256, name)
        return _keep(case=case, kind=kind, uploaded_file=uploaded_file, name=name,
                     inspected=inspected, actor=actor, allow_after_deadline=allow_after_deadline)
    except ValidationError as error:
        _record_refusal(case, actor, name=name, kind=kind, size=uploaded_file.size, error=error)
        raise


def _record_refusal(case: Case, actor, *, name: str, kind: str, size: int, error: ValidationError) -> None:
    record_event(actor=actor, action="attachment.refused", subject=case, call=case.call,
                 name=name, kind=kind, size=size, reason=" ".join(error.messages))


def _refuse_duplicate(case: Case, sha256: str, name: str) -> None:
    same = case.attachments.filter(sha256=sha256).only("original_name").first()
    if same is not None:
        _refuse_as_copy(name, same.original_name)


def _refuse_as_copy(name: str, same_name: str) -> NoReturn:
    _refuse(f"文件“{name}”与本案例已上传的“{same_name}”内容相同，无需重复上传。")


def _keep(*, case, kind, uploaded_file, name, inspected: Inspected, actor,
          allow_after_deadline: bool) -> Attachment:
    attachment = _written(Attachment(case=case, kind=kind, uploaded_by=actor), uploaded_file,
                          name, inspected)
    try:
        with transaction.atomic():
            # Locked so that two tabs sending the same file keep one of them.
            locked = _lock_editable(case, allow_after_deadline)
            _refuse_duplicate(locked, inspected.sha256, name)
            attachment.case = locked
            attachment.save()
            record_event(actor=actor, action="attachment.added", subject=locked, call=locked.call,
                         **describe(attachment))
            if locked.status != CaseStatus.DRAFT:
                run_eligibility(case=locked, actor=actor)
    except BaseException:
        _delete_files(_names([attachment]))
        raise
    return attachment


def _written(attachment: Attachment, uploaded_file, name: str, inspected: Inspected) -> Attachment:
    """`attachment` described by `inspected`, its file and thumbnail written:
    written before the row, so that a row never points at bytes that are not there."""
    attachment.original_name, attachment.size, attachment.sha256 = name, inspected.size, inspected.sha256
    attachment.content_type = inspected.content_type[:100]
    attachment.file.save("upload", uploaded_file, save=False)
    if inspected.thumbnail:
        attachment.thumbnail.save(f"{uuid.uuid4().hex}.jpg", ContentFile(inspected.thumbnail),
                                  save=False)
    return attachment


def _lock_editable(case: Case, allow_after_deadline: bool) -> Case:
    locked = Case.objects.select_for_update().select_related("call").get(pk=case.pk)
    ensure_case_editable(locked, allow_after_deadline=allow_after_deadline)
    return locked


def _names(attachments) -> list[str]:
    return [name for a in attachments for name in (a.file.name, a.thumbnail.name)]


# --- Several files at once (an email's) ------------------------------------------------------


@dataclass(frozen=True)
class Upload:
    """One file of `store_attachments`, kept as the first of `kinds` that takes it."""

    uploaded_file: object
    kinds: tuple[str, ...]
    examined: Inspected | None = None  # found ahead by `examine`


def store_attachments(*, case: Case, uploads: list[Upload], actor,
                      allow_after_deadline: bool = False) -> list[Attachment | ValidationError]:
    """`store_attachment` for the files of one email: what became of each, in
    order (the Attachment, or why it was refused, by the last of its kinds).

    The same checks and side effects as `store_attachment` per file and kind
    tried, but the case is locked once, the files already on it are looked up
    in one query and the rows inserted in one (an email's files come while
    its transaction holds the call, so the files are written under the lock),
    and eligibility re-runs once.
    """
    results = [_inspected_as(case, upload, actor, allow_after_deadline) for upload in uploads]
    kept: list[Attachment] = []
    try:
        with transaction.atomic():
            locked = _lock_editable(case, allow_after_deadline)
            on_case = _files_on(locked, [r[2].sha256 for r in results if isinstance(r, tuple)])
            results = [_kept_unless_copy(locked, upload, *result, on_case=on_case, kept=kept, actor=actor)
                       if isinstance(result, tuple) else result
                       for upload, result in zip(uploads, results, strict=True)]
            Attachment.objects.bulk_create(kept)
            for attachment in kept:
                record_event(actor=actor, action="attachment.added", subject=locked, call=locked.call,
                             **describe(attachment))
            if kept and locked.status != CaseStatus.DRAFT:
                run_eligibility(case=locked, actor=actor)
    except BaseException:
        _delete_files(_names(kept))
        raise
    return results


def _files_on(case: Case, sha256s: list[str]) -> dict[str, str]:
    """SHA-256 → name of the case's files among `sha256s` (the first kept, if several)."""
    found = case.attachments.filter(sha256__in=sha256s).order_by("-pk")
    return dict(found.values_list("sha256", "original_name"))


def _inspected_as(case: Case, upload: Upload, actor, allow_after_deadline: bool):
    """(kind, name, Inspected) for the first kind that takes the file, or the last refusal."""
    name = clean_name(upload.uploaded_file.name)
    for kind in upload.kinds:
        try:
            ensure_case_editable(case, allow_after_deadline=allow_after_deadline)
            return kind, name, inspect_upload(upload.uploaded_file, name=name, kind=kind,
                                              examined=upload.examined)
        except ValidationError as error:
            _record_refusal(case, actor, name=name, kind=kind, size=upload.uploaded_file.size,
                            error=error)
            refusal = error
    return refusal


def _kept_unless_copy(case: Case, upload: Upload, kind: str, name: str, inspected: Inspected, *,
                      on_case: dict, kept: list, actor) -> Attachment | ValidationError:
    """The Attachment (its files written, added to `kept`, not saved yet), or
    the refusal of a file the case (or the email, before it) already holds."""
    if inspected.sha256 in on_case:
        try:
            _refuse_as_copy(name, on_case[inspected.sha256])
        except ValidationError as error:
            _record_refusal(case, actor, name=name, kind=kind, size=inspected.size, error=error)
            return error
    on_case[inspected.sha256] = name
    kept.append(_written(Attachment(case=case, kind=kind, uploaded_by=actor), upload.uploaded_file,
                         name, inspected))
    return kept[-1]


def delete_attachment(*, attachment: Attachment, actor) -> None:
    """Remove one evidence file while its case may still be changed.

    Side effects: the row deleted; AuditEvent `attachment.deleted` with the
    file's name, type, size and SHA-256; eligibility re-run on a submitted case;
    the stored file and thumbnail deleted once the transaction commits.
    """
    with transaction.atomic():
        case = Case.objects.select_for_update().select_related("call").get(pk=attachment.case_id)
        ensure_case_editable(case)
        files = [attachment.file.name, attachment.thumbnail.name]
        data = describe(attachment)
        attachment.delete()
        record_event(actor=actor, action="attachment.deleted", subject=case, call=case.call,
                     **data)
        if case.status != CaseStatus.DRAFT:
            run_eligibility(case=case, actor=actor)
        transaction.on_commit(lambda: _delete_files(files))


def describe(attachment: Attachment) -> dict:
    return {"attachment": attachment.pk, "kind": attachment.kind, "name": attachment.original_name,
            "content_type": attachment.content_type, "size": attachment.size,
            "sha256": attachment.sha256}


def _delete_files(names) -> None:
    storage = Attachment._meta.get_field("file").storage
    for name in filter(None, names):
        try:
            storage.delete(name)
        except OSError:  # already gone, or the storage is down: the row is what counts
            logger.warning("could not delete stored file %s", name, exc_info=True)


# --- Reading: the evidence panel of a case page --------------------------------------------


@dataclass
class EvidenceGroup:
    kind: str
    label: str
    required: bool
    description: str
    attachments: list[Attachment]
    offered: bool

    @property
    def limit_mb(self) -> int:
        return limit_mb(self.kind)

    @property
    def accept(self) -> str:
        return KIND_RULES[self.kind].accept

    @property
    def described(self) -> str:
        return KIND_RULES[self.kind].described


@dataclass
class EvidencePanel:
    case: Case
    groups: list[EvidenceGroup]
    can_upload: bool

    @property
    def missing(self) -> list[str]:
        return [g.label for g in self.groups if g.required and not g.attachments]


def evidence_panel(*, case: Case, user) -> EvidencePanel:
    """The case's files grouped by the call's evidence kinds (in the call's
    order, then any other kind that holds files), and whether `user` may add
    and remove files now."""
    attachments: dict[str, list[Attachment]] = {}
    for attachment in case.attachments.all():
        attachments.setdefault(attachment.kind, []).append(attachment)
    groups = [EvidenceGroup(kind=req.kind, label=req.label, required=req.required,
                            description=req.description, attachments=attachments.pop(req.kind, []),
                            offered=True)
              for req in case.call.evidence_requirements.all()]
    groups += [EvidenceGroup(kind=kind, label=AttachmentKind(kind).label, required=False,
                             description="", attachments=files, offered=False)
               for kind, files in attachments.items()]
    can_upload = user.has_perm("submissions.upload_evidence", case) and case_is_editable(case)
    return EvidencePanel(case=case, groups=groups, can_upload=can_upload)
