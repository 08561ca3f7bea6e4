"""Error localisation (govstat.localise): the fewest cells to change, their values, the ranking,
typo names, and how hints reach the report, the text output and the JSON.

The tables are the examples of the three forms, as read or rebuilt from their figures
(helpers_2014, helpers_current), with errors planted in memory; the expected locations are the
planted cells and their original values, never computed by the code under test.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from decimal import Decimal
from itertools import combinations
from typing import Any

import pytest

import govstat
from govstat import localise
from govstat.api import build_report
from govstat.engine import check
from govstat.forms import get_form
from govstat.localise import (
    Group,
    add_hints,
    groups,
    interval,
    locate,
    single_fixes,
    typo,
)
from govstat.model import FilledTable, Finding, Hint, Lang
from govstat.rules import Context, Relation
from helpers_2014 import filled
from helpers_current import (
    CONSISTENT,
    ERRORS,
    FORM2019,
    SEED,
    consistent,
    perturb,
    t3,
)
from support import invoke

# ---------------------------------------------------------------- helpers


def hints_of(findings: list[Finding], rule: str | None = None) -> list[Hint]:
    """The hints of the first error finding (of ``rule``) that has any."""
    for finding in findings:
        if finding.hints and (rule is None or finding.rule == rule):
            return finding.hints
    return []


def sets(hints: list[Hint]) -> list[dict[str, Decimal]]:
    """Each hint as {cell: suggested value}, in rank order."""
    return [{c.indicator: c.suggested for c in h.changes} for h in hints]


def hinted(
    table: FilledTable, lang: Lang = "zh", **options: Any
) -> tuple[list[Finding], list[str]]:
    return add_hints(table, check(table, lang), lang, **options)


def number(table: FilledTable, ident: str) -> Decimal:
    value = table.values[ident].number
    assert value is not None
    return value


def numbered_cells(table: FilledTable, prefix: str) -> list[str]:
    return [i for i in table.values if i.startswith(prefix) and table.values[i].has_number]


# ---------------------------------------------------------------- the seed: the example


def test_seed_hint_lists_the_three_single_cell_fixes() -> None:
    """On the seed, 2014-3-03 gets exactly the three one-cell fixes, each with its value."""
    report = govstat.validate(SEED)
    hints = hints_of(report.findings, "2014-3-03")
    assert sorted(sets(hints), key=str) == sorted(
        [
            {"replies_already_public": Decimal(0)},
            {"replies_disclosed": Decimal(3)},
            {"replies": Decimal(7)},
        ],
        key=str,
    )
    assert [h.rank for h in hints] == [1, 2, 3]
    assert all(h.kind == "fix" for h in hints)
    by_cell = {h.changes[0].indicator: h.changes[0] for h in hints}
    assert by_cell["replies_already_public"].reported == 2
    assert by_cell["replies_disclosed"].reported == 5
    assert by_cell["replies"].reported == 5
    assert by_cell["replies"].cell is not None and by_cell["replies"].cell.address == "C34"


def test_seed_ranks_replies_last_because_it_would_break_3_06() -> None:
    """申请答复数 5 → 7 ranks last, and its message says it would break 2014-3-06, holding now."""
    hints = hints_of(govstat.validate(SEED).findings, "2014-3-03")
    last = hints[-1]
    assert [c.indicator for c in last.changes] == ["replies"]
    assert last.weight > max(h.weight for h in hints[:-1])
    assert "申请答复数" in last.message and "5 改为 7" in last.message
    assert "2014-3-06" in last.message and "现在成立" in last.message
    for hint in hints[:-1]:
        assert "2014-3-06" not in hint.message
        assert "仍然成立" in hint.message


def test_seed_hints_in_english() -> None:
    """With lang en the hint messages are English and give the same reason for the ranking."""
    hints = hints_of(govstat.validate(SEED, lang="en").findings, "2014-3-03")
    assert hints[-1].message.startswith("change ")
    assert "from 5 to 7" in hints[-1].message
    assert "breaks 2014-3-06" in hints[-1].message and "holds now" in hints[-1].message
    assert "no rule that holds now breaks" in hints[0].message


def test_hints_only_under_error_findings() -> None:
    """Warnings and notes of the seed carry no hint; the one error does."""
    report = govstat.validate(SEED)
    for finding in report.findings:
        assert bool(finding.hints) == (finding.rule == "2014-3-03")


def test_hints_false_attaches_none() -> None:
    """validate(hints=False) and build_report(hints=False) leave every finding without hints."""
    assert not any(f.hints for f in govstat.validate(SEED, hints=False).findings)
    table = govstat.read_table(ERRORS)
    assert not any(f.hints for f in build_report(table, hints=False).findings)


# ---------------------------------------------------------------- form 2014, built tables


def test_2014_ranking_prefers_the_cell_that_agrees_with_other_rules() -> None:
    """按时办结数 5 → 7 breaks 申请办结数's sum; changing 申请办结数 instead would break
    2014-3-06, so the planted cell ranks first."""
    hints = hints_of(hinted(filled({"completed_on_time": 7}))[0], "2014-3-02")
    assert sets(hints)[0] == {"completed_on_time": Decimal(5)}
    assert {"requests_completed": Decimal(7)} in sets(hints)
    assert "2014-3-06" in hints[-1].message


def test_2014_swap_is_named_and_ranked_first() -> None:
    """收到申请数 12 over parts summing to 21: the swap 12 → 21 is named and ranks first."""
    base = {"requests_received": 21, "requests_in_person": 3, "requests_online": 18}
    table = filled({**base, "requests_received": 12})
    hints = hints_of(hinted(table)[0], "2014-3-01")
    assert hints[0].kind == "swap"
    assert sets(hints)[0] == {"requests_received": Decimal(21)}
    assert "颠倒" in hints[0].message
    assert {"requests_online": Decimal(9)} in sets(hints)
    assert hints[0].weight < hints[1].weight


def test_2014_inequality_hint_gives_a_bound() -> None:
    """A channel larger than the items disclosed: its fix is 620 or less, the total's 4000 or
    more, as the ≤ rule allows a range."""
    hints = hints_of(hinted(filled({"proactive_website": 4000}))[0], "2014-1-02")
    by_cell = {h.changes[0].indicator: h for h in hints}
    assert by_cell["proactive_website"].changes[0].suggested == 620
    assert "620 或更小" in by_cell["proactive_website"].message
    assert by_cell["proactive_total"].changes[0].suggested == 4000
    assert "4000 或更大" in by_cell["proactive_total"].message


def test_2014_corrected_seed_gives_no_hint() -> None:
    """A consistent table has no error, so no hint and no note."""
    findings, notes = hinted(filled())
    assert not any(f.hints for f in findings) and notes == []


# ---------------------------------------------------------------- forms 2019 and 2021: one error


def _t3_cells(form_id: str) -> list[str]:
    return numbered_cells(consistent(form_id), "t3.")


@pytest.mark.parametrize("form_id", ["2021", "2019"])
def test_examples_have_every_table_3_cell(form_id: str) -> None:
    """The consistent examples fill all of table 三 (175 cells in 2021, 161 in 2019)."""
    assert len(_t3_cells(form_id)) == (175 if form_id == "2021" else 161)


@pytest.mark.parametrize("form_id", ["2021", "2019"])
@pytest.mark.parametrize("delta", [3, -1])
def test_single_error_in_table_3_is_located_exactly(form_id: str, delta: int) -> None:
    """Any one cell of table 三 off by +3 (or −1 where it can be) is the only smallest set,
    with its original value."""
    base = consistent(form_id)
    for ident in _t3_cells(form_id):
        original = number(base, ident)
        if original + delta < 0:
            continue
        findings, notes = hinted(perturb(base, {ident: int(original) + delta}))
        assert sets(hints_of(findings)) == [{ident: original}], ident
        assert notes == []


@pytest.mark.parametrize("form_id", ["2021", "2019"])
def test_single_error_in_table_4_is_among_the_fixes(form_id: str) -> None:
    """In table 四 a total and its parts share one rule, so a wrong part or total is one of the
    smallest sets (Fellegi–Holt cannot tell which) and comes with its original value."""
    base = consistent(form_id)
    for ident in numbered_cells(base, "t4."):
        original = number(base, ident)
        findings, _ = hinted(perturb(base, {ident: int(original) + 2}))
        hints = hints_of(findings, f"{form_id}-4-01")
        assert {ident: original} in sets(hints), ident
        assert all(len(h.changes) == 1 for h in hints)


def test_each_hint_mends_the_table() -> None:
    """Applying any hint's changes leaves no error finding (checked by the engine)."""
    base = consistent("2021")
    table = perturb(base, {t3("disclosed", "natural"): 22, t3("unable_not_held", "legal"): 5})
    for hint in hints_of(hinted(table)[0]):
        mended = perturb(table, {c.indicator: int(c.suggested) for c in hint.changes})
        assert not [f for f in check(mended) if f.severity.value == "error" and f.checkable]


