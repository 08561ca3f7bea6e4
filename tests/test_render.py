"""``govstat render``: the table in the official layout, compared with golden files.

The golden files live in ``tests/golden/``. After an intended change of the rendered output,
regenerate them with::

    GOVSTAT_UPDATE_GOLDEN=1 /tmp/venv/bin/python -m pytest tests/test_render.py

and review ``git diff tests/golden/`` before committing: a golden file is only as right as the
person who read it. Renders run from ``examples/`` with a relative file name, so the ``source``
field of the JSON render (the path as given) is the same on every machine.

Besides the goldens, the structure of each render is checked against the 64 rows of
``examples/make_examples.py``, so a golden regenerated from wrong output still fails.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import shutil
from pathlib import Path

import pytest

from support import invoke, load_example

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
GOLDEN = Path(__file__).resolve().parent / "golden"
SEED = EXAMPLES / "2018-seed.xlsx"
CORRECTED = EXAMPLES / "2018-corrected.xlsx"
UPDATE = os.environ.get("GOVSTAT_UPDATE_GOLDEN") == "1"
MARK = "——"
BOM = b"\xef\xbb\xbf"
CJK = re.compile(r"[\u4e00-\u9fff]")


EX = load_example("make_examples")


def expected_rows(corrected: bool = False) -> list[tuple[str, str, str]]:
    """(label, unit, value) as the render must print them: header rows print —— twice."""
    fixes = EX.CORRECTIONS if corrected else {}
    rows = []
    for label, unit, value in EX.SEED_ROWS:
        if unit == MARK:
            rows.append((squash(label), MARK, MARK))
        else:
            rows.append((squash(label), unit, fixes.get(label, value)))
    return rows


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def render(name: str, fmt: str, lang: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """Render an example by its bare file name from inside examples/."""
    monkeypatch.chdir(EXAMPLES)
    result = invoke("render", name, "--format", fmt, "--lang", lang)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    return result.stdout


def md_table(text: str) -> tuple[list[str], list[tuple[str, ...]], list[str]]:
    """Split a Markdown render into the lines above the table, its body rows, the lines below."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("|"))
    end = next(i for i in range(start, len(lines)) if not lines[i].startswith("|"))
    rows = [tuple(c.strip() for c in line.strip("|").split(" | ")) for line in lines[start:end]]
    return lines[:start], rows, lines[end:]


# --- golden files --------------------------------------------------------------------------

GOLDEN_CASES = [
    ("2018-seed.xlsx", "md", "zh", "2018-seed.zh.md"),
    ("2018-seed.xlsx", "csv", "zh", "2018-seed.zh.csv"),
    ("2018-seed.xlsx", "json", "zh", "2018-seed.zh.json"),
    ("2018-corrected.xlsx", "md", "zh", "2018-corrected.zh.md"),
    ("2018-seed.xlsx", "md", "en", "2018-seed.en.md"),
]


