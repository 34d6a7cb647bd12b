"""HTML mail bodies as text that keeps an application's lines and tables."""

import pytest

from casebook.intake.htmltext import html_to_text

# What Word ("另存为网页") and WPS put in a body when an application is pasted.
WORD_HTML = """<html xmlns:o="urn:schemas-microsoft-com:office:office">
<head><meta charset="gb2312"><title>申报书</title>
<!--[if gte mso 9]><xml><w:WordDocument></w:WordDocument></xml><![endif]-->
<style>p.MsoNormal {margin:0cm}</style></head>
<body lang=ZH-CN><div class=WordSection1>
<p class=MsoNormal align=center><b><span style='font-size:16pt'>社区慢病“三师共管”模式</span></b></p>
<p class=MsoNormal><b>一、背景与动因<o:p></o:p></b></p>
<p class=MsoNormal style='text-indent:24pt'>本区慢病患者
约<span lang=EN-US>12</span>万人，&nbsp;服务碎片化。<o:p></o:p></p>
<p class=MsoNormal><b>二、举措与机制</b></p>
<p class=MsoNormal>Word wraps English
text with a space.</p>
<p class=MsoNormal>（一）建立三师团队。<br>（二）签约到户。</p>
</div></body></html>"""


def test_word_html_keeps_headings_on_their_own_lines():
    assert html_to_text(WORD_HTML) == (
        "社区慢病“三师共管”模式\n一、背景与动因\n本区慢病患者约12万人， 服务碎片化。\n"
        "二、举措与机制\nWord wraps English text with a space.\n（一）建立三师团队。\n（二）签约到户。")


@pytest.mark.parametrize(("html", "text"), [
    ("<table><tr><th>指标</th><th>2022年</th></tr><tr><td>签约率</td><td>48%</td></tr></table>",
     "指标\t2022年\n签约率\t48%"),
    # A form laid out as a table: a cell of paragraphs keeps them as lines.
    ("<table><tr><td>背景与动因</td><td><p>第一段</p><p>第二段</p></td></tr></table>",
     "背景与动因\n第一段\n第二段"),
    ("<table><tr><td>外<table><tr><td>内1</td><td>内2</td></tr></table></td><td>右</td></tr></table>",
     "外\n内1\t内2\n右"),
    ("<td>没有表格<td>的单元格<tr><td>下一行", "没有表格\t的单元格\n下一行"),
    ("<ul><li>第一项</li><li>第二项</li></ul>", "第一项\n第二项"),
    ("<pre>  保留\n  缩进</pre>", "保留\n缩进"),
    ("<p>a &lt; b &amp;&amp; c&#x4E2D;&#25991;</p>", "a < b && c中文"),
    ("<script>var x = '<p>不是正文</p>';</script><style>p{}</style><p>正文</p>", "正文"),
    ("<p>未闭合<div>嵌套<p>乱序</div>", "未闭合\n嵌套\n乱序"),
    ("", ""),
    ("<<<>>>", "<<<>>>"),
])
def test_html_to_text(html, text):
    assert html_to_text(html) == text
