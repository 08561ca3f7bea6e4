"""Reading matrices (row labels × column heads) and strips (one row under a header).

Real tables spread a row's label over up to three merged columns (三、本年度办理结果 /
（三）不予公开 / 1.属于国家秘密): the rightmost label of a sheet row names it, the ones left
of it are its groups. Column heads stand over two or three header rows (申请人情况 /
法人或其他组织 / 商业企业), found by searching upwards from the first data row. Every value is
read at the crossing of its row and its column, so a row filled only in 总计 is read as such
and nothing shifts into the wrong column.
"""

from __future__ import annotations

from collections import defaultdict
from functools import cache

from govstat.forms import Column, Form, Table, get_form
from govstat.labels import norm
from govstat.model import Finding, Value, ValueKind
from govstat.readers.grid import Book, Sheet
from govstat.recognise.common import (
    Reporter,
    TableRead,
    label_hits,
    misread,
    numbers_beside,
    place_in_order,
    read_cell,
    text_cells,
)
from govstat.recognise.matching import LabelMatch, Matcher, Quality
from govstat.values import parse_cell

HEADER_DEPTH = 8
"""How many rows above the first data row may hold column heads."""

BLOCK_DEPTH = 14
"""How many rows below its title a block of table 二 may reach."""


@cache
def _row_matcher(form_id: str, table_id: str) -> Matcher:
    table = get_form(form_id).table(table_id)
    return Matcher((row.label, row.aliases) for row in table.rows)


def required_rows(table: Table) -> list[int]:
    """Positions of the rows every copy of the table prints with numbers."""
    return [
        i
        for i, row in enumerate(table.rows)
        if row.kind is not ValueKind.header
        and not row.subtotal_of
        and not row.optional
        and row.official
        and not row.replaced_by
    ]


def expected_labels(table: Table) -> int:
    """How many labels (rows and column heads) a complete copy of the table shows."""
    if table.layout == "list":
        return sum(1 for row in table.rows if row.kind is not ValueKind.header)
    if table.layout == "strip":
        return len(table.columns)
    return len(required_rows(table)) + len(table.columns)


_ANCHORS: dict[tuple[int, str], tuple[Sheet, dict[str, list[int]]]] = {}


def _anchor_rows(sheet: Sheet, form: Form) -> dict[str, list[int]]:
    """Rows where each block title of the form stands on this sheet (found once per sheet
    and form: every block of the form asks)."""
    cached = _ANCHORS.get((id(sheet), form.id))
    if cached is not None and cached[0] is sheet:
        return cached[1]
    if len(_ANCHORS) >= 16:
        _ANCHORS.clear()  # only the sheets of the file being read are worth keeping
    found = _find_anchor_rows(sheet, form)
    _ANCHORS[(id(sheet), form.id)] = (sheet, found)
    return found


def _find_anchor_rows(sheet: Sheet, form: Form) -> dict[str, list[int]]:
    anchors = {norm(t.anchor): t.id for t in form.tables if t.anchor}
    found: dict[str, list[int]] = defaultdict(list)
    for (row, _), content in sheet.cells.items():
        if isinstance(content, str):
            table_id = anchors.get(norm(content))
            if table_id is not None:
                found[table_id].append(row)
    return found


def _in_block(sheet: Sheet, form: Form, table: Table, hits: list[LabelMatch]) -> list[LabelMatch]:
    """Keep the hits below the table's title and above the next title of any block."""
    if not table.anchor:
        return hits
    anchors = _anchor_rows(sheet, form)
    own = sorted(anchors.get(table.id, []))
    if not own:
        return hits
    top = own[0]
    others = sorted(r for tid, rows in anchors.items() if tid != table.id for r in rows if r > top)
    bottom = min([top + BLOCK_DEPTH, *others])
    return [h for h in hits if top < h.row < bottom]


def _rows_of(hits: list[LabelMatch]) -> list[LabelMatch]:
    """One label per sheet row: the rightmost, since labels left of it name its groups."""
    by_row: dict[int, LabelMatch] = {}
    for hit in hits:
        if hit.row not in by_row or hit.col > by_row[hit.row].col:
            by_row[hit.row] = hit
    return list(by_row.values())


