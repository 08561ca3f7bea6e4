"""What every table reader shares: its result type, cell reading and the reader's findings."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from govstat.forms import Form, Table
from govstat.labels import norm
from govstat.model import CellInvolved, CellRef, Finding, Lang, Value
from govstat.readers.grid import Sheet, address
from govstat.recognise.matching import LabelMatch, Matcher
from govstat.rules import ReaderRule
from govstat.values import parse_cell


@dataclass
class TableRead:
    """One table found in a workbook: its values and what the reader noticed."""

    table: Table
    sheet: Sheet
    values: dict[str, Value]
    findings: list[Finding]
    found: int
    """How many of the table's labels (rows and column heads) were found."""
    expected: int
    rows_used: set[int] = field(default_factory=set)
    labels: set[str] = field(default_factory=set)
    """The official labels found, for telling apart forms that share most of them."""
    signals: list[str] = field(default_factory=list)
    fill: Callable[[], None] | None = field(default=None, repr=False)
    """Reads the values and findings: deferred until this form wins, since every candidate
    form locates its tables but only one is read."""

    def complete(self) -> TableRead:
        """Read the values and findings, once."""
        if self.fill is not None:
            fill, self.fill = self.fill, None
            fill()
        return self


class Reporter:
    """Builds the reader's findings from the form's declared reader rules (R-01 … F-01)."""

    def __init__(self, form: Form, lang: Lang) -> None:
        self.form = form
        self.lang = lang

    def _finding(
        self,
        code: str,
        cell: CellRef | None,
        indicator: str = "",
        column: str | None = None,
        **fields: str,
    ) -> Finding:
        rule = self.form.rule(f"{self.form.id}-{code}")
        assert isinstance(rule, ReaderRule)
        return Finding(
            rule=rule.id,
            severity=rule.severity,
            message=rule.message.get(self.lang).format(**fields),
            cells=[
                CellInvolved(
                    indicator=indicator,
                    label=fields.get("label", ""),
                    column=column,
                    cell=cell,
                    value=fields.get("value", ""),
                )
            ],
        )

    def missing(self, label: str, indicator: str = "") -> Finding:
        return self._finding("R-01", None, indicator, label=label)

    def stray(self, sheet: Sheet, hit: LabelMatch) -> Finding:
        text = hit.text.strip()
        return self._finding("R-02", ref(sheet, hit.row, hit.col), label=text, value=text)

    def drift(self, sheet: Sheet, hit: LabelMatch, official: str, indicator: str = "") -> Finding:
        text = hit.text.strip()
        return self._finding(
            "F-01", ref(sheet, hit.row, hit.col), indicator, label=official, found=text, value=text
        )

    def beside(self, cell: CellRef, label: str, value: str) -> Finding:
        return self._finding("R-05", cell, label=label, value=value)

    def formula(self, cell: CellRef, indicator: str, label: str, formula: str) -> Finding:
        return self._finding("R-03", cell, indicator, label=label, formula=formula, value=formula)


def misread(sheet: Sheet, hit: LabelMatch, official: str) -> bool:
    """Whether a label read by OCR differs from the official one by no more than the
    engine's slips (a character in eight, at least one: 奥情 for 舆情), which are not the
    table's wording and so no F-01."""
    if (hit.row, hit.col) not in sheet.confidence:
        return False
    found, wanted = norm(hit.text), norm(official)
    return _distance(found, wanted) <= max(1, len(wanted) // 8)


def _distance(a: str, b: str) -> int:
    """Levenshtein's edit distance."""
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, start=1):
        current = [i]
        for j, y in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y)))
        previous = current
    return previous[-1]


_REFS: dict[tuple[str, int, int], CellRef] = {}


