"""Compiling units into one table (``govstat compile``) and checking a regional table.

The example region (``examples/region_examples.py``) sums its units independently of govstat;
its planted copy hides two differences that the check must find with the units behind them.
"""

from __future__ import annotations

import json
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

import govstat
from govstat.compile import check_against, compile_units, sum_tables
from govstat.model import FilledTable
from helpers_current import CONSISTENT, ERRORS, FORM2019, consistent, perturb, t3
from support import EXAMPLES, invoke, load_example

REGION = EXAMPLES / "region"
UNITS = sorted((REGION / "units").glob("*.xlsx"))
REGIONAL = REGION / "2023-region.xlsx"
PLANTED = REGION / "2023-region-planted.xlsx"
RX = load_example("region_examples")


def numbers(table: FilledTable) -> dict[str, tuple[str, Decimal | None]]:
    return {k: (v.state, v.number) for k, v in table.values.items()}


# --- the example region ------------------------------------------------------------------------


def test_the_example_region_has_three_units() -> None:
    """The example region is three form-2021 unit workbooks beside two regional tables."""
    assert [p.name for p in UNITS] == [
        "2023-dongcheng.xlsx",
        "2023-nanhu.xlsx",
        "2023-xicheng.xlsx",
    ]
    assert REGIONAL.exists() and PLANTED.exists()


def test_compiling_the_units_reproduces_the_regional_table() -> None:
    """Every cell the units print sums to the example's regional table, summed independently."""
    result = compile_units(UNITS)
    assert result.status == "compiled" and result.form == "2021"
    assert result.table is not None
    region = govstat.read_table(REGIONAL)
    for ident, value in result.table.values.items():
        if value.state == "missing":
            continue
        assert (value.state, value.number) == (
            region.values[ident].state,
            region.values[ident].number,
        ), ident
    assert result.table.values["t2_5.licensing.decisions"].number == 1520
    assert result.table.values["t2_8.fees.amount"].number == Decimal("12.5")
    assert check_against(region, result).differences == []


def test_the_planted_differences_are_found_with_the_units_behind_them() -> None:
    """The planted table differs in 行政许可 (digits swapped) and in one moved 自然人 request."""
    result = compile_units(UNITS)
    comparison = check_against(govstat.read_table(PLANTED), result)
    found = {d.indicator: d for d in comparison.differences}
    assert set(found) == {
        "t2_5.licensing.decisions",
        t3("disclosed", "natural"),
        t3("disclosed", "total"),
        t3("partly", "natural"),
        t3("partly", "total"),
    }
    licensing = found["t2_5.licensing.decisions"]
    assert (licensing.region, licensing.compiled, licensing.difference) == ("1250", "1520", -270)
    assert licensing.cell is not None and str(licensing.cell) == "统计表!B11"
    assert {(Path(u.file).name, u.text) for u in licensing.units} == {
        ("2023-dongcheng.xlsx", "420"),
        ("2023-xicheng.xlsx", "388"),
        ("2023-nanhu.xlsx", "712"),
    }
    assert found[t3("disclosed", "natural")].difference == -1
    assert found[t3("partly", "natural")].difference == 1
    assert len(found[t3("partly", "natural")].units) == 3


def test_cli_check_against_names_each_cell_and_unit() -> None:
    """``compile --check-against`` exits 1 and prints each differing cell with the units."""
    result = invoke("compile", *UNITS, "--check-against", PLANTED)
    assert result.exit_code == 1, result.output
    out = result.stdout
    assert "5 个单元格不一致" in out
    assert "统计表!B11" in out and "汇总表为 1250，各单位合计为 1520（相差 -270）" in out
    for unit in UNITS:
        assert f"{unit}  统计表!B11 = " in out


