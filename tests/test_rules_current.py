"""The rules of forms 2019 and 2021 over FilledTables built in Python, and the example reports.

The consistent tables are the example workbooks as read (examples/current_forms.py writes
them); each case perturbs a few cells and checks the findings: ids, severities, numbers, and the
cells named by row label, column label and address. Expected labels and addresses come from
the example's own figures and a scan of its workbook, never from the declarations under test.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import govstat
from govstat.api import with_previous
from govstat.engine import check
from govstat.forms import get_form
from govstat.model import CellRef, FilledTable, Finding, Metadata
from helpers_current import (
    APPLICANT_IDS,
    COLUMN_IDS,
    COLUMN_LABELS,
    CONSISTENT,
    ERRORS,
    FORM2019,
    OUTCOMES_2019,
    OUTCOMES_2021,
    PREVIOUS,
    REFUSED,
    SEED,
    UNABLE,
    Expect,
    consistent,
    expected,
    layout,
    perturb,
    summary,
    t3,
)

SPEC_FILE = Path("/work/shared/spec/forms.md")

# The rules table of forms.md, "Rules of forms 2019 and 2021".
SPEC_2021 = {
    "2021-0-01": "warning",
    "2021-2-01": "error",
    "2021-2-02": "warning",
    "2021-2-03": "warning",
    "2021-3-01": "error",
    "2021-3-02": "error",
    "2021-3-03": "error",
    "2021-3-04": "error",
    "2021-3-05": "error",
    "2021-3-06": "warning",
    "2021-4-01": "error",
    "2021-4-02": "error",
    "2021-F-01": "info",
    "2021-F-02": "warning",
}
SPEC_2019 = {
    rule.replace("2021", "2019"): severity
    for rule, severity in SPEC_2021.items()
    if rule != "2021-2-03"  # form 2019 has no 现行有效件数 to carry over
}
READER = {
    "R-01": "warning",
    "R-02": "warning",
    "R-03": "error",
    "R-04": "warning",
    "R-05": "warning",
    "T-01": "warning",
    "E-01": "error",
    "E-02": "warning",
    "F-03": "warning",
}

GROUP_LABELS = {
    "refused": "（三）不予公开",
    "unable": "（四）无法提供",
    "not_processed": "（五）不予处理",
    "other": "（六）其他处理",
}
PREV_FILE = "2022年报告.xlsx"


def cell_summary(finding: Finding) -> list[tuple[Any, ...]]:
    return [
        (
            c.indicator,
            c.label,
            c.column,
            c.cell.address if c.cell else None,
            c.cell.file if c.cell else None,
        )
        for c in finding.cells
    ]


def expected_cells(form_id: str, ids: list[str]) -> list[tuple[Any, ...]]:
    """Each cell as the example prints it: row label, column label, address (and file)."""
    out = []
    for ident in ids:
        plain = ident.removeprefix("prev:")
        file = PREV_FILE if ident.startswith("prev:") else None
        row = plain.split(".")[1]
        if plain.startswith("t3.") and row in GROUP_LABELS and row in GROUP_ROWS[form_id]:
            column = plain.split(".")[2]
            # a printed subtotal row the example lacks: the perturbed value has no cell
            out.append((ident, GROUP_LABELS[row], COLUMN_LABELS[column], None, None))
            continue
        label, column_label, address = layout(form_id).cell(plain)
        out.append((ident, label, column_label, address, file))
    return out


GROUP_ROWS = {"2021": set(GROUP_LABELS), "2019": {"refused", "unable", "not_processed"}}


def run(form_id: str, changes: dict[str, Any], **update: Any) -> list[Finding]:
    return check(perturb(consistent(form_id), changes, **update))


def assert_findings(form_id: str, findings: list[Finding], expect: list[Expect]) -> None:
    assert [summary(f) for f in findings] == [expected(e) for e in expect]
    for finding, e in zip(findings, expect, strict=True):
        assert cell_summary(finding) == expected_cells(form_id, list(e.cells))


def outcomes(form_id: str, column: str) -> list[str]:
    rows = OUTCOMES_2021 if form_id == "2021" else OUTCOMES_2019
    return [t3(r, column) for r in rows]


def across(row: str) -> list[str]:
    """The cells of rule 3-03 for a row: 总计 first, then the six applicant columns."""
    return [t3(row, "total"), *(t3(row, c) for c in APPLICANT_IDS)]


def column_note(column: str) -> list[str]:
    """The cells of rule 3-01 for a column: 一, 二, （七）总计, 四."""
    return [t3(r, column) for r in ("new", "carried", "total", "carry_next")]


def strip(case: str) -> list[str]:
    return [
        f"t4.{case}_total",
        *(f"t4.{case}_{p}" for p in ("upheld", "corrected", "other", "pending")),
    ]


def docs(row: str) -> list[str]:
    return [f"t2_1.{row}.valid", f"t2_1.{row}.issued", f"t2_1.{row}.repealed"]


# ---------------------------------------------------------------- the rule tables


@pytest.mark.parametrize(("form_id", "spec"), [("2021", SPEC_2021), ("2019", SPEC_2019)])
def test_rule_ids_and_severities_follow_the_spec(form_id: str, spec: dict[str, str]) -> None:
    """Each form declares exactly the spec's rules (plus the reader's), with its severities."""
    form = get_form(form_id)
    declared = {r.id: r.severity.value for r in form.rules}
    reader = {f"{form_id}-{code}": severity for code, severity in READER.items()}
    assert declared == {**spec, **reader}


def test_spec_lists_the_rules_tested_here() -> None:
    """The spec's rule table still names the ids this file checks (guards against drift)."""
    if not SPEC_FILE.exists():
        pytest.skip("the shared spec is not on this machine")
    text = SPEC_FILE.read_text(encoding="utf-8")
    for rule in SPEC_2021:
        assert f"| {rule} |" in text
    assert "2019-2-01" in text and "2019-2-03" in text  # "there is no 2019-2-03"


