"""The data model shared by every stage: indicators, read values, findings, reports.

A form declares its :class:`Indicator` rows once; a reader turns a file into a
:class:`FilledTable` whose every :class:`Value` remembers the cell it came from; the
engine turns that into :class:`Finding` objects; a :class:`Report` bundles all of it
and is what ``--format json`` prints.
"""

from __future__ import annotations

from decimal import Decimal
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    SerializerFunctionWrapHandler,
    model_serializer,
)
from typing_extensions import NotRequired, TypedDict

if TYPE_CHECKING:
    from govstat.values import ParsedCell

Lang = Literal["zh", "en"]


def _json_number(number: Decimal) -> int | float:
    return int(number) if number == number.to_integral_value() else float(number)


Number = Annotated[Decimal, PlainSerializer(_json_number, when_used="json")]
"""A Decimal in Python, a plain number in JSON (5, not "5")."""


class Text(BaseModel):
    """A text in both languages govstat speaks."""

    model_config = ConfigDict(frozen=True)

    zh: str
    en: str

    def get(self, lang: Lang) -> str:
        return self.zh if lang == "zh" else self.en


class Severity(str, Enum):
    """How bad a finding is; decides the exit status against ``--fail-on``."""

    error = "error"
    warning = "warning"
    info = "info"

    @property
    def rank(self) -> int:
        return {"error": 3, "warning": 2, "info": 1}[self.value]

    def label(self, lang: Lang) -> str:
        names = {
            "error": Text(zh="错误", en="error"),
            "warning": Text(zh="警告", en="warning"),
            "info": Text(zh="提示", en="info"),
        }
        return names[self.value].get(lang)


class ValueKind(Enum):
    """What one cell may hold; each kind maps to a pydantic type in :mod:`govstat.types`."""

    header = "header"  # a section header row: no number
    count = "count"  # a non-negative integer (条 件 次 篇 个 人 人次)
    money = "money"  # a non-negative decimal (万元)
    signed = "signed"  # an integer that may be negative (本年增/减: +12, -3, 减4)
    amount = "amount"  # a non-negative decimal in the unit written in the cell (251000元)


class Indicator(BaseModel):
    """One value cell of an official form (or one header row of a list table), as printed.

    In a list table (form 2014) an indicator is a row. In a matrix (table 三 of forms
    2019/2021) it is the crossing of a row and a column, and names both.
    """

    model_config = ConfigDict(frozen=True)

    id: str = Field(description="Stable identifier, used by rules and in JSON output.")
    number: int = Field(description="Position in the printed form, from 1; 0 if not printed.")
    label: str = Field(description="The official printed label of the row.")
    en: str = Field(description="An English name for the row.")
    unit: str = Field(description="The printed unit; —— for a header row.")
    kind: ValueKind
    level: int = Field(description="0 = 一、…  1 = （一）…  2 = 1./其中  3 = 其中 under level 2.")
    parent: str | None = Field(default=None, description="Id of the enclosing row.")
    optional: bool = Field(default=False, description="Rows some tables leave out.")
    subtotal: bool = Field(default=False, description="A group's subtotal; may be left empty.")
    replaced_by: tuple[str, ...] = Field(
        default=(), description="Ids of the cells some tables print instead of this one."
    )
    official: bool = Field(default=True, description="False for a row real tables add.")
    table: str = Field(default="", description="Id of the table the cell belongs to.")
    table_title: str = Field(default="", description="The printed title of that table.")
    row: str = Field(default="", description="Id of the row (of the table).")
    column: str | None = Field(default=None, description="Id of the column, in a matrix.")
    column_label: str | None = Field(default=None, description="Printed label of the column.")
    column_en: str | None = Field(default=None, description="English name of the column.")

    @property
    def is_header(self) -> bool:
        return self.kind is ValueKind.header

    def name(self, lang: Lang) -> str:
        """The row's name, with the column's in brackets for a matrix cell."""
        row = self.label if lang == "zh" else self.en
        column = self.column_label if lang == "zh" else self.column_en
        if not column:
            return row
        if not row:
            return column
        return f"{row}（{column}）" if lang == "zh" else f"{row} ({column})"


class CellRefJson(TypedDict):
    """A CellRef as JSON: the places a spreadsheet cell does not have are left out."""

    sheet: str
    address: str
    file: str | None
    table: NotRequired[int]
    row: NotRequired[int]
    column: NotRequired[int]
    page: NotRequired[int]
    line: NotRequired[int]
    paragraph: NotRequired[int]
    confidence: NotRequired[float]


