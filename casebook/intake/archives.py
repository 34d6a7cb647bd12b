"""Zip, RAR and 7z attachments unpacked safely, in memory.

Units send their evidence as one archive made on Chinese Windows (member
names in CP936), sometimes an archive inside an archive. Nothing here trusts
a member's path or writes one to disk (RAR alone goes through a private
temporary copy, for its outside tool); an archive that is encrypted, broken,
unsafe (path escapes, links, devices) or too big (zip bombs) is kept whole
as evidence with a Chinese note naming the problem, and nothing raises.
"""

import functools
import mimetypes
import posixpath
import re
import stat
import tempfile
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from io import BytesIO

import rarfile

from .message import MailAttachment

MAX_FILES = 200
MAX_TOTAL_BYTES = 500 * 1024 * 1024
MAX_RATIO = 100
MAX_DEPTH = 2
# Small files compress far better than 100:1 (a page of spaces) and harm
# nothing; the ratio limit is for members that would really fill memory.
RATIO_FLOOR = 1024 * 1024
CHUNK = 1024 * 1024

ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
RAR_MAGIC = b"Rar!\x1a\x07"
SEVEN_ZIP_MAGIC = b"7z\xbc\xaf\x27\x1c"
ARCHIVE_EXTENSIONS = {".zip": "zip", ".rar": "rar", ".7z": "7z"}
# Members that make a zip an Office, OpenDocument, e-book or OFD document.
ZIP_DOCUMENT_MEMBERS = {"[Content_Types].xml", "mimetype", "META-INF/manifest.xml", "OFD.xml"}
WINDOWS_DRIVE = re.compile(r"^[A-Za-z]:")
CONTROL = re.compile(r"[\x00-\x1f\x7f]")
ENCRYPTED = "已加密（需要密码），无法解开"
ZIP_UTF8_FLAG = 0x800
ZIP_ENCRYPTED_FLAG = 0x1
ZIP_AES = 99
ZIP_UNIX = 3


@dataclass(frozen=True)
class ArchiveResult:
    files: list[MailAttachment]  # the members, or the archive itself when kept whole
    notes: list[str] = field(default_factory=list)
    unpacked: bool = False


@dataclass(frozen=True)
class Limits:
    max_files: int = MAX_FILES
    max_total_bytes: int = MAX_TOTAL_BYTES
    max_ratio: int = MAX_RATIO
    max_depth: int = MAX_DEPTH


class Refused(Exception):
    """Why an archive is kept whole; the message is the Chinese reason."""


@dataclass(frozen=True)
class _Entry:
    name: str  # as stored, decoded; checked before use
    size: int  # declared uncompressed size
    packed: int | None  # declared compressed size, where the format keeps one per member
    kind: str = "file"  # file, dir, link or device
    encrypted: bool = False


@dataclass
class _Budget:
    """What every archive of one attachment, nested ones included, may still use."""

    limits: Limits
    files: int = 0
    size: int = 0

    def reserve(self, entries: list[_Entry]) -> None:
        files = [entry for entry in entries if entry.kind == "file"]
        self.files += len(files)
        self.size += sum(entry.size for entry in files)
        if self.files > self.limits.max_files:
            raise Refused(f"文件数超过 {self.limits.max_files} 个")
        if self.size > self.limits.max_total_bytes:
            raise Refused(f"解压后超过 {_size(self.limits.max_total_bytes)}")


def archive_kind(content: bytes) -> str:
    """"zip", "rar", "7z", or "" for anything else, from the bytes (names lie)."""
    if content.startswith(RAR_MAGIC):
        return "rar"
    if content.startswith(SEVEN_ZIP_MAGIC):
        return "7z"
    if content.startswith(ZIP_MAGIC) and not _zip_document(content):
        return "zip"
    return ""


def _zip_document(content: bytes) -> bool:
    """A .docx, .xlsx, .odt or .ofd is a zip too, and is a document, not an archive."""
    try:
        with zipfile.ZipFile(BytesIO(content)) as archive:
            return any(name in ZIP_DOCUMENT_MEMBERS for name in archive.namelist())
    except Exception:  # a broken zip: unpacking it will say so
        return False


def looks_like_archive(filename: str) -> bool:
    return posixpath.splitext((filename or "").lower())[1] in ARCHIVE_EXTENSIONS


def unpack_archive(filename: str, content: bytes, *, max_files: int = MAX_FILES,
                   max_total_bytes: int = MAX_TOTAL_BYTES, max_ratio: int = MAX_RATIO,
                   max_depth: int = MAX_DEPTH, declared_type: str = "") -> ArchiveResult:
    """The archive's files, nested archives unpacked up to `max_depth` levels;
    or the archive kept whole with a note. Never raises."""
    whole = [MailAttachment(filename, content, declared_type or _type_of(filename))]
    kind = archive_kind(content)
    if not kind:
        notes = [f"“{filename}”的扩展名是压缩包，但内容无法识别，原样保留"] if looks_like_archive(
            filename) else []
        return ArchiveResult(whole, notes)
    budget = _Budget(Limits(max_files, max_total_bytes, max_ratio, max_depth))
    try:
        files, notes = _unpack(kind, filename, content, 1, budget)
    except Refused as reason:
        return ArchiveResult(whole, [f"压缩包“{filename}”{reason}，原样保留"])
    except Exception as error:  # each format's library raises its own kinds on junk
        return ArchiveResult(whole, [f"压缩包“{filename}”已损坏或格式不受支持（{type(error).__name__}），原样保留"])
    if not files:
        return ArchiveResult(whole, [f"压缩包“{filename}”是空的，原样保留"])
    return ArchiveResult(files, [f"已解开压缩包“{filename}”，取出 {len(files)} 个文件", *notes], True)