@pytest.mark.parametrize(("name", "fmt", "lang", "golden"), GOLDEN_CASES, ids=lambda x: str(x))
def test_render_matches_golden(
    name: str, fmt: str, lang: str, golden: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The render of an example is byte for byte the reviewed golden file."""
    text = render(name, fmt, lang, monkeypatch)
    path = GOLDEN / golden
    if UPDATE:
        GOLDEN.mkdir(exist_ok=True)
        with path.open("w", encoding="utf-8", newline="") as handle:
            handle.write(text)
    with path.open(encoding="utf-8", newline="") as handle:
        assert text == handle.read()


# --- structure, against the example's own rows ---------------------------------------------


@pytest.mark.parametrize("corrected", [False, True], ids=["seed", "corrected"])
def test_markdown_prints_all_64_rows_in_order(
    corrected: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The Markdown table holds the 64 rows in printed order with units; headers print ——."""
    name = "2018-corrected.xlsx" if corrected else "2018-seed.xlsx"
    _, rows, _ = md_table(render(name, "md", "zh", monkeypatch))
    assert rows[0] == ("统计指标", "单位", "统计数")
    assert rows[1] == ("---", ":---:", "---:")
    body = [(squash(label), unit, value) for label, unit, value in rows[2:]]
    assert body == expected_rows(corrected)


def test_markdown_keeps_the_metadata_above_and_below(monkeypatch: pytest.MonkeyPatch) -> None:
    """Title, year and agency stand above the table; head, reviewer, preparer, phone, date below."""
    above, _, below = md_table(render("2018-seed.xlsx", "md", "zh", monkeypatch))
    text_above = "\n".join(above)
    assert above[0] == "# 政府信息公开情况统计表"
    assert "（2018 年度）" in text_above
    assert "填报单位：温州市商务局" in text_above
    text_below = "\n".join(below)
    for piece in (
        "单位负责人：应希克",
        "审核人：郑耀克",
        "填报人：韩磊",
        "联系电话：88862893",
        "填报日期：2019.1.2",
    ):
        assert piece in text_below
        assert piece not in text_above


def test_markdown_in_english(monkeypatch: pytest.MonkeyPatch) -> None:
    """With --lang en the headings and row names are English, units and values unchanged."""
    above, rows, below = md_table(render("2018-seed.xlsx", "md", "en", monkeypatch))
    assert rows[0] == ("Indicator", "Unit", "Value")
    assert len(rows) == 2 + 64
    for (name, unit, value), (_, exp_unit, exp_value) in zip(
        rows[2:], expected_rows(), strict=True
    ):
        assert name and not CJK.search(name), name
        assert (unit, value) == (exp_unit, exp_value)
    assert "Year: 2018" in above
    assert any("温州市商务局" in line for line in above)
    assert any("Phone: 88862893" in line for line in below)


def test_csv_prints_metadata_heading_and_64_rows(monkeypatch: pytest.MonkeyPatch) -> None:
    """The CSV holds title, year, agency, the heading, 64 rows in order, then the footer."""
    records = list(csv.reader(io.StringIO(render("2018-seed.xlsx", "csv", "zh", monkeypatch))))
    assert records[0] == ["政府信息公开情况统计表"]
    assert records[1] == ["（2018 年度）"]
    assert records[2] == ["填报单位：温州市商务局"]
    assert records[3] == ["统计指标", "单位", "统计数"]
    body = [(squash(r[0]), r[1], r[2]) for r in records[4:68]]
    assert body == expected_rows()
    footer = "\n".join(",".join(r) for r in records[68:])
    for piece in ("应希克", "郑耀克", "韩磊", "联系电话：88862893", "填报日期：2019.1.2"):
        assert piece in footer


def test_json_render_lists_rows_with_cells_and_relative_source(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The JSON render has form, the source as given, metadata, and 64 rows with their cells."""
    doc = json.loads(render("2018-seed.xlsx", "json", "zh", monkeypatch))
    assert doc["form"] == "2014"
    assert doc["source"] == "2018-seed.xlsx"
    assert doc["metadata"]["agency"] == "温州市商务局"
    assert doc["metadata"]["year"] == 2018
    assert [r["number"] for r in doc["rows"]] == list(range(1, 65))
    for row, (label, unit, value) in zip(doc["rows"], expected_rows(), strict=True):
        assert squash(row["label"]) == label
        assert row["unit"] == unit
        if unit != MARK:
            assert row["value"] == int(value)
            assert row["text"] == value
            assert row["cell"] == f"统计表!C{4 + row['number']}"
        assert row["header"] is (unit == MARK)


# --- render -o -----------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["md", "csv", "json"])
def test_render_output_writes_the_same_text_as_the_screen(fmt: str, tmp_path: Path) -> None:
    """``render -o`` writes what ``render`` prints (CSV with a UTF-8 BOM) and prints nothing."""
    shown = invoke("render", SEED, "--format", fmt).stdout
    target = tmp_path / f"out.{fmt}"
    result = invoke("render", SEED, "--format", fmt, "-o", target)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    data = target.read_bytes()
    if fmt == "csv":
        assert data.startswith(BOM)
        assert data[len(BOM) :].decode("utf-8") == shown
    else:
        assert not data.startswith(BOM)
        assert data.decode("utf-8") == shown


@pytest.mark.parametrize("fmt", ["md", "csv", "json"])
def test_render_output_leaves_no_temporary_files(fmt: str, tmp_path: Path) -> None:
    """Writing with -o, also over an existing file, adds only the output file to its folder."""
    (tmp_path / "keep.txt").write_text("x", encoding="utf-8")
    target = tmp_path / f"table.{fmt}"
    for _ in range(2):
        assert invoke("render", SEED, "--format", fmt, "-o", target, "--force").exit_code == 0
        assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["keep.txt", target.name])


@pytest.mark.parametrize("spelling", ["same", "dot", "updown", "absolute"])
def test_render_refuses_to_overwrite_its_input(
    spelling: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``render X -o X`` (however X is spelled) exits 2 and leaves X untouched."""
    (tmp_path / "sub").mkdir()
    path = tmp_path / "in.xlsx"
    shutil.copyfile(SEED, path)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    monkeypatch.chdir(tmp_path)
    output = {
        "same": "in.xlsx",
        "dot": "./in.xlsx",
        "updown": "sub/../in.xlsx",
        "absolute": str(path),
    }[spelling]
    result = invoke("render", "in.xlsx", "-o", output)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.output
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.xlsx", "sub"]


def test_render_of_unreadable_input_writes_nothing(tmp_path: Path) -> None:
    """When the input cannot be read, ``render -o`` exits 2 and creates no output file."""
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"not a workbook")
    result = invoke("render", bad, "-o", tmp_path / "out.md")
    assert result.exit_code == 2
    assert str(bad) in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.xlsx"]


def test_render_into_a_missing_folder_exits_2(tmp_path: Path) -> None:
    """An output path in a folder that does not exist gives exit 2 and one line naming it."""
    target = tmp_path / "no-such-folder" / "out.md"
    result = invoke("render", SEED, "-o", target)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and str(target) in result.stderr
    assert "Traceback" not in result.output
