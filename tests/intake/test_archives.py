"""unpack_archive: evidence archives opened safely, or kept whole with a reason."""

import shutil
import zipfile
from pathlib import Path

import pytest
import rarfile

from casebook.intake.archives import expand_archives, unpack_archive
from casebook.intake.message import MailAttachment
from tests.intake.archive_files import encrypted_rar5_bytes, rar5_bytes, seven_zip_bytes, zip_bytes

MEMBERS = [("申报书（最终版）.docx", b"PK form"), ("照片/现场活动1.jpg", b"\xff\xd8 jpeg")]


def files(result):
    return [(f.filename, f.content, f.from_archive) for f in result.files]


@pytest.mark.parametrize("encoding", ["utf-8", "gbk", "gb18030"])
def test_zip_member_names_from_chinese_windows_and_elsewhere(encoding):
    result = unpack_archive("材料.zip", zip_bytes(MEMBERS, name_encoding=encoding))

    assert result.unpacked
    assert files(result) == [(name, data, "材料.zip") for name, data in MEMBERS]
    assert result.notes == ["已解开压缩包“材料.zip”，取出 2 个文件"]
    assert [f.declared_type for f in result.files] == [
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "image/jpeg"]


def test_zip_bomb_is_refused_before_extracting():
    bomb = zip_bytes([("zeros.bin", bytes(20 * 1024 * 1024))])  # 20 MB in about 20 KB

    result = unpack_archive("bomb.zip", bomb)

    assert not result.unpacked
    assert files(result) == [("bomb.zip", bomb, "")]
    assert result.notes == ["压缩包“bomb.zip”压缩比超过 100 倍，疑似压缩炸弹，原样保留"]


def test_total_size_and_count_limits():
    archive = zip_bytes([(f"{n}.jpg", bytes([n]) * 1000) for n in range(5)])

    assert unpack_archive("a.zip", archive, max_files=4).notes == ["压缩包“a.zip”文件数超过 4 个，原样保留"]
    assert unpack_archive("a.zip", archive, max_total_bytes=4000).notes == [
        "压缩包“a.zip”解压后超过 4000 字节，原样保留"]


@pytest.mark.parametrize(("name", "problem"), [
    ("../../etc/cron.d/x", "含“..”，会跳出解压目录"),
    ("材料/../../x.txt", "含“..”，会跳出解压目录"),
    ("/etc/passwd", "是绝对路径"),
    ("C:\\Windows\\x.dll", "是绝对路径"),
    ("..\\..\\x.txt", "含“..”，会跳出解压目录"),
])
def test_path_escapes_are_refused(name, problem):
    result = unpack_archive("evil.zip", zip_bytes([("ok.txt", b"x"), (name, b"x")]))

    assert not result.unpacked
    assert result.notes == [f"压缩包“evil.zip”内的“{name}”{problem}，为安全起见不解开，原样保留"]


def test_symlinks_are_refused():
    result = unpack_archive("link.zip", zip_bytes([("passwd", b"/etc/passwd")], symlinks=("passwd",)))

    assert result.notes == ["压缩包“link.zip”含符号链接“passwd”，为安全起见不解开，原样保留"]


def test_nested_archives_are_unpacked_up_to_the_depth_limit():
    inner = zip_bytes(MEMBERS)
    middle = zip_bytes([("说明.txt", b"readme"), ("照片.zip", inner)], name_encoding="gbk")
    outer = zip_bytes([("第二层.zip", middle)])

    two = unpack_archive("材料.zip", middle)
    three = unpack_archive("总.zip", outer)

    assert files(two) == [("说明.txt", b"readme", "材料.zip"),
                          *[(name, data, "材料.zip/照片.zip") for name, data in MEMBERS]]
    assert files(three) == [("说明.txt", b"readme", "总.zip/第二层.zip"),
                            ("照片.zip", inner, "总.zip/第二层.zip")]
    assert "压缩包“照片.zip”嵌套超过 2 层，原样保留" in three.notes


def test_a_bad_nested_archive_is_kept_whole_inside_a_good_one():
    bad = zip_bytes([("x", b"x")], encrypted=True)
    result = unpack_archive("材料.zip", zip_bytes([("a.txt", b"a"), ("加密.zip", bad)]))

    assert files(result) == [("a.txt", b"a", "材料.zip"), ("加密.zip", bad, "材料.zip")]
    assert "压缩包内的压缩包“加密.zip”已加密（需要密码），无法解开，原样保留" in result.notes


def test_encrypted_zip_is_kept_whole():
    archive = zip_bytes(MEMBERS, encrypted=True)

    result = unpack_archive("材料.zip", archive)

    assert files(result) == [("材料.zip", archive, "")]
    assert result.notes == ["压缩包“材料.zip”已加密（需要密码），无法解开，原样保留"]


def test_seven_zip():
    result = unpack_archive("材料.7z", seven_zip_bytes(MEMBERS))

    assert files(result) == [(name, data, "材料.7z") for name, data in MEMBERS]


@pytest.mark.parametrize("encrypt_headers", [False, True])
def test_encrypted_seven_zip_is_kept_whole(encrypt_headers):
    result = unpack_archive("材料.7z", seven_zip_bytes(MEMBERS, password="123456",
                                                        encrypt_headers=encrypt_headers))

    assert result.notes == ["压缩包“材料.7z”已加密（需要密码），无法解开，原样保留"]


