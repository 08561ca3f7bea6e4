"""Recognising which form a workbook holds and reading its tables: grid → FilledTable.

Every known form reads the workbook its own way; the form whose labels (rows and column
heads) are found in the largest share wins, and the labels that only it has are the signals
that decided it. ``--form`` skips the contest.
"""

from __future__ import annotations

from functools import lru_cache

from govstat.errors import GovstatError
from govstat.forms import FORM_MODULES, Form, Table, all_forms, get_form
from govstat.labels import loose
from govstat.model import FilledTable, Finding, Lang, Value
from govstat.readers.grid import Book
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
        missing = [t.title or best.form.title for t in best.form.tables if best.reads[t.id] is None]
        raise GovstatError(
            f"未找到可识别的统计表：最接近的是 {best.form.id} 表式，"
            f"只找到其 {best.expected} 个标签中的 {best.found} 个"
            + (f"，缺少{'、'.join(missing)}" if missing else "")
            + f" (no known table found; nearest is form {best.form.id}, with {best.found} of "
            f"its {best.expected} labels)",
            file=book.path,
        )
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


def _missing_values(table: Table) -> dict[str, Value]:
    out: dict[str, Value] = {}
    for row in table.rows:
        for column in table.columns:
            cell_id = table.cell_id(row.id, column.id)
            out[cell_id] = Value(indicator=cell_id, state="missing")
    return out


__all__ = ["is_label", "recognise"]
