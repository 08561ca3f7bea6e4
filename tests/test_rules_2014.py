"""The rules of form 2014 over FilledTables built in Python from the seed's figures."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from govstat.engine import check
from govstat.model import Finding, Severity
from govstat.rules import Relation, Unlikely
from helpers_2014 import FORM, SHEET, address_of, consistent_values, filled
from support import SPEC_RULES_2014

# The rule table of forms.md, "Rules of form 2014": id → severity.
SPEC_RULES = SPEC_RULES_2014
SPEC_FILE = Path("/work/shared/spec/forms.md")

CHANNELS = [
    "proactive_gazette",
    "proactive_website",
    "proactive_weibo",
    "proactive_wechat",
    "proactive_other",
]
REQUEST_PARTS = ["requests_in_person", "requests_fax", "requests_online", "requests_letter"]
REPLY_TYPES = [
    "replies_already_public",
    "replies_disclosed",
    "replies_partly_disclosed",
    "replies_refused",
    "replies_not_this_agency",
    "replies_not_exist",
    "replies_to_amend",
    "replies_other_channel",
]
GROUNDS = [
    "refused_state_secret",
    "refused_commercial_secret",
    "refused_privacy",
    "refused_security",
    "refused_not_government_info",
    "refused_other",
]


@dataclass(frozen=True)
class Expect:
    """One expected finding: rule, severity, the numbers, and the indicators it points at."""

    rule: str
    severity: str
    cells: list[str]
    reported: int | str | None = None
    computed: int | str | None = None
    difference: int | str | None = None
    checkable: bool = True
    values: dict[str, str] = field(default_factory=dict)


def _dec(x: int | str | None) -> Decimal | None:
    return None if x is None else Decimal(str(x))


def summary(finding: Finding) -> tuple[Any, ...]:
    return (
        finding.rule,
        finding.severity.value,
        finding.checkable,
        finding.reported,
        finding.computed,
        finding.difference,
        [
            (c.indicator, c.cell.sheet if c.cell else None, c.cell.address if c.cell else None)
            for c in finding.cells
        ],
    )


def expected(e: Expect) -> tuple[Any, ...]:
    return (
        e.rule,
        e.severity,
        e.checkable,
        _dec(e.reported),
        _dec(e.computed),
        _dec(e.difference),
        [(i, SHEET, address_of(i)) for i in e.cells],
    )


# (rule under test, perturbation of the corrected seed, every finding the engine must give)
FAILING: list[tuple[str, dict[str, Any], list[Expect]]] = [
    ("2014-0-01", {"complaints": -1}, [Expect("2014-0-01", "error", ["complaints"])]),
    ("2014-0-01", {"complaints": "2.5"}, [Expect("2014-0-01", "error", ["complaints"])]),
    ("2014-0-01", {"complaints": "abc"}, [Expect("2014-0-01", "error", ["complaints"])]),
    ("2014-0-01", {"funding": "-0.5"}, [Expect("2014-0-01", "error", ["funding"])]),
    ("2014-0-01", {"trainees": "40.5"}, [Expect("2014-0-01", "error", ["trainees"])]),
    # -1 + 6 keeps 收到申请数 = Σ parts, so only the sign of the cell is wrong.
    (
        "2014-0-01",
        {"requests_fax": -1, "requests_online": 6},
        [Expect("2014-0-01", "error", ["requests_fax"])],
    ),
    ("2014-0-02", {"responses": 0}, [Expect("2014-0-02", "warning", ["responses"])]),
    ("2014-0-02", {"organisation": "见说明"}, [Expect("2014-0-02", "warning", ["organisation"])]),
    (
        "2014-0-02",
        {"proactive": 1, "meetings_training": 2},
        [
            Expect("2014-0-02", "warning", ["proactive"]),
            Expect("2014-0-02", "warning", ["meetings_training"]),
        ],
    ),
    (
        "2014-1-01",
        {"proactive_normative": 700, "normative_issued": 700},
        [Expect("2014-1-01", "error", ["proactive_normative", "proactive_total"], 700, 620, 80)],
    ),
    (
        "2014-1-02",
        {"proactive_website": 621},
        [Expect("2014-1-02", "error", ["proactive_website", "proactive_total"], 621, 620, 1)],
    ),
    (
        "2014-1-02",
        {"proactive_gazette": 700, "proactive_other": 630},
        [
            Expect("2014-1-02", "error", ["proactive_gazette", "proactive_total"], 700, 620, 80),
            Expect("2014-1-02", "error", ["proactive_other", "proactive_total"], 630, 620, 10),
        ],
    ),
    (
        "2014-1-03",
        {"proactive_other": 50},
        [Expect("2014-1-03", "warning", [*CHANNELS, "proactive_total"], 570, 620, -50)],
    ),
    (
        "2014-1-04",
        {"normative_issued": 2},
        [Expect("2014-1-04", "warning", ["proactive_normative", "normative_issued"], 3, 2, 1)],
    ),
    (
        "2014-2-01",
        {"press_conferences_leaders": 1},
        [
            Expect(
                "2014-2-01",
                "error",
                ["press_conferences_leaders", "press_conferences"],
                1,
                0,
                1,
            )
        ],
    ),
    (
        "2014-2-02",
        {"online_interviews": 1, "online_interviews_leaders": 3},
        [
            Expect(
                "2014-2-02",
                "error",
                ["online_interviews_leaders", "online_interviews"],
                3,
                1,
                2,
            )
        ],
    ),
    (
        "2014-3-01",
        {"requests_online": 4},
        [Expect("2014-3-01", "error", ["requests_received", *REQUEST_PARTS], 5, 4, 1)],
    ),
    (
        "2014-3-02",
        {"completed_extended": 1},
        [
            Expect(
                "2014-3-02",
                "error",
                ["requests_completed", "completed_on_time", "completed_extended"],
                5,
                6,
                -1,
            )
        ],
    ),
    (
        "2014-3-03",
        {"replies_disclosed": 5},
        [Expect("2014-3-03", "error", ["replies", *REPLY_TYPES], 5, 7, -2)],
    ),
    (
        "2014-3-04",
        {"refused_privacy": 1},
        [
            Expect("2014-3-04", "error", [*GROUNDS, "replies_refused"], 1, 0, 1),
            Expect("2014-3-05", "warning", ["replies_refused", *GROUNDS], 0, 1, -1),
        ],
    ),
    (
        "2014-3-05",
        {"replies_refused": 1, "replies_disclosed": 2},
        [Expect("2014-3-05", "warning", ["replies_refused", *GROUNDS], 1, 0, 1)],
    ),
    (
        "2014-3-06",
        {"replies": 6, "replies_disclosed": 4},
        [Expect("2014-3-06", "warning", ["replies", "requests_completed"], 6, 5, 1)],
    ),
    (
        "2014-4-01",
        {"reviews": 1},
        [
            Expect(
                "2014-4-01",
                "error",
                ["reviews", "reviews_upheld", "reviews_corrected", "reviews_other"],
                1,
                0,
                1,
            )
        ],
    ),
    (
        "2014-5-01",
        {"lawsuits_other": 2},
        [
            Expect(
                "2014-5-01",
                "error",
                ["lawsuits", "lawsuits_upheld", "lawsuits_corrected", "lawsuits_other"],
                0,
                2,
                -2,
            )
        ],
    ),
    (
        "2014-7-01",
        {"staff_part_time": 2},
        [Expect("2014-7-01", "error", ["staff", "staff_full_time", "staff_part_time"], 1, 2, -1)],
    ),
    (
        "2014-8-01",
        {"training_courses": 0},
        [Expect("2014-8-01", "info", ["trainees", "training_courses"])],
    ),
]

# Perturbations that stay within every rule (boundaries included).
PASSING: list[tuple[str, dict[str, Any]]] = [
    ("2014-0-01", {"funding": "2.5"}),
    ("2014-0-01", {"complaints": "3.0"}),
    ("2014-0-01", {"complaints": 0}),
    ("2014-0-02", {"responses": "——"}),
    ("2014-0-02", {"requests": "无"}),
    ("2014-1-01", {"proactive_normative": 620, "normative_issued": 620}),
    ("2014-1-02", {"proactive_website": 620}),
    ("2014-1-03", {"proactive_other": 101}),
    ("2014-1-04", {"normative_issued": 4}),
    ("2014-2-01", {"press_conferences": 2, "press_conferences_leaders": 2}),
    ("2014-2-02", {"online_interviews": 2, "online_interviews_leaders": 1}),
    ("2014-3-01", {"requests_received": 7, "requests_fax": 1, "requests_letter": 1}),
    ("2014-3-04", {"replies_refused": 1, "replies_disclosed": 2, "refused_other": 1}),
    ("2014-4-01", {"reviews": 3, "reviews_upheld": 1, "reviews_corrected": 1, "reviews_other": 1}),
    ("2014-5-01", {"lawsuits": 2, "lawsuits_upheld": 2}),
    ("2014-7-01", {"staff": 3, "staff_full_time": 2}),
    ("2014-8-01", {"trainees": 0, "training_courses": 0}),
    ("2014-8-01", {"trainees": 0}),
]


def test_corrected_seed_is_consistent() -> None:
    """The corrected seed, built directly as a FilledTable, gives no finding of any rule."""
    assert check(filled()) == []


@pytest.mark.parametrize(
    ("rule", "changes", "expect"),
    FAILING,
    ids=[f"{rule}-{'-'.join(changes)}" for rule, changes, _ in FAILING],
)
def test_rule_fails(rule: str, changes: dict[str, Any], expect: list[Expect]) -> None:
    """A perturbed table gives exactly the expected findings, numbers and cells, nothing else."""
    findings = check(filled(changes))
    assert [summary(f) for f in findings] == [expected(e) for e in expect]
    assert any(f.rule == rule for f in findings)


@pytest.mark.parametrize(
    ("rule", "changes"), PASSING, ids=[f"{r}-{'-'.join(c)}" for r, c in PASSING]
)
def test_rule_holds(rule: str, changes: dict[str, Any]) -> None:
    """A perturbation on the right side of a rule's boundary gives no finding."""
    assert check(filled(changes)) == []


