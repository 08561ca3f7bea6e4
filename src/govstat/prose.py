"""A whole report: its metadata from the text, and its prose checked against its own table.

Reports state figures in their text (「收到依申请公开件5件」, 「主动公开各类政府信息620余条」) and
absences (「未发生…行政复议和诉讼案件」, 「在没有专项经费的情况下」). A figure that disagrees
with the table, or an absence stated where the table has a non-zero cell, is a warning under
``<form>-T-01`` (declared with the reader's rules, see :func:`govstat.forms.reader_rules`);
余, 多, 以上, 逾 and 超过 make a figure a lower bound; 约, 近 and 左右 make it too vague to check.

What is checked is data: :data:`TOPICS` lists, per form, each topic's cells and the patterns
that find it in a clause (the text between two commas). A figure pattern has a named group
``n`` (the number) and ``gap`` (the words between the keyword and the number, where 约 or 逾
may stand). A clause that names a part of the topic (规范性文件, a single channel, 被纠错, 上年)
is left unchecked: a missed statement costs less than a false finding.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from govstat.forms import Form, get_form
from govstat.model import CellInvolved, CellRef, FilledTable, Finding, Lang, Metadata, Value
from govstat.readers.grid import Book, Paragraph, Sheet
from govstat.recognise.common import ref
from govstat.recognise.metadata import read_metadata
from govstat.rules import Context, ReaderRule, short_label

# The number of a figure: Arabic (full-width folds under NFKC) or Chinese numerals.
_NUM = r"(?P<n>\d+(?:,\d{3})*(?:\.\d+)?|[零〇一二两三四五六七八九十百千万]+)"
_MORE = r"(?P<more>余|多|以上|多于)?"
_GAP = r"(?P<gap>[^，,。；;：:！？\d]{{0,{}}}?)"
_NEGATION = (
    r"(?:没有|未发生|未出现|未有|未曾|未收到|未接到|未产生|未涉及|未安排|未设立|未列支|"
    r"无(?!法|论|偿|正当|一|须|需|关|理|效|误))"
)


@dataclass(frozen=True)
class Topic:
    """One thing a report's prose states, the cells it is checked against, and its wording."""

    key: str
    zh: str
    """What a statement of absence says there was none of (专项经费), in the message."""
    en: str
    cells: tuple[str, ...]
    """Indicator ids whose sum the statement is about."""
    figures: tuple[str, ...] = ()
    """Patterns of a figure: ``n`` the number, ``more`` a lower bound, ``gap`` the words between."""
    absences: tuple[str, ...] = ()
    """Patterns of a statement that there was none."""
    exclude: str | None = None
    """Words that, anywhere in the clause, mean a part of the topic (被纠错的复议)."""
    exclude_figure: str | None = None
    """Words that make a figure (not an absence) ambiguous: 复议和诉讼共2件 is neither count."""


def _figure(keyword: str, gap: int, units: str) -> str:
    return keyword + _GAP.format(gap) + _NUM + _MORE + f"(?:{units})"


def _absence(keyword: str, gap: int = 24) -> str:
    return _NEGATION + _GAP.format(gap) + keyword


_PARTS_OF_CASES = r"纠错|纠正|维持|驳回|败诉|胜诉|撤销|确认违法|审结|其他结果|其他情形|上年"
_VERBS_RECEIVED = r"(?:收到|受理|接到|接收|新收|共收到|登记)"

_PROACTIVE = Topic(
    "proactive",
    "主动公开政府信息数",
    "items disclosed proactively",
    ("proactive_total",),
    figures=(_figure("主动公开", 16, "条"),),
    exclude=r"规范性文件|其中|栏目|专栏|解读",
)
_CHANNELS = re.compile(r"(?:网站|门户|微博|微信|公众号|公报|新闻发布会|客户端|报纸|电视)")


def _received(cells: tuple[str, ...]) -> Topic:
    return Topic(
        "received",
        "申请",
        "requests received",
        cells,
        figures=(_figure(_VERBS_RECEIVED + r"[^，,。；;\d]{0,14}?申请", 10, "件|个|份|宗"),),
        absences=(r"(?:没有|未)(?:收到|接到|受理)(?P<gap>[^，,。；;\d]{0,14}?)申请",),
        exclude=r"结转|复议|诉讼|上年|去年",
    )