def test_seven_zip_bomb_is_refused():
    result = unpack_archive("bomb.7z", seven_zip_bytes([("zeros.bin", bytes(5 * 1024 * 1024))]))

    assert result.notes == ["压缩包“bomb.7z”压缩比超过 100 倍，疑似压缩炸弹，原样保留"]


def test_rar_with_stored_members():
    result = unpack_archive("材料.rar", rar5_bytes(MEMBERS))

    assert files(result) == [(name, data, "材料.rar") for name, data in MEMBERS]


# A RAR made by WinRAR (compressed members need the non-free `rar` to make)
# may be dropped here; until then the hand-written stored RAR goes through unar.
COMPRESSED_RAR = Path(__file__).parents[1] / "fixtures" / "intake" / "compressed.rar"
TOOLS = ("UNRAR_TOOL", "UNAR_TOOL", "BSDTAR_TOOL", "SEVENZIP_TOOL", "SEVENZIP2_TOOL")


@pytest.fixture
def rar_tool(monkeypatch):
    """rarfile made to use its outside tool, as it does for compressed members."""
    monkeypatch.setattr(rarfile, "FORCE_TOOL", True)
    monkeypatch.setattr(rarfile, "CURRENT_SETUP", None)
    return monkeypatch


@pytest.mark.skipif(shutil.which("unar") is None, reason="unar (Debian package unar) is not installed")
def test_rar_through_unar(rar_tool):
    result = unpack_archive("材料.rar", rar5_bytes(MEMBERS))

    assert files(result) == [(name, data, "材料.rar") for name, data in MEMBERS]


@pytest.mark.skipif(not COMPRESSED_RAR.exists() or shutil.which("unar") is None,
                    reason="no compressed RAR fixture: making one needs the non-free `rar`, "
                           "which Debian does not ship")
def test_rar_with_compressed_members():
    result = unpack_archive("材料.rar", COMPRESSED_RAR.read_bytes())

    assert result.unpacked


def test_rar_with_encrypted_headers_is_kept_whole():
    result = unpack_archive("材料.rar", encrypted_rar5_bytes())

    assert result.notes == ["压缩包“材料.rar”已加密（需要密码），无法解开，原样保留"]


def test_rar_without_any_tool_is_kept_whole(rar_tool):
    for tool in TOOLS:  # the server lacks every tool rarfile could use
        rar_tool.setattr(rarfile, tool, f"/nonexistent/{tool.lower()}")
    archive = rar5_bytes(MEMBERS)

    result = unpack_archive("材料.rar", archive)

    assert files(result) == [("材料.rar", archive, "")]
    assert result.notes == ["压缩包“材料.rar”需要服务器上的解压工具 unar，但没有找到，无法解开，原样保留"]


@pytest.mark.parametrize(("filename", "content"), [
    ("材料.rar", b"Rar!\x1a\x07\x01\x00" + b"\x00" * 40),
    ("材料.rar", rar5_bytes(MEMBERS)[:60]),
    ("材料.zip", zip_bytes(MEMBERS)[:80]),
    ("材料.7z", seven_zip_bytes(MEMBERS)[:40]),
])
def test_broken_archives_are_kept_whole_with_a_reason(filename, content):
    result = unpack_archive(filename, content)

    assert files(result) == [(filename, content, "")]
    assert len(result.notes) == 1
    assert result.notes[0].startswith(f"压缩包“{filename}”")
    assert result.notes[0].endswith("原样保留")


def test_archive_named_file_that_is_no_archive():
    result = unpack_archive("材料.rar", b"not an archive at all")

    assert result.notes == ["“材料.rar”的扩展名是压缩包，但内容无法识别，原样保留"]


def test_office_documents_are_not_archives():
    docx = zip_bytes([("[Content_Types].xml", b"<Types/>"), ("word/document.xml", b"<w:document/>")])

    result = unpack_archive("申报书.zip", docx)

    assert files(result) == [("申报书.zip", docx, "")]


def test_zip_holding_stored_office_documents_is_still_an_archive():
    docx = zip_bytes([("[Content_Types].xml", b"<Types/>"), ("word/document.xml", b"<w:document/>")])
    archive = zip_bytes([("申报书.docx", docx), ("照片.jpg", b"jpeg")], compression=zipfile.ZIP_STORED)

    result = unpack_archive("材料.zip", archive)

    assert files(result) == [("申报书.docx", docx, "材料.zip"), ("照片.jpg", b"jpeg", "材料.zip")]


def test_empty_zip():
    empty = zip_bytes([])

    assert unpack_archive("空.zip", empty).notes == ["压缩包“空.zip”是空的，原样保留"]


def test_expand_archives_keeps_other_attachments_in_order():
    photo = MailAttachment("现场.jpg", b"\xff\xd8", "image/jpeg")
    archive = MailAttachment("材料.zip", zip_bytes(MEMBERS), "application/zip")

    attachments, notes = expand_archives([photo, archive])

    assert [(a.filename, a.from_archive) for a in attachments] == [
        ("现场.jpg", ""), ("申报书（最终版）.docx", "材料.zip"), ("照片/现场活动1.jpg", "材料.zip")]
    assert notes == ("已解开压缩包“材料.zip”，取出 2 个文件",)