@pytest.mark.parametrize("form_id", ["2021", "2019"])
def test_consistent_examples_give_no_finding(form_id: str) -> None:
    """The consistent examples, as read, break no rule of their form."""
    assert check(consistent(form_id)) == []


# ---------------------------------------------------------------- failing input

FAILING_2021: list[tuple[str, dict[str, Any], list[Expect]]] = [
    # 0-01: a blank applicant cell warns and makes its column sum and row sum not checkable
    (
        "2021-0-01",
        {t3("refused_law", "research"): None},
        [
            Expect("2021-0-01", "warning", [t3("refused_law", "research")]),
            Expect(
                "2021-3-02",
                "error",
                [t3("total", "research"), *outcomes("2021", "research")],
                checkable=False,
            ),
            Expect("2021-3-03", "error", across("refused_law"), checkable=False),
        ],
    ),
    (
        "2021-0-01",
        {t3("carried", "total"): "——"},
        [
            Expect("2021-0-01", "warning", [t3("carried", "total")]),
            Expect("2021-3-01", "error", column_note("total"), checkable=False),
            Expect("2021-3-03", "error", across("carried"), checkable=False),
        ],
    ),
    (
        "2021-0-01",
        {"t4.direct_pending": None},
        [
            Expect("2021-0-01", "warning", ["t4.direct_pending"]),
            Expect("2021-4-01", "error", strip("direct"), checkable=False),
        ],
    ),
    (
        "2021-0-01",
        {"t2_1.normative.repealed": "无"},
        [
            Expect("2021-0-01", "warning", ["t2_1.normative.repealed"]),
            Expect("2021-2-02", "warning", docs("normative"), checkable=False),
        ],
    ),
    # a cell no relation reads still warns: a blank is never a silent pass
    (
        "2021-0-01",
        {"t2_5.licensing.decisions": None},
        [Expect("2021-0-01", "warning", ["t2_5.licensing.decisions"])],
    ),
    (
        "2021-2-01",
        {"t2_5.licensing.decisions": -3},
        [Expect("2021-2-01", "error", ["t2_5.licensing.decisions"])],
    ),
    (
        "2021-2-01",
        {"t2_6.penalties.decisions": "2.5"},
        [Expect("2021-2-01", "error", ["t2_6.penalties.decisions"])],
    ),
    (
        "2021-2-01",
        {"t2_8.fees.amount": "-0.5"},
        [Expect("2021-2-01", "error", ["t2_8.fees.amount"])],
    ),
    (
        "2021-2-01",
        {"t2_6.enforcement.decisions": "见附件"},
        [Expect("2021-2-01", "error", ["t2_6.enforcement.decisions"])],
    ),
    (
        "2021-2-02",
        {"t2_1.normative.valid": 2},
        [Expect("2021-2-02", "warning", docs("normative"), 2, 3, -1)],
    ),
    (
        "2021-2-02",
        {"t2_1.regulations.issued": 4, "t2_1.regulations.repealed": 1, "t2_1.regulations.valid": 0},
        [Expect("2021-2-02", "warning", docs("regulations"), 0, 3, -3)],
    ),
    # 3-01 alone: 结转下年度 moves one request from 商业企业 to 自然人, so rows still add up
    (
        "2021-3-01",
        {t3("carry_next", "natural"): 3, t3("carry_next", "commercial"): 0},
        [
            Expect("2021-3-01", "error", column_note("natural"), 43, 44, -1),
            Expect("2021-3-01", "error", column_note("commercial"), 6, 5, 1),
        ],
    ),
    (
        "2021-3-01",
        {t3("new", "legal"): 3, t3("new", "total"): 50},
        [
            Expect("2021-3-01", "error", column_note("legal"), 3, 2, 1),
            Expect("2021-3-01", "error", column_note("total"), 54, 53, 1),
        ],
    ),
    # 3-02 alone: 予以公开 moves one request from 商业企业 to 自然人
    (
        "2021-3-02",
        {t3("disclosed", "natural"): 21, t3("disclosed", "commercial"): 2},
        [
            Expect(
                "2021-3-02",
                "error",
                [t3("total", "natural"), *outcomes("2021", "natural")],
                41,
                42,
                -1,
            ),
            Expect(
                "2021-3-02",
                "error",
                [t3("total", "commercial"), *outcomes("2021", "commercial")],
                5,
                4,
                1,
            ),
        ],
    ),
    # the three rows of （六）其他处理 count in 3-02
    (
        "2021-3-02",
        {t3("other_no_fee", "other"): 1, t3("other_no_fee", "total"): 1},
        [
            Expect(
                "2021-3-02", "error", [t3("total", "other"), *outcomes("2021", "other")], 1, 2, -1
            ),
            Expect(
                "2021-3-02", "error", [t3("total", "total"), *outcomes("2021", "total")], 50, 51, -1
            ),
        ],
    ),
    # 3-03 alone: one 自然人 request moves from 部分公开 to 予以公开, columns still add up
    (
        "2021-3-03",
        {t3("disclosed", "natural"): 21, t3("partly", "natural"): 4},
        [
            Expect("2021-3-03", "error", across("disclosed"), 26, 27, -1),
            Expect("2021-3-03", "error", across("partly"), 6, 5, 1),
        ],
    ),
    (
        "2021-3-03",
        {t3("disclosed", "total"): 27},
        [
            Expect(
                "2021-3-02", "error", [t3("total", "total"), *outcomes("2021", "total")], 50, 51, -1
            ),
            Expect("2021-3-03", "error", across("disclosed"), 27, 26, 1),
        ],
    ),
    # 3-04: a printed subtotal of （三）不予公开 that is not the sum of its eight rows
    (
        "2021-3-04",
        {
            t3("refused", "natural"): 4,
            **{t3("refused", c): 0 for c in APPLICANT_IDS[1:]},
            t3("refused", "total"): 4,
        },
        [
            Expect(
                "2021-3-04",
                "error",
                [t3("refused", "natural"), *(t3(r, "natural") for r in REFUSED)],
                4,
                5,
                -1,
            ),
            Expect(
                "2021-3-04",
                "error",
                [t3("refused", "total"), *(t3(r, "total") for r in REFUSED)],
                4,
                5,
                -1,
            ),
        ],
    ),
    # a subtotal printed in one column only is checked there, and its row is not checkable
    (
        "2021-3-04",
        {t3("unable", "natural"): 5},
        [
            Expect(
                "2021-3-04",
                "error",
                [t3("unable", "natural"), *(t3(r, "natural") for r in UNABLE)],
                5,
                6,
                -1,
            )
        ],
    ),
    (
        "2021-3-04",
        {t3("other", "natural"): 2, t3("other", "legal"): 0, t3("other", "total"): 2},
        [
            Expect(
                "2021-3-04",
                "error",
                [
                    t3("other", "legal"),
                    *(
                        t3(r, "legal")
                        for r in ("other_no_correction", "other_no_fee", "other_other")
                    ),
                ],
                0,
                1,
                -1,
            ),
            Expect(
                "2021-3-04",
                "error",
                [
                    t3("other", "total"),
                    *(
                        t3(r, "total")
                        for r in ("other_no_correction", "other_no_fee", "other_other")
                    ),
                ],
                2,
                3,
                -1,
            ),
        ],
    ),
    # 3-05 alone: -1 in 2. and +1 in 5. of 不予公开 keep every sum
    (
        "2021-3-05",
        {
            t3("refused_law", "natural"): -1,
            t3("refused_law", "total"): -1,
            t3("refused_internal", "natural"): 2,
            t3("refused_internal", "total"): 2,
        },
        [
            Expect("2021-3-05", "error", [t3("refused_law", "natural")]),
            Expect("2021-3-05", "error", [t3("refused_law", "total")]),
        ],
    ),
    (
        "2021-3-05",
        {
            t3("refused_law", "natural"): "0.5",
            t3("refused_law", "total"): "0.5",
            t3("refused_internal", "natural"): "0.5",
            t3("refused_internal", "total"): "0.5",
        },
        [
            Expect("2021-3-05", "error", [t3("refused_law", "natural")]),
            Expect("2021-3-05", "error", [t3("refused_law", "total")]),
            Expect("2021-3-05", "error", [t3("refused_internal", "natural")]),
            Expect("2021-3-05", "error", [t3("refused_internal", "total")]),
        ],
    ),
    # text where a number belongs: an error, and the sums it feeds are not checkable
    (
        "2021-3-05",
        {t3("unable_unclear", "nonprofit"): "见说明"},
        [
            Expect(
                "2021-3-02",
                "error",
                [t3("total", "nonprofit"), *outcomes("2021", "nonprofit")],
                checkable=False,
            ),
            Expect("2021-3-03", "error", across("unable_unclear"), checkable=False),
            Expect("2021-3-05", "error", [t3("unable_unclear", "nonprofit")]),
        ],
    ),
    ("2021-4-01", {"t4.review_total": 5}, [Expect("2021-4-01", "error", strip("review"), 5, 4, 1)]),
    (
        "2021-4-01",
        {"t4.direct_total": 1},
        [Expect("2021-4-01", "error", strip("direct"), 1, 2, -1)],
    ),
    (
        "2021-4-01",
        {"t4.after_pending": 1},
        [Expect("2021-4-01", "error", strip("after"), 0, 1, -1)],
    ),
    (
        "2021-4-02",
        {"t4.review_other": -1, "t4.review_pending": 2},
        [Expect("2021-4-02", "error", ["t4.review_other"])],
    ),
    (
        "2021-4-02",
        {"t4.review_other": "0.5", "t4.review_pending": "0.5"},
        [
            Expect("2021-4-02", "error", ["t4.review_other"]),
            Expect("2021-4-02", "error", ["t4.review_pending"]),
        ],
    ),
]

