"""Make the seed's table as a government portal publishes it: a saved page and its .mhtml.

    python examples/make_portal_page.py

Writes, with the standard library only (the files are committed; tests never run this):

- ``2018-seed-portal.htm``: the page as a browser saves it ("网页，仅 HTML" plus its
  ``2018-seed-portal_files`` folder with the site's style sheet and logo). It is encoded in
  GBK and says so only in a ``<meta http-equiv>`` (declaring GB2312, as such sites do); the
  site's chrome stands round the table: layout tables nesting the navigation (itself a
  table), breadcrumbs, a side column and a footer; the article is Word-exported HTML, with
  hundreds of kilobytes of inline style, ``<o:p>``, ``<span>`` runs that split labels and
  numbers (620 as ``<span>6</span><span>20</span>``), ``&nbsp;`` in empty cells, ``<br>``
  in a long label, the header 统计指标 one character per ``<p>``, and the table split in two
  ``<table>`` elements at a page break. The table has no 填报单位 row: the agency is the
  page's title and heading, as on most portals.
- ``2018-seed-portal.mhtml``: the same page saved as one file ("网页，单个文件"): a MIME
  message whose HTML part is quoted-printable GB2312/GBK, the style sheet and logo base64.

The values, the signatures and the date are the seed's (examples/make_examples.py).
"""

from __future__ import annotations

import base64
import html
import quopri
import sys
from email.header import Header
from itertools import groupby
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from make_examples import AGENCY, FOOTER, SEED_ROWS  # noqa: E402  (beside this file)

NAME = "2018-seed-portal"
TITLE = f"{AGENCY}2018年政府信息公开工作年度报告"
SPLIT_AT = 38
"""The row of the seed's table where the page break splits it into a second <table>."""

CSS = b"body{font-size:12px}.nav td{padding:0 12px}.footer{color:#666}\n"
LOGO = base64.b64decode("R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==")

# What Word writes on every paragraph and run: the inline style that makes such pages large.
P_STYLE = (
    "margin-top:0cm;margin-right:0cm;margin-bottom:0cm;margin-left:0cm;margin-bottom:.0001pt;"
    "text-align:justify;text-justify:inter-ideograph;line-height:15.0pt;mso-line-height-rule:"
    "exactly;mso-pagination:widow-orphan;layout-grid-mode:char;vertical-align:middle;"
    "mso-vertical-align-alt:auto;mso-layout-grid-align:none;punctuation-wrap:simple;"
    "text-autospace:none;word-break:break-all;mso-char-indent-count:0;tab-stops:21.0pt 42.0pt"
)
SPAN_STYLE = (
    'font-size:10.5pt;font-family:宋体;mso-ascii-font-family:"Times New Roman";'
    'mso-hansi-font-family:"Times New Roman";mso-bidi-font-family:宋体;color:black;'
    "mso-font-kerning:0pt;mso-ansi-language:EN-US;mso-fareast-language:ZH-CN;"
    "mso-bidi-language:AR-SA;letter-spacing:0pt;mso-bidi-font-weight:bold;background:white;"
    "mso-shading:white;mso-pattern:gray-15 auto"
)
TD_STYLE = (
    "border:solid windowtext 1.0pt;border-top:none;mso-border-top-alt:solid windowtext .5pt;"
    "mso-border-alt:solid windowtext .5pt;padding:0cm 5.4pt 0cm 5.4pt;height:18.0pt;"
    "mso-height-rule:exactly;mso-yfti-irow:1;mso-row-margin-left:0pt;mso-cell-special:none"
)


def run(text: str) -> str:
    """Text as Word exports it: runs of CJK and of Latin/digits in separate spans."""
    out = []
    for latin, chars in groupby(text, key=str.isascii):
        lang = " lang=EN-US" if latin else ""
        out.append(f"<span{lang} style='{SPAN_STYLE}'>{html.escape(''.join(chars))}</span>")
    return "".join(out)