def test_a_negative_count_is_a_forced_change() -> None:
    """A count of −20 must change; the rules put it back at 20, under its type error too."""
    base = consistent("2021")
    findings, _ = hinted(perturb(base, {t3("disclosed", "natural"): -20}))
    assert sets(hints_of(findings)) == [{t3("disclosed", "natural"): Decimal(20)}]
    types = next(f for f in findings if f.rule == "2021-3-05")
    assert sets(types.hints) == [{t3("disclosed", "natural"): Decimal(20)}]


def test_errors_example_hints_cover_its_planted_cells() -> None:
    """The errors example: table 四's 总计 0 → 4 is its only fix; table 三's smallest sets have
    three cells and include the planted 予以公开 总计 and 结转下年度 cells."""
    report = govstat.validate(ERRORS)
    t4 = hints_of(report.findings, "2021-4-01")
    assert sets(t4) == [{"t4.review_total": Decimal(4)}]
    t3_sets = sets(hints_of(report.findings, "2021-3-03"))
    planted = {
        t3("disclosed", "total"): Decimal(26),
        t3("carry_next", "commercial"): Decimal(1),
        t3("carry_next", "total"): Decimal(3),
    }
    assert planted in t3_sets
    assert all(len(s) == 3 for s in t3_sets)
    assert all(s[t3("disclosed", "total")] == 26 for s in t3_sets)