FAILING_2019: list[tuple[str, dict[str, Any], list[Expect]]] = [
    (
        "2019-0-01",
        {"t2_9.procurement.amount": None},
        [Expect("2019-0-01", "warning", ["t2_9.procurement.amount"])],
    ),
    (
        "2019-0-01",
        {t3("other", "legal"): None},
        [
            Expect("2019-0-01", "warning", [t3("other", "legal")]),
            Expect(
                "2019-3-02",
                "error",
                [t3("total", "legal"), *outcomes("2019", "legal")],
                checkable=False,
            ),
            Expect("2019-3-03", "error", across("other"), checkable=False),
        ],
    ),
    (
        "2019-2-01",
        {"t2_5.licensing.change": "2.5"},
        [Expect("2019-2-01", "error", ["t2_5.licensing.change"])],
    ),
    (
        "2019-2-01",
        {"t2_9.procurement.amount": "-5元"},
        [Expect("2019-2-01", "error", ["t2_9.procurement.amount"])],
    ),
    (
        "2019-2-01",
        {"t2_6.penalties.last_year": -310},
        [Expect("2019-2-01", "error", ["t2_6.penalties.last_year"])],
    ),
    (
        "2019-2-01",
        {"t2_9.procurement.projects": "7.5"},
        [Expect("2019-2-01", "error", ["t2_9.procurement.projects"])],
    ),
    (
        "2019-2-02",
        {"t2_1.normative.published": 29},
        [
            Expect(
                "2019-2-02",
                "warning",
                ["t2_1.normative.published", "t2_1.normative.total"],
                29,
                28,
                1,
            )
        ],
    ),
    (
        "2019-2-02",
        {"t2_1.normative.made": 30},
        [
            Expect(
                "2019-2-02", "warning", ["t2_1.normative.made", "t2_1.normative.total"], 30, 28, 2
            )
        ],
    ),
    (
        "2019-3-01",
        {t3("carry_next", "natural"): 3, t3("carry_next", "commercial"): 0},
        [
            Expect("2019-3-01", "error", column_note("natural"), 43, 44, -1),
            Expect("2019-3-01", "error", column_note("commercial"), 6, 5, 1),
        ],
    ),
    # 3-02 of form 2019 counts the single row （六）其他处理
    (
        "2019-3-02",
        {t3("other", "natural"): 3, t3("other", "legal"): 0},
        [
            Expect(
                "2019-3-02",
                "error",
                [t3("total", "natural"), *outcomes("2019", "natural")],
                41,
                42,
                -1,
            ),
            Expect(
                "2019-3-02", "error", [t3("total", "legal"), *outcomes("2019", "legal")], 2, 1, 1
            ),
        ],
    ),
    (
        "2019-3-03",
        {t3("other", "total"): 4},
        [
            Expect(
                "2019-3-02", "error", [t3("total", "total"), *outcomes("2019", "total")], 50, 51, -1
            ),
            Expect("2019-3-03", "error", across("other"), 4, 3, 1),
        ],
    ),
    (
        "2019-3-04",
        {
            t3("refused", "natural"): 6,
            t3("refused", "total"): 6,
            **{t3("refused", c): 0 for c in APPLICANT_IDS[1:]},
        },
        [
            Expect(
                "2019-3-04",
                "error",
                [t3("refused", "natural"), *(t3(r, "natural") for r in REFUSED)],
                6,
                5,
                1,
            ),
            Expect(
                "2019-3-04",
                "error",
                [t3("refused", "total"), *(t3(r, "total") for r in REFUSED)],
                6,
                5,
                1,
            ),
        ],
    ),
    (
        "2019-3-05",
        {
            t3("refused_law", "natural"): -1,
            t3("refused_law", "total"): -1,
            t3("refused_internal", "natural"): 2,
            t3("refused_internal", "total"): 2,
        },
        [
            Expect("2019-3-05", "error", [t3("refused_law", "natural")]),
            Expect("2019-3-05", "error", [t3("refused_law", "total")]),
        ],
    ),
    ("2019-4-01", {"t4.after_total": 2}, [Expect("2019-4-01", "error", strip("after"), 2, 0, 2)]),
    (
        "2019-4-02",
        {"t4.direct_upheld": "0.5", "t4.direct_pending": "1.5"},
        [
            Expect("2019-4-02", "error", ["t4.direct_upheld"]),
            Expect("2019-4-02", "error", ["t4.direct_pending"]),
        ],
    ),
]

