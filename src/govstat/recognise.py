"""Finding a form's table in a grid of cells and placing every row: grid → FilledTable.

The table is found by its printed labels wherever it stands: on any sheet, below title rows,
above the footer, beside extra columns such as 序号 or 代码. Rows are placed by label and by
order, because labels repeat (（二）被依法纠错数 stands under both 四 and 五). Columns come
from the header row (统计指标 | 单位 | 统计数, in any order) or, without one, from what the
cells beside the labels hold.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cache
from typing import Literal

from govstat.errors import GovstatError
from govstat.forms import FORM_MODULES, Form, get_form
from govstat.labels import loose, norm
from govstat.model import CellRef, FilledTable, Finding, Lang, Metadata, Value
from govstat.readers.grid import Book, Sheet, address
from govstat.rules import ReaderRule
from govstat.values import clean_text, parse_cell

Quality = Literal["exact", "loose", "fuzzy"]

MIN_SHARE = 0.5
"""A form is recognised when at least this share of its value rows' labels are found."""

FUZZY_RATIO = 0.84
"""How alike a typo'd label must be to the official one (difflib ratio of the loose forms)."""

_HEADER_NAMES = {
    "label": {"统计指标", "指标", "指标名称", "项目", "统计项目"},
    "unit": {"单位", "计量单位", "统计单位"},
    "value": {"统计数", "数量", "数值", "统计数据", "统计数字", "数据", "合计"},
}
_UNITS = {"条", "件", "次", "篇", "个", "人", "人次", "万元", "元", "——", "—", "-"}


@dataclass(frozen=True)
class LabelMatch:
    row: int
    col: int
    text: str
    candidates: tuple[int, ...]  # positions in form.indicators
    quality: Quality


class Matcher:
    """Matches cell text to a form's labels: exactly, loosely, then by a unique close typo."""

    def __init__(self, form: Form) -> None:
        self.exact: dict[str, list[int]] = defaultdict(list)
        self.loose: dict[str, list[int]] = defaultdict(list)
        for index, ind in enumerate(form.indicators):
            self.exact[norm(ind.label)].append(index)
            self.loose[loose(ind.label)].append(index)
        self._loose_keys = list(self.loose)

    def match(self, text: str) -> tuple[tuple[int, ...], Quality] | None:
        key = norm(text)
        if not key or len(key) > 120:
            return None
        if key in self.exact:
            return tuple(self.exact[key]), "exact"
        lkey = loose(text)
        if not lkey:
            return None
        if lkey in self.loose:
            return tuple(self.loose[lkey]), "loose"
        close = difflib.get_close_matches(lkey, self._loose_keys, n=2, cutoff=FUZZY_RATIO)
        if len(close) == 1:
            return tuple(self.loose[close[0]]), "fuzzy"
        if len(close) == 2:
            # Never guess between two candidates: take the best only when it is clearly best.
            first, second = (difflib.SequenceMatcher(None, lkey, c).ratio() for c in close)
            if first - second >= 0.05:
                return tuple(self.loose[close[0]]), "fuzzy"
        return None


@cache
def matcher(form_id: str) -> Matcher:
    return Matcher(get_form(form_id))


@dataclass
class Placement:
    """Where a form's table stands in one sheet, and which row each indicator is on."""

    form: Form
    sheet: Sheet
    label_col: int
    matches: list[LabelMatch]
    rows: dict[int, LabelMatch] = field(default_factory=dict)  # indicator position → match
    unplaced: list[LabelMatch] = field(default_factory=list)
    unit_col: int | None = None
    value_col: int | None = None
    header_row: int | None = None

    @property
    def score(self) -> int:
        return len({i for i in self.rows if not self.form.indicators[i].is_header})


def _label_matches(sheet: Sheet, match: Matcher) -> list[LabelMatch]:
    found = []
    for (row, col), content in sheet.cells.items():
        if isinstance(content, str):
            hit = match.match(content)
            if hit is not None:
                found.append(LabelMatch(row, col, content, hit[0], hit[1]))
    return found


def _place_rows(placement: Placement) -> None:
    """Assign each label row to one indicator, in order: repeated labels take the next slot."""
    position = 0
    taken: set[int] = set()
    for hit in sorted(placement.matches, key=lambda m: m.row):
        ahead = [c for c in hit.candidates if c >= position and c not in taken]
        free = [c for c in hit.candidates if c not in taken]
        choice = ahead[0] if ahead else (free[0] if free else None)
        if choice is None:
            placement.unplaced.append(hit)  # the same row printed twice
            continue
        taken.add(choice)
        placement.rows[choice] = hit
        position = choice + 1