# ---------------------------------------------------------------- two errors


@pytest.mark.parametrize("form_id", ["2021", "2019"])
def test_two_errors_in_table_3_are_both_located(form_id: str) -> None:
    """Two wrong cells in different rows and columns form the one smallest set, with both
    original values."""
    base = consistent(form_id)
    a, b = t3("disclosed", "natural"), t3("unable_not_held", "legal")
    findings, notes = hinted(perturb(base, {a: 22, b: 5}))
    assert sets(hints_of(findings)) == [{a: number(base, a), b: number(base, b)}]
    assert notes == []


def test_two_errors_in_separate_tables_get_separate_hints() -> None:
    """A wrong cell in table 三 and one in table 四: each finding's hints name only its own
    table's cells."""
    base = consistent("2021")
    a = t3("partly", "natural")
    findings, _ = hinted(perturb(base, {a: 8, "t4.review_pending": 3}))
    assert sets(hints_of(findings, "2021-3-02")) == [{a: Decimal(5)}]
    t4_sets = sets(hints_of(findings, "2021-4-01"))
    assert {"t4.review_pending": Decimal(1)} in t4_sets
    assert all(all(c.startswith("t4.") for c in s) for s in t4_sets)


def _brute_force_pairs(group: Group) -> list[set[str]]:
    """Every pair of cells that mends the group, by exhaustion and exact arithmetic, no solver:
    for each pair covering the broken rules, each value the first cell can take (the one an
    equation without the second cell fixes, else every value up to the solver's bound), the
    second cell's exact range."""
    found = []
    for a, b in combinations(group.cells, 2):
        if not all(a in c.terms or b in c.terms for c in group.broken):
            continue  # a rule neither cell is in stays broken
        fixed = {
            -(c.total(group.reported) - c.terms[a] * group.reported[a]) / c.terms[a]
            for c in group.constraints
            if c.op == "==" and a in c.terms and b not in c.terms
        }
        for value in fixed or map(Decimal, range(int(group.top) + 1)):
            if value == group.reported[a]:
                continue
            span = interval(group, b, {**group.reported, a: value})
            if span is not None and span != (group.reported[b], group.reported[b]):
                found.append({a, b})
                break
    return found