FAILING = [("2021", *case) for case in FAILING_2021] + [("2019", *case) for case in FAILING_2019]


@pytest.mark.parametrize(
    ("form_id", "rule", "changes", "expect"),
    FAILING,
    ids=[f"{rule}-{'-'.join(changes)}" for _, rule, changes, _ in FAILING],
)
def test_rule_fails(form_id: str, rule: str, changes: dict[str, Any], expect: list[Expect]) -> None:
    """A perturbed table gives exactly the expected findings, numbers and cells, nothing else."""
    findings = run(form_id, changes)
    assert_findings(form_id, findings, expect)
    assert any(f.rule == rule for f in findings)


# Perturbations on the right side of a rule's boundary.
PASSING: list[tuple[str, str, dict[str, Any]]] = [
    ("2021", "2021-2-01", {"t2_8.fees.amount": "12.3456"}),
    ("2021", "2021-2-01", {"t2_8.fees.amount": 0}),
    ("2021", "2021-2-01", {"t2_5.licensing.decisions": "1,520"}),
    ("2021", "2021-2-02", {"t2_1.normative.valid": 3}),
    ("2021", "2021-2-02", {"t2_1.regulations.issued": 1, "t2_1.regulations.repealed": 3}),
    # a printed subtotal of （三）（四）（五） that equals its rows
    (
        "2021",
        "2021-3-04",
        {
            **{t3("refused", c): 0 for c in COLUMN_IDS},
            t3("refused", "natural"): 5,
            t3("refused", "total"): 5,
            **{t3("unable", c): 0 for c in COLUMN_IDS},
            t3("unable", "natural"): 6,
            t3("unable", "commercial"): 1,
            t3("unable", "total"): 7,
            **{t3("not_processed", c): 0 for c in COLUMN_IDS},
            t3("not_processed", "natural"): 3,
            t3("not_processed", "total"): 3,
        },
    ),
    (
        "2021",
        "2021-3-04",
        {t3("other", "natural"): 2, t3("other", "legal"): 1, t3("other", "total"): 3},
    ),
    ("2021", "2021-3-05", {t3("new", "natural"): "40件", t3("new", "total"): "４９"}),
    ("2021", "2021-4-01", {"t4.after_upheld": 1, "t4.after_total": 1}),
    ("2021", "2021-F-02", {}),
    ("2019", "2019-2-01", {"t2_5.licensing.change": "-3"}),
    ("2019", "2019-2-01", {"t2_5.licensing.change": "减64"}),
    ("2019", "2019-2-01", {"t2_9.procurement.amount": "25.1万元"}),
    ("2019", "2019-2-01", {"t2_9.procurement.amount": 251000.5}),
    ("2019", "2019-2-02", {"t2_1.normative.published": 28, "t2_1.normative.made": 28}),
    (
        "2019",
        "2019-3-04",
        {
            **{t3("unable", c): 0 for c in COLUMN_IDS},
            t3("unable", "natural"): 6,
            t3("unable", "commercial"): 1,
            t3("unable", "total"): 7,
        },
    ),
]


