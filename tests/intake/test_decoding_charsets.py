"""decode_bytes: what the bytes really are, whatever the label says."""

import pytest

from casebook.intake.charsets import canonical_charset, decode_bytes
from casebook.intake.headers import decode_header_value, decode_params

TEXT = "上海市示例区卫生健康委员会：朱镕基、王堃"  # 镕 and 堃 are outside GB2312


@pytest.mark.parametrize(("label", "codec"), [
    ("gb2312", "gb18030"), ("GBK", "gb18030"), ("x-gbk", "gb18030"), ("cp936", "gb18030"),
    ("euc-cn", "gb18030"), ("big5", "big5hkscs"), ("Big5-HKSCS", "big5hkscs"), ("UTF8", "utf-8"),
    ('"utf-8"', "utf-8"), ("us-ascii", ""), ("iso-8859-1", ""), ("", ""), (None, ""),
    ("x-no-such-charset", None), ("koi8-r", "koi8-r"),
])
def test_canonical_charset(label, codec):
    assert canonical_charset(label) == codec


@pytest.mark.parametrize(("data", "label", "text", "note"), [
    (TEXT.encode("gbk"), "gb2312", TEXT, ""),
    (TEXT.encode("utf-8"), "utf-8", TEXT, ""),
    ("𠀀𪚥".encode("gb18030"), "gbk", "𠀀𪚥", ""),
    (TEXT.encode("gbk"), "utf-8", TEXT, "声明的字符集“utf-8”与内容不符，按 gb18030 解码"),
    (TEXT.encode("utf-8"), "gb2312", TEXT, "声明的字符集“gb2312”与内容不符，实际为 UTF-8"),
    (TEXT.encode("gbk"), "iso-8859-1", TEXT, "声明的字符集“iso-8859-1”与内容不符，按 gb18030 解码"),
    ("Grüße aus Köln".encode("latin-1"), "iso-8859-1", "Grüße aus Köln", ""),
    (TEXT.encode("gbk"), "x-no-such-charset", TEXT, "未知字符集“x-no-such-charset”，按 gb18030 解码"),
    (TEXT.encode("gbk"), None, TEXT, ""),
    (TEXT.encode("utf-8"), None, TEXT, ""),
    ("臺北市政府衛生局".encode("big5"), None, "臺北市政府衛生局", ""),
    ("陳大文".encode("big5"), None, "陳大文", ""),
    ("医院".encode("gbk"), None, "医院", ""),  # also valid UTF-8, for "ҽԺ"
    ("Müller".encode(), None, "Müller", ""),
    ("你好".encode("hz"), "hz-gb-2312", "你好", ""),
    (b"plain ascii", "x-no-such-charset", "plain ascii", ""),
    (b"\x80\xff", None, "\ufffd\ufffd", "部分字符无法识别，已用替换符代替"),
])
def test_decode_bytes(data, label, text, note):
    decoded = decode_bytes(data, label)

    assert (decoded.text, decoded.note) == (text, note)


def test_header_value_mixing_words_raw_bytes_and_ascii():
    value = b"Re: =?utf-8?B?5pm65oWn?= \xd2\xbd\xb1\xa3 + =?gb2312?Q?=B1=A6=C9=BD?=\xc7\xf8"

    decoded = decode_header_value(value)

    # Space between two encoded words is dropped, next to plain text it is kept.
    assert decoded.text == "Re: 智慧 医保 + 宝山区"
    assert decoded.notes == ("含未编码的 8 位字符，按 gb18030 解码",)


def test_rfc2231_parameters_with_continuations_and_a_lying_charset():
    value = ("attachment; filename*0*=utf-8''%C9%EA%B1%A8; filename*1*=%CA%E9.doc; "
             'name="ignored.doc"')

    params, notes = decode_params(value)

    assert params["filename"] == "申报书.doc"
    assert notes == ("声明的字符集“utf-8”与内容不符，按 gb18030 解码",)


def test_rfc2231_wins_over_the_plain_parameter():
    params, _ = decode_params("attachment; filename=\"fallback.doc\"; filename*=UTF-8''%E7%94%B3.doc")

    assert params["filename"] == "申.doc"


def test_bytes_valid_both_ways_follow_the_label_unless_utf8_reads_clearly_better():
    # GBK 榇丂 (E9 B4 81 40) is also valid UTF-8 (鴁@): the gb2312 label wins.
    assert decode_bytes("榇丂".encode("gbk"), "gb2312").text == "榇丂"
    # UTF-8 医院 is also valid GB18030 (鍖婚櫌, rare characters): UTF-8 wins, and says so.
    decoded = decode_bytes("医院".encode(), "gb2312")
    assert (decoded.text, decoded.charset) == ("医院", "utf-8")
    assert "实际为 UTF-8" in decoded.note
