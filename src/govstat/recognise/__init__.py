"""Recognising which form a workbook holds and reading its tables: grid → FilledTable.

Every known form reads the workbook its own way; the form whose labels (rows and column
heads) are found in the largest share wins, and the labels that only it has are the signals
that decided it. ``--form`` skips the contest.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

from govstat.errors import GovstatError
from govstat.forms import FORM_MODULES, Form, Table, all_forms, get_form
from govstat.labels import loose
from govstat.model import FilledTable, Finding, Lang, Value
from govstat.readers.grid import Book, Sheet
from govstat.recognise.common import Reporter, TableRead
from govstat.recognise.listing import read_list
from govstat.recognise.matrix import expected_labels, read_matrix, read_strip
from govstat.recognise.metadata import read_metadata

MIN_SHARE = 0.4
"""A form is recognised when at least this share of its labels is found: for form 2014, 40%
of its rows; for forms 2019 and 2021, table 三 alone or two of the three tables."""

_READERS = {"list": read_list, "matrix": read_matrix, "strip": read_strip}


class _Candidate:
    """One form's reading of the workbook."""

    def __init__(self, book: Book, form: Form, lang: Lang) -> None:
        self.form = form
        reporter = Reporter(form, lang)
        self.reads: dict[str, TableRead | None] = {
            table.id: _READERS[table.layout](book, form, table, reporter) for table in form.tables
        }
        self.expected = sum(expected_labels(t) for t in form.tables)
        self.found = sum(r.found for r in self.reads.values() if r is not None)
        self.labels = {label for r in self.reads.values() if r is not None for label in r.labels}

    @property
    def share(self) -> float:
        return self.found / self.expected if self.expected else 0.0


def _all_labels(form: Form) -> set[str]:
    return {r.label for t in form.tables for r in t.rows} | {
        c.label for t in form.tables if t.layout != "list" for c in t.columns
    }


def _signals(best: _Candidate, others: list[_Candidate], lang: Lang) -> list[str]:
    """Why this form: how much of each table was found, and the labels only it has."""
    signals = []
    for table in best.form.tables:
        read = best.reads[table.id]
        if read is None:
            continue
        title = table.title or best.form.title
        header = next((s.split(":")[1] for s in read.signals if s.startswith("header-row:")), None)
        if lang == "zh":
            signals.append(
                f"工作表「{read.sheet.name}」中找到{title} {read.found}/{read.expected} 个标签"
                + (f"，第 {header} 行为表头" if header else "")
            )
        else:
            signals.append(
                f"{read.found} of {read.expected} labels of {table.en} on sheet “{read.sheet.name}”"
                + (f", header row {header}" if header else "")
            )
    rivals = [o for o in others if o.share >= MIN_SHARE / 2]
    if rivals:
        own = sorted(
            best.labels - set().union(*(_all_labels(o.form) for o in rivals)),
            key=lambda label: (len(label), label),  # short heads say it best: 本年制发件数
        )
        if own:
            shown = "、".join(own[:4]) + ("等" if len(own) > 4 else "")
            rival_ids = ", ".join(o.form.id for o in rivals)
            signals.append(
                f"仅 {best.form.id} 表式有的标签：{shown}（{rival_ids} 表式没有）"
                if lang == "zh"
                else f"labels only form {best.form.id} has: {shown} (not in form {rival_ids})"
            )
    return signals


@lru_cache(maxsize=1)
def _every_label() -> frozenset[str]:
    labels: set[str] = set()
    for form in all_forms():
        for table in form.tables:
            for row in table.rows:
                labels.update(loose(text) for text in (row.label, *row.aliases))
            for column in table.columns:
                labels.update(loose(text) for text in (column.label, *column.aliases))
    labels.discard("")
    return frozenset(labels)


def is_label(text: str) -> bool:
    """Whether ``text`` is a row or column label of any known form (spelling aside): what a
    reader looks for to tell where a sheet's tables end (see :func:`govstat.readers.read_book`)."""
    return len(text) <= 200 and loose(text) in _every_label()