@pytest.mark.parametrize(
    ("form_id", "rule", "changes"), PASSING, ids=[f"{r}-{'-'.join(c)}" for _, r, c in PASSING]
)
def test_rule_holds(form_id: str, rule: str, changes: dict[str, Any]) -> None:
    """A perturbation on the right side of a rule's boundary gives no finding."""
    assert run(form_id, changes) == []


def test_every_rule_has_a_failing_case() -> None:
    """Between the cases above and the tests below, every relation rule of the spec fails once."""
    covered = {e.rule for _, _, _, expect in FAILING for e in expect}
    covered |= {"2021-2-03", "2021-3-06", "2019-3-06", "2021-F-02", "2019-F-02"}  # see below
    covered |= {"2021-F-01", "2019-F-01"}  # reader findings: test_recognise_current.py
    assert covered >= set(SPEC_2021) | set(SPEC_2019)


# ---------------------------------------------------------------- messages


def test_matrix_messages_name_row_and_column() -> None:
    """A table-三 message names the row and the column, and the numbers of both sides."""
    changes = {t3("disclosed", "total"): 27}
    (finding,) = [f for f in run("2021", changes) if f.rule == "2021-3-03"]
    assert "予以公开" in finding.message and "总计" in finding.message
    assert "27" in finding.message and "26" in finding.message and "+1" in finding.message
    (english,) = [
        f for f in check(perturb(consistent("2021"), changes), lang="en") if f.rule == "2021-3-03"
    ]
    assert "Disclosed" in english.message and "add up to" in english.message
    assert not re.search(r"[\u4e00-\u9fff]", english.message)