def test_cli_check_against_a_matching_region_exits_0() -> None:
    """A regional table equal to the sum of its units: exit 0, and it says so."""
    result = invoke("compile", REGION / "units", "--check-against", REGIONAL, "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "every cell agrees" in result.stdout


def test_check_against_a_region_of_another_form_exits_2(tmp_path: Path) -> None:
    """A regional table on form 2019 against form-2021 units is refused, naming the forms."""
    result = invoke("compile", *UNITS, "--check-against", FORM2019)
    assert result.exit_code == 2
    assert "2019" in result.stderr and "2021" in result.stderr


# --- refusing and blocking ----------------------------------------------------------------------


def test_units_of_different_forms_are_refused_naming_each_file() -> None:
    """A form-2019 unit among form-2021 units: nothing summed, each file named with its form."""
    result = compile_units([CONSISTENT, FORM2019])
    assert result.status == "refused" and result.table is None
    assert result.reason is not None
    assert f"2019: {FORM2019}" in result.reason and f"2021: {CONSISTENT}" in result.reason


def test_cli_refuses_mixed_forms_with_exit_2_and_one_line(tmp_path: Path) -> None:
    """``compile`` of mixed forms prints the units, one stderr line, exits 2, writes nothing."""
    out = tmp_path / "region.xlsx"
    result = invoke("compile", CONSISTENT, FORM2019, "-o", out)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("govstat: ")
    assert str(FORM2019) in result.stderr and str(CONSISTENT) in result.stderr
    assert str(FORM2019) in result.stdout  # the summary names every unit
    assert not out.exists()


def test_a_unit_given_twice_is_named_with_both_files(tmp_path: Path) -> None:
    """``duplicate_units`` names a unit (填报单位 and year) given under two file names, with
    both files; distinct units, and tables whose 填报单位 was not read, pass."""
    from govstat.compile import duplicate_units

    tables = [govstat.read_table(u) for u in UNITS]
    assert duplicate_units(tables) is None
    copy = tables[0].model_copy(update={"source": "copy.xlsx"})
    twice = duplicate_units([*tables, copy])
    assert twice is not None
    assert "东城分局 2023" in str(twice) and f"{UNITS[0]}, copy.xlsx" in str(twice)
    unnamed = [
        t.model_copy(update={"metadata": t.metadata.model_copy(update={"agency": None})})
        for t in (tables[0], copy)
    ]
    assert duplicate_units(unnamed) is None


def test_a_unit_with_errors_blocks_the_compilation(tmp_path: Path) -> None:
    """A unit with errors: exit 1, the unit named as blocking, nothing written."""
    out = tmp_path / "region.xlsx"
    result = invoke("compile", CONSISTENT, ERRORS, "-o", out, "--allow-duplicates")
    assert result.exit_code == 1
    assert "以下单位有错误，未汇总" in result.stdout and str(ERRORS) in result.stdout
    assert not out.exists()


def test_allow_errors_compiles_anyway(tmp_path: Path) -> None:
    """``--allow-errors`` sums a unit with errors, says so, writes the table, and still exits 1
    since the compiled table has errors."""
    out = tmp_path / "region.xlsx"
    result = invoke(
        "compile", CONSISTENT, ERRORS, "-o", out, "--allow-errors", "--allow-duplicates"
    )
    assert result.exit_code == 1, result.output  # the compiled table has errors
    assert "已按 --allow-errors 汇总有错误的单位" in result.stdout
    compiled = govstat.read_table(out)
    # 予以公开 总计: 26 in the consistent table, 27 (the planted error) in the other.
    assert compiled.values[t3("disclosed", "total")].number == 53


def test_a_unit_given_twice_refuses_the_compilation_naming_both_files(tmp_path: Path) -> None:
    """A copy of a unit beside its original (same 填报单位, same year): exit 2, one line naming
    both files; ``--allow-duplicates`` sums them as two units."""
    folder = tmp_path / "units"
    shutil.copytree(REGION / "units", folder)
    copy = folder / "2023-dongcheng - 副本.xlsx"
    shutil.copyfile(folder / "2023-dongcheng.xlsx", copy)
    result = invoke("compile", folder)
    assert result.exit_code == 2
    last = result.stderr.strip().splitlines()[-1]
    assert str(copy) in last and str(folder / "2023-dongcheng.xlsx") in last
    assert "--allow-duplicates" in last
    assert str(folder / "2023-nanhu.xlsx") not in last
    allowed = invoke("compile", folder, "--allow-duplicates", "--lang", "en")
    assert allowed.exit_code == 0, allowed.output
    assert "Compiling 4 units" in allowed.stderr


def test_an_unreadable_unit_refuses_the_compilation(tmp_path: Path) -> None:
    """An empty file among the units: exit 2 naming it; the summary shows it as unreadable."""
    empty = tmp_path / "empty.xlsx"
    empty.write_bytes(b"")
    result = invoke("compile", CONSISTENT, empty)
    assert result.exit_code == 2
    assert str(empty) in result.stderr
    assert "无法读取" in result.stderr  # the summary goes to stderr: the table would be on stdout


def test_the_summary_gives_each_units_form_errors_and_warnings(tmp_path: Path) -> None:
    """The summary has a row per unit: file, form, errors, warnings, status."""
    result = invoke(
        "compile",
        CONSISTENT,
        ERRORS,
        "--allow-errors",
        "--allow-duplicates",
        "-o",
        tmp_path / "r.md",
    )
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    row = next(line for line in lines if str(ERRORS) in line).split()
    assert row[1:5] == ["2021", "5", "1", "有错误"]


# --- how cells add up -------------------------------------------------------------------------


def test_a_blank_cell_is_summed_over_the_other_units_and_reported() -> None:
    """A unit's blank is not 0: the cell sums the others and the gap names the unit."""
    cell = t3("disclosed", "research")
    a = consistent("2021").model_copy(update={"source": "a.xlsx"})
    b = perturb(consistent("2021"), {cell: None}, source="b.xlsx")
    table, gaps = sum_tables([a, b])
    assert table.values[cell].number == a.values[cell].number
    (gap,) = gaps
    assert gap.indicator == cell and gap.name == "予以公开（科研机构）"
    assert [(u.file, u.state) for u in gap.units] == [("b.xlsx", "blank")]
    assert any("b.xlsx" in note for note in table.notes)


def test_a_cell_blank_or_marked_everywhere_stays_without_a_number() -> None:
    """Blank in every unit stays blank; —— in every unit stays a mark; neither is a gap."""
    blank, mark = t3("disclosed", "research"), t3("partly", "research")
    a = perturb(consistent("2021"), {blank: None, mark: "——"}, source="a.xlsx")
    b = perturb(consistent("2021"), {blank: None, mark: "——"}, source="b.xlsx")
    table, gaps = sum_tables([a, b])
    assert table.values[blank].state == "blank"
    assert (table.values[mark].state, table.values[mark].raw) == ("mark", "——")
    assert gaps == []


def test_a_subtotal_is_summed_only_when_every_unit_fills_it() -> None:
    """（三）不予公开 filled in one unit only is left out, not summed over part of the units."""
    subtotal = t3("refused", "natural")
    a = perturb(consistent("2021"), {subtotal: 5}, source="a.xlsx")
    b = consistent("2021").model_copy(update={"source": "b.xlsx"})
    assert sum_tables([a, b])[0].values[subtotal].state == "missing"
    both, gaps = sum_tables([a, perturb(b, {subtotal: 5})])
    assert both.values[subtotal].number == 10 and gaps == []


def test_amounts_in_yuan_and_wan_yuan_add_up_in_yuan() -> None:
    """采购总金额 of 251000元 and 2.5万元 sum to 276000元; the same unit keeps it."""
    cell = "t2_9.procurement.amount"
    a = perturb(consistent("2019"), {cell: "251000元"}, source="a.xlsx")
    b = perturb(consistent("2019"), {cell: "2.5万元"}, source="b.xlsx")
    table, _ = sum_tables([a, b])
    assert (table.values[cell].number, table.values[cell].note) == (276000, "元")
    same, _ = sum_tables([b, b])
    assert (same.values[cell].number, same.values[cell].note) == (5, "万元")


def test_an_approximate_figure_makes_the_sum_approximate() -> None:
    """620余 plus 5 is 625余: the total is at least that."""
    cell = "t2_5.licensing.decisions"
    a = perturb(consistent("2021"), {cell: "620余"}, source="a.xlsx")
    b = perturb(consistent("2021"), {cell: 5}, source="b.xlsx")
    value = sum_tables([a, b])[0].values[cell]
    assert value.display() == "625余"


def test_sum_tables_refuses_mixed_forms() -> None:
    """The library refuses to add a form-2019 table to a form-2021 one."""
    with pytest.raises(govstat.GovstatError, match="2019"):
        sum_tables([consistent("2021"), consistent("2019")])


# --- output ------------------------------------------------------------------------------------


def test_compile_writes_the_official_layout_that_reads_back_as_the_sum(tmp_path: Path) -> None:
    """-o region.xlsx writes the template layout; read back, it is the compiled table."""
    out = tmp_path / "region.xlsx"
    result = invoke("compile", *UNITS, "-o", out, "--agency", "东湖市")
    assert result.exit_code == 0, result.output
    assert f"已写入 {out}" in result.stderr
    back = govstat.read_table(out)
    assert back.metadata.agency == "东湖市" and back.metadata.year == 2023
    compiled = compile_units(UNITS).table
    assert compiled is not None
    for ident, value in compiled.values.items():
        if value.state != "missing":
            assert (back.values[ident].state, back.values[ident].number) == (
                value.state,
                value.number,
            ), ident
    assert govstat.validate(out).counts.error == 0


@pytest.mark.parametrize("suffix", ["json", "csv", "md"])
def test_the_output_format_follows_the_suffix(suffix: str, tmp_path: Path) -> None:
    """-o region.json|csv|md writes what ``render`` would for the compiled table."""
    out = tmp_path / f"region.{suffix}"
    assert invoke("compile", *UNITS, "-o", out).exit_code == 0
    text = out.read_text(encoding="utf-8-sig")
    if suffix == "json":
        document = json.loads(text)
        rows = {r["indicator"]: r for r in document["rows"]}
        assert rows["t2_5.licensing.decisions"]["value"] == 1520
    else:
        assert "1520" in text and "三、收到和处理政府信息公开申请情况" in text


def test_without_output_the_table_goes_to_stdout_and_the_summary_to_stderr() -> None:
    """No -o: Markdown on stdout (pipeable), the summary on stderr."""
    result = invoke("compile", *UNITS)
    assert result.exit_code == 0
    assert result.stdout.startswith("# ") and "| 行政许可 | 1520 |" in result.stdout
    assert "汇总 3 个单位" in result.stderr


def test_an_unknown_output_suffix_exits_2(tmp_path: Path) -> None:
    """-o region.txt without --format: exit 2 asking for --format."""
    result = invoke("compile", *UNITS, "-o", tmp_path / "region.txt")
    assert result.exit_code == 2 and "--format" in result.stderr


def test_compile_never_overwrites_a_unit(tmp_path: Path) -> None:
    """-o naming one of the units is refused with exit 2; the unit is untouched."""
    unit = tmp_path / "unit.xlsx"
    shutil.copyfile(CONSISTENT, unit)
    before = unit.read_bytes()
    result = invoke("compile", unit, CONSISTENT, "-o", unit)
    assert result.exit_code == 2
    assert unit.read_bytes() == before


def test_the_example_script_sums_independently() -> None:
    """The example region's figures: 行政许可 420 + 388 + 712, as the script declares them."""
    assert sum(RX.T2[u][2][0] for u in RX.UNITS) == 1520
