"""Turning what a clerk typed into a cell into a number, a blank, a mark, or invalid text.

Real cells hold ints, floats, numeric text, full-width digits, ``5件``, ``1,234``, `` 47``,
``620余``, ``22（其中修订16件）`` and the empty marks ``——``, ``—``, ``-``, ``/``, ``无``.
:func:`parse_cell` accepts anything and never raises.
"""

from __future__ import annotations

import datetime
import math
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Literal

from govstat.labels import norm

EMPTY_MARKS = frozenset(
    {"——", "—", "-", "--", "－", "―", "─", "–", "/", "／", "无", "&nbsp;", "\\"}
)
"""What tables print for "nothing here"; compared after NFKC and stripping spaces."""

_NUMBER = re.compile(
    r"^(?P<sign>[+\-]|增|减)?"
    r"(?P<int>\d{1,3}(?:,\d{3})+|\d+)(?P<frac>\.\d+)?"
    r"(?P<rest>.*)$",
    re.DOTALL,
)
_APPROX = ("余", "多", "以上", "+")
MAX_DIGITS = 18
"""No count in these tables has more digits; a longer run is a typing accident."""
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class ParsedCell:
    """One cell's content: ``state`` is number, blank, mark or invalid."""

    state: Literal["number", "blank", "mark", "invalid"]
    number: Decimal | None = None
    raw: str | None = None
    approximate: bool = False
    note: str | None = None


def clean_text(text: str) -> str:
    """NFKC (full-width digits and Kangxi radicals fold), no whitespace of any kind."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", text)).replace("\u00a0", "")


def parse_cell(content: object) -> ParsedCell:
    """Parse a cell as openpyxl or a text reader hands it over. Never raises."""
    if content is None:
        return ParsedCell("blank")
    if isinstance(content, bool):  # a TRUE/FALSE cell holds no count
        return ParsedCell("invalid", raw=str(content).upper())
    if isinstance(content, (datetime.date, datetime.time, datetime.timedelta)):
        # Excel turns a typed 1-2 into a date: the clerk meant something, but not a count.
        return ParsedCell("invalid", raw=str(content))
    if isinstance(content, int):
        if abs(content) >= 10**MAX_DIGITS:
            return ParsedCell("invalid", raw=f"{content:.3e}")
        return ParsedCell("number", Decimal(content), raw=str(content))
    if isinstance(content, float):
        if not math.isfinite(content) or abs(content) >= 10.0**MAX_DIGITS:
            return ParsedCell("invalid", raw=str(content))
        # repr gives the shortest text that round-trips: 3.0 → "3.0", 0.1 → "0.1".
        return ParsedCell("number", Decimal(repr(content)), raw=_float_text(content))
    if isinstance(content, Decimal):
        if not content.is_finite() or content.adjusted() >= MAX_DIGITS:
            return ParsedCell("invalid", raw=str(content))
        return ParsedCell("number", content, raw=str(content))
    return parse_text(str(content))


def _float_text(value: float) -> str:
    return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)


def parse_text(raw: str) -> ParsedCell:
    """Parse cell text: numbers with units, separators, notes and signs; marks; or invalid."""
    text = clean_text(raw)
    shown = raw.strip()
    if not text:
        return ParsedCell("blank", raw=shown or None)
    if text in EMPTY_MARKS or set(text) <= {"—", "-", "－", "―", "─"}:
        return ParsedCell("mark", raw=shown)
    match = _NUMBER.match(text)
    if match is None:
        return ParsedCell("invalid", raw=_clip(shown))
    if len(match["int"]) > MAX_DIGITS:
        return ParsedCell("invalid", raw=_clip(shown))
    try:
        number = Decimal(match["int"].replace(",", "") + (match["frac"] or ""))
    except InvalidOperation:  # pragma: no cover - the pattern admits only digits
        return ParsedCell("invalid", raw=shown)
    if match["sign"] in ("-", "减"):
        number = -number
    rest = match["rest"]
    if re.match(r"[\d,.]", rest):  # 1.2.3 or 1,23: not a number a clerk meant
        return ParsedCell("invalid", raw=_clip(shown))
    approximate = rest.startswith(_APPROX)
    if approximate:
        rest = next(rest[len(a) :] for a in _APPROX if rest.startswith(a))
    return ParsedCell("number", number, raw=shown, approximate=approximate, note=rest or None)


def _clip(text: str, limit: int = 60) -> str:
    """Invalid text as messages quote it: a whole pasted paragraph is cut short."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


_DATE = re.compile(r"^((?:19|20)\d{2})\D{1,2}(\d{1,2})\D{1,2}(\d{1,2})\D?")
_COMPACT = re.compile(r"^((?:19|20)\d{2})(\d{2})(\d{2})$")


def parse_date(content: object) -> datetime.date | None:
    """A date as clerks write it: a date cell, 2023-01-05, 2023/1/5, 2023.1.5, 2023年1月5日,
    20230105; None when it is none of these."""
    if isinstance(content, datetime.datetime):
        return content.date()
    if isinstance(content, datetime.date):
        return content
    text = norm(str(content)) if content is not None else ""
    match = _DATE.match(text) or _COMPACT.match(text)
    if match is None:
        return None
    try:
        return datetime.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None