def test_every_rule_has_a_failing_case() -> None:
    """The failing table above covers every rule of the spec."""
    assert {e.rule for _, _, expect in FAILING for e in expect} | {"2014-0-03"} == set(SPEC_RULES)


def test_cell_values_are_reported_as_printed() -> None:
    """The cells of a finding carry the values as printed, so a reader can see the sum."""
    (finding,) = check(filled({"replies_disclosed": 5}))
    assert [c.value for c in finding.cells] == ["5", "2", "5", "0", "0", "0", "0", "0", "0"]
    assert finding.cells[0].label == "（三）申请答复数"


def test_seed_error_message_zh() -> None:
    """The 2014-3-03 message names 申请答复数, the reported 5, the computed 7 and the gap -2."""
    (finding,) = check(filled({"replies_disclosed": 5}))
    assert "申请答复数" in finding.message
    assert "5" in finding.message
    assert "7" in finding.message
    assert "-2" in finding.message


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"replies_disclosed": 5}, ["Replies", "add up to", "difference"]),
        ({"proactive_website": 621}, ["more than", "Items disclosed proactively"]),
        ({"proactive_other": 50}, ["less than", "channels"]),
        ({"training_courses": 0}, ["trainees", "training courses"]),
        ({"complaints": -1}, ["cannot be negative"]),
        ({"complaints": "2.5"}, ["whole number"]),
        ({"complaints": "abc"}, ["not a number"]),
        ({"responses": 0}, ["header row"]),
        ({"complaints": ""}, ["blank", "missing is not 0"]),
        ({"trainees": ""}, ["not checkable"]),
    ],
)
def test_english_messages(changes: dict[str, Any], words: list[str]) -> None:
    """With lang="en" every message is written in English."""
    findings = check(filled(changes), lang="en")
    assert findings
    text = " ".join(f.message for f in findings)
    for word in words:
        assert word in text
    zh = " ".join(f.message for f in check(filled(changes), lang="zh"))
    for word in words:
        assert word not in zh


