"""decode_message on messages as Chinese mail clients write them."""

import base64
from datetime import datetime, timedelta, timezone

import pytest

from casebook.intake.decoding import decode_message
from tests.intake.archive_files import zip_bytes
from tests.intake.mails import DOCX, Attachment, build_message, jpeg_bytes, typical_message

CHINA = timezone(timedelta(hours=8))
SUBJECT = "社区慢病“三师共管”模式+上海市示例区卫生健康委员会"
# Characters outside GB2312 that units' and people's names really contain.
RARE_NAME = "朱镕基王堃"
# A character GB18030 encodes in four bytes (CJK Extension B).
FOUR_BYTE = "𠀀"


def test_typical_message_decodes_every_field():
    decoded = decode_message(typical_message(7))

    assert decoded.message_id == "7.20230928@mail.example.cn"
    assert decoded.sender == "unit7@example.cn"
    assert decoded.sender_name == "示例区卫健委"
    assert decoded.subject == "社区慢病三师共管模式7+上海市示例区卫生健康委员会"
    assert (decoded.title, decoded.unit) == ("社区慢病三师共管模式7", "上海市示例区卫生健康委员会")
    assert decoded.received_at == datetime(2023, 9, 28, 10, 16, tzinfo=CHINA)
    assert decoded.body_text == "您好！附件是我单位的案例申报书及佐证材料，请查收。"
    assert [(a.filename, a.declared_type) for a in decoded.attachments] == [
        ("社区慢病三师共管模式7申报书.docx", DOCX),
        ("现场照片1.jpg", "image/jpeg"), ("现场照片2.jpg", "image/jpeg")]
    assert decoded.attachments[1].content == jpeg_bytes(200_000, 7)
    assert decoded.notes == ()


@pytest.mark.parametrize("charset", ["utf-8", "gb2312", "gbk", "gb18030", "GB2312"])
@pytest.mark.parametrize("encoding", ["b", "q", "split"])
def test_subject_and_sender_in_each_chinese_charset_and_word_encoding(charset, encoding):
    raw = build_message(subject=SUBJECT + RARE_NAME, sender=(RARE_NAME, "Wang.Kun@Example.CN"),
                        charset=charset, header_encoding=encoding, body="正文")

    decoded = decode_message(raw)

    assert decoded.subject == SUBJECT + RARE_NAME
    assert (decoded.sender_name, decoded.sender) == (RARE_NAME, "wang.kun@example.cn")
    assert decoded.notes == ()


def test_gb2312_label_on_gbk_text_reads_characters_outside_gb2312():
    raw = build_message(subject="主题", body=f"联系人：{RARE_NAME}{FOUR_BYTE}", charset="gb2312")

    assert decode_message(raw).body_text == f"联系人：{RARE_NAME}{FOUR_BYTE}"


def test_gb18030_four_byte_characters_in_subject():
    raw = build_message(subject=f"{FOUR_BYTE}社区+示例医院", charset="gb18030")

    decoded = decode_message(raw)

    assert (decoded.title, decoded.unit) == (f"{FOUR_BYTE}社区", "示例医院")


@pytest.mark.parametrize("encoding", ["b", "raw", "split"])
def test_big5_headers_and_body(encoding):
    raw = build_message(subject="社區健康營造+臺北市政府衛生局", sender=("陳大文", "chen@health.gov.tw"),
                        body="衛生福利部國民健康署", charset="big5", header_encoding=encoding)

    decoded = decode_message(raw)

    assert (decoded.title, decoded.unit) == ("社區健康營造", "臺北市政府衛生局")
    assert decoded.sender_name == "陳大文"
    assert decoded.body_text == "衛生福利部國民健康署"


@pytest.mark.parametrize("charset", ["utf-8", "gb2312"])
def test_raw_8bit_headers_are_decoded_and_noted(charset):
    raw = build_message(subject=SUBJECT, charset=charset, header_encoding="raw")

    decoded = decode_message(raw)

    assert decoded.subject == SUBJECT
    assert any(note.startswith("主题：含未编码的 8 位字符") for note in decoded.notes)