def test_blank_warning_names_the_rules_it_stops() -> None:
    """The 0-01 warning of a blank cell names the rules that could not be checked."""
    (warning, *_) = run("2021", {t3("refused_law", "research"): None})
    assert "科研机构" in warning.message
    for rule in ("2021-3-02", "2021-3-03"):
        assert rule in warning.message


# ---------------------------------------------------------------- report year (F-02)


@pytest.mark.parametrize(
    ("form_id", "year", "fires"),
    [
        ("2021", 2021, False),
        ("2021", 2035, False),
        ("2021", None, False),
        ("2021", 2020, True),
        ("2019", 2019, False),
        ("2019", 2020, False),
        ("2019", 2022, True),
        ("2019", 2018, True),
    ],
)
def test_report_year_against_the_form(form_id: str, year: int | None, fires: bool) -> None:
    """X-F-02 warns when the report year lies outside the years the form serves."""
    table = consistent(form_id)
    table = table.model_copy(update={"metadata": Metadata(agency=table.metadata.agency, year=year)})
    findings = check(table)
    if fires:
        assert [summary(f) for f in findings] == [
            expected(Expect(f"{form_id}-F-02", "warning", []))
        ]
        assert str(year) in findings[0].message
    else:
        assert findings == []


# ---------------------------------------------------------------- values of form 2019


def test_signed_changes_of_2019_read_as_numbers() -> None:
    """本年增/减 "-3", "+2", "+12", "减4" are read as -3, 2, 12, -4 and pass 2019-2-01."""
    table = consistent("2019")
    got = {
        ident: (table.values[ident].number, table.values[ident].raw)
        for ident in (
            "t2_5.licensing.change",
            "t2_5.other_services.change",
            "t2_6.penalties.change",
            "t2_6.enforcement.change",
        )
    }
    assert got == {
        "t2_5.licensing.change": (Decimal(-3), "-3"),
        "t2_5.other_services.change": (Decimal(2), "+2"),
        "t2_6.penalties.change": (Decimal(12), "+12"),
        "t2_6.enforcement.change": (Decimal(-4), "减4"),
    }
    assert not any(table.values[i].approximate for i in got)
    assert [f for f in check(table) if f.rule == "2019-2-01"] == []


def test_procurement_amount_keeps_its_unit() -> None:
    """采购总金额 "251000元" reads as 251000 with its unit 元 kept as the value's note."""
    value = consistent("2019").values["t2_9.procurement.amount"]
    assert (value.state, value.number, value.note, value.raw) == (
        "number",
        Decimal(251000),
        "元",
        "251000元",
    )


# ---------------------------------------------------------------- last year's table


def synthetic_previous(form_id: str = "2021", changes: dict[str, Any] | None = None) -> FilledTable:
    """Last year's table that carries over exactly into this year's consistent example."""
    this = consistent("2021")
    carry = {t3("carry_next", c): this.values[t3("carried", c)].number for c in COLUMN_IDS}
    base = consistent(form_id)
    valid = {"t2_1.normative.valid": 28, "t2_1.regulations.valid": 0} if form_id == "2021" else {}
    previous = perturb(base, {**carry, **valid, **(changes or {})}, source=PREV_FILE)
    return previous.model_copy(update={"metadata": Metadata(year=2022)})


def with_last_year(this: FilledTable, previous: FilledTable) -> list[Finding]:
    return check(with_previous(this, previous))