def expand_archives(attachments: Iterable[MailAttachment], **limits) -> tuple[
        tuple[MailAttachment, ...], tuple[str, ...]]:
    """Each archive replaced by its files (or kept whole), the rest as they are."""
    files: list[MailAttachment] = []
    notes: list[str] = []
    for attachment in attachments:
        if not (archive_kind(attachment.content)
                or looks_like_archive(attachment.filename)):
            files.append(attachment)
            continue
        result = unpack_archive(attachment.filename, attachment.content,
                                declared_type=attachment.declared_type, **limits)
        files += result.files
        notes += result.notes
    return tuple(files), tuple(notes)


def _unpack(kind: str, path: str, content: bytes, depth: int,
            budget: _Budget) -> tuple[list[MailAttachment], list[str]]:
    reader = READERS[kind]
    files, notes = [], []
    for name, data in reader(content, budget):
        nested = archive_kind(data)
        inner_path = f"{path}/{name}"
        if nested and depth < budget.limits.max_depth:
            try:
                inner, inner_notes = _unpack(nested, inner_path, data, depth + 1, budget)
                files += inner
                notes += inner_notes
                continue
            except Refused as reason:
                notes.append(f"压缩包内的压缩包“{name}”{reason}，原样保留")
            except Exception as error:
                notes.append(f"压缩包内的压缩包“{name}”已损坏（{type(error).__name__}），原样保留")
        elif nested:
            notes.append(f"压缩包“{name}”嵌套超过 {budget.limits.max_depth} 层，原样保留")
        files.append(MailAttachment(name, data, _type_of(name), from_archive=path))
    return files, notes


def _check(entries: list[_Entry], archive_size: int, budget: _Budget) -> None:
    """Every check that can be made before extracting; Refused names the first problem."""
    for entry in entries:
        if entry.encrypted:
            raise Refused(ENCRYPTED)
        problem = _path_problem(entry.name)
        if problem:
            raise Refused(f"内的“{entry.name[:80]}”{problem}，为安全起见不解开")
        if entry.kind == "link":
            raise Refused(f"含符号链接“{entry.name[:80]}”，为安全起见不解开")
        if entry.kind == "device":
            raise Refused(f"含设备文件“{entry.name[:80]}”，为安全起见不解开")
    files = [entry for entry in entries if entry.kind == "file"]
    ratio = budget.limits.max_ratio
    total = sum(entry.size for entry in files)
    if any(e.packed is not None and e.size > RATIO_FLOOR and e.size > ratio * max(e.packed, 1)
           for e in files) or (total > RATIO_FLOOR and total > ratio * max(archive_size, 1)):
        raise Refused(f"压缩比超过 {ratio} 倍，疑似压缩炸弹")
    budget.reserve(files)


def _path_problem(name: str) -> str:
    path = name.replace("\\", "/")
    if path.startswith("/") or WINDOWS_DRIVE.match(path):
        return "是绝对路径"
    if ".." in path.split("/"):
        return "含“..”，会跳出解压目录"
    if CONTROL.search(path):
        return "的文件名含控制字符"
    return ""


def _clean_name(name: str) -> str:
    parts = name.replace("\\", "/").split("/")
    return "/".join(part for part in parts if part not in ("", "."))


def _read_capped(stream, size: int) -> bytes:
    """A member's bytes, refusing one that holds more than it declared."""
    data = stream.read(size + 1)
    if len(data) > size:
        raise Refused("内文件的实际大小超过其声明的大小")
    return data


def _size(number: int) -> str:
    return f"{number / 1024 / 1024:g} MB" if number >= 1024 * 1024 else f"{number} 字节"


def _type_of(name: str) -> str:
    return mimetypes.guess_type(posixpath.basename(name))[0] or "application/octet-stream"


# --- zip -------------------------------------------------------------------

def _zip_files(content: bytes, budget: _Budget) -> Iterable[tuple[str, bytes]]:
    with zipfile.ZipFile(BytesIO(content)) as archive:
        members = [(_zip_entry(info), info) for info in archive.infolist()]
        _check([entry for entry, _info in members], len(content), budget)
        for entry, info in members:
            if entry.kind == "file":
                with archive.open(info) as stream:
                    yield _clean_name(entry.name), _read_capped(stream, entry.size)


def _zip_entry(info: zipfile.ZipInfo) -> _Entry:
    mode = info.external_attr >> 16 if info.create_system == ZIP_UNIX else 0
    kind = "dir" if info.is_dir() else _mode_kind(mode)
    encrypted = bool(info.flag_bits & ZIP_ENCRYPTED_FLAG) or info.compress_type == ZIP_AES
    return _Entry(zip_member_name(info), info.file_size, info.compress_size, kind, encrypted)