def _find_columns(
    sheet: Sheet, table: Table, first_row: int, label_cols: set[int], floor: int
) -> tuple[dict[int, int], dict[int, LabelMatch]]:
    """Column position in the table → sheet column, from the heads above the first data row.

    Also returns the head cell found for each position: the others are placed by position.
    """
    found: dict[int, int] = {}
    heads: dict[int, LabelMatch] = {}
    used: set[int] = set()
    top = max(floor, first_row - HEADER_DEPTH)
    for index, column in enumerate(table.columns):
        names = {norm(column.label), *(norm(a) for a in column.aliases)}
        for row in range(first_row - 1, top, -1):
            cols = [
                c
                for c, content in sheet.row(row)
                if isinstance(content, str)
                and norm(content) in names
                and c not in used
                and c not in label_cols
            ]
            if cols:
                found[index] = cols[0]
                used.add(cols[0])
                text = str(sheet.get(row, cols[0]))
                quality: Quality = "exact" if norm(text) == norm(column.label) else "alias"
                heads[index] = LabelMatch(row, cols[0], text, (index,), quality)
                break
    return _fill_by_position(table, found, label_cols), heads


def _head_drift(
    sheet: Sheet,
    table: Table,
    columns: dict[int, int],
    heads: dict[int, LabelMatch],
    first_row: int,
    reporter: Reporter,
) -> list[Finding]:
    """F-01 for a column head worded otherwise than the form, or placed by its position."""
    findings = []
    for index, col in sorted(columns.items()):
        label = table.columns[index].label
        head = heads.get(index)
        if head is None:
            above = (sheet.get(r, col) for r in range(first_row - 1, first_row - HEADER_DEPTH, -1))
            text = next((str(v) for v in above if isinstance(v, str) and v.strip()), "")
            head = LabelMatch(first_row - 1, col, text or "（无表头）", (index,), "loose")
        if head.quality != "exact" and not misread(sheet, head, label):
            findings.append(reporter.drift(sheet, head, label))
    return findings


def _fill_by_position(table: Table, found: dict[int, int], label_cols: set[int]) -> dict[int, int]:
    """Columns whose head was not found sit where their neighbours say, if they agree."""
    if len(found) == len(table.columns):
        return found
    if found:
        offsets = {col - index for index, col in found.items()}
        if len(offsets) != 1:
            return found  # the heads found are not evenly spaced: do not guess
        base = offsets.pop()
    elif label_cols:
        base = max(label_cols) + 1  # no heads at all: the columns right after the labels
    else:
        return found
    return {index: base + index for index in range(len(table.columns))}


def read_matrix(book: Book, form: Form, table: Table, reporter: Reporter) -> TableRead | None:
    """Find a matrix in ``book``, to read every cell on ``complete()``; None when none of its
    rows is there."""
    best: tuple[int, Sheet, dict[int, LabelMatch], list[LabelMatch]] | None = None
    for sheet in book.sheets:
        hits = _in_block(sheet, form, table, label_hits(sheet, _row_matcher(form.id, table.id)))
        placed, left = place_in_order(_rows_of(hits))
        if placed and (best is None or len(placed) > best[0]):
            best = (len(placed), sheet, placed, [*left, *hits])
    if best is None:
        return None
    _, sheet, placed, all_hits = best
    label_cols = {h.col for h in all_hits}
    first_row = min(h.row for h in placed.values())
    floor = min(
        (r for r in _anchor_rows(sheet, form).get(table.id, []) if r < first_row), default=0
    )
    columns, heads = _find_columns(sheet, table, first_row, label_cols, floor)

    values: dict[str, Value] = {}
    findings: list[Finding] = []
    required = set(required_rows(table))
    read = TableRead(
        table,
        sheet,
        values,
        findings,
        found=len(required & set(placed)) + len(heads),
        expected=expected_labels(table),
    )
    read.labels.update(table.rows[i].label for i in placed)
    read.labels.update(table.columns[i].label for i in heads)

    def fill() -> None:
        findings.extend(_head_drift(sheet, table, columns, heads, first_row, reporter))
        placed_ids = {table.rows[i].id for i in placed}
        for index, row in enumerate(table.rows):
            if row.kind is ValueKind.header:
                continue
            hit = placed.get(index)
            if hit is None:
                for column in table.columns:
                    cell_id = table.cell_id(row.id, column.id)
                    values[cell_id] = Value(indicator=cell_id, state="missing")
                stands_in = any(r in placed_ids for r in row.replaced_by)
                if row.official and not row.optional and not row.subtotal_of and not stands_in:
                    findings.append(reporter.missing(row.label, table.cell_id(row.id, "")))
                continue
            read.rows_used.add(hit.row)
            if hit.quality != "exact" and not misread(sheet, hit, row.label):
                findings.append(reporter.drift(sheet, hit, row.label))
            for position, column in enumerate(table.columns):
                col = columns.get(position)
                _read_into(read, reporter, row.id, row.label, column, hit.row, col)
        for position, column in enumerate(table.columns):
            if position not in columns:
                findings.append(reporter.missing(f"{table.title}：{column.label}"))
        strays = _strays(sheet, placed, label_cols, all_hits)
        findings.extend(reporter.stray(sheet, s) for s in strays)
        if columns:
            findings.extend(
                numbers_beside(
                    sheet,
                    sorted((h.row, table.rows[i].label) for i, h in placed.items()),
                    max(columns.values()),
                    range(max(floor + 1, first_row - HEADER_DEPTH), first_row),
                    reporter,
                )
            )

    read.fill = fill
    return read


