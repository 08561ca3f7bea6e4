"""``govstat render`` of the form-2021 and form-2019 examples, against golden files.

Regenerate the goldens after an intended change of the output with::

    GOVSTAT_UPDATE_GOLDEN=1 /tmp/venv/bin/python -m pytest tests/test_render_current.py

and read ``git diff tests/golden/`` before committing. Renders run from ``examples/`` with a
relative file name, so the goldens do not depend on where the repository stands.

Besides the goldens, each render is checked against the figures of examples/current_forms.py:
the report title with agency and year, the blocks of table 二, table 三's rows in printed order
with their seven columns, and table 四's fifteen cells.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from pathlib import Path
from typing import Any

import pytest

from govstat.values import parse_cell
from helpers_current import CF, COLUMN_IDS, EXAMPLES, cf_blocks, cf_t3, layout, with_total
from support import invoke

GOLDEN = Path(__file__).resolve().parent / "golden"
UPDATE = os.environ.get("GOVSTAT_UPDATE_GOLDEN") == "1"
T3_TITLE = "三、收到和处理政府信息公开申请情况"
T4_TITLE = "四、政府信息公开行政复议、行政诉讼情况"
T2_SECTION = "二、主动公开政府信息情况"
APPLICANT_HEADS = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
T4_HEADS = [
    f"{group}·{leaf}"
    for group in ("行政复议", "行政诉讼·未经复议直接起诉", "行政诉讼·复议后起诉")
    for leaf in ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
]
NAMES = {"2021": "2023-form2021.xlsx", "2019": "2020-form2019.xlsx"}
YEARS = {"2021": 2023, "2019": 2020}


def render(name: str, fmt: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """Render an example by its bare file name from inside examples/."""
    monkeypatch.chdir(EXAMPLES)
    result = invoke("render", name, "--format", fmt)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    return result.stdout


def shown(content: Any) -> str:
    """A written value as a table prints it: blank for None, else its number."""
    return "" if content is None else str(content)


def t3_expected(form_id: str) -> list[list[str]]:
    """Table 三 as printed: every row in order, group rows with blank cells, 总计 added up."""
    rows: list[list[str]] = []
    for first, second, third, values in cf_t3(form_id):
        last = third or second or first
        for group in (first, second):
            if group and group != last:
                rows.append([group, *[""] * 7])
        rows.append([last, *(shown(v) for v in with_total(values))])
    return rows


def same_number(printed: str, written: Any) -> bool:
    return parse_cell(printed).number == parse_cell(written).number


# ---------------------------------------------------------------- golden files

GOLDEN_CASES = [
    ("2023-form2021.xlsx", "md", "2023-form2021.zh.md"),
    ("2023-form2021.xlsx", "csv", "2023-form2021.zh.csv"),
    ("2023-form2021.xlsx", "json", "2023-form2021.zh.json"),
    ("2020-form2019.xlsx", "md", "2020-form2019.zh.md"),
]


@pytest.mark.parametrize(("name", "fmt", "golden"), GOLDEN_CASES, ids=[g for *_, g in GOLDEN_CASES])
def test_render_matches_golden(
    name: str, fmt: str, golden: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The render of an example is byte for byte the reviewed golden file."""
    text = render(name, fmt, monkeypatch)
    path = GOLDEN / golden
    if UPDATE:
        with path.open("w", encoding="utf-8", newline="") as handle:
            handle.write(text)
    with path.open(encoding="utf-8", newline="") as handle:
        assert text == handle.read()


# ---------------------------------------------------------------- Markdown


def md_tables(text: str) -> list[tuple[list[str], list[list[str]]]]:
    """Each Markdown table as (the headings above it since the previous table, its rows)."""
    tables: list[tuple[list[str], list[list[str]]]] = []
    headings: list[str] = []
    rows: list[list[str]] = []
    for line in [*text.splitlines(), ""]:
        if line.startswith("|"):
            rows.append([c.strip() for c in line.strip()[1:-1].split(" | ")])
            continue
        if rows:
            tables.append((headings, rows))
            headings, rows = [], []
        if line.startswith("#"):
            headings.append(line)
    return tables


