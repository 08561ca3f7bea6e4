"""Templates that check themselves: the rules as formulas in the template's check block,
recalculated by LibreOffice, flag exactly what ``govstat validate`` finds in the same file.

Each scenario types figures into a template by script (errors planted where the scenario
says), LibreOffice headless recalculates and saves the workbooks (``soffice --convert-to
xlsx``), and the saved results are read back: the check cells that say ✗, the failure count,
and the truth of each red-cell conditional format (evaluated by LibreOffice in a probe copy).
Skipped where LibreOffice is absent (``.ci/run`` installs ``libreoffice-calc``).
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

import govstat
from govstat.forms import get_form
from govstat.model import FilledTable, Report, Value
from govstat.rules import Either, Relation, Unlikely
from govstat.template import Painted, paint_template
from govstat.template.checks import FAIL, PASS, checks
from support import invoke

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@dataclass(frozen=True)
class Scenario:
    name: str
    source: str | None
    """The example whose figures are typed in; None for the blank template."""
    form: str
    changes: dict[str, int | None]
    """Indicator → the figure typed instead (None: left blank)."""
    fails: set[str]
    """The rules the planted errors break (as the spec's rule table says)."""


SCENARIOS = [
    Scenario("blank-2014", None, "2014", {}, set()),
    Scenario("blank-2021", None, "2021", {}, set()),
    Scenario("corrected-2014", "2018-corrected.xlsx", "2014", {}, set()),
    Scenario(
        "planted-2014",
        "2018-corrected.xlsx",
        "2014",
        # 收到申请数 one too many; 兼职 one too few; 不同意公开 grounds over the refusals;
        # 传真申请数 left blank (its rule 2014-3-01 becomes not checkable, not failing).
        {
            "requests_completed": 6,
            "staff_part_time": 0,
            "refused_privacy": 1,
            "requests_fax": None,
        },
        {"2014-3-02", "2014-3-06", "2014-7-01", "2014-3-04", "2014-3-05"},
    ),
    Scenario("seed-2014", "2018-seed.xlsx", "2014", {}, {"2014-3-03", "2014-8-01"}),
    Scenario(
        "planted-2021",
        "2023-form2021-errors.xlsx",
        "2021",
        {"t2_1.normative.valid": 1},  # 现行有效件数 below 制发 − 废止: 2021-2-02
        {"2021-3-01", "2021-3-02", "2021-3-03", "2021-4-01", "2021-2-02"},
    ),
    Scenario(
        "planted-2019",
        "2020-form2019.xlsx",
        "2019",
        # 复议后起诉 总计 over its parts; （六）其他处理 of 自然人 breaks its column and its row.
        {"t4.after_total": 9, "t3.other.natural": 7},
        {"2019-4-01", "2019-3-02", "2019-3-03"},
    ),
]


def filled(scenario: Scenario) -> FilledTable | None:
    if scenario.source is None:
        return None
    table = govstat.read_table(EXAMPLES / scenario.source)
    values = dict(table.values)
    for indicator, number in scenario.changes.items():
        values[indicator] = (
            Value(indicator=indicator, state="blank")
            if number is None
            else Value(indicator=indicator, state="number", number=Decimal(number))
        )
    return table.model_copy(update={"values": values})


@dataclass
class Recalculated:
    painted: Painted
    path: Path
    """The workbook as LibreOffice saved it after recalculating."""
    probe: Path
    """A copy whose spare cells hold each red-cell condition, as LibreOffice computed it."""


@pytest.fixture(scope="module")
def recalculated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Recalculated]:
    """Every scenario typed into its template, then recalculated by LibreOffice at once."""
    if SOFFICE is None:
        pytest.skip("needs LibreOffice Calc (Debian libreoffice-calc) to recalculate the template")
    folder = tmp_path_factory.mktemp("checks")
    written: dict[str, tuple[Painted, Path, Path]] = {}
    for scenario in SCENARIOS:
        painted = paint_template(get_form(scenario.form), filled(scenario))
        path = folder / f"{scenario.name}.xlsx"
        painted.book.save(path)
        probe_book = load_workbook(path)
        sheet = probe_book.active
        assert sheet is not None
        spare = sheet.max_column + 2
        for row, (check, _) in enumerate(painted.checks.results, start=1):
            sheet.cell(row, spare).value = "=" + check.failing_formula()
        probe = folder / f"{scenario.name}-probe.xlsx"
        probe_book.save(probe)
        written[scenario.name] = (painted, path, probe)
    out = folder / "out"
    files = [str(p) for _, path, probe in written.values() for p in (path, probe)]
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{folder / 'profile'}",
            "--headless",
            "--calc",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(out),
            *files,
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return {
        name: Recalculated(painted, out / path.name, out / probe.name)
        for name, (painted, path, probe) in written.items()
    }


def sheet_results(item: Recalculated) -> dict[tuple[str, tuple[str, ...]], str]:
    """(rule, cells it reads) → the check cell's saved result: ✓, ✗ or empty."""
    sheet = load_workbook(item.path, data_only=True).active
    assert sheet is not None
    return {
        (check.rule, tuple(sorted(check.inputs))): sheet[coordinate].value or ""
        for check, coordinate in item.painted.checks.results
    }