def _read_into(
    read: TableRead,
    reporter: Reporter,
    row_id: str,
    label: str,
    column: Column,
    sheet_row: int,
    sheet_col: int | None,
) -> None:
    cell_id = read.table.cell_id(row_id, column.id)
    if sheet_col is None:
        read.values[cell_id] = Value(indicator=cell_id, state="missing")
        return
    value, problem = read_cell(read.sheet, sheet_row, sheet_col, cell_id, label, reporter)
    read.values[cell_id] = value
    if problem is not None:
        read.findings.append(problem)


def _strays(
    sheet: Sheet, placed: dict[int, LabelMatch], label_cols: set[int], hits: list[LabelMatch]
) -> list[LabelMatch]:
    """Label-column text inside the table that matches no row and stands beside numbers."""
    rows = sorted(h.row for h in placed.values())
    hit_rows = {h.row for h in hits}
    strays = []
    for row in range(rows[0] + 1, rows[-1]):
        if row in hit_rows:
            continue
        cells = sheet.row(row)
        texts = [(c, v) for c, v in cells if c in label_cols and isinstance(v, str) and v.strip()]
        numbers = any(parse_cell(v).state == "number" for c, v in cells if c not in label_cols)
        if texts and numbers:
            col, text = texts[-1]
            strays.append(LabelMatch(row, col, str(text), (), "exact"))
    return strays