def paragraph(inner: str, align: str = "left") -> str:
    return f"<p class=MsoNormal align={align} style='{P_STYLE}'>{inner}<o:p></o:p></p>"


def value_cell(value: str) -> str:
    if not value:
        return paragraph("<span lang=EN-US>&nbsp;</span>", "center")
    if value.isdigit() and len(value) > 1:  # a number Word split over two runs
        head, tail = value[:1], value[1:]
        inner = (
            f"<span lang=EN-US style='{SPAN_STYLE}'>{head}</span>"
            f"<span lang=EN-US style='{SPAN_STYLE};mso-spacerun:yes'>{tail}</span>"
        )
        return paragraph(inner, "center")
    return paragraph(run(value), "center")


def label_cell(label: str) -> str:
    if "（不同渠道" in label:  # a long label broken by the editor
        before, _, after = label.partition("（不同渠道")
        return paragraph(run(before.strip()) + "<br>" + run("（不同渠道" + after))
    return paragraph(run(label))


def row(cells: list[str]) -> str:
    tds = "".join(f"<td valign=middle style='{TD_STYLE}'>{c}</td>" for c in cells)
    return f"<tr style='mso-yfti-irow:1;height:18.0pt'>{tds}</tr>"


def table(rows: list[str]) -> str:
    return (
        "<table class=MsoNormalTable border=1 cellspacing=0 cellpadding=0 width=600 "
        "style='width:450.0pt;border-collapse:collapse;border:none;mso-border-alt:solid "
        "windowtext .5pt;mso-yfti-tbllook:1184;mso-padding-alt:0cm 5.4pt 0cm 5.4pt'>"
        + "".join(rows)
        + "</table>"
    )


def article() -> str:
    """The report as Word exported it: a sentence, the table's title, the table, signatures."""
    header = row(
        [
            "".join(paragraph(run(char), "center") for char in "统计指标"),
            paragraph(run("单位"), "center"),
            paragraph(run("统计数"), "center"),
        ]
    )
    body = [
        row([label_cell(label), paragraph(run(unit), "center"), value_cell(value)])
        for label, unit, value in SEED_ROWS
    ]
    parts = [
        paragraph(
            run("根据《中华人民共和国政府信息公开条例》的要求，现公布本局政府信息公开情况统计表。")
        ),
        paragraph("<b>" + run("政府信息公开情况统计表") + "</b>", "center"),
        paragraph(run("（2018 年度）"), "center"),
        table([header, *body[:SPLIT_AT]]),
        "<span style='font-size:10.5pt'><br clear=all style='page-break-before:always'></span>",
        table(body[SPLIT_AT:]),
        *(paragraph(run(line)) for line in FOOTER),
    ]
    return "<div class=WordSection1 style='layout-grid:15.6pt'>" + "\n".join(parts) + "</div>"


def page() -> str:
    """The portal's page round the article: every layout piece a table, as such sites are."""
    files = f"{NAME}_files"
    word_styles = "\n".join(
        f"p.MsoNormal{i}, li.MsoNormal{i}, div.MsoNormal{i} {{{P_STYLE}}}" for i in range(40)
    )
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN"
 "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:o="urn:schemas-microsoft-com:office:office">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312" />
<title>{TITLE}_温州市人民政府门户网站</title>
<link href="{files}/style.css" rel="stylesheet" type="text/css" />
<style>
<!--
{word_styles}
-->
</style>
<script type="text/javascript">var column = "政府信息公开年报"; var hits = 1024;</script>
</head>
<body>
<table width="1000" border="0" align="center" cellpadding="0" cellspacing="0">
<tr><td class="top"><img src="{files}/logo.gif" alt="温州市人民政府" />
  <table class="nav" border="0" cellspacing="0"><tr>
    <td><a href="/">首页</a></td><td><a href="/zwgk/">政务公开</a></td>
    <td><a href="/zwfw/">政务服务</a></td><td><a href="/hdjl/">互动交流</a></td>
  </tr></table>
