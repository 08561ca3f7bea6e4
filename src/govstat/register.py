"""Table 三 from a register of requests (依申请公开登记台账): one row per request, counted.

A register is a workbook (.xlsx) or a CSV file with a header row and one row per request.
The columns are found by their heads (:data:`COLUMNS`), in any order, beside any others
(序号, 申请人姓名, 申请内容, …):

=============  =========================================================================
申请人类型      自然人, or one of the five 法人或其他组织: 商业企业, 科研机构, 社会公益组织,
               法律服务机构, 其他 (see :data:`APPLICANTS` for the other spellings)
办理结果        a result row of table 三: 予以公开, 部分公开, 不予公开 and its 8 reasons,
               无法提供 and its 3, 不予处理 and its 5, 其他处理 (form 2021: its 3 rows);
               with or without numbering and group (``（三）不予公开 1.属于国家秘密``,
               ``不予公开-属于国家秘密``, ``属于国家秘密``); ``结转下年度`` for a request
               still being handled
办理状态        办结 or 结转 (optional: a row with a 办理结果 is 办结, one without is 结转)
是否上年结转    是 or 否 (optional: a request received before the report year is carried
               over from last year)
收到日期        the date the request was received (needed where 是否上年结转 is empty)
=============  =========================================================================

Each request counts once in 一、本年新收 or 二、上年结转, and once either in its 办理结果
row (and （七）总计) or in 四、结转下年度继续办理, under its applicant's column and 总计. So
the table holds every rule of table 三 by construction. An unknown spelling is an error
naming the row.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from govstat.errors import GovstatError
from govstat.forms import Form, Row, get_form
from govstat.labels import norm
from govstat.model import FilledTable, Lang, Metadata, Value
from govstat.readers.grid import Book, Sheet
from govstat.values import parse_date

REGISTER_FORMS = ("2021", "2019")

COLUMNS: dict[str, tuple[str, ...]] = {
    "applicant": ("申请人类型", "申请人类别", "申请人性质", "申请人情况"),
    "outcome": ("办理结果", "处理结果", "答复结果", "办理结果类别", "答复类型"),
    "status": ("办理状态", "状态", "是否办结", "办结情况"),
    "carried": ("是否上年结转", "上年结转", "是否为上年结转", "上年度结转"),
    "received": ("收到日期", "收到申请日期", "申请日期", "收到时间", "受理日期", "登记日期"),
}
"""Column → the heads it may have (the first is the one ``template --register`` writes)."""

APPLICANTS: dict[str, tuple[str, ...]] = {
    "natural": ("自然人", "个人", "公民"),
    "commercial": ("商业企业", "企业", "公司"),
    "research": ("科研机构",),
    "nonprofit": ("社会公益组织", "公益组织"),
    "legal": ("法律服务机构", "律师事务所", "律所"),
    "other": ("其他", "其他组织", "其他法人或其他组织", "其他法人"),
}
"""Column of table 三 → accepted spellings (also after 法人或其他组织-: 法人或其他组织-商业企业)."""

OUTCOME_ALIASES: dict[str, tuple[str, ...]] = {
    "disclosed": ("公开", "同意公开", "全部公开"),
    "refused_secret": ("国家秘密",),
    "unable_not_held": ("本机关不掌握", "不掌握相关政府信息"),
}
"""Short spellings of some result rows, besides their labels."""

CARRY_ON = ("结转", "结转下年度", "结转下年度继续办理", "未办结", "办理中", "在办")
"""What 办理结果 or 办理状态 says of a request still being handled at the end of the year."""
DONE = ("办结", "已办结", "已答复", "完成", "已完成")
YES = ("是", "y", "yes", "true", "1", "√", "✓", "上年结转")
NO = ("否", "n", "no", "false", "0", "×", "本年新收", "新收")

_NUMBERING = re.compile(r"[一二三四五六七八九十]+\.|\([一二三四五六七八九十]+\)|\d+\.")
_BRACKETED = re.compile(r"\([^()]*\)")
_SEPARATORS = re.compile(r"[-_/:;,.·\"'|]")
_ORGANISATION = "法人或其他组织"


def key(text: str) -> str:
    """A spelling reduced to its words: no numbering, notes, separators or spaces."""
    folded = norm(text)
    folded = _NUMBERING.sub("", folded)
    folded = _BRACKETED.sub("", folded)
    return _SEPARATORS.sub("", folded).lower()


@dataclass(frozen=True)
class Request:
    """One row of a register, as counted."""

    row: int
    column: str
    """The applicant column of table 三."""
    carried: bool
    outcome: str | None
    """The result row of table 三; None for a request carried forward to next year."""


# Spellings -------------------------------------------------------------------------------------


def outcome_rows(form: Form) -> list[tuple[str, str, str | None]]:
    """(row id, label, group label) of each result row a request can end in, for ``form``."""
    return [(row.id, row.label, group) for row, group in _outcomes(form)]


def _outcomes(form: Form) -> list[tuple[Row, str | None]]:
    table = form.table("t3")
    groups = [r for r in table.rows if r.subtotal_of]
    out = []
    for row in table.rows:
        if row.level == 0 or row.id == "total" or row.subtotal_of or not row.official:
            continue
        group = next((g.label for g in groups if row.id in g.subtotal_of), None)
        out.append((row, group))
    return out


def _outcome_keys(form: Form) -> dict[str, str]:
    keys: dict[str, str] = {}
    for row, group in _outcomes(form):
        for spelling in (row.label, *row.aliases):
            keys[key(spelling)] = row.id
            if group is not None:
                keys[key(group) + key(spelling)] = row.id
        for alias in OUTCOME_ALIASES.get(row.id, ()):
            keys[key(alias)] = row.id
    other = next((r for r in form.table("t3").rows if r.id == "other"), None)
    if other is not None and other.replaced_by:
        # Form 2019 prints （六）其他处理 as one row: form 2021's three reasons count in it.
        from govstat.forms._current import GROUPS

        for _, label, _ in GROUPS["other"][2]:
            keys[key(label)] = "other"
            keys[key(other.label) + key(label)] = "other"
    return keys


def _applicant_keys() -> dict[str, str]:
    keys = {}
    for column, spellings in APPLICANTS.items():
        for spelling in spellings:
            keys[key(spelling)] = column
            if column != "natural":
                keys[key(_ORGANISATION) + key(spelling)] = column
    return keys


def _choices(words: list[str]) -> str:
    return "、".join(words)


# Reading -----------------------------------------------------------------------------------------


def read_rows(path: str | Path) -> tuple[Sheet, str]:
    """The register's cells and how to name its rows: a workbook's sheet, or a CSV file."""
    path = Path(path)
    if path.suffix.lower() in (".csv", ".txt"):
        return _read_csv(path), ""
    from govstat.readers import read_book

    book = read_book(path)
    sheet = _register_sheet(book)
    return sheet, f"工作表「{sheet.name}」"


def _read_csv(path: Path) -> Sheet:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise GovstatError(f"无法打开文件 (cannot open): {exc.strerror}", file=str(path)) from exc
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes any byte string
        raise GovstatError("无法识别文件编码 (unknown encoding)", file=str(path))
    sheet = Sheet(name=path.name)
    for r, row in enumerate(csv.reader(io.StringIO(text)), start=1):
        for c, cell in enumerate(row, start=1):
            if cell.strip():
                sheet.cells[(r, c)] = cell
    return sheet


def _header(sheet: Sheet) -> tuple[int, dict[str, int]] | None:
    """The header row (within the first 20) and the sheet column of each known column."""
    wanted = {key(h): name for name, heads in COLUMNS.items() for h in heads}
    for row in range(1, 21):
        found: dict[str, int] = {}
        for col, content in sheet.row(row):
            name = wanted.get(key(str(content)))
            if name is not None:
                found.setdefault(name, col)
        if "applicant" in found and ("outcome" in found or "status" in found):
            return row, found
    return None


def _register_sheet(book: Book) -> Sheet:
    for sheet in book.sheets:
        if _header(sheet) is not None:
            return sheet
    raise _no_header(book.path)


def _no_header(file: str) -> GovstatError:
    return GovstatError(
        "找不到台账的表头：需要「申请人类型」和「办理结果」两列 "
        "(no register header found: the columns 申请人类型 and 办理结果 are needed)",
        file=file,
    )


def _text(sheet: Sheet, row: int, col: int | None) -> str:
    if col is None:
        return ""
    value = sheet.get(row, col)
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def read_register(
    path: str | Path, form: str = "2021", year: int | None = None
) -> tuple[list[Request], int | None]:
    """Every request of a register and the report year (``year``, or the year most requests
    not carried over were received in). Raises :class:`GovstatError` naming the first row
    with an unknown spelling or contradicting itself."""
    if form not in REGISTER_FORMS:
        raise GovstatError(
            f"台账只能生成 {', '.join(REGISTER_FORMS)} 表式的表三，不能生成 {form} 表式 "
            f"(a register builds table 三 of forms {', '.join(REGISTER_FORMS)} only; not {form})"
        )
    the_form = get_form(form)
    sheet, sheet_name = read_rows(path)
    header = _header(sheet)
    if header is None:
        raise _no_header(str(path))
    head_row, cols = header
    applicants = _applicant_keys()
    outcomes = _outcome_keys(the_form)
    carry_on = {key(w) for w in CARRY_ON}
    done = {key(w) for w in DONE}
    yes, no = {key(w) for w in YES}, {key(w) for w in NO}
    last = max((r for r, _ in sheet.cells), default=head_row)

    def fail(row: int, message: str) -> GovstatError:
        where = f"{sheet_name}第 {row} 行 (row {row})"
        return GovstatError(message, file=str(path), where=where)

    raw: list[tuple[int, str, str | None, bool | None, datetime.date | None]] = []
    for row in range(head_row + 1, last + 1):
        texts = {name: _text(sheet, row, col) for name, col in cols.items()}
        if not any(texts.values()):
            continue  # an empty row, or one holding only its 序号
        applicant = applicants.get(key(texts["applicant"]))
        if applicant is None:
            raise fail(
                row,
                f"申请人类型「{texts['applicant']}」无法识别，可填："
                f"{_choices([s[0] for s in APPLICANTS.values()])} "
                f"(unknown applicant type “{texts['applicant']}”)",
            )
        outcome_key = key(texts.get("outcome", ""))
        status_key = key(texts.get("status", ""))
        outcome: str | None
        if outcome_key in carry_on:
            outcome = None
            carried_on = True
        elif outcome_key:
            found = outcomes.get(outcome_key)
            if found is None:
                labels = [label for _, label, _ in outcome_rows(the_form)]
                raise fail(
                    row,
                    f"办理结果「{texts['outcome']}」不是 {form} 表式表三的办理结果，可填："
                    f"{_choices(labels)}、结转下年度 "
                    f"(unknown outcome “{texts['outcome']}” for form {form})",
                )
            outcome = found
            carried_on = False
        else:
            outcome = None
            carried_on = True
        if status_key:
            if status_key in done:
                if outcome is None:
                    raise fail(row, "办理状态为办结，但没有填写办理结果 (done, but no outcome)")
            elif status_key in carry_on:
                if not carried_on:
                    raise fail(
                        row,
                        f"办理状态为结转，却填写了办理结果「{texts['outcome']}」 "
                        "(carried forward, but an outcome is given)",
                    )
            else:
                raise fail(
                    row,
                    f"办理状态「{texts['status']}」无法识别，可填：办结、结转 "
                    f"(unknown status “{texts['status']}”)",
                )
        carried_text = key(texts.get("carried", ""))
        carried: bool | None = None
        if carried_text in yes:
            carried = True
        elif carried_text in no:
            carried = False
        elif carried_text:
            raise fail(
                row,
                f"是否上年结转「{texts['carried']}」无法识别，可填：是、否 "
                f"(unknown carried-over mark “{texts['carried']}”)",
            )
        received: datetime.date | None = None
        if "received" in cols and sheet.get(row, cols["received"]) is not None:
            received = parse_date(sheet.get(row, cols["received"]))
            if received is None:
                raise fail(
                    row,
                    f"收到日期「{texts['received']}」无法识别，请写作 2023-01-05 "
                    f"(unreadable date “{texts['received']}”)",
                )
        if carried is None and received is None:
            raise fail(
                row,
                "是否上年结转与收到日期都未填写，无法判断是否上年结转 "
                "(neither carried over nor the date received is given)",
            )
        raw.append((row, applicant, outcome, carried, received))

    if year is None:
        years = Counter(d.year for _, _, _, c, d in raw if d is not None and c is not True)
        year = years.most_common(1)[0][0] if years else None
    requests = []
    for row, applicant, outcome, carried, received in raw:
        if received is not None and year is not None:
            if received.year > year:
                raise fail(
                    row,
                    f"收到日期 {received} 晚于报告年度 {year} (received after the report year)",
                )
            earlier = received.year < year
            if carried is None:
                carried = earlier
            elif carried != earlier:
                raise fail(
                    row,
                    f"收到日期 {received} 与是否上年结转「{'是' if carried else '否'}」"
                    f"不符（报告年度 {year}） (the date received contradicts the "
                    f"carried-over mark for the report year {year})",
                )
        if carried is None:
            raise fail(
                row,
                "是否上年结转未填写，又无法从收到日期判断（请加 --year） "
                "(carried over not given and no report year to judge the date by)",
            )
        requests.append(Request(row, applicant, carried, outcome))
    return requests, year


# Counting ----------------------------------------------------------------------------------------


def count(requests: list[Request], form: str = "2021") -> dict[str, int]:
    """Table 三's cells (``t3.<row>.<column>``) as counted from the requests; subtotal rows
    and rows the form does not print are not counted."""
    the_form = get_form(form)
    table = the_form.table("t3")
    columns = [c.id for c in table.columns if c.id != "total"]
    rows = ["new", "carried", *(ident for ident, _, _ in outcome_rows(the_form))]
    rows += ["total", "carry_next"]
    counts = {f"t3.{r}.{c}": 0 for r in rows for c in [*columns, "total"]}
    for request in requests:
        for column in (request.column, "total"):
            counts[f"t3.{'carried' if request.carried else 'new'}.{column}"] += 1
            if request.outcome is None:
                counts[f"t3.carry_next.{column}"] += 1
            else:
                counts[f"t3.{request.outcome}.{column}"] += 1
                counts[f"t3.total.{column}"] += 1
    return counts


def build_table(
    path: str | Path,
    form: str = "2021",
    year: int | None = None,
    agency: str | None = None,
    lang: Lang = "zh",
) -> FilledTable:
    """Table 三 of ``form`` counted from the register at ``path``; the form's other tables
    are left out (a register holds requests only)."""
    requests, report_year = read_register(path, form, year)
    counted = count(requests, form)
    the_form = get_form(form)
    values: dict[str, Value] = {}
    for ind in the_form.indicators:
        if ind.id in counted:
            values[ind.id] = Value(
                indicator=ind.id, state="number", number=Decimal(counted[ind.id])
            )
        else:
            values[ind.id] = Value(indicator=ind.id, state="missing")
    note = (
        f"表三由台账的 {len(requests)} 条申请统计而来；表二、表四不在台账中"
        if lang == "zh"
        else f"table 三 counted from the {len(requests)} requests of the register; "
        "tables 二 and 四 are not in a register"
    )
    return FilledTable(
        form=form,
        source=str(path),
        metadata=Metadata(year=report_year, agency=agency),
        values=values,
        signals=[note],
        notes=[note],
    )