class CellRef(BaseModel):
    """Where a value stands in the input: a sheet and an A1 address, and for a document that
    is not a spreadsheet, its place there (table n row r column c, page p, or line l); for a
    cell of a scan, read by OCR, how sure the reading is."""

    model_config = ConfigDict(frozen=True)

    sheet: str
    address: str
    file: str | None = Field(default=None, description="Set when the cell is in another file.")
    table: int | None = Field(default=None, description="The document's n-th table, from 1.")
    row: int | None = Field(default=None, description="The row in that table, from 1.")
    column: int | None = Field(default=None, description="The column, from 1.")
    page: int | None = Field(default=None, description="The page of a PDF, from 1.")
    line: int | None = Field(default=None, description="The line of a text file, from 1.")
    paragraph: int | None = Field(default=None, description="A paragraph of a document, from 1.")
    confidence: float | None = Field(
        default=None,
        description="Set for a cell read by OCR: the recognition score, 0 (unreadable) to 1.",
    )

    @model_serializer(mode="wrap")
    def _drop_unset_places(self, handler: SerializerFunctionWrapHandler) -> CellRefJson:
        # A spreadsheet cell serialises as before: sheet, address, file.
        data: CellRefJson = handler(self)
        for key in _PLACE_KEYS:
            if data.get(key) is None:
                data.pop(key, None)  # type: ignore[misc]
        return data

    def describe(self, lang: Lang = "zh") -> str:
        """The place as a person looks for it: 统计表!C34, 表1 第34行第3列, 第57行第3栏;
        a cell read by OCR says so: 第4页 表4 第3行第2列（识别）."""
        if self.table is not None:
            page = self.page
            if lang == "zh":
                where = (f"第{page}页 " if page else "") + f"表{self.table} 第{self.row}行"
                where += f"第{self.column}列" if self.column else ""
            else:
                where = (f"page {page}, " if page else "") + f"table {self.table} row {self.row}"
                where += f" column {self.column}" if self.column else ""
        elif self.line is not None:
            if lang == "zh":
                where = f"第{self.line}行" + (f"第{self.column}栏" if self.column else "")
            else:
                where = f"line {self.line}" + (f" field {self.column}" if self.column else "")
        elif self.paragraph is not None:
            where = (f"第{self.page}页 " if self.page and lang == "zh" else "") + (
                f"第{self.paragraph}段" if lang == "zh" else f"paragraph {self.paragraph}"
            )
            if self.page and lang == "en":
                where = f"page {self.page}, {where}"
        elif self.page is not None:
            where = f"第{self.page}页" if lang == "zh" else f"page {self.page}"
        else:
            where = f"{self.sheet}!{self.address}"
        if self.confidence is not None:
            where += "（识别）" if lang == "zh" else " (OCR)"
        return f"{self.file}: {where}" if self.file else where

    @property
    def doubtful(self) -> bool:
        """Read by OCR with a score under :data:`LOW_CONFIDENCE`: the likeliest to be wrong."""
        return self.confidence is not None and self.confidence < LOW_CONFIDENCE

    def __str__(self) -> str:
        return self.describe("zh")


_PLACE_KEYS = ("table", "row", "column", "page", "line", "paragraph", "confidence")

LOW_CONFIDENCE = 0.6
"""An OCR score under this marks a cell as doubtful: findings resting on it say so, and hints
take it for the likeliest to be wrong. PP-OCR is unsure of a lone 0 (0, O or 〇?): on the scans
of ``benchmarks/ocr.py`` a quarter of the cells read right score under 0.8, about one in ten
under 0.6; scores under 0.5 are taken for unread."""


ValueState = Literal["number", "blank", "mark", "invalid", "formula_without_value", "missing"]
"""blank: nothing in the cell; mark: an empty mark such as ——, — or 无;
invalid: text that holds no number; formula_without_value: a formula whose result was never
saved; missing: the row itself was not found in the table."""


class Value(BaseModel):
    """The content of one indicator's cell, as read."""

    indicator: str
    state: ValueState
    number: Number | None = None
    raw: str | None = Field(default=None, description="The cell's text as it stood.")
    approximate: bool = Field(default=False, description="Written with 余 or 多: at least this.")
    note: str | None = Field(default=None, description="Text after the number, e.g. a unit.")
    cell: CellRef | None = None

    @classmethod
    def of(cls, indicator: str, parsed: ParsedCell, cell: CellRef | None) -> Value:
        """The value of a cell whose content :func:`govstat.values.parse_cell` has parsed."""
        return cls(
            indicator=indicator,
            state=parsed.state,
            number=parsed.number,
            raw=parsed.raw,
            approximate=parsed.approximate,
            note=parsed.note,
            cell=cell,
        )

    @property
    def has_number(self) -> bool:
        return self.state == "number" and self.number is not None

    def display(self, kind: ValueKind | None = None) -> str:
        """The value as a table prints it: the number, the mark, or nothing.

        A signed change keeps its plus sign (+12) and a sum keeps the unit written with it
        (251000元), as the printed table must.
        """
        if self.state == "number" and self.number is not None:
            text = format_number(self.number)
            if kind is ValueKind.signed and self.number > 0:
                text = "+" + text
            if kind is ValueKind.amount and self.note:
                text += self.note
            return text + ("余" if self.approximate else "")
        if self.state in ("mark", "invalid") and self.raw is not None:
            return self.raw
        return ""