def test_previous_that_carries_over_gives_no_finding() -> None:
    """With last year's table matching (结转 and 现行有效件数), nothing is reported."""
    assert with_last_year(consistent("2021"), synthetic_previous()) == []


def test_carry_over_rule_3_06_per_column() -> None:
    """2021-3-06: 二、上年结转 differs from last year's 四 in one column: one warning there."""
    previous = synthetic_previous(
        changes={t3("carry_next", "commercial"): 2, t3("carry_next", "total"): 5}
    )
    findings = with_last_year(consistent("2021"), previous)
    expect = [
        Expect(
            "2021-3-06",
            "warning",
            [t3("carried", "commercial"), "prev:" + t3("carry_next", "commercial")],
            1,
            2,
            -1,
        ),
        Expect(
            "2021-3-06",
            "warning",
            [t3("carried", "total"), "prev:" + t3("carry_next", "total")],
            4,
            5,
            -1,
        ),
    ]
    assert_findings("2021", findings, expect)


def test_carry_over_rule_2_03() -> None:
    """2021-2-03: 现行有效件数 31 while last year's 27 + 5 − 2 = 30: a warning on both files."""
    findings = with_last_year(
        consistent("2021"), synthetic_previous(changes={"t2_1.normative.valid": 27})
    )
    cells = [
        "t2_1.normative.valid",
        "prev:t2_1.normative.valid",
        "t2_1.normative.issued",
        "t2_1.normative.repealed",
    ]
    assert_findings("2021", findings, [Expect("2021-2-03", "warning", cells, 31, 30, 1)])


def test_carry_over_rules_do_not_apply_without_last_year() -> None:
    """Without last year's table, 2-03 and 3-06 say nothing, whatever this year's figures."""
    assert run("2021", {"t2_1.normative.valid": 1000}) == []
    moved = {t3("carried", "natural"): 0, t3("carried", "total"): 1}
    moved |= {t3("new", "natural"): 43, t3("new", "total"): 52}
    assert run("2021", moved) == []


def test_blank_in_last_years_table_is_not_checkable() -> None:
    """A blank 结转下年度 cell last year makes 3-06 not checkable, naming last year's cell."""
    previous = synthetic_previous(changes={t3("carry_next", "legal"): None})
    (finding,) = with_last_year(consistent("2021"), previous)
    assert summary(finding) == expected(
        Expect(
            "2021-3-06",
            "warning",
            [t3("carried", "legal"), "prev:" + t3("carry_next", "legal")],
            checkable=False,
        )
    )
    assert cell_summary(finding)[1][4] == PREV_FILE


def test_form_2019_previous_feeds_3_06_but_not_2_03() -> None:
    """Last year on form 2019: 3-06 compares the carry-over, 2-03 has nothing to compare."""
    previous = synthetic_previous(
        "2019", changes={t3("carry_next", "natural"): 4, t3("carry_next", "total"): 5}
    )
    findings = with_last_year(perturb(consistent("2021"), {"t2_1.normative.valid": 999}), previous)
    assert [(f.rule, f.reported, f.computed) for f in findings] == [
        ("2021-3-06", Decimal(3), Decimal(4)),
        ("2021-3-06", Decimal(4), Decimal(5)),
    ]


def test_form_2014_previous_gives_a_note_and_no_finding() -> None:
    """Last year on form 2014 has nothing to carry over: a note, no carry-over finding (only
    F-03: the seed is another agency's)."""
    table = with_previous(consistent("2021"), govstat.read_table(SEED))
    assert [f.rule for f in check(table)] == ["2021-F-03"]
    assert any("2014" in note for note in table.notes)


# ---------------------------------------------------------------- the example reports


def findings_of(
    report: govstat.Report,
) -> list[tuple[str, str, bool, list[tuple[str, str | None]]]]:
    return [
        (f.rule, f.severity.value, f.checkable, [(c.label, c.column) for c in f.cells])
        for f in report.findings
    ]


def test_consistent_example_report_is_clean() -> None:
    """examples/2023-form2021.xlsx: form 2021, no finding, nothing not checkable."""
    report = govstat.validate(CONSISTENT)
    assert report.form == "2021"
    assert report.findings == []
    assert report.counts.model_dump() == {"error": 0, "warning": 0, "info": 0, "not_checkable": 0}
    assert (report.metadata.agency, report.metadata.year) == ("东湖市市场监督管理局", 2023)


def test_form_2019_example_report_is_clean() -> None:
    """examples/2020-form2019.xlsx: form 2019, no finding."""
    report = govstat.validate(FORM2019)
    assert (report.form, report.findings, report.metadata.year) == ("2019", [], 2020)