def recognise(book: Book, form_id: str | None = None, lang: Lang = "zh") -> FilledTable:
    """Find the tables of ``form_id`` (or of whichever known form fits best) and read them."""
    ids = [form_id] if form_id else list(FORM_MODULES)
    candidates = [_Candidate(book, get_form(fid), lang) for fid in ids]
    # The best share wins; on a tie the newer form, which more tables use today.
    best = max(candidates, key=lambda c: (c.share, c.form.id))
    if best.share < MIN_SHARE or best.found == 0:
        raise _no_table(book, best, form_id, lang)
    reads = [r.complete() for r in best.reads.values() if r is not None]
    if any("no-value-column" in r.signals for r in reads):
        raise GovstatError(
            "找到了指标名称，但找不到统计数所在的列 (labels found, but no column of values)",
            file=book.path,
            where=f"sheet {reads[0].sheet.name}",
        )
    values: dict[str, Value] = {}
    findings: list[Finding] = []
    reporter = Reporter(best.form, lang)
    for table in best.form.tables:
        read = best.reads[table.id]
        if read is None:
            findings.append(reporter.missing(table.title or best.form.title))
            values.update(_missing_values(table))
            continue
        values.update(read.values)
        findings.extend(read.findings)
    sheets = list(dict.fromkeys(r.sheet.name for r in reads))
    used: dict[str, set[int]] = {r.sheet.name: set() for r in reads}
    for read in reads:
        used[read.sheet.name] |= read.rows_used
    metadata = read_metadata(
        [
            (s, used.get(s.name, set()))
            for s in sorted(book.sheets, key=lambda s: s.name not in used)
        ]
    )
    others = [c for c in candidates if c is not best]
    return FilledTable(
        form=best.form.id,
        source=book.path,
        sheet="、".join(sheets) if lang == "zh" else ", ".join(sheets),
        metadata=metadata,
        values=values,
        reading=findings,
        signals=_signals(best, others, lang),
    )


FEW_LABELS = 3
"""Fewer labels than this (a lone 总计 or 其他) are no partial table, just words."""


def _looked_at(book: Book) -> tuple[str, str]:
    """How much of the file was searched, in zh and en: its tables, lines or sheets."""
    if book.kind in ("docx", "html", "pdf"):
        tables = len({o.table for s in book.sheets for o in s.origins.values() if o.table})
        return f"{tables} 个表格", f"{tables} table{'s' if tables != 1 else ''}"
    if book.kind in ("text", "csv"):
        lines = len({r for s in book.sheets for r, _ in s.cells}) + len(book.prose)
        return f"{lines} 行文字", f"{lines} line{'s' if lines != 1 else ''} of text"
    sheets = len(book.sheets)
    return f"{sheets} 个工作表", f"{sheets} sheet{'s' if sheets != 1 else ''}"


def _no_table(book: Book, best: _Candidate, form_id: str | None, lang: Lang) -> GovstatError:
    """The one line saying why no table was read: nothing like one, only part of the
    nearest form, or (with ``--form``) a table of another form."""
    if form_id is not None:
        others = [_Candidate(book, get_form(f), lang) for f in FORM_MODULES if f != form_id]
        fits = [c for c in others if c.share >= MIN_SHARE and c.found]
        if fits:
            other = max(fits, key=lambda c: (c.share, c.form.id))
            return GovstatError(
                f"不是 {form_id} 表式的统计表（只找到其 {best.expected} 个标签中的 "
                f"{best.found} 个）：看起来是 {other.form.id} 表式（找到其 {other.expected} "
                f"个标签中的 {other.found} 个），请去掉 --form 或改用 --form {other.form.id} "
                f"(not a table of form {form_id}: it looks like form {other.form.id}, with "
                f"{other.found} of its {other.expected} labels; drop --form or use "
                f"--form {other.form.id})",
                file=book.path,
            )
    zh, en = _looked_at(book)
    if best.found < FEW_LABELS:
        return GovstatError(
            f"文件中没有统计表：查看了 {zh}、{best.found} 个统计表标签 "
            f"(no statistics table in the file: looked at {en}, found {best.found} "
            f"label{'s' if best.found != 1 else ''} of a statistics table)",
            file=book.path,
        )
    shown = sorted(best.labels, key=lambda label: (len(label), label))
    listed = "、".join(shown[:5]) + ("等" if len(shown) > 5 else "")
    listed_en = ", ".join(shown[:5]) + (", …" if len(shown) > 5 else "")
    return GovstatError(
        f"只找到部分统计表：最接近 {best.form.id} 表式，找到其 {best.expected} 个标签中的 "
        f"{best.found} 个（{listed}），不足以读取 (only part of a statistics table: nearest "
        f"is form {best.form.id}, with {best.found} of its {best.expected} labels: {listed_en})",
        file=book.path,
    )