def _completed(cells: tuple[str, ...]) -> Topic:
    return Topic(
        "completed",
        "办结数",
        "requests completed",
        cells,
        figures=(_figure(r"(?<!按时)(?<!按期)(?<!延期)(?<!逾期)办结", 10, "件|个|份|宗"),),
        exclude=r"按时|按期|延期|逾期|结转|上年",
    )


def _disclosed(cells: tuple[str, ...]) -> Topic:
    return Topic(
        "disclosed",
        "予以公开数",
        "requests granted in full",
        cells,
        figures=(_figure(r"(?<!部分)(?:予以公开|同意公开)", 8, "件|个|份|宗"),),
        exclude=r"部分|不予",
    )


def _reviews(cells: tuple[str, ...]) -> Topic:
    return Topic(
        "reviews",
        "行政复议",
        "administrative reviews",
        cells,
        figures=(
            _figure("行政复议", 8, "件|起|宗|次|个"),
            _NUM + r"(?:件|起|宗)(?P<gap>[^，,。；;\d]{0,10}?)行政复议",
        ),
        absences=(_absence("复议"),),
        exclude=_PARTS_OF_CASES,
        exclude_figure="诉讼",
    )


def _lawsuits(cells: tuple[str, ...]) -> Topic:
    return Topic(
        "lawsuits",
        "行政诉讼",
        "administrative lawsuits",
        cells,
        figures=(
            _figure("诉讼", 8, "件|起|宗|次|个"),
            _NUM + r"(?:件|起|宗)(?P<gap>[^，,。；;\d]{0,10}?)行政诉讼",
        ),
        absences=(_absence("诉讼"),),
        exclude=_PARTS_OF_CASES,
        exclude_figure="复议",
    )


TOPICS: dict[str, tuple[Topic, ...]] = {
    "2014": (
        _PROACTIVE,
        _received(("requests_received",)),
        _completed(("requests_completed",)),
        _disclosed(("replies_disclosed",)),
        _reviews(("reviews",)),
        _lawsuits(("lawsuits",)),
        Topic(
            "funding",
            "专项经费",
            "special funding for disclosure",
            ("funding",),
            absences=(
                _absence("专项(?:工作)?经费", 10),
                r"专项(?:工作)?经费(?P<gap>[^，,。；;\d]{0,6}?)(?:为零|为0|为无|空缺)",
            ),
            exclude=r"无论|上年|去年",
        ),
    ),
}
"""What each form's prose is checked for. Forms 2019 and 2021 share their cells (below)."""

_CURRENT = (
    _received(("t3.new.total",)),
    _completed(("t3.total.total",)),
    _disclosed(("t3.disclosed.total",)),
    Topic(
        "carried",
        "上年结转申请数",
        "requests carried over from last year",
        ("t3.carried.total",),
        figures=(_figure(r"上(?:一)?年(?:度)?结转", 12, "件|个|份"),),
    ),
    Topic(
        "carry_next",
        "结转下年度继续办理数",
        "requests carried forward",
        ("t3.carry_next.total",),
        figures=(_figure(r"结转(?:至|到)?下(?:一)?年(?:度)?", 10, "件|个|份"),),
    ),
    _reviews(("t4.review_total",)),
    _lawsuits(("t4.direct_total", "t4.after_total")),
)
TOPICS["2019"] = _CURRENT
TOPICS["2021"] = _CURRENT

_VAGUE_BEFORE = re.compile(r"(?:约|近|将近|大约|接近|左右|上下)$")
_MORE_BEFORE = re.compile(r"(?:逾|超过|超|多于)$")
_VAGUE_AFTER = re.compile(r"^(?:左右|上下)")
_CHANGE = re.compile(r"同比|增加|减少|增长|下降|上升|去年|上一年度|较上年|比上年")
_SENTENCE = re.compile(r"[^。！？!?；;\n]+[。！？!?；;]?")
_CLAUSE = re.compile(r"[^，,。！？!?；;：:\n]+")
MAX_PARAGRAPH = 20_000
"""Longer text is cut: a paragraph is never this long, and patterns stay fast."""