def read_strip(book: Book, form: Form, table: Table, reporter: Reporter) -> TableRead | None:
    """Find a strip (table 四: one row of numbers under a three-level header), to read on
    ``complete()``.

    Its column heads may stand on two rows: the official layout puts 行政复议's five on the
    second header row, each merged down over the third, and 行政诉讼's ten on the third; other
    copies put all fifteen on the third. So the heads are looked for on a band of two rows.
    """
    leaf_names = {norm(c.label) for c in table.columns}
    # Or one row of heads, each naming its groups (行政复议·结果维持), as govstat's Markdown and
    # CSV print a strip: the column is known from the head alone.
    flat = {norm(_flat_head(c.path, c.label)): i for i, c in enumerate(table.columns)}
    best: tuple[int, Sheet, list[tuple[int, int]]] | None = None
    for sheet in book.sheets:
        by_row: dict[int, list[int]] = defaultdict(list)
        for row, col, content in text_cells(sheet):
            if norm(content) in leaf_names or norm(content) in flat:
                by_row[row].append(col)
        for row in by_row:
            band = {col: (r, col) for r in (row - 1, row) for col in by_row.get(r, [])}
            # a strip repeats its heads once per group: a row with one 总计 is another table's
            enough = len(by_row[row]) > 1 and len(band) >= len(leaf_names) + 1
            if enough and (best is None or len(band) > best[0]):
                best = (len(band), sheet, sorted(band.values(), key=lambda h: h[1]))
    if best is None:
        return None
    _, sheet, heads = best
    named = {flat.get(norm(str(sheet.get(r, c)))): c for r, c in heads}
    columns = {i: c for i, c in named.items() if i is not None}
    if len(columns) < len(table.columns):
        columns = _assign_strip_columns(sheet, table, heads)
    head_row = max(r for r, _ in heads)
    data_row = _data_row(sheet, head_row, list(columns.values()))
    values: dict[str, Value] = {}
    read = TableRead(table, sheet, values, [], found=len(columns), expected=len(table.columns))
    read.labels.update(table.columns[i].label for i in columns)
    read.rows_used.update({*(r for r, _ in heads), data_row})

    def fill() -> None:
        for position, column in enumerate(table.columns):
            label = _flat_head(column.path, column.label)
            _read_into(read, reporter, "", label, column, data_row, columns.get(position))
            if position not in columns:
                read.findings.append(reporter.missing(f"{table.title}：{label}"))
        if columns:
            head_rows = range(min(r for r, _ in heads) - 1, data_row)
            beside = [(data_row, table.title)]
            last = max(columns.values())
            read.findings.extend(numbers_beside(sheet, beside, last, head_rows, reporter))

    read.fill = fill
    return read


def _flat_head(path: tuple[str, ...], label: str) -> str:
    """A strip column's head with its groups before it: 行政诉讼·复议后起诉·总计."""
    return "".join(f"{p}·" for p in path) + label


def _span(sheet: Sheet, row: int, col: int) -> tuple[int, int]:
    """The columns a head spans: its merged range where the grid has one, else up to the
    next text of its row (a copy that lost its merges, or a format that has none)."""
    merged = sheet.merges.get((row, col))
    if merged is not None:
        return col, merged[1]
    following = [c for c, v in sheet.row(row) if c > col and str(v).strip()]
    return col, (min(following) - 1 if following else 10**6)


def _assign_strip_columns(
    sheet: Sheet, table: Table, heads: list[tuple[int, int]]
) -> dict[int, int]:
    """Which sheet column holds each of the strip's columns: each head (row, column) belongs
    to the group whose title, on a row above it, spans its column."""
    groups = sorted({c.path for c in table.columns}, key=lambda p: table_order(table, p))
    titles: dict[str, list[tuple[int, int, int]]] = defaultdict(list)  # name → (row, from, to)
    top, bottom = min(r for r, _ in heads), max(r for r, _ in heads)
    names = {norm(p[-1]): p[-1] for p in groups}
    for row in range(bottom - 1, max(0, top - 4), -1):
        for col, content in sheet.row(row):
            name = names.get(norm(str(content)))
            if name is not None:
                titles[name].append((row, *_span(sheet, row, col)))
    found: dict[int, int] = {}
    if all(titles.get(p[-1]) for p in groups):
        for head_row, col in heads:
            owners = [
                (row, path)
                for path in groups
                for row, left, right in titles[path[-1]]
                if row < head_row and left <= col <= right
            ]
            if not owners:
                continue
            path = max(owners)[1]  # the nearest title above
            text = norm(str(sheet.get(head_row, col)))
            for index, column in enumerate(table.columns):
                if column.path == path and norm(column.label) == text and index not in found:
                    found[index] = col
                    break
        if len(found) == len(table.columns):
            return found
    cols = [col for _, col in heads]
    if len(cols) == len(table.columns):
        # No usable group titles: the heads stand in the official order.
        return dict(enumerate(cols))
    return found


def table_order(table: Table, path: tuple[str, ...]) -> int:
    return next(i for i, c in enumerate(table.columns) if c.path == path)


def _data_row(sheet: Sheet, head_row: int, cols: list[int]) -> int:
    """The first row under the heads holding a number or a mark in the strip's columns."""
    for row in range(head_row + 1, head_row + 4):
        if any(parse_cell(sheet.get(row, c)).state in ("number", "mark") for c in cols):
            return row
        if any((row, c) in sheet.formulas_without_value for c in cols):
            return row
    return head_row + 1
