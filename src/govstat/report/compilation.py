"""What ``govstat compile`` prints: the units, what blocks them, the gaps, the differences."""

from __future__ import annotations

from decimal import Decimal

from govstat.compile import Comparison, Compilation, UnitCell
from govstat.model import Lang
from govstat.report.summary import HEADS, cells

_COMPILE_STATUS = {
    "zh": {"ok": "可汇总", "fail": "有错误", "unreadable": "无法读取"},
    "en": {"ok": "ok", "fail": "errors", "unreadable": "unreadable"},
}


def compilation_text(compilation: Compilation, lang: Lang = "zh") -> str:
    """What ``govstat compile`` prints: each unit, what blocks, the gaps, the compiled table's
    findings."""
    from rich.cells import cell_len

    units = compilation.units
    form = f"（{compilation.form} 表式）" if compilation.form and lang == "zh" else ""
    if compilation.form and lang == "en":
        form = f" (form {compilation.form})"
    lines = [
        f"汇总 {len(units)} 个单位{form}："
        if lang == "zh"
        else f"Compiling {len(units)} units{form}:"
    ]
    rows = [list(HEADS[lang])]
    for unit in units:
        row = cells(unit, lang)
        row[4] = (
            _COMPILE_STATUS[lang][unit.status]
            + (f"：{unit.message}" if lang == "zh" and unit.message else "")
            + (f": {unit.message}" if lang == "en" and unit.message else "")
        )
        rows.append(row)
    widths = [max(cell_len(r[i]) for r in rows) for i in range(4)]
    for row in rows:
        padded = [
            (" " * (w - cell_len(c)) + c) if i in (2, 3) else (c + " " * (w - cell_len(c)))
            for i, (c, w) in enumerate(zip(row[:4], widths, strict=True))
        ]
        lines.append("  " + "  ".join([*padded, row[4]]).rstrip())
    lines.append("")
    failing = [u.file for u in units if u.status == "fail"]
    if compilation.status == "blocked":
        names = "、".join(failing) if lang == "zh" else ", ".join(failing)
        lines.append(
            f"以下单位有错误，未汇总（加 --allow-errors 仍然汇总）：{names}"
            if lang == "zh"
            else f"units with errors block the compilation (--allow-errors compiles anyway): "
            f"{names}"
        )
    elif compilation.status == "compiled":
        if failing:
            names = "、".join(failing) if lang == "zh" else ", ".join(failing)
            lines.append(
                f"已按 --allow-errors 汇总有错误的单位：{names}"
                if lang == "zh"
                else f"compiled with --allow-errors despite errors in: {names}"
            )
        lines += _gap_lines(compilation, lang)
        if compilation.counts is not None:
            c = compilation.counts
            lines.append(
                f"汇总表：{c.error} 个错误，{c.warning} 个警告，{c.info} 个提示"
                if lang == "zh"
                else f"compiled table: {c.error} errors, {c.warning} warnings, {c.info} notes"
            )
    return "\n".join(lines) + "\n"


def _where(unit: UnitCell) -> str:
    return str(unit.cell) if unit.cell else "—"


def _unit_value(unit: UnitCell, lang: Lang) -> str:
    if unit.state == "missing":
        return "（无此行）" if lang == "zh" else "(row not in the table)"
    if unit.text == "":
        return "（空白）" if lang == "zh" else "(blank)"
    return unit.text


def _gap_lines(compilation: Compilation, lang: Lang) -> list[str]:
    if not compilation.gaps:
        return []
    lines = [
        f"以下 {len(compilation.gaps)} 个单元格有单位没有数值（不按 0 计），只合计了其余单位："
        if lang == "zh"
        else f"{len(compilation.gaps)} cells where some units hold no number (not read as 0); "
        "only the other units are summed:"
    ]
    for gap in compilation.gaps:
        lines.append(f"  ! {gap.name}")
        lines += [f"      {u.file}  {_where(u)} = {_unit_value(u, lang)}" for u in gap.units]
    return lines


def comparison_text(comparison: Comparison, lang: Lang = "zh") -> str:
    """Each cell of the regional table that is not the sum of its units, with the units."""
    n = len(comparison.differences)
    if lang == "zh":
        head = f"比对 {comparison.region} 与 {comparison.units} 个单位的合计：" + (
            f"{n} 个单元格不一致" if n else "完全一致"
        )
    else:
        head = f"{comparison.region} against the sum of its {comparison.units} units: " + (
            f"{n} cells differ" if n else "every cell agrees"
        )
    lines = [head]
    for d in comparison.differences:
        where = str(d.cell) if d.cell else "—"
        region = d.region or ("空白" if lang == "zh" else "blank")
        if lang == "zh":
            gap = f"（相差 {_signed(d.difference)}）" if d.difference is not None else ""
            lines.append(
                f"  ✗ {where}  {d.name}：汇总表为 {region}，各单位合计为 {d.compiled}{gap}"
            )
        else:
            gap = f" (difference {_signed(d.difference)})" if d.difference is not None else ""
            lines.append(
                f"  ✗ {where}  {d.name}: the regional table says {region}, its units add up "
                f"to {d.compiled}{gap}"
            )
        lines += [f"      {u.file}  {_where(u)} = {_unit_value(u, lang)}" for u in d.units]
        if d.zero_units:
            lines.append(
                f"      （另有 {d.zero_units} 个单位为 0）"
                if lang == "zh"
                else f"      (and {d.zero_units} units holding 0)"
            )
    return "\n".join(lines) + "\n"


def _signed(number: Decimal | None) -> str:
    from govstat.model import format_number

    assert number is not None
    return ("+" if number > 0 else "") + format_number(number)