def _holds_table(book: Book, sheet: Sheet, form_id: str | None, lang: Lang) -> bool:
    """Whether this sheet alone holds a recognisable table."""
    alone = replace(book, sheets=[sheet])
    ids = [form_id] if form_id else list(FORM_MODULES)
    candidates = [_Candidate(alone, get_form(fid), lang) for fid in ids]
    return any(c.share >= MIN_SHARE and c.found for c in candidates)


def table_groups(book: Book, form_id: str | None = None, lang: Lang = "zh") -> list[list[Sheet]]:
    """The sheets of each table the workbook holds, in order.

    One table may spread over several sheets (表二, 表三, 表四 each on its own); a workbook
    may also hold several tables (last year's and this year's, one sheet each). Each sheet
    that alone holds a recognisable table starts a table; the other sheets belong to the
    table before them (or to the first). Most workbooks hold one table: one group.
    """
    if len(book.sheets) < 2:
        return [list(book.sheets)]
    starts = [i for i, s in enumerate(book.sheets) if _holds_table(book, s, form_id, lang)]
    if len(starts) < 2:
        return [list(book.sheets)]
    groups: dict[int, list[Sheet]] = {start: [] for start in starts}
    for index, sheet in enumerate(book.sheets):
        owner = max((s for s in starts if s <= index), default=starts[0])
        groups[owner].append(sheet)
    return list(groups.values())


def recognise_all(
    book: Book, form_id: str | None = None, lang: Lang = "zh", sheet: str | None = None
) -> list[FilledTable]:
    """Every table of the workbook (see :func:`table_groups`), or with ``sheet`` the one on
    that sheet. Raises GovstatError when there is none, or no such sheet."""
    groups = table_groups(book, form_id, lang)
    if sheet is not None:
        groups = [g for g in groups if any(s.name == sheet for s in g)]
        if not groups:
            known = "、".join(s.name for s in book.sheets)
            raise GovstatError(
                f"没有名为「{sheet}」的工作表（有：{known}） (no sheet named “{sheet}”; the "
                f"sheets are: {', '.join(s.name for s in book.sheets)})",
                file=book.path,
            )
    if len(groups) == 1 and len(groups[0]) == len(book.sheets):
        return [recognise(book, form_id, lang)]
    tables = [recognise(replace(book, sheets=group), form_id, lang) for group in groups]
    if len(tables) > 1:
        names = [t.sheet or "" for t in tables]
        note = (
            f"工作簿中有 {len(tables)} 个统计表（工作表「{'」「'.join(names)}」），逐一检查；"
            "--sheet 可只检查其中一个"
            if lang == "zh"
            else f"the workbook holds {len(tables)} tables (sheets “{'”, “'.join(names)}”), "
            "each checked; --sheet checks one of them"
        )
        tables = [t.model_copy(update={"notes": [*t.notes, note]}) for t in tables]
    return tables


def _missing_values(table: Table) -> dict[str, Value]:
    out: dict[str, Value] = {}
    for row in table.rows:
        for column in table.columns:
            cell_id = table.cell_id(row.id, column.id)
            out[cell_id] = Value(indicator=cell_id, state="missing")
    return out


__all__ = ["is_label", "recognise", "recognise_all", "table_groups"]