@pytest.mark.parametrize("charset", ["gb2312", "utf-8"])
def test_words_split_mid_character_are_joined_before_decoding(charset):
    data = "张三丰".encode("gb18030" if charset == "gb2312" else charset)
    cuts = [data[0:1], data[1:4], data[4:]]  # every word ends inside a character
    words = b"\r\n ".join(b"=?%s?B?%s?=" % (charset.encode(), base64.b64encode(cut)) for cut in cuts)

    assert decode_message(b"Subject: " + words + b"\r\nFrom: a@b.cn\r\n\r\nx").subject == "张三丰"


def test_base64_of_one_word_spread_over_several_words():
    # Some webmail cuts the base64 text itself, not the bytes: no padding in between.
    encoded = "5pm65oWn5Yy75L+d"  # 智慧医保
    raw = (f"Subject: =?UTF-8?B?{encoded[:6]}?= =?UTF-8?B?{encoded[6:]}?=\r\n"
           "From: a@b.cn\r\n\r\nx").encode()

    assert decode_message(raw).subject == "智慧医保"


@pytest.mark.parametrize("style", ["rfc2231", "rfc2231-continuation", "rfc2047", "rfc2047-q",
                                   "raw", "name-only"])
@pytest.mark.parametrize("charset", ["utf-8", "gb2312"])
def test_attachment_filenames_in_every_style(style, charset):
    filename = f"{RARE_NAME}案例申报书（最终版）.docx"
    raw = build_message(subject=SUBJECT, body="见附件", charset=charset, attachments=[
        Attachment(filename, b"PK\x03\x04 form", DOCX, filename_style=style, filename_charset=charset)])

    assert [a.filename for a in decode_message(raw).attachments] == [filename]


def test_missing_filename_is_made_from_the_type():
    raw = build_message(subject=SUBJECT, body="见附件", attachments=[
        Attachment(None, b"PK\x03\x04 form", DOCX, filename_style="none"),
        Attachment(None, jpeg_bytes(100), "image/jpeg", filename_style="none")])

    decoded = decode_message(raw)

    assert [a.filename for a in decoded.attachments] == ["附件1.docx", "附件2.jpg"]
    assert "有一个附件没有文件名，已命名为“附件1.docx”" in decoded.notes


def test_filename_path_components_are_dropped():
    raw = build_message(subject=SUBJECT, body="x", attachments=[
        Attachment("C:\\Users\\办公室\\Desktop\\申报书.docx", b"form", DOCX, filename_style="rfc2047")])

    assert decode_message(raw).attachments[0].filename == "申报书.docx"


def test_utf8_label_on_gbk_body_falls_back_with_a_note():
    raw = build_message(subject="主题", body="一、背景与动因", charset="gbk", declared_charset="utf-8")

    decoded = decode_message(raw)

    assert decoded.body_text == "一、背景与动因"
    assert "正文：声明的字符集“utf-8”与内容不符，按 gb18030 解码" in decoded.notes


def test_gb2312_label_on_utf8_body_is_read_as_utf8():
    raw = build_message(subject="主题", body="一、背景与动因", charset="utf-8", declared_charset="gb2312")

    assert decode_message(raw).body_text == "一、背景与动因"


def test_unknown_charset_is_sniffed_and_noted():
    raw = build_message(subject="主题", body="二、举措与机制", charset="gbk",
                        declared_charset="x-no-such-charset")

    decoded = decode_message(raw)

    assert decoded.body_text == "二、举措与机制"
    assert any(note.startswith("正文：未知字符集") for note in decoded.notes)


def test_unknown_charset_in_an_encoded_word():
    raw = b"Subject: =?x-unknown?B?" + base64.b64encode("智慧医保".encode("gbk")) + (
        b"?=\r\nFrom: a@b.cn\r\n\r\nx")

    assert decode_message(raw).subject == "智慧医保"


def test_html_only_body_keeps_headings_on_their_own_lines():
    html = ("<html><head><style>p{margin:0}</style></head><body>"
            "<p class=MsoNormal><b>一、背景与动因</b></p><p>　　本区自2021年起……<br>推行三师共管。</p>"
            "<h2>二、举措与机制</h2><div>建立联席会议制度。</div>"
            "<table><tr><td>指标</td><td>2021年</td><td>2022年</td></tr>"
            "<tr><td>签约率</td><td>35%</td><td>48%</td></tr></table>"
            "<script>alert(1)</script></body></html>")
    raw = build_message(subject=SUBJECT, html=html, charset="gb2312")

    assert decode_message(raw).body_text == (
        "一、背景与动因\n本区自2021年起……\n推行三师共管。\n二、举措与机制\n建立联席会议制度。\n"
        "指标\t2021年\t2022年\n签约率\t35%\t48%")