def format_number(number: Decimal) -> str:
    """Print a Decimal without exponent and without a spurious ``.0``."""
    if number == number.to_integral_value():
        return format(number.quantize(Decimal(1)), "f") if number.adjusted() < 28 else str(number)
    return format(number.normalize(), "f")


class Metadata(BaseModel):
    """What surrounds the table: who filled it, for which year, when."""

    agency: str | None = Field(default=None, description="填报单位")
    year: int | None = Field(default=None, description="年度")
    date: str | None = Field(default=None, description="填报日期, as written")
    head: str | None = Field(default=None, description="单位负责人")
    reviewer: str | None = Field(default=None, description="审核人")
    preparer: str | None = Field(default=None, description="填报人")
    phone: str | None = Field(default=None, description="联系电话")


class CellInvolved(BaseModel):
    """One cell a finding points at."""

    indicator: str
    label: str = Field(description="The official label of the row.")
    column: str | None = Field(default=None, description="The column's label, in a matrix.")
    cell: CellRef | None
    value: str = Field(description="The value as printed; empty when blank.")


class Change(BaseModel):
    """One cell of a hint: its value as read and the value that would make the rules hold."""

    indicator: str
    label: str
    column: str | None = None
    cell: CellRef | None = None
    reported: Number | None
    suggested: Number


class Hint(BaseModel):
    """A suggestion of where a finding's error lies: never a correction, never written back.

    ``kind`` says what explains it: ``fix`` a smallest set of cells whose change makes every
    error-level rule hold; ``swap`` two digits swapped (1243 for 1234); ``digit`` one digit
    mistyped; ``shift`` a value typed into the neighbouring cell.
    """

    kind: Literal["fix", "swap", "digit", "shift"]
    changes: list[Change]
    rank: int = Field(description="1 for the likeliest; hints of one finding are ranked.")
    weight: float = Field(description="Lower is likelier; how it is computed is documented.")
    message: str = Field(description="The hint in the report's language, with its reason.")


class Finding(BaseModel):
    """One thing a rule or a reader has to say about the table."""

    rule: str
    severity: Severity
    checkable: bool = Field(
        default=True, description="False when the rule could not be checked for blank inputs."
    )
    message: str
    cells: list[CellInvolved] = Field(default_factory=list)
    reported: Number | None = None
    computed: Number | None = None
    difference: Number | None = None
    hints: list[Hint] = Field(
        default_factory=list, description="Suggestions of which cells are wrong (see Hint)."
    )

    def fails(self, fail_on: Severity) -> bool:
        """Whether the finding counts against ``--fail-on`` (and so for the exit status)."""
        return self.checkable and self.severity.rank >= fail_on.rank


class FilledTable(BaseModel):
    """A form's values as read from one file, each with the cell it came from."""

    form: str
    source: str
    sheet: str | None = None
    metadata: Metadata = Field(default_factory=Metadata)
    values: dict[str, Value]
    reading: list[Finding] = Field(
        default_factory=list, description="What the reader found while placing rows."
    )
    signals: list[str] = Field(default_factory=list, description="Why this form was recognised.")
    previous: FilledTable | None = Field(
        default=None, description="Last year's table, for the carry-over rules."
    )
    notes: list[str] = Field(default_factory=list, description="Remarks that are not findings.")


class Counts(BaseModel):
    error: int = 0
    warning: int = 0
    info: int = 0
    not_checkable: int = 0

    @classmethod
    def of(cls, findings: list[Finding]) -> Counts:
        """The findings counted by severity; those not checkable apart."""
        counts = cls()
        for finding in findings:
            if not finding.checkable:
                counts.not_checkable += 1
            else:
                name = finding.severity.value
                setattr(counts, name, getattr(counts, name) + 1)
        return counts


class Report(BaseModel):
    """The outcome of validating one file: the stable document of ``--format json``."""

    file: str
    form: str
    form_title: str
    sheet: str | None
    signals: list[str]
    previous: str | None = Field(default=None, description="Last year's file, when given.")
    notes: list[str] = Field(default_factory=list)
    metadata: Metadata
    values: list[ReportValue]
    findings: list[Finding]
    counts: Counts

    def worst(self) -> Severity | None:
        checked = [f.severity for f in self.findings if f.checkable]
        return max(checked, key=lambda s: s.rank) if checked else None


class ReportValue(BaseModel):
    """One indicator of the table in a report: what it is and what was read."""

    indicator: str
    number: int
    table: str
    label: str
    column: str | None
    unit: str
    header: bool
    state: ValueState
    value: Number | None
    text: str
    cell: CellRef | None


Report.model_rebuild()