def test_solver_sets_equal_a_brute_force_search() -> None:
    """For two planted errors, the solver's smallest sets are exactly the pairs a brute-force
    search finds, and no single cell would do."""
    base = consistent("2021")
    table = perturb(base, {t3("partly", "commercial"): 0, t3("partly", "research"): 1})
    (located,) = locate(table)
    assert single_fixes(located.group) == []
    solver = [set(f.values) for f in located.fixes]
    brute = _brute_force_pairs(located.group)
    assert sorted(map(sorted, solver)) == sorted(map(sorted, brute))
    assert located.search == "complete"


def test_solver_agrees_with_the_exact_single_cell_search() -> None:
    """On single errors, the solver (called directly) finds the same cells as the exact search."""
    from govstat.localise import _solve  # the solver path, which locate() skips for one cell

    base = consistent("2021")
    for ident in [t3("new", "natural"), t3("refused_query", "other"), t3("total", "total")]:
        (group,) = [g for g in groups(perturb(base, {ident: 7})) if g.broken]
        chosen, search = _solve(group, deadline=float("inf"), max_sets=8)
        assert sorted(map(sorted, chosen)) == sorted(sorted(f.values) for f in single_fixes(group))
        assert search == "complete"


# ---------------------------------------------------------------- typos


@pytest.mark.parametrize(
    ("reported", "suggested", "kind"),
    [
        (1243, 1234, "swap"),
        (94, 49, "swap"),
        (1284, 1234, "digit"),
        (19, 49, "digit"),
        (27, 26, None),  # the last digit: as much a counting slip as a typo
        (5, 7, None),  # one digit: any change is a one-digit change
        (40, 4, None),  # 04 is no number anyone types
        (1234, 1324, "swap"),
        (1234, 4231, None),
        (123, 1234, None),
    ],
)
def test_typo_names(reported: int, suggested: int, kind: str | None) -> None:
    """typo() names adjacent swaps and one-digit slips other than in the last digit."""
    assert typo(Decimal(reported), Decimal(suggested)) == kind


@pytest.mark.parametrize("form_id", ["2021", "2019"])
def test_swapped_digits_are_named_as_a_swap(form_id: str) -> None:
    """总计 of 一、本年新收 typed 94 for 49 is named a swap and located exactly."""
    base = consistent(form_id)
    ident = t3("new", "total")
    assert number(base, ident) == 49
    hints = hints_of(hinted(perturb(base, {ident: 94}))[0])
    assert [h.kind for h in hints] == ["swap"]
    assert sets(hints) == [{ident: Decimal(49)}]
    assert "相邻两位数字颠倒" in hints[0].message


def test_swap_named_in_english() -> None:
    """The English hint says the digits look swapped."""
    table = perturb(consistent("2021"), {t3("new", "total"): 94})
    hints = hints_of(hinted(table, "en")[0])
    assert hints[0].kind == "swap" and "digits swapped" in hints[0].message


def test_mistyped_digit_is_named() -> None:
    """总计 of 一、本年新收 typed 19 for 49 is named a one-digit typo."""
    table = perturb(consistent("2021"), {t3("new", "total"): 19})
    hints = hints_of(hinted(table)[0])
    assert [h.kind for h in hints] == ["digit"]
    assert "一位数字输错" in hints[0].message