# ---------------------------------------------------------------- blanks and marks

VALUE_IDS = [ind.id for ind in FORM.value_indicators()]


def _rules_reading(indicator_id: str) -> list[Any]:
    return [r for r in FORM.rules if indicator_id in r.inputs()]


@pytest.mark.parametrize("empty", ["", "——"], ids=["blank", "mark"])
@pytest.mark.parametrize("indicator_id", VALUE_IDS)
def test_blank_or_mark_makes_rules_not_checkable(indicator_id: str, empty: str) -> None:
    """A blank or —— value row gives 0-03 and one not-checkable finding per rule it feeds."""
    findings = check(filled({indicator_id: empty}))
    warning, *rest = findings
    assert summary(warning) == expected(Expect("2014-0-03", "warning", [indicator_id]))
    rules = _rules_reading(indicator_id)
    assert [summary(f) for f in rest] == [
        expected(Expect(r.id, r.severity.value, r.inputs(), checkable=False)) for r in rules
    ]
    for rule_id in {r.id for r in rules}:
        assert rule_id in warning.message


def test_blank_is_not_zero() -> None:
    """A blank 延期办结数 is not taken as 0: 3-02 is not checkable rather than holding."""
    findings = check(filled({"completed_extended": ""}))
    assert [(f.rule, f.checkable) for f in findings] == [
        ("2014-0-03", True),
        ("2014-3-02", False),
    ]
    assert findings[1].reported is None and findings[1].difference is None