def zip_member_name(info: zipfile.ZipInfo) -> str:
    """The member's name as its maker meant it: UTF-8 when flagged (or when
    the bytes are valid UTF-8, as macOS writes), else GB18030 — Chinese
    Windows writes names in CP936 — else CP437 as the zip format says."""
    if info.flag_bits & ZIP_UTF8_FLAG:
        return info.orig_filename
    raw = info.orig_filename.encode("cp437")
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return info.orig_filename


def _mode_kind(mode: int) -> str:
    if stat.S_ISLNK(mode):
        return "link"
    if any(test(mode) for test in (stat.S_ISCHR, stat.S_ISBLK, stat.S_ISFIFO, stat.S_ISSOCK)):
        return "device"
    return "file"


# --- rar -------------------------------------------------------------------

def _rar_files(content: bytes, budget: _Budget) -> Iterable[tuple[str, bytes]]:
    # Compressed RAR members are decompressed by an outside tool (unar),
    # which reads files: the archive goes through a private temporary file.
    with tempfile.NamedTemporaryFile(suffix=".rar") as copy:
        copy.write(content)
        copy.flush()
        try:
            archive = rarfile.RarFile(copy.name, charset="gb18030", errors="strict")
        except rarfile.PasswordRequired as error:
            raise Refused(ENCRYPTED) from error
        with archive:
            yield from _rar_members(archive, len(content), budget)


def _rar_members(archive, size: int, budget: _Budget) -> Iterable[tuple[str, bytes]]:
    if archive.needs_password():
        raise Refused(ENCRYPTED)
    members = [(_rar_entry(info), info) for info in archive.infolist()]
    _check([entry for entry, _info in members], size, budget)
    for entry, info in members:
        if entry.kind != "file":
            continue
        try:
            with archive.open(info) as stream:
                data = _read_capped(stream, entry.size)
        except rarfile.RarCannotExec as error:
            raise Refused("需要服务器上的解压工具 unar，但没有找到，无法解开") from error
        yield _clean_name(entry.name), data


def _rar_entry(info) -> _Entry:
    unix = info.host_os == rarfile.RAR_OS_UNIX
    if info.is_dir():
        kind = "dir"
    elif info.is_symlink() or getattr(info, "file_redir", None):
        kind = "link"
    else:
        kind = _mode_kind(info.mode) if unix and info.mode else "file"
    return _Entry(info.filename, info.file_size, info.compress_size, kind, info.needs_password())


# --- 7z --------------------------------------------------------------------

def _seven_zip_files(content: bytes, budget: _Budget) -> Iterable[tuple[str, bytes]]:
    import py7zr

    try:
        archive = py7zr.SevenZipFile(BytesIO(content))
    except py7zr.PasswordRequired as error:
        raise Refused(ENCRYPTED) from error
    with archive:
        if archive.needs_password():
            raise Refused(ENCRYPTED)
        entries = [_seven_zip_entry(info) for info in archive.list()]
        _check(entries, len(content), budget)
        files = [entry for entry in entries if entry.kind == "file"]
        writers = _CappedWriters({entry.name: entry.size for entry in files})
        archive.extract(targets=[entry.name for entry in files], factory=writers)
    for entry in files:
        yield _clean_name(entry.name), writers.data(entry.name)


def _seven_zip_entry(info) -> _Entry:
    if info.is_directory:
        kind = "dir"
    elif info.is_symlink:
        kind = "link"
    else:
        kind = "file" if info.is_file else "device"
    # Solid 7z archives compress members together: only the total ratio applies.
    return _Entry(info.filename, info.uncompressed, None, kind)


class _CappedWriters:
    """py7zr's writer factory: each member kept in memory, refused as soon as
    it grows past its declared size while it is decompressed."""

    def __init__(self, sizes: dict[str, int]):
        self.sizes = sizes
        self.writers: dict = {}

    def create(self, filename: str):
        writer = _writer_class()(self.sizes.get(filename, 0))
        self.writers[filename] = writer
        return writer

    def data(self, filename: str) -> bytes:
        writer = self.writers.get(filename)
        return bytes(writer.buffer) if writer else b""


@functools.cache
def _writer_class():
    from py7zr.io import Py7zIO  # py7zr takes 0.1 s to import: only when a 7z comes

    class CappedWriter(Py7zIO):
        def __init__(self, limit: int):
            self.limit = limit
            self.buffer = bytearray()

        def write(self, data):
            if len(self.buffer) + len(data) > self.limit:
                raise Refused("内文件的实际大小超过其声明的大小")
            self.buffer.extend(data)
            return len(data)

        def read(self, size=None):
            return bytes(self.buffer)

        def seek(self, offset, whence=0):
            return 0

        def flush(self):
            return None

        def size(self):
            return len(self.buffer)

    return CappedWriter


READERS = {"zip": _zip_files, "rar": _rar_files, "7z": _seven_zip_files}
