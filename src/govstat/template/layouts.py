"""One writer per table layout: a list, a matrix or a strip, each laid out as printed.

Each writer takes the row to start at and returns the first row after what it wrote. The
tables of a form share the sheet's columns: the :class:`Grid` says how many label columns
the matrices use and over how many columns each one spreads its values.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from itertools import groupby

from openpyxl.styles import Alignment

from govstat.forms import Form, Row, Table
from govstat.model import ValueKind
from govstat.template.paint import BOLD, CENTER, LEFT, Painter

MARK = "——"
"""Printed in the value cell of a list's header row: nothing to fill."""

FOOTER = ["单位负责人：", "审核人：", "填报人：", "联系电话：", "填报日期："]
"""The signatures under a list table (form 2014's statistics table is signed)."""

LIST_WIDTHS = (72, 8, 14)
"""统计指标 | 单位 | 统计数."""
GROUP_WIDTH = 12
"""A label column holding group labels that run down beside their rows."""
LABEL_WIDTH = 32
"""The label column of the innermost rows (1.属于国家秘密 …)."""
VALUE_WIDTH = 11


@dataclass(frozen=True)
class Grid:
    """How the tables of a form share the sheet's columns."""

    labels: int
    """Label columns of the matrices: one per row level (三、 / （三） / 1. in table 三)."""
    spans: dict[str, int]
    """Matrix id → the columns its values spread over: the widest of its section, so that
    the blocks of table 二 stand as wide as each other."""
    width: int
    """Columns of the widest table."""

    @classmethod
    def of(cls, form: Form) -> Grid:
        matrices = [t for t in form.tables if t.layout == "matrix"]
        labels = max((max(r.level for r in t.rows) + 1 for t in matrices), default=1)
        spans = {
            t.id: max(
                len(p.columns) for p in matrices if p is t or (t.section and p.section == t.section)
            )
            for t in matrices
        }
        widths = {
            "list": lambda t: len(LIST_WIDTHS),
            "matrix": lambda t: labels + spans[t.id],
            "strip": lambda t: len(t.columns),
        }
        return cls(labels, spans, max(widths[t.layout](t) for t in form.tables))


Writer = Callable[[Painter, Form, Table, int, Grid], int]


def write_list(paint: Painter, form: Form, table: Table, row: int, grid: Grid) -> int:
    """统计指标 | 单位 | 统计数 with one row per indicator; header rows shaded and marked ——,
    the signatures below."""
    for col, head in enumerate(form.header_labels, start=1):
        paint.box(row, col, head, shade=True, font=BOLD, align=Alignment(horizontal="center"))
    first = row + 1
    for offset, item in enumerate(table.rows):
        at = first + offset
        header = item.kind is ValueKind.header
        indent = Alignment(indent=item.level, wrap_text=True, vertical="center")
        paint.box(at, 1, item.label, shade=header, font=BOLD if header else None, align=indent)
        paint.box(
            at, 2, item.unit, shade=header, align=Alignment(horizontal="center", vertical="center")
        )
        if header:
            paint.box(at, 3, MARK, shade=True, align=Alignment(horizontal="center"))
        else:
            paint.entry(at, 3, form.indicator(table.cell_id(item.id, "")))
    footer = first + len(table.rows) + 1
    for offset, caption in enumerate(FOOTER):
        paint.caption(footer + offset, caption)
    for col, width in enumerate(LIST_WIDTHS, start=1):
        paint.width(col, width)
    paint.sheet.freeze_panes = f"A{first}"
    paint.heads.append((row, row, first + len(table.rows) - 1))
    return footer + len(FOOTER)