def test_errors_example_reports_each_planted_error_once() -> None:
    """examples/2023-form2021-errors.xlsx: exactly the planted errors, the blank's warning and
    the not-checkable findings the blank causes, each once."""
    report = govstat.validate(ERRORS)
    got = [(f.rule, f.severity.value, f.checkable, f.reported, f.computed) for f in report.findings]
    d = Decimal
    assert sorted(got, key=str) == sorted(
        [
            ("2021-3-01", "error", True, d(6), d(7)),  # 商业企业: 5 + 1 vs 5 + 2
            ("2021-3-01", "error", True, d(53), d(54)),  # 总计: 49 + 4 vs 50 + 4
            ("2021-3-02", "error", True, d(50), d(51)),  # 总计 column: 予以公开 27
            ("2021-3-03", "error", True, d(27), d(26)),  # 予以公开 总计 27 vs 26
            ("2021-4-01", "error", True, d(0), d(4)),  # 行政复议 总计 0 vs 2 + 1 + 0 + 1
            ("2021-0-01", "warning", True, None, None),
            ("2021-3-02", "error", False, None, None),  # 科研机构 column, blank inside
            ("2021-3-03", "error", False, None, None),  # row 2.其他法律行政法规禁止公开
        ],
        key=str,
    )
    by_rule = {(f.rule, f.checkable, f.cells[0].column): f for f in report.findings}
    assert len(by_rule) == len(report.findings)  # no finding twice
    assert by_rule["2021-3-03", True, "总计"].cells[0].label == "（一）予以公开"
    assert by_rule["2021-3-02", True, "总计"].cells[0].label == "（七）总计"
    assert {f.cells[0].column for f in report.findings if f.rule == "2021-3-01"} == {
        "商业企业",
        "总计",
    }
    assert by_rule["2021-4-01", True, "总计"].cells[0].label == "行政复议"
    blank = by_rule["2021-0-01", True, "科研机构"]
    assert [(c.label, c.column, c.value) for c in blank.cells] == [
        ("2.其他法律行政法规禁止公开", "科研机构", "")
    ]
    assert by_rule["2021-3-02", False, "科研机构"].cells[0].label == "（七）总计"
    assert by_rule["2021-3-03", False, "总计"].cells[0].label == "2.其他法律行政法规禁止公开"
    assert (report.counts.error, report.counts.warning, report.counts.not_checkable) == (5, 1, 2)


def test_previous_example_gives_3_06_in_both_files() -> None:
    """--previous 2022-form2021.xlsx: 3-06 warnings for 自然人 (3 vs 4) and 总计 (4 vs 5), each
    naming this year's cell and last year's cell with its file; no 2-03 finding."""
    report = govstat.validate(CONSISTENT, previous=PREVIOUS)
    assert report.previous == str(PREVIOUS)
    assert [(f.rule, f.severity.value, f.reported, f.computed) for f in report.findings] == [
        ("2021-3-06", "warning", Decimal(3), Decimal(4)),
        ("2021-3-06", "warning", Decimal(4), Decimal(5)),
    ]
    for finding, column, row in zip(report.findings, ["D", "J"], [25, 25], strict=True):
        this, last = finding.cells
        assert (this.label, this.cell) == (
            "二、上年结转政府信息公开申请数量",
            CellRef(sheet="统计表", address=f"{column}{row}"),
        )
        assert last.label == "四、结转下年度继续办理"
        assert last.cell is not None and last.cell.file == str(PREVIOUS)
        assert last.cell.address == f"{column}48"
    assert [f.cells[0].column for f in report.findings] == ["自然人", "总计"]


def test_form_2019_example_as_previous() -> None:
    """2020-form2019.xlsx as last year's table of 2023-form2021.xlsx: 3-06 compares (its 四 is
    2, 1, 0, 0, 0, 0 against this year's 二 3, 1, 0, 0, 0, 0), 2-03 does not apply."""
    report = govstat.validate(CONSISTENT, previous=FORM2019)
    assert [(f.rule, f.cells[0].column, f.difference) for f in report.findings] == [
        ("2021-3-06", "自然人", Decimal(1)),
        ("2021-3-06", "总计", Decimal(1)),
    ]
    assert all(f.cells[1].cell and f.cells[1].cell.file == str(FORM2019) for f in report.findings)


def test_form_2014_example_as_previous_gives_a_note() -> None:
    """2018-seed.xlsx (form 2014) as last year's table: a note, no carry-over finding (only
    F-03: the seed is another agency's)."""
    report = govstat.validate(CONSISTENT, previous=SEED)
    assert [f.rule for f in report.findings] == ["2021-F-03"]
    assert any("2014" in note and "2021" in note for note in report.notes)


def test_previous_in_english_notes() -> None:
    """The note about a form-2014 previous table is written in the report's language."""
    report = govstat.validate(CONSISTENT, lang="en", previous=SEED)
    assert any("form 2014" in note for note in report.notes)