def govstat_results(report: Report) -> dict[tuple[str, tuple[str, ...]], str]:
    """The same, from ``govstat validate``: ✗ for a finding, empty for not checkable."""
    form = get_form(report.form)
    formula_rules = {r.id for r in form.rules if isinstance(r, Relation | Unlikely)}
    out = {}
    for finding in report.findings:
        if finding.rule not in formula_rules:
            continue
        cells = tuple(sorted(c.cell.address for c in finding.cells if c.cell is not None))
        out[(finding.rule, cells)] = FAIL if finding.checkable else ""
    return out


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.name)
def test_recalculated_template_flags_exactly_the_planted_rules(
    scenario: Scenario, recalculated: dict[str, Recalculated]
) -> None:
    """After LibreOffice recalculates, the check cells fail exactly the planted rules, the
    failure count says how many checks fail, and a blank template fails nothing."""
    item = recalculated[scenario.name]
    results = sheet_results(item)
    assert set(results.values()) <= {PASS, FAIL, ""}
    failing = {rule for (rule, _), result in results.items() if result == FAIL}
    assert failing == scenario.fails
    sheet = load_workbook(item.path, data_only=True).active
    assert sheet is not None
    assert sheet[item.painted.checks.failing].value == sum(r == FAIL for r in results.values())
    assert sheet[item.painted.checks.unchecked].value == sum(r == "" for r in results.values())
    if scenario.source is None:
        assert set(results.values()) == {""}, "a blank template must not look like failures"


@pytest.mark.parametrize("scenario", [s for s in SCENARIOS if s.source], ids=lambda s: s.name)
def test_recalculated_template_matches_govstat_validate(
    scenario: Scenario, recalculated: dict[str, Recalculated]
) -> None:
    """``govstat validate`` on the recalculated file reads the figures back (the check block
    does not disturb the reader) and fails the same rules on the same cells as the sheet."""
    item = recalculated[scenario.name]
    report = govstat.validate(item.path)
    assert report.form == scenario.form
    assert not [f for f in report.findings if f.rule.split("-")[1] in ("R", "F") and f.checkable]
    sheet = {key: value for key, value in sheet_results(item).items() if value != PASS}
    assert sheet == govstat_results(report)


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.name)
def test_red_cells_are_red_exactly_while_their_rule_fails(
    scenario: Scenario, recalculated: dict[str, Recalculated]
) -> None:
    """Each conditional format that paints a total red is true exactly where its check cell
    says ✗: never while a cell it reads is blank."""
    item = recalculated[scenario.name]
    probe = load_workbook(item.probe, data_only=True).active
    sheet = load_workbook(item.path, data_only=True).active
    assert probe is not None and sheet is not None
    spare = max(c.column for row in probe.iter_rows() for c in row if isinstance(c.value, bool))
    for row, (_, coordinate) in enumerate(item.painted.checks.results, start=1):
        assert probe.cell(row, spare).value is (sheet[coordinate].value == FAIL)


def test_every_relation_over_printed_cells_has_a_check() -> None:
    """Each rule over cells (relations, unlikely combinations) of each form is in the check
    block, except those reading last year's table or a group subtotal no template prints."""
    for form_id in ("2014", "2019", "2021"):
        form = get_form(form_id)
        painted = paint_template(form)
        addresses = painted.paint.addresses
        expected = set()
        for rule in form.rules:
            if not isinstance(rule, Relation | Unlikely):
                continue
            inputs = [i.removeprefix("-") for i in rule.inputs()]
            if any(i.startswith("prev:") for i in inputs):
                continue
            terms = [*rule.left, *rule.right] if isinstance(rule, Relation) else []
            if not all(isinstance(t, Either) or t.removeprefix("-") in addresses for t in terms):
                continue  # a group's subtotal row (X-3-04): templates print its rows only
            expected.add(rule.id)
        block = {check.rule for check, _ in painted.checks.results}
        assert block == expected
        assert len(painted.checks.results) == len(checks(form, addresses))


@pytest.mark.parametrize("form_id", ["2014", "2019", "2021"])
def test_cli_template_carries_the_check_formulas(form_id: str, tmp_path: Path) -> None:
    """The workbook ``govstat template`` writes holds one result formula per check, the two
    count formulas and a red conditional format per check, all to the right of the form."""
    path = tmp_path / f"{form_id}.xlsx"
    assert invoke("template", "--form", form_id, "-o", path).exit_code == 0
    sheet = load_workbook(path).active
    assert sheet is not None
    painted = paint_template(get_form(form_id))
    results = [
        c.value
        for row in sheet.iter_rows()
        for c in row
        if isinstance(c.value, str) and c.value.startswith("=IF(COUNT(")
    ]
    assert len(results) == len(painted.checks.results) > 0
    assert str(sheet[painted.checks.failing].value).startswith("=COUNTIF(")
    assert str(sheet[painted.checks.unchecked].value).startswith("=ROWS(")
    formats = [rule for cf in sheet.conditional_formatting for rule in cf.rules]
    assert sum("AND(COUNT(" in rule.formula[0] for rule in formats) == len(results)
    formula_columns = {
        c.column for row in sheet.iter_rows() for c in row if str(c.value).startswith("=")
    }
    assert min(formula_columns) >= painted.checks.column