_KEEP = frozenset("，。；：！？（）、")
"""Chinese punctuation kept as printed, so that quotes read as the report does."""


def _norm(text: str) -> str:
    """NFKC (full-width digits and Kangxi radicals fold) except Chinese punctuation, no spaces,
    no Markdown emphasis."""
    text = re.sub(r"\s+|\*\*", "", text)
    if text.isascii():
        return text
    return "".join(c if c in _KEEP else unicodedata.normalize("NFKC", c) for c in text)


_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5}
_CN_DIGITS |= {"六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10000}


def _number(text: str) -> Decimal | None:
    """An Arabic or Chinese numeral (五, 十二, 两百零三); None when it is not one."""
    if text[0].isdigit():
        return Decimal(text.replace(",", ""))
    total, section, digit = 0, 0, None
    for char in text:
        if char in _CN_DIGITS:
            digit = _CN_DIGITS[char]
        elif char == "万":
            total += (section + (digit or 0)) * 10000
            section, digit = 0, None
        elif char in _CN_UNITS:
            section += (1 if digit is None else digit) * _CN_UNITS[char]
            digit = None
        else:
            return None
    return Decimal(total + section + (digit or 0))


@dataclass(frozen=True)
class Statement:
    """One statement of the prose about a topic: a figure (a lower bound or exact) or none."""

    topic: Topic
    clause: str
    paragraph: Paragraph
    sentence: str
    """The sentence the clause stands in, for context."""
    number: Decimal | None
    """None for a statement of absence."""
    lower_bound: bool = False


def statements(form_id: str, prose: list[Paragraph]) -> list[Statement]:
    """Every statement the prose makes about the form's topics, in reading order."""
    topics = TOPICS.get(form_id, ())
    found: list[Statement] = []
    for paragraph in prose:
        text = _norm(paragraph.text[:MAX_PARAGRAPH])
        for sentence in _SENTENCE.findall(text):
            for clause in _CLAUSE.findall(sentence):
                for topic in topics:
                    found.extend(
                        replace(s, sentence=sentence) for s in _in_clause(topic, clause, paragraph)
                    )
    return found


def _in_clause(topic: Topic, clause: str, paragraph: Paragraph) -> list[Statement]:
    out: list[Statement] = []
    if _CHANGE.search(clause) and topic.key != "carried":
        return out  # a change on last year, not this year's figure
    for pattern in topic.figures:
        for match in re.finditer(pattern, clause):
            if _is_part(topic, clause, match) or (
                topic.exclude_figure and re.search(topic.exclude_figure, clause)
            ):
                continue
            gap = match.groupdict().get("gap") or ""
            if _VAGUE_BEFORE.search(gap) or _VAGUE_AFTER.match(clause[match.end() :]):
                continue
            number = _number(match["n"])
            if number is None:
                continue
            more = bool(match.groupdict().get("more")) or bool(_MORE_BEFORE.search(gap))
            out.append(Statement(topic, clause, paragraph, "", number, more))
            break
    if out:
        return out
    for pattern in topic.absences:
        absent = re.search(pattern, clause)
        if absent is not None and not _is_part(topic, clause, absent):
            out.append(Statement(topic, clause, paragraph, "", None))
            break
    return out


def _is_part(topic: Topic, clause: str, match: re.Match[str]) -> bool:
    """Whether the clause speaks of a part of the topic (被纠错的复议, 网站公开的条数)."""
    if topic.exclude and re.search(topic.exclude, clause):
        return True
    if topic.key == "proactive":
        # 通过政府网站主动公开400条 counts one channel; 通过网站、微信等途径 counts them all.
        before = clause[: match.start()]
        return bool(_CHANNELS.search(before)) and "等" not in before
    return False


def check_prose(
    table: FilledTable,
    prose: list[Paragraph],
    lang: Lang,
    found: list[Statement] | None = None,
) -> list[Finding]:
    """The prose's statements that disagree with the table, as ``<form>-T-01`` findings
    (``found``: the prose's :func:`statements`, when the caller has them already)."""
    form = get_form(table.form)
    try:
        rule = form.rule(f"{form.id}-T-01")
    except KeyError:
        return []
    assert isinstance(rule, ReaderRule)
    findings: list[Finding] = []
    for statement in statements(form.id, prose) if found is None else found:
        finding = _compare(statement, table, form, rule, lang)
        if finding is not None:
            findings.append(finding)
    return findings


def _compare(
    statement: Statement, table: FilledTable, form: Form, rule: ReaderRule, lang: Lang
) -> Finding | None:
    topic = statement.topic
    if not all(form.has_indicator(c) for c in topic.cells):
        return None
    values = [table.values.get(c) or Value(indicator=c, state="missing") for c in topic.cells]
    if not all(v.has_number for v in values):
        return None  # a blank cell is reported by the table's own rules
    total = sum((v.number for v in values if v.number is not None), Decimal(0))
    stated = statement.number
    if stated is None:
        if total == 0:
            return None
        claim = f"称没有{topic.zh}" if lang == "zh" else f"states there were none ({topic.en})"
    elif statement.lower_bound:
        if total >= stated:
            return None
        claim = f"写为至少 {_show(stated)}" if lang == "zh" else f"gives at least {_show(stated)}"
    else:
        if total == stated:
            return None
        claim = f"写为 {_show(stated)}" if lang == "zh" else f"gives {_show(stated)}"
    unit = form.indicator(topic.cells[0]).unit
    shown = _show(total) + (f" {unit}" if unit == "万元" else "")
    joiner = "＋" if lang == "zh" else " + "
    names = joiner.join(_cell_name(form, c, lang) for c in topic.cells)
    message = rule.message.get(lang).format(
        quote=_clip(statement.clause), claim=claim, name=names, value=shown
    )
    where = statement.paragraph
    text_cell = CellInvolved(
        indicator="",
        label="正文" if lang == "zh" else "text",
        cell=CellRef(
            sheet="正文" if lang == "zh" else "text",
            address="",
            line=where.line,
            paragraph=where.paragraph,
            page=where.page,
        ),
        value=_excerpt(statement.sentence, statement.clause),
    )
    # The table's cells are named as every rule's finding names them.
    context = Context(form, {v.indicator: v for v in values}, lang)
    cells = [text_cell, *(context.involved(v.indicator) for v in values)]
    return Finding(
        rule=rule.id,
        severity=rule.severity,
        message=message,
        cells=cells,
        reported=stated,
        computed=total,
        difference=None if stated is None else stated - total,
    )


def _cell_name(form: Form, indicator_id: str, lang: Lang) -> str:
    """A list row by its short label (同意公开答复数); a matrix cell by its row as printed and
    its column (（七）总计（总计）), since short row labels repeat across tables."""
    ind = form.indicator(indicator_id)
    if ind.column_label is None:
        return short_label(ind.label) if lang == "zh" else ind.en
    return ind.name(lang)


def _show(number: Decimal) -> str:
    from govstat.model import format_number

    return format_number(number)


def _excerpt(sentence: str, clause: str, context: int = 24) -> str:
    """The sentence around the clause: up to ``context`` characters on each side."""
    start = sentence.find(clause)
    if start < 0:
        return _clip(clause)
    end = start + len(clause)
    before = sentence[max(0, start - context) : start]
    after = sentence[end : end + context]
    return (
        ("…" if start > context else "")
        + before
        + clause
        + after
        + ("…" if end + context < len(sentence) else "")
    )


def _clip(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# Metadata ------------------------------------------------------------------------------------

_TITLE = re.compile(
    r"^(?P<agency>.*?)(?P<year>(?:19|20)\d{2})年(?:度)?政府信息公开(?:工作)?(?:年度)?报告"
)
_PERIOD = re.compile(
    r"统计(?:期限|时限|期间|时间)[^。；]{0,12}?(?P<year>(?:19|20)\d{2})年(?:1月1日|度)"
    r"|自(?P<from>(?:19|20)\d{2})年1月1日(?:起)?至(?P<to>(?:19|20)\d{2})年12月31日"
)
_META_LINE = re.compile(
    r"^(?:填报单位|填报机关|报送单位|单位负责人|负责人|审核人|填报人|填表人|联系电话|电话|"
    r"填报日期|报送日期|统计年度|年度)\s*[:：]|^[（(]\s*(?:19|20)\d{2}\s*年\s*度\s*[)）]$"
)
TITLE_LINES = 6
"""The report's title stands in its first few paragraphs."""


def document_metadata(prose: list[Paragraph], titles: Sequence[str] = ()) -> Metadata:
    """填报单位, 年度 and the signatures from the lines beside the table; the agency and the
    year from the report's title (in its first paragraphs, else among ``titles``: a web
    page's <title> and first headings); the year from the 统计期限 sentence."""
    sheet = Sheet(name="正文")
    for index, paragraph in enumerate(prose, start=1):
        text = paragraph.text.strip()
        if len(text) <= 80 and _META_LINE.search(_norm(text)):
            sheet.cells[(index, 1)] = _norm(text)  # Kangxi radicals of a PDF fold
    found = read_metadata([(sheet, set())]).model_dump()
    for index, paragraph in enumerate(prose[:TITLE_LINES]):
        title = _TITLE.match(_norm(paragraph.text))
        if title is None:
            continue
        found["year"] = found["year"] or int(title["year"])
        agency = title["agency"].strip("：:，, ")
        if not agency and index > 0:
            above = _norm(prose[index - 1].text)
            if len(above) <= 40 and not re.search(r"[，。；：,;:]", above):
                agency = above  # 温州市商务局 on the line above 2018年度政府信息公开年度报告
        found["agency"] = found["agency"] or agency or None
        break
    for text in titles:  # a portal page: its title stands after the site's navigation
        title = _TITLE.match(_norm(text))
        if title is not None:
            found["year"] = found["year"] or int(title["year"])
            found["agency"] = found["agency"] or title["agency"].strip("：:，, ") or None
    if found["year"] is None:
        for paragraph in prose:
            period = _PERIOD.search(_norm(paragraph.text))
            if period is not None:
                found["year"] = int(period["year"] or period["from"])
                break
    return Metadata(**found)


def doubt_findings(table: FilledTable, book: Book, lang: Lang = "zh") -> list[Finding]:
    """``<form>-R-04`` for each text a reader could not place in a column for sure (a PDF row
    that lost cells), on the rows of the table that was read."""
    form = get_form(table.form)
    rule = form.rule(f"{form.id}-R-04")
    assert isinstance(rule, ReaderRule)
    findings: list[Finding] = []
    for sheet in book.sheets:
        if not sheet.doubts:
            continue
        rows: dict[int, str] = {}
        for value in table.values.values():
            if value.cell is not None and value.cell.sheet == sheet.name:
                row = int(re.sub(r"^[A-Z]+", "", value.cell.address))
                rows.setdefault(row, form.indicator(value.indicator).label)
        for (row, col), text in sorted(sheet.doubts.items()):
            if row not in rows:
                continue
            message = rule.message.get(lang).format(label=rows[row], found=text)
            findings.append(
                Finding(
                    rule=rule.id,
                    severity=rule.severity,
                    message=message,
                    cells=[
                        CellInvolved(
                            indicator="", label=rows[row], cell=ref(sheet, row, col), value=text
                        )
                    ],
                )
            )
    return findings


def with_document(table: FilledTable, book: Book, lang: Lang = "zh") -> FilledTable:
    """A table read from a document: what its reader doubted, the metadata its text gives,
    and its prose checked against it."""
    reading = [*table.reading, *doubt_findings(table, book, lang)]
    if not book.prose and not book.titles:
        return table.model_copy(update={"reading": reading})
    from_text = document_metadata(book.prose, book.titles)
    merged = {
        key: value if value is not None else getattr(from_text, key)
        for key, value in table.metadata.model_dump().items()
    }
    form = get_form(table.form)
    every = statements(form.id, book.prose)  # found once: most of the prose check's time
    found = [s for s in every if all(form.has_indicator(c) for c in s.topic.cells)]
    findings = check_prose(table, book.prose, lang, every)
    notes = list(table.notes)
    if found:
        notes.append(
            f"正文中 {len(found)} 处数字或表述已与统计表核对，{len(findings)} 处不符"
            if lang == "zh"
            else f"{len(found)} statements of the text checked against the table, "
            f"{len(findings)} disagree"
        )
    return table.model_copy(
        update={"metadata": Metadata(**merged), "reading": [*reading, *findings], "notes": notes}
    )