@pytest.mark.parametrize("form_id", ["2021", "2019"])
def test_markdown_prints_the_three_tables_as_published(
    form_id: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Title with agency and year; table 二 block by block; table 三 with the 勾稽 note in the
    corner, its seven columns and every row in order; table 四 as one row of 15 cells."""
    text = render(NAMES[form_id], "md", monkeypatch)
    assert text.splitlines()[0] == f"# {CF.AGENCY}{YEARS[form_id]}年政府信息公开工作年度报告"
    tables = md_tables(text)
    blocks = cf_blocks(form_id)
    assert len(tables) == len(blocks) + 2
    for index, ((headings, rows), (title, heads, body)) in enumerate(
        zip(tables, blocks, strict=False)
    ):
        expected_headings = [f"### {title}"]
        if index == 0:
            expected_headings[:0] = [text.splitlines()[0], f"## {T2_SECTION}"]
        assert headings == expected_headings
        assert rows[0] == ["信息内容", *heads]
        assert [r[0] for r in rows[2:]] == [label for label, _ in body]
        for printed, (_, values) in zip(rows[2:], body, strict=True):
            assert len(printed) == 1 + len(values)
            assert all(same_number(p, v) for p, v in zip(printed[1:], values, strict=True))
    (t3_headings, t3_rows), (t4_headings, t4_rows) = tables[-2:]
    assert t3_headings == [f"## {T3_TITLE}"]
    assert t3_rows[0] == [CF.NOTE, *APPLICANT_HEADS]
    assert t3_rows[1] == ["---", *["---:"] * 7]
    assert t3_rows[2:] == t3_expected(form_id)
    assert t4_headings == [f"## {T4_TITLE}"]
    assert t4_rows[0] == T4_HEADS
    assert t4_rows[2:] == [[str(v) for v in CF.T4_2023]]


def test_markdown_of_2019_prints_the_single_other_row(monkeypatch: pytest.MonkeyPatch) -> None:
    """Form 2019's table 三 has one row （六）其他处理 (2, 0, 0, 0, 1, 0, 3) and 23 data rows."""
    rows = md_tables(render(NAMES["2019"], "md", monkeypatch))[-2][1][2:]
    assert ["（六）其他处理", "2", "0", "0", "0", "1", "0", "3"] in rows
    assert not any(r[0].startswith(("1.申请人", "3.其他")) for r in rows)
    assert sum(1 for r in rows if r[1]) == 23


def test_markdown_of_2019_keeps_the_procurement_unit(monkeypatch: pytest.MonkeyPatch) -> None:
    """采购总金额 is printed with the unit the table wrote (251000元)."""
    tables = md_tables(render(NAMES["2019"], "md", monkeypatch))
    (_, rows) = next(t for t in tables if t[0] == ["### 第二十条第（九）项"])
    assert rows[2] == ["政府集中采购", "7", "251000元"]


# ---------------------------------------------------------------- CSV and JSON


def test_csv_prints_title_blocks_and_tables(monkeypatch: pytest.MonkeyPatch) -> None:
    """The CSV has the title, each block of table 二 under its title, table 三's head and rows,
    and table 四's 15 heads over its 15 cells."""
    records = list(csv.reader(io.StringIO(render(NAMES["2021"], "csv", monkeypatch))))
    assert records[0] == [f"{CF.AGENCY}2023年政府信息公开工作年度报告"]
    for title, heads, body in cf_blocks("2021"):
        start = records.index([title])
        assert records[start + 1] == ["信息内容", *heads]
        for offset, (label, values) in enumerate(body, start=2):
            assert records[start + offset] == [label, *(str(v) for v in values)]
    start = records.index([T3_TITLE])
    assert records[start + 1] == [CF.NOTE, *APPLICANT_HEADS]
    expected = t3_expected("2021")
    assert records[start + 2 : start + 2 + len(expected)] == expected
    start = records.index([T4_TITLE])
    assert records[start + 1 :] == [T4_HEADS, [str(v) for v in CF.T4_2023]]
    assert records.index([T2_SECTION]) < records.index([T3_TITLE]) < start


def test_json_render_names_every_cell(monkeypatch: pytest.MonkeyPatch) -> None:
    """The JSON render lists every cell with its table, row label, column label, unit and
    address; the source is the path as given."""
    doc = json.loads(render(NAMES["2021"], "json", monkeypatch))
    assert (doc["form"], doc["source"]) == ("2021", "2023-form2021.xlsx")
    assert (doc["metadata"]["agency"], doc["metadata"]["year"]) == (CF.AGENCY, 2023)
    where = layout("2021")
    printed = [row for row in doc["rows"] if row["state"] != "missing"]
    assert len(printed) == 10 + 25 * 7 + 15
    for row in printed:
        label, column, address = where.cell(row["indicator"])
        assert (row["label"], row["column"], row["cell"]) == (label, column, f"统计表!{address}")
    t3_total = [r for r in printed if r["indicator"] == "t3.total.total"]
    assert [(r["value"], r["text"], r["unit"]) for r in t3_total] == [(50, "50", "件")]
    assert [r["column"] for r in printed if r["indicator"].startswith("t3.new.")] == APPLICANT_HEADS
    assert [
        r["indicator"].split(".")[2] for r in printed if r["indicator"].startswith("t3.new.")
    ] == (COLUMN_IDS)
    t4 = [r for r in printed if r["table"] == T4_TITLE]
    assert [r["value"] for r in t4] == CF.T4_2023
    assert {r["indicator"] for r in doc["rows"] if r["state"] == "missing"} == {
        f"t3.{group}.{c}"
        for group in ("refused", "unable", "not_processed", "other")
        for c in COLUMN_IDS
    }


def test_goldens_hold_no_absolute_path() -> None:
    """The goldens are path-independent: no machine's folder appears in them."""
    for _, _, golden in GOLDEN_CASES:
        text = (GOLDEN / golden).read_text(encoding="utf-8")
        assert not re.search(r"(/work/|/tmp/|/home/|[A-Z]:\\\\)", text), golden