</td></tr>
<tr><td class="crumb">当前位置：<a href="/">首页</a>&nbsp;&gt;&nbsp;<a href="/zwgk/">政务公开</a>
&nbsp;&gt;&nbsp;<a href="/zwgk/nb/">政府信息公开年报</a></td></tr>
<tr><td>
  <table width="100%" border="0" cellspacing="0" cellpadding="0"><tr>
    <td class="left" width="200" valign="top"><div>政府信息公开指南</div>
      <div>政府信息公开制度</div><div>政府信息公开年报</div></td>
    <td class="content" valign="top">
      <h1>{TITLE}</h1>
      <div class="info">发布日期：2019-01-25&nbsp;&nbsp;来源：市商务局&nbsp;&nbsp;
        字号：[大 中 小]</div>
      <div class="article">
{article()}
      </div>
    </td>
  </tr></table>
</td></tr>
<tr><td class="footer">
  <div>主办：温州市人民政府办公室&nbsp;&nbsp;承办：温州市大数据发展管理局</div>
  <div>网站标识码：3303000001&nbsp;&nbsp;浙ICP备05002211号</div>
  <div><a href="/lxwm/">联系我们</a> | <a href="/wzdt/">网站地图</a></div>
</td></tr>
</table>
</body>
</html>
"""


def mhtml(page_bytes: bytes) -> bytes:
    """The page as one MIME file, as a browser saves "网页，单个文件"."""
    boundary = "----=_NextPart_000_0000_01D4B4A1.5C2E3F60"
    base = "http://www.wenzhou.gov.cn/art/2019/1/25/art_1229116916_1.html"
    qp = quopri.encodestring(page_bytes).decode("ascii")
    css = base64.encodebytes(CSS).decode("ascii")
    logo = base64.encodebytes(LOGO).decode("ascii")
    text = (
        "From: <Saved by Windows Internet Explorer 11>\r\n"
        f"Subject: {Header(TITLE, 'utf-8').encode()}\r\n"
        "Date: Fri, 25 Jan 2019 10:00:00 +0800\r\n"
        "MIME-Version: 1.0\r\n"
        f'Content-Type: multipart/related;\r\n\ttype="text/html";\r\n\tboundary="{boundary}"\r\n'
        "\r\n"
        "This is a multi-part message in MIME format.\r\n\r\n"
        f"--{boundary}\r\n"
        'Content-Type: text/html;\r\n\tcharset="gb2312"\r\n'
        "Content-Transfer-Encoding: quoted-printable\r\n"
        f"Content-Location: {base}\r\n\r\n"
        f"{qp}\r\n\r\n"
        f"--{boundary}\r\n"
        "Content-Type: text/css\r\n"
        "Content-Transfer-Encoding: base64\r\n"
        f"Content-Location: http://www.wenzhou.gov.cn/{NAME}_files/style.css\r\n\r\n"
        f"{css}\r\n"
        f"--{boundary}\r\n"
        "Content-Type: image/gif\r\n"
        "Content-Transfer-Encoding: base64\r\n"
        f"Content-Location: http://www.wenzhou.gov.cn/{NAME}_files/logo.gif\r\n\r\n"
        f"{logo}\r\n"
        f"--{boundary}--\r\n"
    )
    return text.encode("ascii")


def main() -> None:
    data = page().encode("gbk")
    (HERE / f"{NAME}.htm").write_bytes(data)
    files = HERE / f"{NAME}_files"
    files.mkdir(exist_ok=True)
    (files / "style.css").write_bytes(CSS)
    (files / "logo.gif").write_bytes(LOGO)
    (HERE / f"{NAME}.mhtml").write_bytes(mhtml(data))
    print(f"wrote {NAME}.htm ({len(data) // 1024} KB), its _files folder and {NAME}.mhtml")


if __name__ == "__main__":
    main()