def test_relation_rules_read_the_declared_inputs() -> None:
    """Some value rows take part in no rule, and the 0-03 message says so with —."""
    assert _rules_reading("complaints") == []
    (finding,) = check(filled({"complaints": ""}))
    assert "（—）" in finding.message


@pytest.mark.parametrize("state", ["missing", "formula_without_value"])
def test_missing_row_makes_rules_not_checkable_without_0_03(state: str) -> None:
    """A missing row or unsaved formula is not blank: rules not checkable, 0-03 silent."""
    from govstat.model import Value

    values = consistent_values()
    values["staff_part_time"] = Value(indicator="staff_part_time", state=state)
    findings = check(filled(base=values))
    assert [(f.rule, f.checkable) for f in findings] == [("2014-7-01", False)]


def test_invalid_text_is_an_error_and_blocks_its_rules() -> None:
    """Text in a value cell is a 0-01 error, and the rules it feeds are not checkable."""
    findings = check(filled({"staff_part_time": "一人"}))
    assert [(f.rule, f.severity.value, f.checkable) for f in findings] == [
        ("2014-0-01", "error", True),
        ("2014-7-01", "error", False),
    ]


def test_several_blanks_listed_in_one_not_checkable_finding() -> None:
    """A rule with two blank inputs gives one not-checkable finding naming both."""
    findings = check(filled({"staff_full_time": "", "staff_part_time": ""}))
    (nc,) = [f for f in findings if not f.checkable]
    assert nc.rule == "2014-7-01"
    assert "专职人员数" in nc.message and "兼职人员数" in nc.message
    assert [f.rule for f in findings if f.checkable] == ["2014-0-03", "2014-0-03"]


def test_reader_findings_come_first() -> None:
    """The engine returns the table's reading findings before the rules' findings."""
    table = filled({"training_courses": 0})
    reading = Finding(rule="2014-R-02", severity=Severity.warning, message="x")
    table.reading.append(reading)
    assert [f.rule for f in check(table)] == ["2014-R-02", "2014-8-01"]


def test_huge_number_does_not_crash_the_check() -> None:
    """A cell of 5000 digits gives findings, not a ValueError, when a rule fails on it."""
    findings = check(filled({"requests_received": "9" * 5000}))
    assert [f.rule for f in findings] == ["2014-3-01"]


# ---------------------------------------------------------------- declarations


def test_spec_rules_are_declared_with_their_severity() -> None:
    """Every rule id of forms.md's 2014 table is declared in the form, with the spec's severity."""
    declared: dict[str, set[str]] = {}
    for rule in FORM.rules:
        declared.setdefault(rule.id, set()).add(rule.severity.value)
    for rule_id, severity in SPEC_RULES.items():
        assert declared.get(rule_id) == {severity}, rule_id


def test_no_undeclared_check_rules() -> None:
    """Apart from reader findings (R-, F-, T-) and the empty-table checks (E-), the form
    declares no rule missing from the spec."""
    extra = {
        r.id for r in FORM.rules if not re.match(r"2014-[RFTE]-", r.id) and r.id not in SPEC_RULES
    }
    assert extra == set()


@pytest.mark.skipif(not SPEC_FILE.exists(), reason="the shared spec is not on this machine")
def test_spec_file_lists_the_same_rules() -> None:
    """The rule table of forms.md (form 2014) lists exactly the ids and severities above."""
    text = SPEC_FILE.read_text(encoding="utf-8")
    part = text.split("### Rules of form 2014", 1)[1].split("\n## ", 1)[0]
    found = dict(re.findall(r"^\| (2014-\d-\d\d) \|.*\| (error|warning|info) \|$", part, re.M))
    assert found == SPEC_RULES


@pytest.mark.parametrize("rule", FORM.rules, ids=lambda r: r.id)
def test_every_rule_has_titles(rule: Any) -> None:
    """Every rule has a non-empty Chinese and English title."""
    assert rule.title.zh.strip()
    assert rule.title.en.strip()
    assert re.search(r"[\u4e00-\u9fff]", rule.title.zh)
    assert re.search(r"[a-z]{3}", rule.title.en)


def test_rule_inputs_are_indicators() -> None:
    """Every indicator a rule reads is a value row of the form."""
    value_ids = set(VALUE_IDS)
    for rule in FORM.rules:
        if isinstance(rule, (Relation, Unlikely)):
            assert rule.inputs()
            assert set(rule.inputs()) <= value_ids, rule.id


def test_one_02_rule_per_channel() -> None:
    """2014-1-02 is declared once per channel row 6–10."""
    lefts = [r.left for r in FORM.rules if r.id == "2014-1-02"]
    assert lefts == [[c] for c in CHANNELS]