def _locate(book: Book, form: Form) -> Placement | None:
    """The sheet and label column holding most of the form's labels."""
    best: Placement | None = None
    for sheet in book.sheets:
        hits = _label_matches(sheet, matcher(form.id))
        by_col: dict[int, list[LabelMatch]] = defaultdict(list)
        for hit in hits:
            by_col[hit.col].append(hit)
        for col, col_hits in by_col.items():
            placement = Placement(form, sheet, col, col_hits)
            _place_rows(placement)
            if best is None or placement.score > best.score:
                best = placement
    return best


def _find_header(placement: Placement) -> None:
    """Read the columns from a header row above the table, if there is one."""
    sheet = placement.sheet
    first = min(hit.row for hit in placement.rows.values())
    for row in range(first - 1, max(0, first - 6), -1):
        roles: dict[str, int] = {}
        for c, content in sheet.row(row):
            if not isinstance(content, str):
                continue
            key = clean_text(content)
            for role, names in _HEADER_NAMES.items():
                if key in names or (role == "value" and key.endswith(("统计数", "年度", "数量"))):
                    roles.setdefault(role, c)
        if "value" in roles and ("label" in roles or "unit" in roles):
            placement.header_row = row
            placement.value_col = roles["value"]
            placement.unit_col = roles.get("unit")
            return


def _guess_columns(placement: Placement) -> None:
    """Without a header: units are where 条/件/次 stand; values are the numbers beside labels."""
    sheet = placement.sheet
    rows = [hit.row for hit in placement.rows.values()]
    unit_votes: Counter[int] = Counter()
    value_votes: Counter[int] = Counter()
    for row in rows:
        for c, content in sheet.row(row):
            if c == placement.label_col:
                continue
            if isinstance(content, str) and clean_text(content) in _UNITS:
                unit_votes[c] += 1
            if parse_cell(content).state in ("number", "mark"):
                value_votes[c] += 1
    for r, c in sheet.formulas_without_value:
        if r in rows:
            value_votes[c] += 1
    if unit_votes:
        placement.unit_col = unit_votes.most_common(1)[0][0]
    candidates = [
        c for c, votes in value_votes.items() if c != placement.unit_col and votes * 3 >= len(rows)
    ]
    right = sorted(c for c in candidates if c > placement.label_col)
    left = sorted((c for c in candidates if c < placement.label_col), reverse=True)
    if right or left:
        placement.value_col = (right or left)[0]


def _reader_finding(
    form: Form, code: str, lang: Lang, cell: CellRef | None, **fields: str
) -> Finding:
    from govstat.model import CellInvolved

    rule = form.rule(f"{form.id}-{code}")
    assert isinstance(rule, ReaderRule)
    indicator = fields.pop("indicator", "")
    return Finding(
        rule=rule.id,
        severity=rule.severity,
        message=rule.message.get(lang).format(**fields),
        cells=[
            CellInvolved(
                indicator=indicator,
                label=fields.get("label", ""),
                cell=cell,
                value=fields.get("value", ""),
            )
        ],
    )


def _read_values(placement: Placement, lang: Lang) -> tuple[dict[str, Value], list[Finding]]:
    form, sheet = placement.form, placement.sheet
    values: dict[str, Value] = {}
    findings: list[Finding] = []
    for index, ind in enumerate(form.indicators):
        hit = placement.rows.get(index)
        if hit is None:
            values[ind.id] = Value(indicator=ind.id, state="missing")
            if not ind.optional:
                findings.append(
                    _reader_finding(form, "R-01", lang, None, indicator=ind.id, label=ind.label)
                )
            continue
        if hit.quality != "exact":
            findings.append(
                _reader_finding(
                    form,
                    "F-01",
                    lang,
                    CellRef(sheet=sheet.name, address=address(hit.row, hit.col)),
                    indicator=ind.id,
                    label=ind.label,
                    found=hit.text.strip(),
                    value=hit.text.strip(),
                )
            )
        assert placement.value_col is not None
        ref = CellRef(sheet=sheet.name, address=address(hit.row, placement.value_col))
        formula = sheet.formulas_without_value.get((hit.row, placement.value_col))
        if formula is not None:
            values[ind.id] = Value(
                indicator=ind.id, state="formula_without_value", raw=formula, cell=ref
            )
            findings.append(
                _reader_finding(
                    form,
                    "R-03",
                    lang,
                    ref,
                    indicator=ind.id,
                    label=ind.label,
                    formula=formula,
                    value=formula,
                )
            )
            continue
        parsed = parse_cell(sheet.get(hit.row, placement.value_col))
        values[ind.id] = Value(
            indicator=ind.id,
            state=parsed.state,
            number=parsed.number,
            raw=parsed.raw,
            approximate=parsed.approximate,
            note=parsed.note,
            cell=ref,
        )
    first = min(hit.row for hit in placement.rows.values())
    last = max(hit.row for hit in placement.rows.values())
    placed_rows = {hit.row for hit in placement.rows.values()}
    strays = list(placement.unplaced)
    for row in range(first + 1, last):
        text = sheet.text(row, placement.label_col).strip()
        if row not in placed_rows and text and not any(s.row == row for s in strays):
            strays.append(LabelMatch(row, placement.label_col, text, (), "exact"))
    for stray in sorted(strays, key=lambda s: s.row):
        findings.append(
            _reader_finding(
                form,
                "R-02",
                lang,
                CellRef(sheet=sheet.name, address=address(stray.row, stray.col)),
                label=stray.text.strip(),
                value=stray.text.strip(),
            )
        )
    return values, findings


