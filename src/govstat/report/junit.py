"""JUnit XML: each checked file a test suite, each rule of its form a test case.

A rule with findings at or above ``--fail-on`` fails, each such finding a ``<failure>``
carrying its message (its cells and hints in the body); findings below the threshold stand
in the case's ``<system-out>``; a rule that could only be reported as not checkable is
``<skipped>``. CI servers (Jenkins, GitLab, GitHub actions) show it as a test report.
"""

from __future__ import annotations

from collections.abc import Sequence
from xml.etree import ElementTree as ET

from govstat.forms import Form, get_form
from govstat.model import Finding, Lang, Report, Severity
from govstat.report.findings import cell_line, hint_line
from govstat.report.words import word


def _body(finding: Finding, lang: Lang, form: Form) -> str:
    lines = [finding.message, *(cell_line(c, lang, form) for c in finding.cells)]
    if finding.hints:
        lines.append(word("hints", lang))
        lines += [hint_line(h, lang) for h in finding.hints]
    return "\n".join(lines)


def _suite(report: Report, lang: Lang, fail_on: Severity) -> ET.Element:
    form = get_form(report.form)
    titles: dict[str, str] = {}
    for rule in form.rules:
        titles.setdefault(rule.id, rule.title.get(lang))
    for finding in report.findings:  # a reader's rule of another form, should one appear
        titles.setdefault(finding.rule, finding.rule)
    suite = ET.Element("testsuite", name=report.file)
    properties = ET.SubElement(suite, "properties")
    for name, value in (
        ("form", report.form),
        ("agency", report.metadata.agency),
        ("year", report.metadata.year),
        ("sheet", report.sheet),
    ):
        if value is not None:
            ET.SubElement(properties, "property", name=name, value=str(value))
    failures = skipped = 0
    for rule_id, title in titles.items():
        case = ET.SubElement(
            suite, "testcase", name=f"{rule_id} {title}", classname=f"govstat.form{report.form}"
        )
        case.set("time", "0")
        found = [f for f in report.findings if f.rule == rule_id]
        failing = [f for f in found if f.fails(fail_on)]
        for finding in failing:
            failure = ET.SubElement(
                case, "failure", type=finding.severity.value, message=finding.message
            )
            failure.text = _body(finding, lang, form)
        rest = [f for f in found if f not in failing]
        if not failing and rest and all(not f.checkable for f in rest):
            ET.SubElement(case, "skipped", message=rest[0].message).text = "\n\n".join(
                _body(f, lang, form) for f in rest
            )
            skipped += 1
        elif rest:
            out = ET.SubElement(case, "system-out")
            out.text = "\n\n".join(
                f"[{f.severity.label(lang) if f.checkable else word('not_checkable', lang)}] "
                + _body(f, lang, form)
                for f in rest
            )
        failures += bool(failing)
    suite.set("tests", str(len(titles)))
    suite.set("failures", str(failures))
    suite.set("errors", "0")
    suite.set("skipped", str(skipped))
    suite.set("time", "0")
    return suite


def report_junit(
    reports: Sequence[Report], lang: Lang = "zh", fail_on: Severity = Severity.error
) -> str:
    """The reports as one JUnit XML document."""
    root = ET.Element("testsuites", name="govstat")
    suites = [_suite(r, lang, fail_on) for r in reports]
    files = [r.file for r in reports]
    for suite, report in zip(suites, reports, strict=True):
        if files.count(report.file) > 1 and report.sheet:  # a workbook of several tables
            suite.set("name", f"{report.file} [{report.sheet}]")
    for key in ("tests", "failures", "errors"):
        root.set(key, str(sum(int(s.get(key, "0")) for s in suites)))
    root.extend(suites)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
