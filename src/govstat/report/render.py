"""The tables themselves in the official layout, as Markdown, CSV or JSON.

Each table of the form becomes a :class:`Block`: its title, its column heads and its rows in
printed order. Form 2014: title, （年度）, 填报单位 above; 统计指标 | 单位 | 统计数 (header rows
print ——); 单位负责人, 审核人, 填报人, 联系电话, 填报日期 below. Forms 2019 and 2021: the
blocks of table 二, table 三 with its applicant columns, table 四 as one row under its heads.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from govstat.forms import Form, Table, get_form
from govstat.model import FilledTable, Indicator, Lang, Metadata, Value, ValueKind

HEADER_MARK = "——"

_LIST_HEADS = {
    "zh": ("统计指标", "单位", "统计数"),
    "en": ("Indicator", "Unit", "Value"),
}


@dataclass
class Block:
    """One table ready to print: a title, the column heads, the body rows."""

    title: str
    heads: list[str]
    rows: list[list[str]]
    layout: str = "matrix"
    section: str | None = None

    def alignment(self) -> list[str]:
        """Markdown alignment: labels left, units centred, numbers right."""
        if self.layout == "list":
            return ["---", ":---:", "---:"]
        if self.layout == "strip":
            return ["---:"] * len(self.heads)
        return ["---"] + ["---:"] * (len(self.heads) - 1)


def _value(table: FilledTable, cell_id: str) -> str:
    value = table.values.get(cell_id)
    kind = get_form(table.form).indicator(cell_id).kind
    return value.display(kind) if value is not None else ""


def blocks(filled: FilledTable, lang: Lang = "zh") -> list[Block]:
    """Every table of the form, laid out as printed."""
    form = get_form(filled.form)
    return [_block(form, spec, filled, lang) for spec in form.tables]


def _block(form: Form, spec: Table, filled: FilledTable, lang: Lang) -> Block:
    title = (spec.title if lang == "zh" else spec.en) or form.title
    if spec.layout == "list":
        rows = []
        for row in spec.rows:
            label = row.label if lang == "zh" else row.en
            if row.kind is ValueKind.header:
                rows.append([label, HEADER_MARK, HEADER_MARK])
            else:
                rows.append([label, row.unit, _value(filled, spec.cell_id(row.id, ""))])
        return Block(title, list(_LIST_HEADS[lang]), rows, "list")
    if spec.layout == "strip":
        heads = [
            "·".join((*column.path, column.label)) if lang == "zh" else column.en
            for column in spec.columns
        ]
        values = [_value(filled, spec.cell_id("", c.id)) for c in spec.columns]
        return Block(title, heads, [values], "strip")
    corner = (spec.corner or "") if lang == "zh" else ""
    heads = [corner, *(c.label if lang == "zh" else c.en for c in spec.columns)]
    body = []
    for row in spec.rows:
        cells = [spec.cell_id(row.id, c.id) for c in spec.columns]
        if not row.official and all(_value(filled, c) == "" for c in cells):
            continue  # a row real tables add, not in this one
        label = row.label if lang == "zh" else row.en
        if row.kind is ValueKind.header:
            body.append([label, *("" for _ in spec.columns)])
        else:
            body.append(
                [label, *(_value(filled, spec.cell_id(row.id, c.id)) for c in spec.columns)]
            )
    return Block(title, heads, body, section=spec.section if lang == "zh" else None)


def _title_lines(form: Form, meta: Metadata, lang: Lang) -> list[str]:
    """What a report prints above its tables."""
    agency = meta.agency or ""
    if len(form.tables) > 1:  # forms 2019 and 2021: the report's own title
        year = f"{meta.year}年" if meta.year else ""
        if lang == "en":
            return [f"{agency} {meta.year or ''} government information disclosure annual report"]
        return [f"{agency}{year}政府信息公开工作年度报告"]
    if lang == "en":
        return [form.title, f"Year: {meta.year or ''}", f"Agency (填报单位): {agency}"]
    year = f"（{meta.year} 年度）" if meta.year else "（    年度）"
    return [form.title, year, f"填报单位：{agency}"]


def _footer_lines(form: Form, meta: Metadata, lang: Lang) -> list[str]:
    """The signatures, phone and date printed under a form-2014 table."""
    if len(form.tables) > 1 and not any((meta.head, meta.reviewer, meta.preparer, meta.phone)):
        return []
    if lang == "en":
        return [
            f"Head: {meta.head or ''}  Reviewer: {meta.reviewer or ''}  "
            f"Prepared by: {meta.preparer or ''}",
            f"Phone: {meta.phone or ''}",
            f"Date: {meta.date or ''}",
        ]
    return [
        f"单位负责人：{meta.head or ''}　审核人：{meta.reviewer or ''}"
        f"　填报人：{meta.preparer or ''}",
        f"联系电话：{meta.phone or ''}",
        f"填报日期：{meta.date or ''}",
    ]


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(filled: FilledTable, lang: Lang = "zh") -> str:
    form = get_form(filled.form)
    title, *above = _title_lines(form, filled.metadata, lang)
    lines = [f"# {title}", ""]
    for line in above:
        lines += [line, ""]
    several = len(form.tables) > 1
    section = None
    for block in blocks(filled, lang):
        if block.section and block.section != section:
            lines += [f"## {block.section}", ""]
        section = block.section
        if several:
            lines += [f"{'###' if section else '##'} {block.title}", ""]
        lines.append("| " + " | ".join(_md_cell(h) for h in block.heads) + " |")
        lines.append("| " + " | ".join(block.alignment()) + " |")
        for row in block.rows:
            lines.append("| " + " | ".join(_md_cell(c) for c in row) + " |")
        lines.append("")
    for line in _footer_lines(form, filled.metadata, lang):
        lines += [line, ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def render_csv(filled: FilledTable, lang: Lang = "zh") -> str:
    form = get_form(filled.form)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for line in _title_lines(form, filled.metadata, lang):
        writer.writerow([line])
    several = len(form.tables) > 1
    section = None
    for block in blocks(filled, lang):
        if several:
            writer.writerow([])
        if block.section and block.section != section:
            writer.writerow([block.section])
        section = block.section
        if several:
            writer.writerow([block.title])
        writer.writerow(block.heads)
        writer.writerows(block.rows)
    footer = _footer_lines(form, filled.metadata, lang)
    if several and footer:
        writer.writerow([])
    for line in footer:
        writer.writerow([line])
    return buffer.getvalue()


def table_document(filled: FilledTable, lang: Lang = "zh") -> dict[str, Any]:
    """The tables as plain data: form, metadata, and every cell with its value and address."""
    form = get_form(filled.form)
    rows = []
    for ind in form.indicators:
        value = filled.values.get(ind.id)
        if not ind.official and (value is None or value.state == "missing"):
            continue  # a row real tables add, not in this one
        entry: dict[str, Any] = {
            "number": ind.number,
            "indicator": ind.id,
            "table": ind.table_title,
            "label": ind.label,
            "column": ind.column_label,
            "name": ind.name(lang),
            "unit": _unit(ind, value),
            "level": ind.level,
            "header": ind.is_header,
            "state": value.state if value else "missing",
            "value": value.model_dump(mode="json")["number"] if value else None,
            "text": value.display(ind.kind) if value else "",
            "cell": str(value.cell) if value and value.cell else None,
        }
        if len(form.tables) == 1:
            del entry["table"], entry["column"]  # one list table: no table or column to name
        rows.append(entry)
    return {
        "form": form.id,
        "title": form.title,
        "source": filled.source,
        "metadata": filled.metadata.model_dump(mode="json"),
        "rows": rows,
    }


def _unit(ind: Indicator, value: Value | None) -> str:
    """The printed unit; for a sum written with its own unit (251000元), that unit."""
    if ind.kind is ValueKind.amount and value is not None and value.note:
        return value.note
    return ind.unit


def render_json(filled: FilledTable, lang: Lang = "zh") -> str:
    return json.dumps(table_document(filled, lang), ensure_ascii=False, indent=2) + "\n"


RENDERERS: dict[str, Callable[[FilledTable, Lang], str]] = {
    "md": render_markdown,
    "csv": render_csv,
    "json": render_json,
}