def ref(sheet: Sheet, row: int, col: int) -> CellRef:
    """The cell's reference: a document's own place (table n row r, page p, line l) where it
    has one, else sheet!A1 — shared, since it is frozen and the same in every file of a kind."""
    origin = sheet.cell_origins.get((row, col))
    if origin is not None:  # a cell on a line of its own
        return CellRef(
            sheet=sheet.name, address=address(row, col), line=origin.line, page=origin.page
        )
    origin = sheet.origins.get(row)
    if origin is not None:
        return CellRef(
            sheet=sheet.name,
            address=address(row, col),
            table=origin.table,
            row=origin.row,
            column=col if origin.table is not None or origin.line is not None else None,
            page=origin.page,
            line=origin.line,
            confidence=sheet.confidence.get((row, col)),
        )
    key = (sheet.name, row, col)
    found = _REFS.get(key)
    if found is None:
        if len(_REFS) >= 50_000:
            _REFS.clear()
        found = _REFS[key] = CellRef(sheet=sheet.name, address=address(row, col))
    return found


def read_cell(
    sheet: Sheet, row: int, col: int, indicator: str, label: str, reporter: Reporter
) -> tuple[Value, Finding | None]:
    """The value of one cell; a formula without a saved result is a finding, never a 0."""
    cell = ref(sheet, row, col)
    formula = sheet.formulas_without_value.get((row, col))
    if formula is not None:
        value = Value(indicator=indicator, state="formula_without_value", raw=formula, cell=cell)
        return value, reporter.formula(cell, indicator, label, formula)
    return Value.of(indicator, parse_cell(sheet.get(row, col)), cell), None


def numbers_beside(
    sheet: Sheet,
    rows: Iterable[tuple[int, str]],
    value_col: int,
    head_rows: Iterable[int],
    reporter: Reporter,
) -> list[Finding]:
    """R-05 for each number typed one column right of the table's last value column, on a
    row of the table, when no header stands over that column: never silently ignored."""
    col = value_col + 1
    if any(sheet.text(r, col).strip() for r in head_rows):
        return []  # a column with a head of its own is another column, not a stray number
    findings = []
    for row, label in rows:
        content = sheet.get(row, col)
        if content is not None and parse_cell(content).state == "number":
            findings.append(reporter.beside(ref(sheet, row, col), label, str(content).strip()))
    return findings


_TEXTS: dict[int, tuple[Sheet, list[tuple[int, int, str]]]] = {}


def text_cells(sheet: Sheet) -> list[tuple[int, int, str]]:
    """(row, column, text) of the cells holding text, found once per sheet: every table of
    every form looks for its labels among them."""
    cached = _TEXTS.get(id(sheet))
    if cached is not None and cached[0] is sheet:
        return cached[1]
    if len(_TEXTS) >= 16:
        _TEXTS.clear()  # only the sheets of the file being read are worth keeping
    texts = [(r, c, v) for (r, c), v in sheet.cells.items() if isinstance(v, str)]
    _TEXTS[id(sheet)] = (sheet, texts)
    return texts


def label_hits(sheet: Sheet, matcher: Matcher) -> list[LabelMatch]:
    """Every cell of a sheet whose text matches one of the matcher's labels."""
    found = []
    match = matcher.match
    for row, col, content in text_cells(sheet):
        hit = match(content)
        if hit is not None:
            found.append(LabelMatch(row, col, content, hit[0], hit[1]))
    return found


def place_in_order(hits: list[LabelMatch]) -> tuple[dict[int, LabelMatch], list[LabelMatch]]:
    """Assign each hit to one label, in reading order: a repeated label takes the next slot.

    Returns the placed hits by label position and the hits left over (a row printed twice).
    """
    placed: dict[int, LabelMatch] = {}
    left: list[LabelMatch] = []
    position = 0
    for hit in sorted(hits, key=lambda m: (m.row, m.col)):
        ahead = [c for c in hit.candidates if c >= position and c not in placed]
        free = [c for c in hit.candidates if c not in placed]
        choice = ahead[0] if ahead else (free[0] if free else None)
        if choice is None:
            left.append(hit)
            continue
        placed[choice] = hit
        position = choice + 1
    return placed, left