def test_value_in_the_neighbouring_column_is_a_shift() -> None:
    """部分公开's 1 typed under 科研机构 instead of 商业企业 (row sums still hold) is named a
    shift, ranks first, and moves the value back."""
    a, b = t3("partly", "commercial"), t3("partly", "research")
    hints = hints_of(hinted(perturb(consistent("2021"), {a: 0, b: 1}))[0])
    assert hints[0].kind == "shift"
    assert sets(hints)[0] == {a: Decimal(1), b: Decimal(0)}
    assert "相邻" in hints[0].message
    assert all(h.kind == "fix" for h in hints[1:])


def test_value_in_the_next_row_is_a_shift() -> None:
    """部分公开's 5 (自然人) typed one row down, over 属于国家秘密's 1, is named a shift."""
    a, b = t3("partly", "natural"), t3("refused_secret", "natural")
    hints = hints_of(hinted(perturb(consistent("2019"), {a: 0, b: 5}))[0])
    assert hints[0].kind == "shift"
    assert sets(hints)[0] == {a: Decimal(5), b: Decimal(1)}


def test_shift_without_addresses_uses_the_printed_form() -> None:
    """A table that came with no cell addresses still names the shift, by the form's columns."""
    a, b = t3("partly", "commercial"), t3("partly", "research")
    table = perturb(consistent("2021"), {a: 0, b: 1})
    bare = {i: v.model_copy(update={"cell": None}) for i, v in table.values.items()}
    hints = hints_of(hinted(table.model_copy(update={"values": bare}))[0])
    assert hints[0].kind == "shift"
    assert "E27" not in hints[0].message and "F27" not in hints[0].message  # no address


# ---------------------------------------------------------------- bounds and notes


def test_a_search_out_of_time_says_so() -> None:
    """With no time left, a two-cell error gets no hint and a note that the search stopped."""
    table = perturb(
        consistent("2021"), {t3("partly", "commercial"): 0, t3("partly", "research"): 1}
    )
    findings, notes = hinted(table, time_limit=0)
    assert not any(f.hints for f in findings)
    assert len(notes) == 1 and "时限" in notes[0] and "未证明" in notes[0]


def test_more_sets_than_listed_says_so() -> None:
    """With one set allowed, the shift case (two smallest sets) lists one and says there are
    more."""
    table = perturb(
        consistent("2021"), {t3("partly", "commercial"): 0, t3("partly", "research"): 1}
    )
    findings, notes = hinted(table, max_sets=1)
    assert len(hints_of(findings)) == 1
    assert notes == [
        "错误定位：2021-3-02 涉及的单元格有多于 1 种改动最少的改法，只列出 1 种",
    ]


def test_single_cell_sets_beyond_the_cap_say_so() -> None:
    """The seed's three one-cell fixes, capped at two: the best two are listed, with a note."""
    table = govstat.read_table(SEED)
    findings, notes = hinted(table, max_sets=2)
    assert [c.indicator for h in hints_of(findings) for c in h.changes] == [
        "replies_already_public",
        "replies_disclosed",
    ]
    assert len(notes) == 1 and "只列出 2 种" in notes[0]


def test_notes_reach_the_report(monkeypatch: pytest.MonkeyPatch) -> None:
    """Report.notes carries what localisation says (here in English)."""
    table = perturb(
        consistent("2021"), {t3("partly", "commercial"): 0, t3("partly", "research"): 1}
    )
    monkeypatch.setattr(localise, "TIME_LIMIT", 0)
    report = build_report(table, "en")
    assert any("time limit of 0 s" in note for note in report.notes)


# ---------------------------------------------------------------- the rules, read linearly