def write_matrix(paint: Painter, form: Form, table: Table, row: int, grid: Grid) -> int:
    """The block title, the corner (信息内容 or the 勾稽 note) over the label columns beside the
    column heads, then the rows: a group's label runs down beside its rows, shaded and with
    no numbers of its own; every other row has its label and a value cell per column."""
    span = grid.spans[table.id]
    if table.anchor:
        paint.box(row, 1, table.anchor, cols=grid.labels + span, shade=True, font=BOLD, align=LEFT)
        row += 1
    places = _spread(len(table.columns), span, grid.labels + 1)
    depth = max(len(c.path) for c in table.columns) + 1
    paint.box(row, 1, table.corner, rows=depth, cols=grid.labels, shade=True, align=CENTER)
    heads = [((*c.path, c.label), *place) for c, place in zip(table.columns, places, strict=True)]
    _heads(paint, heads, row, row + depth - 1)
    head = row
    row += depth

    printed = [r for r in table.rows if r.official]  # rows real tables add are not printed
    ends = [_last_descendant(printed, i) for i in range(len(printed))]
    leaves = [i for i, end in enumerate(ends) if end == i]
    at = {i: row + n for n, i in enumerate(leaves)}
    for i, item in enumerate(printed):
        level = item.level + 1
        if ends[i] > i:  # a group: its label stands beside its rows
            top = at[next(j for j in leaves if j > i)]
            paint.box(
                top,
                level,
                item.label,
                rows=at[ends[i]] - top + 1,
                shade=True,
                font=BOLD,
                align=CENTER,
            )
            continue
        header = item.kind is ValueKind.header
        paint.box(at[i], level, item.label, cols=grid.labels - level + 1, shade=header, align=LEFT)
        for column, (start, cols) in zip(table.columns, places, strict=True):
            if header:
                paint.box(at[i], start, cols=cols, shade=True)
            else:
                paint.entry(
                    at[i], start, form.indicator(table.cell_id(item.id, column.id)), cols=cols
                )
    for col in range(1, grid.labels):
        paint.width(col, GROUP_WIDTH)
    paint.width(grid.labels, LABEL_WIDTH)
    for col in range(grid.labels + 1, grid.labels + span + 1):
        paint.width(col, VALUE_WIDTH)
    paint.heads.append((head, row - 1, row + len(leaves) - 1))
    return row + len(leaves)


def write_strip(paint: Painter, form: Form, table: Table, row: int, grid: Grid) -> int:
    """The column heads over as many rows as they have levels, then one row of values; no
    row label."""
    depth = max(len(c.path) for c in table.columns) + 1
    heads = [((*c.path, c.label), col, 1) for col, c in enumerate(table.columns, start=1)]
    _heads(paint, heads, row, row + depth - 1)
    paint.heads.append((row, row + depth - 1, row + depth + len(table.rows) - 1))
    row += depth
    for item in table.rows:
        for col, column in enumerate(table.columns, start=1):
            paint.entry(row, col, form.indicator(table.cell_id(item.id, column.id)))
            paint.width(col, VALUE_WIDTH)
        row += 1
    return row


WRITERS: dict[str, Writer] = {"list": write_list, "matrix": write_matrix, "strip": write_strip}


def _heads(
    paint: Painter,
    heads: list[tuple[tuple[str, ...], int, int]],
    top: int,
    bottom: int,
    level: int = 0,
) -> None:
    """Write column heads ``(labels outermost first, first column, columns)`` in rows
    ``top``–``bottom``: a head spans the columns under it, the leaves stand in the bottom
    row, and a head with fewer levels below it than rows left grows down to fill them
    (行政复议 over two rows; 自然人 beside 法人或其他组织 / 商业企业)."""

    def key(head: tuple[tuple[str, ...], int, int]) -> object:
        path = head[0]
        return path[: level + 1] if len(path) > level + 1 else head  # a leaf stands alone

    for _, run in groupby(heads, key=key):
        group = list(run)
        path, first, _ = group[0]
        _, last, cols = group[-1]
        below = max(len(p) for p, _, _ in group) - level - 1
        end = bottom - below
        paint.box(
            top,
            first,
            path[level],
            rows=end - top + 1,
            cols=last + cols - first,
            shade=True,
            font=BOLD,
            align=CENTER,
        )
        if below:
            _heads(paint, group, end + 1, bottom, level + 1)


def _spread(count: int, span: int, start: int) -> list[tuple[int, int]]:
    """(first column, columns) of ``count`` columns spread over ``span`` from ``start``: a
    one-column block of table 二 stands as wide as a three-column one."""
    each, extra = divmod(span, count)
    places = []
    for index in range(count):
        cols = each + (extra if index == count - 1 else 0)
        places.append((start, cols))
        start += cols
    return places


def _last_descendant(rows: list[Row], index: int) -> int:
    """The index of the last row under ``rows[index]`` (deeper levels), or ``index`` itself."""
    end = index
    while end + 1 < len(rows) and rows[end + 1].level > rows[index].level:
        end += 1
    return end