_META_FIELDS = {
    "agency": ("填报单位", "填报机关", "报送单位"),
    "head": ("单位负责人", "负责人"),
    "reviewer": ("审核人",),
    "preparer": ("填报人", "填表人"),
    "phone": ("联系电话", "电话"),
    "date": ("填报日期", "报送日期"),
    "year": ("年度", "统计年度"),
}
_META_KEY = re.compile(
    "("
    + "|".join(sorted({k for ks in _META_FIELDS.values() for k in ks}, key=len, reverse=True))
    + ")"
    r"\s*[:：]"
)
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年\s*度")


def read_metadata(sheet: Sheet, skip_rows: set[int]) -> Metadata:
    """Read 填报单位, 年度, the signatures, phone and date from the cells around the table."""
    found: dict[str, str] = {}
    for (row, col), content in sorted(sheet.cells.items()):
        if row in skip_rows or not isinstance(content, (str, int)):
            continue
        text = str(content).strip()
        if "year" not in found and (year := _YEAR.search(text)):
            found["year"] = year.group(1)
        pieces = _META_KEY.split(text)
        # pieces: [before, key1, value1, key2, value2, ...]
        for key, value in zip(pieces[1::2], pieces[2::2], strict=True):
            value = value.strip()
            if not value:  # "填报单位：" alone: the value stands in the next cell to the right
                value = next(
                    (
                        str(v).strip()
                        for c, v in sheet.row(row)
                        if c > col and str(v).strip() and not _META_KEY.match(str(v).strip())
                    ),
                    "",
                )
            name = next(f for f, keys in _META_FIELDS.items() if key in keys)
            if value and name not in found:
                found[name] = value
    year_text = found.pop("year", "")
    year_match = re.search(r"(?:19|20)\d{2}", year_text)
    return Metadata(year=int(year_match.group()) if year_match else None, **found)


def _placement_for(book: Book, form: Form) -> Placement | None:
    placement = _locate(book, form)
    if placement is None or not placement.rows:
        return None
    _find_header(placement)
    if placement.value_col is None:
        _guess_columns(placement)
    return placement


def recognise(book: Book, form_id: str | None = None, lang: Lang = "zh") -> FilledTable:
    """Find the table of ``form_id`` (or of whichever known form fits best) and read it."""
    candidates = [form_id] if form_id else list(FORM_MODULES)
    scored: list[tuple[float, Form, Placement | None]] = []
    for fid in candidates:
        form = get_form(fid)
        placement = _placement_for(book, form)
        share = placement.score / len(form.value_indicators()) if placement else 0.0
        scored.append((share, form, placement))
    share, form, placement = max(scored, key=lambda s: s[0])
    if placement is None or share < MIN_SHARE:
        found = placement.score if placement else 0
        raise GovstatError(
            f"未找到可识别的统计表：最接近的是 {form.id} 表式《{form.title}》，"
            f"但只找到其 {len(form.value_indicators())} 个指标中的 {found} 个 "
            f"(no known table found; nearest is form {form.id}, with {found} of "
            f"{len(form.value_indicators())} labels)",
            file=book.path,
        )
    if placement.value_col is None:
        raise GovstatError(
            "找到了指标名称，但找不到统计数所在的列 (labels found, but no column of values)",
            file=book.path,
            where=f"sheet {placement.sheet.name}",
        )
    values, findings = _read_values(placement, lang)
    table_rows = {hit.row for hit in placement.rows.values()}
    metadata = read_metadata(placement.sheet, table_rows)
    total = len(form.value_indicators())
    where = placement.sheet.name
    if lang == "zh":
        signals = [
            f"工作表「{where}」中找到 {form.id} 表式 {total} 个指标中的 {placement.score} 个"
        ]
        if placement.header_row is not None:
            signals.append(f"第 {placement.header_row} 行为表头")
    else:
        signals = [f"{placement.score} of the {total} labels of form {form.id} on sheet “{where}”"]
        if placement.header_row is not None:
            signals.append(f"header row {placement.header_row}")
    return FilledTable(
        form=form.id,
        source=book.path,
        sheet=placement.sheet.name,
        metadata=metadata,
        values=values,
        reading=findings,
        signals=signals,
    )