@pytest.mark.parametrize(
    "table",
    [
        pytest.param(lambda: govstat.read_table(SEED), id="seed"),
        pytest.param(lambda: govstat.read_table(ERRORS), id="2021-errors"),
        pytest.param(lambda: govstat.read_table(FORM2019), id="2019"),
        pytest.param(
            lambda: govstat.api.with_previous(
                govstat.read_table(CONSISTENT), govstat.read_table(CONSISTENT)
            ),
            id="2021-with-previous",
        ),
    ],
)
def test_relation_linear_agrees_with_evaluate(table: Any) -> None:
    """Relation.linear is None exactly when evaluate passes the rule over or cannot check it,
    and its terms hold exactly when evaluate finds nothing."""
    filled_table: FilledTable = table()
    form = get_form(filled_table.form)
    ctx = Context(form, filled_table.values, "zh", filled_table.metadata, filled_table.previous)
    for rule in form.rules:
        if not isinstance(rule, Relation):
            continue
        found = rule.evaluate(ctx)
        linear = rule.linear(ctx)
        if linear is None:
            assert found == [] or not found[0].checkable, rule.id
            continue
        total = sum((sign * (ctx.value(ident).number or 0) for sign, ident in linear), Decimal(0))
        holds = {"==": total == 0, "<=": total <= 0, ">=": total >= 0}[rule.op]
        assert holds == (found == []), rule.id


# ---------------------------------------------------------------- the command line


def test_text_report_prints_hints_under_the_finding() -> None:
    """The text report prints the ranked suggestions right under 2014-3-03's cells."""
    lines = invoke("validate", SEED).stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if "2014-3-03" in line)
    head = next(i for i in range(start, len(lines)) if "建议（仅供参考）" in lines[i])
    assert all("统计表!" in line for line in lines[start + 1 : head])
    assert lines[head + 1].strip().startswith("1. 将属于已主动公开范围数（C35）由 2 改为 0")
    assert lines[head + 2].strip().startswith("2. 将同意公开答复数（C36）由 5 改为 3")
    assert lines[head + 3].strip().startswith("3. 将申请答复数（C34）由 5 改为 7")
    assert "2014-3-06" in lines[head + 3]


def test_text_report_in_english_marks_suggestions() -> None:
    """In English the hints are headed as suggestions, not corrections."""
    out = invoke("validate", SEED, "--lang", "en").stdout
    assert "suggestions (not corrections)" in out


def test_text_report_refers_to_hints_printed_above() -> None:
    """Findings sharing one group's hints print them once and refer to them afterwards."""
    out = invoke("validate", ERRORS).stdout
    assert out.count("改动最少的改法") == 1
    assert "见上文 2021-3-01 下的建议" in out


def test_no_hints_option_turns_them_off() -> None:
    """--no-hints prints no suggestion and the JSON has empty hint lists."""
    assert "建议" not in invoke("validate", SEED, "--no-hints").stdout
    document = json.loads(invoke("validate", SEED, "--no-hints", "--format", "json").stdout)
    assert all(f["hints"] == [] for f in document["findings"])


def test_json_carries_hints_as_the_library_does() -> None:
    """--format json holds the hints, equal to the library's report."""
    result = invoke("validate", ERRORS, "--format", "json")
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert document == json.loads(govstat.validate(ERRORS).model_dump_json())
    t4 = next(f for f in document["findings"] if f["rule"] == "2021-4-01")
    (hint,) = t4["hints"]
    assert hint["kind"] == "fix" and hint["rank"] == 1
    assert hint["changes"] == [
        {
            "indicator": "t4.review_total",
            "label": "行政复议",
            "column": "总计",
            "cell": {"sheet": "统计表", "address": "E54", "file": None},
            "reported": 0,
            "suggested": 4,
        }
    ]


def test_validate_writes_nothing_back() -> None:
    """Validating with hints leaves the input file byte for byte as it was."""
    before = hashlib.sha256(ERRORS.read_bytes()).hexdigest()
    invoke("validate", ERRORS)
    assert hashlib.sha256(ERRORS.read_bytes()).hexdigest() == before


@pytest.mark.parametrize(("path", "loaded"), [(CONSISTENT, False), (SEED, False), (ERRORS, True)])
def test_solver_is_imported_only_when_needed(path: Any, loaded: bool) -> None:
    """A clean table, or one whose errors single cells explain, never imports scipy; a table
    needing larger sets does."""
    code = "import sys, govstat; govstat.validate(sys.argv[1]); print('scipy' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == str(loaded)
