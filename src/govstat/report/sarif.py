"""SARIF 2.1.0: one result per finding, for code-scanning dashboards and review tools.

A spreadsheet has no lines of text, so a result's region is its cell: ``startLine`` is the
sheet's row and ``startColumn`` its column (C34 → line 34, column 3), and the logical
location names the cell as ``统计表!C34``. The finding's first cell is its location; the
other cells it names are related locations. The rules of the forms are the driver's rules,
their relations the full descriptions. Hints stand in a result's properties: suggestions,
never fixes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

from govstat.forms import get_form
from govstat.model import CellInvolved, Finding, Lang, Report, Severity
from govstat.report.findings import cell_name

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {Severity.error: "error", Severity.warning: "warning", Severity.info: "note"}
_ADDRESS = re.compile(r"^([A-Z]+)(\d+)$")


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def _uri(path: str) -> str:
    return quote(path.replace("\\", "/"), safe="/:._-")


def _location(cell: CellInvolved, file: str, message: str | None = None) -> dict[str, Any]:
    assert cell.cell is not None
    physical: dict[str, Any] = {"artifactLocation": {"uri": _uri(cell.cell.file or file)}}
    match = _ADDRESS.match(cell.cell.address)
    if match:
        column = _column_number(match[1])
        physical["region"] = {
            "startLine": int(match[2]),
            "startColumn": column,
            "endLine": int(match[2]),
            "endColumn": column + 1,
            "snippet": {"text": cell.value},
        }
    location: dict[str, Any] = {
        "physicalLocation": physical,
        "logicalLocations": [
            {
                "name": cell.cell.address,
                "fullyQualifiedName": f"{cell.cell.sheet}!{cell.cell.address}",
                "kind": "element",
            }
        ],
    }
    if message is not None:
        location["message"] = {"text": message}
    return location


def _result(finding: Finding, report: Report, index: dict[str, int], lang: Lang) -> dict[str, Any]:
    form = get_form(report.form)
    placed = [c for c in finding.cells if c.cell is not None]
    result: dict[str, Any] = {
        "ruleId": finding.rule,
        "level": _LEVEL[finding.severity] if finding.checkable else "none",
        "kind": "fail" if finding.checkable else "open",
        "message": {"text": finding.message},
    }
    if finding.rule in index:
        result["ruleIndex"] = index[finding.rule]
    if placed:
        result["locations"] = [_location(placed[0], report.file)]
        result["relatedLocations"] = [
            {"id": n, **_location(c, report.file, f"{cell_name(c, lang, form)} = {c.value}")}
            for n, c in enumerate(placed[1:], start=1)
        ]
    else:
        result["locations"] = [
            {"physicalLocation": {"artifactLocation": {"uri": _uri(report.file)}}}
        ]
    properties: dict[str, Any] = {"checkable": finding.checkable}
    for key in ("reported", "computed", "difference"):
        number = getattr(finding, key)
        if number is not None:
            properties[key] = finding.model_dump(mode="json")[key]
    if finding.hints:
        properties["hints"] = [h.model_dump(mode="json") for h in finding.hints]
    result["properties"] = properties
    return result


def report_sarif(reports: Sequence[Report], lang: Lang = "zh") -> str:
    """The reports as one SARIF log with one run."""
    from govstat import __version__

    rules: list[dict[str, Any]] = []
    index: dict[str, int] = {}
    for form_id in dict.fromkeys(r.form for r in reports):
        form = get_form(form_id)
        for rule in form.rules:
            if rule.id in index:
                continue
            index[rule.id] = len(rules)
            rules.append(
                {
                    "id": rule.id,
                    "shortDescription": {"text": rule.title.get(lang)},
                    "fullDescription": {"text": rule.relation(form, lang)},
                    "defaultConfiguration": {"level": _LEVEL[rule.severity]},
                    "properties": {"form": form.id, "kind": rule.kind},
                }
            )
    results = [_result(f, r, index, lang) for r in reports for f in r.findings]
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "govstat",
                        "version": __version__,
                        "rules": rules,
                    }
                },
                "language": "zh-CN" if lang == "zh" else "en-US",
                "artifacts": [
                    {"location": {"uri": uri}}
                    for uri in dict.fromkeys(_uri(r.file) for r in reports)
                ],
                "results": results,
            }
        ],
    }
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"
