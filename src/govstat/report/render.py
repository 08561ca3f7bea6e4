"""The table itself in the official layout, as Markdown, CSV or JSON.

Layout: title, （年度）, 填报单位 above; 统计指标 | 单位 | 统计数 with every row of the form
in printed order (header rows print ——); 单位负责人, 审核人, 填报人, 联系电话, 填报日期 below.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from typing import Any

from govstat.forms import Form, get_form
from govstat.model import FilledTable, Lang, Metadata

HEADER_MARK = "——"

_HEADINGS = {
    "zh": ("统计指标", "单位", "统计数"),
    "en": ("Indicator", "Unit", "Value"),
}


def _title_lines(form: Form, meta: Metadata, lang: Lang) -> list[str]:
    year = f"（{meta.year} 年度）" if meta.year else "（    年度）"
    agency = meta.agency or ""
    if lang == "en":
        return [form.title, f"Year: {meta.year or ''}", f"Agency (填报单位): {agency}"]
    return [form.title, year, f"填报单位：{agency}"]


def _footer_lines(meta: Metadata, lang: Lang) -> list[str]:
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


def table_rows(table: FilledTable, lang: Lang = "zh") -> list[tuple[str, str, str]]:
    """(label, unit, value) for every row of the form, in printed order."""
    form = get_form(table.form)
    out = []
    for ind in form.indicators:
        if ind.is_header:
            out.append((ind.name(lang), HEADER_MARK, HEADER_MARK))
        else:
            out.append((ind.name(lang), ind.unit, table.values[ind.id].display()))
    return out


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(table: FilledTable, lang: Lang = "zh") -> str:
    form = get_form(table.form)
    title, *above = _title_lines(form, table.metadata, lang)
    heads = _HEADINGS[lang]
    lines = [f"# {title}", ""]
    for line in above:
        lines += [line, ""]
    lines.append("| " + " | ".join(heads) + " |")
    lines.append("| --- | :---: | ---: |")
    for row in table_rows(table, lang):
        lines.append("| " + " | ".join(_md_cell(c) for c in row) + " |")
    lines.append("")
    for line in _footer_lines(table.metadata, lang):
        lines += [line, ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def render_csv(table: FilledTable, lang: Lang = "zh") -> str:
    form = get_form(table.form)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for line in _title_lines(form, table.metadata, lang):
        writer.writerow([line])
    writer.writerow(_HEADINGS[lang])
    writer.writerows(table_rows(table, lang))
    for line in _footer_lines(table.metadata, lang):
        writer.writerow([line])
    return buffer.getvalue()


def table_document(table: FilledTable, lang: Lang = "zh") -> dict[str, Any]:
    """The table as plain data: form, metadata, and every row with its value and cell."""
    form = get_form(table.form)
    rows = []
    for ind in form.indicators:
        value = table.values[ind.id]
        rows.append(
            {
                "number": ind.number,
                "indicator": ind.id,
                "label": ind.label,
                "name": ind.name(lang),
                "unit": ind.unit,
                "level": ind.level,
                "header": ind.is_header,
                "state": value.state,
                "value": value.model_dump(mode="json")["number"],
                "text": value.display(),
                "cell": str(value.cell) if value.cell else None,
            }
        )
    return {
        "form": form.id,
        "title": form.title,
        "source": table.source,
        "metadata": table.metadata.model_dump(mode="json"),
        "rows": rows,
    }


def render_json(table: FilledTable, lang: Lang = "zh") -> str:
    return json.dumps(table_document(table, lang), ensure_ascii=False, indent=2) + "\n"


RENDERERS: dict[str, Callable[[FilledTable, Lang], str]] = {
    "md": render_markdown,
    "csv": render_csv,
    "json": render_json,
}