def test_plain_text_is_preferred_to_html():
    raw = build_message(subject=SUBJECT, body="纯文本正文", html="<p>HTML 正文</p>")

    assert decode_message(raw).body_text == "纯文本正文"


def test_html_charset_from_meta_when_the_part_has_none():
    html = '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head>'
    body = (html + "<body><p>三、成效与创新</p></body></html>").encode("gbk")
    raw = (b"Subject: x\r\nFrom: a@b.cn\r\nContent-Type: text/html\r\n"
           b"Content-Transfer-Encoding: 8bit\r\n\r\n" + body)

    assert decode_message(raw).body_text == "三、成效与创新"


def test_inline_images_are_attachments():
    raw = build_message(subject=SUBJECT, html='<p>现场照片：<img src="cid:img1"></p>', attachments=[
        Attachment("image001.png", b"\x89PNG\r\n\x1a\n", "image/png", inline=True, content_id="img1")])

    decoded = decode_message(raw)

    assert [(a.filename, a.declared_type) for a in decoded.attachments] == [("image001.png", "image/png")]
    assert decoded.body_text == "现场照片："


def test_forwarded_message_gives_its_attachments_subject_and_a_note():
    inner = build_message(subject=SUBJECT, sender=("示例区卫健委", "unit@example.cn"), body="请查收",
                          charset="gb2312", attachments=[Attachment("申报书.docx", b"form", DOCX)])
    raw = build_message(subject="Fwd: 转发一份申报", sender=("秘书处", "office@sjtu.edu.cn"),
                        body="", forwarded=inner)

    decoded = decode_message(raw)

    assert [a.filename for a in decoded.attachments] == ["申报书.docx"]
    assert (decoded.title, decoded.unit) == ("社区慢病“三师共管”模式", "上海市示例区卫生健康委员会")
    assert decoded.body_text == "请查收"
    assert f"含转发的邮件“{SUBJECT}”，已一并取出其附件" in decoded.notes


def test_winmail_dat_is_kept_as_it_is():
    raw = build_message(subject=SUBJECT, body="x", attachments=[
        Attachment("winmail.dat", b"\x78\x9f\x3e\x22", "application/ms-tnef")])

    decoded = decode_message(raw)

    assert [a.filename for a in decoded.attachments] == ["winmail.dat"]
    assert "winmail.dat 是 Outlook 专用格式，原样保留，其中的附件未取出" in decoded.notes


def test_zip_attachments_are_unpacked_unless_asked_not_to():
    archive = zip_bytes([("申报书.docx", b"form"), ("照片/现场1.jpg", b"jpeg")], name_encoding="gbk")
    raw = build_message(subject=SUBJECT, body="x", attachments=[
        Attachment("材料.zip", archive, "application/zip")])

    unpacked = decode_message(raw)
    whole = decode_message(raw, unpack_archives=False)

    assert [(a.filename, a.from_archive) for a in unpacked.attachments] == [
        ("申报书.docx", "材料.zip"), ("照片/现场1.jpg", "材料.zip")]
    assert [a.filename for a in whole.attachments] == ["材料.zip"]


def test_message_id_without_angle_brackets_and_sender_case():
    raw = build_message(subject="x", sender="Foo Bar <Foo.Bar@EXAMPLE.cn>", message_id=" abc@host ")

    decoded = decode_message(raw)

    assert (decoded.message_id, decoded.sender, decoded.sender_name) == (
        "abc@host", "foo.bar@example.cn", "Foo Bar")


def test_missing_headers_give_empty_fields_and_notes():
    decoded = decode_message(b"\r\n\r\njust a body")

    assert (decoded.message_id, decoded.sender, decoded.subject, decoded.received_at) == ("", "", "", None)
    assert decoded.body_text == "just a body"
    assert "发件人：邮件没有可识别的发件人地址" in decoded.notes
    assert "邮件没有日期" in decoded.notes


def test_empty_input():
    decoded = decode_message(b"")

    assert (decoded.subject, decoded.body_text, decoded.attachments) == ("", "", ())
