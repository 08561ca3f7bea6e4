"""The assessment as data: what ``govstat assess --format json`` prints, and what every other
format is drawn from."""

from __future__ import annotations

import zlib
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, Field

from govstat.model import CellInvolved, CellRef, Counts, Lang, Number, Severity, Value


class Collected(BaseModel):
    """One report as the assessment needs it, small enough to keep a thousand in memory:
    never the whole table, only what the checks read."""

    file: str
    sheet: str | None = Field(
        default=None, description="The sheet of the table, when the file holds several."
    )
    status: Literal["ok", "fail", "unreadable"]
    message: str | None = Field(default=None, description="Why the file could not be read.")
    form: str | None = None
    agency: str | None = Field(default=None, description="填报单位 as read.")
    year: int | None = None
    counts: Counts = Field(default_factory=Counts)
    failing: list[str] = Field(
        default_factory=list, description="The error rules of its own that the table fails."
    )
    cells: tuple[str, ...] = Field(
        default=(), description="Every value cell of the form as printed, in the form's order."
    )
    filled: int = Field(default=0, description="How many of them hold a number.")
    numbers: dict[str, Number] = Field(
        default_factory=dict, description="The cells key figures and indicators read."
    )
    kept: bytes = Field(
        default=b"",
        description="The cells the forms' carry-over rules read and the places of the key "
        "figures' cells, packed (see :meth:`Kept.pack`): as models, a thousand reports' would "
        "fill memory.",
    )
    prose: list[str] = Field(default_factory=list, description="The report's running text.")

    @property
    def where(self) -> str:
        """The file, and the sheet when the file holds several tables: what names it."""
        return f"{self.file}#{self.sheet}" if self.sheet else self.file

    def carry(self) -> dict[str, Value]:
        """The cells the forms' carry-over rules read, as read."""
        return _unpack(self.kept).carry

    def place(self, indicator_id: str) -> CellRef | None:
        """Where a key figure's cell stands."""
        return _unpack(self.kept).places.get(indicator_id)


class Kept(BaseModel):
    """What a report keeps for the checks across reports that needs its cells' places."""

    carry: dict[str, Value] = Field(default_factory=dict)
    places: dict[str, CellRef] = Field(default_factory=dict)

    def pack(self) -> bytes:
        """Compressed JSON: a fifth of the JSON, a small part of the models in memory."""
        return zlib.compress(self.model_dump_json().encode(), 1)


def _unpack(kept: bytes) -> Kept:
    return Kept.model_validate_json(zlib.decompress(kept)) if kept else Kept()


class ReportRow(BaseModel):
    """A report of the folder: who, when, which form, how its own table fared."""

    file: str
    sheet: str | None = Field(default=None, description="When the file holds several tables.")

    @property
    def where(self) -> str:
        return f"{self.file}#{self.sheet}" if self.sheet else self.file

    agency: str | None = Field(description="The unit it was assigned to (normalised name).")
    agency_as_read: str | None
    year: int | None
    form: str | None
    counts: Counts
    status: Literal["ok", "fail", "unreadable"]
    message: str | None = None
    whole_report: bool = Field(description="A whole report with its text, not only tables.")


class Unit(BaseModel):
    """A unit: the years it has a report for, and with ``--units`` those it lacks."""

    agency: str
    key: str = Field(description="The normalised name reports are matched by.")
    spellings: list[str] = Field(default_factory=list, description="Names as the reports write it.")
    years: list[int]
    missing_years: list[int] = Field(default_factory=list)
    parent: str | None = None
    type: str | None = None
    listed: bool = Field(default=False, description="Named in --units.")


class Pair(BaseModel):
    """Two consecutive years of one unit, checked with the forms' carry-over rules."""

    agency: str
    previous_year: int
    year: int
    previous_file: str
    file: str
    findings: int = Field(description="How many carry-over findings the pair has.")
    notes: list[str] = Field(default_factory=list)


class AssessFinding(BaseModel):
    """One thing the assessment found: a rule of its own (A-…) or a carry-over rule."""

    rule: str
    severity: Severity
    checkable: bool = True
    agency: str
    year: int | None
    file: str | None
    message: str
    cells: list[CellInvolved] = Field(
        default_factory=list, description="The cells, each with its file when not ``file``."
    )
    other_agency: str | None = Field(default=None, description="A-02, A-04: the other unit.")
    other_file: str | None = None
    share: float | None = Field(default=None, description="A-02…A-04: the share alike.")

    def fails(self, fail_on: Severity) -> bool:
        return self.checkable and self.severity.rank >= fail_on.rank


class IndicatorValue(BaseModel):
    """One rate of one unit and year: ``15.0%（3/20）``, or why it is not computed."""

    agency: str
    year: int
    id: str
    file: str
    numerator: Number | None
    denominator: Number | None
    value: float | None = Field(description="numerator / denominator, or None.")
    text: str = Field(description="As printed: 15.0%（3/20）, or why there is none.")
    ranked: bool = Field(description="False below the minimum count, or when not computed.")
    blocked_by: list[str] = Field(
        default_factory=list, description="Error rules of the table to fix before the rate."
    )


class RankEntry(BaseModel):
    rank: int
    agency: str
    value: float
    text: str


class Ranking(BaseModel):
    """The units in order by one indicator in one year, or by their findings."""

    id: str = Field(description="The indicator's id, or 'findings'.")
    name: str
    year: int | None
    better: Literal["higher", "lower"]
    entries: list[RankEntry]
    unranked: list[str] = Field(default_factory=list, description="Units shown but not ranked.")


class Settings(BaseModel):
    """The thresholds the assessment used (see :mod:`govstat.assess.settings`)."""

    jump_ratio: Number
    jump_floor: Number
    same_share: float
    same_min_cells: int
    prose_share: float
    blank_share: float
    min_count: int


class Assessment(BaseModel):
    """Everything ``govstat assess`` found in the folders."""

    lang: Lang
    fail_on: Severity
    settings: Settings
    reports: list[ReportRow]
    units: list[Unit]
    pairs: list[Pair]
    findings: list[AssessFinding]
    indicators: list[IndicatorValue]
    rankings: list[Ranking]
    skipped: dict[str, int] = Field(
        default_factory=dict, description="What the folders held that was not read, by reason."
    )
    exit_status: int

    def findings_by_rule(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for finding in self.findings:
            if finding.checkable:
                out[finding.rule] = out.get(finding.rule, 0) + 1
        return dict(sorted(out.items()))

    def findings_by_unit(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for finding in self.findings:
            if finding.checkable:
                out[finding.agency] = out.get(finding.agency, 0) + 1
        return dict(sorted(out.items(), key=lambda item: (-item[1], item[0])))


def percent(numerator: Decimal, denominator: Decimal, lang: Lang = "zh") -> str:
    """15.0%（3/20）, or 15.0% (3/20) in English."""
    from govstat.model import format_number

    share = float(numerator) / float(denominator) * 100
    parts = f"{format_number(numerator)}/{format_number(denominator)}"
    return f"{share:.1f}%（{parts}）" if lang == "zh" else f"{share:.1f}% ({parts})"
