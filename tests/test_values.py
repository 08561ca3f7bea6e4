"""Cell values as clerks type them, and printed labels as they retype them."""

from __future__ import annotations

import datetime
import math
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govstat.labels import loose, norm
from govstat.values import ParsedCell, parse_cell, parse_text

STATES = {"number", "blank", "mark", "invalid"}


@pytest.mark.parametrize(
    ("content", "number"),
    [
        (0, Decimal(0)),
        (47, Decimal(47)),
        (3.0, Decimal(3)),
        (2.5, Decimal("2.5")),
        (0.1, Decimal("0.1")),
        (Decimal("18.8710"), Decimal("18.871")),
        ("620", Decimal(620)),
        ("3.5", Decimal("3.5")),
        ("１２０", Decimal(120)),
        ("5件", Decimal(5)),
        ("1,234", Decimal(1234)),
        ("1,234,567", Decimal(1234567)),
        (" 47", Decimal(47)),
        ("47 ", Decimal(47)),
        ("+19", Decimal(19)),
        ("减4", Decimal(-4)),
        ("-3", Decimal(-3)),
        ("－3", Decimal(-3)),
        ("增7", Decimal(7)),
    ],
)
def test_numbers_are_read(content: object, number: Decimal) -> None:
    """Ints, floats, Decimals and numeric text (units, separators, signs, full width) read."""
    parsed = parse_cell(content)
    assert parsed.state == "number"
    assert parsed.number == number
    assert isinstance(parsed.number, Decimal)


def test_float_keeps_its_exact_decimal() -> None:
    """A float 0.1 becomes Decimal('0.1'), not the binary expansion 0.1000000000000000055…."""
    assert parse_cell(0.1).number.as_tuple() == Decimal("0.1").as_tuple()


def test_whole_float_prints_without_point() -> None:
    """A float 3.0 from a spreadsheet keeps the raw text 3, as the clerk saw it."""
    assert parse_cell(3.0).raw == "3"
    assert parse_cell(2.5).raw == "2.5"


def test_unit_is_kept_as_note() -> None:
    """5件 reads as 5 with the unit kept as the note."""
    parsed = parse_text("5件")
    assert (parsed.number, parsed.note, parsed.approximate) == (Decimal(5), "件", False)


def test_leading_space_is_not_in_raw() -> None:
    """A leading space is stripped from the raw text shown back to the user."""
    assert parse_text(" 47").raw == "47"


def test_approximate_figure() -> None:
    """620余 reads as 620 marked approximate (at least 620), with no note left over."""
    parsed = parse_text("620余")
    assert parsed.state == "number"
    assert parsed.number == Decimal(620)
    assert parsed.approximate is True
    assert parsed.note is None


@pytest.mark.parametrize("text", ["620多", "620以上", "620+"])
def test_other_approximate_spellings(text: str) -> None:
    """多, 以上 and a trailing + also mark a figure as at least that much."""
    parsed = parse_text(text)
    assert (parsed.number, parsed.approximate) == (Decimal(620), True)


def test_plain_number_is_not_approximate() -> None:
    """A plain figure is exact."""
    assert parse_text("620").approximate is False
    assert parse_text("+19").approximate is False


def test_number_with_note() -> None:
    """22（其中修订16件） reads as 22 and keeps the bracketed note."""
    parsed = parse_text("22（其中修订16件）")
    assert parsed.state == "number"
    assert parsed.number == Decimal(22)
    assert parsed.note is not None
    assert "其中修订16件" in parsed.note
    assert parsed.raw == "22（其中修订16件）"


@pytest.mark.parametrize("mark", ["——", "—", "-", "/", "无", "&nbsp;", "--", "／", "－", " —— "])
def test_empty_marks(mark: str) -> None:
    """The printed empty marks are state mark, carry no number, and keep their text."""
    parsed = parse_cell(mark)
    assert parsed.state == "mark"
    assert parsed.number is None
    assert parsed.raw == mark.strip()


@pytest.mark.parametrize("content", [None, "", "   ", "\n", "\u3000", "\u00a0"])
def test_blank(content: object) -> None:
    """None and whitespace-only text are blank, which is neither 0 nor a mark."""
    parsed = parse_cell(content)
    assert parsed.state == "blank"
    assert parsed.number is None


@pytest.mark.parametrize(
    "content",
    ["abc", "约五件", "五", "1.2.3", "1,23", "见附件", True, False, math.nan, math.inf, -math.inf],
)
def test_invalid(content: object) -> None:
    """Text holding no number, booleans, 1.2.3, and nan/inf are invalid and carry no number."""
    parsed = parse_cell(content)
    assert parsed.state == "invalid"
    assert parsed.number is None
    assert parsed.raw


@pytest.mark.parametrize("content", [Decimal("NaN"), Decimal("Infinity")])
def test_invalid_decimals(content: Decimal) -> None:
    """A non-finite Decimal is invalid, not a number."""
    assert parse_cell(content).state == "invalid"


@pytest.mark.parametrize(
    "content",
    [datetime.datetime(2019, 1, 2), datetime.date(2019, 1, 2), datetime.time(1, 2)],
    ids=["datetime", "date", "time"],
)
def test_date_cell_is_invalid(content: object) -> None:
    """A date or time (what Excel makes of a typed 1-2 or 1:2) is invalid, not a count."""
    assert parse_cell(content).state == "invalid"


def test_bool_is_not_an_int() -> None:
    """True is not read as the count 1 although bool subclasses int."""
    assert parse_cell(True) == ParsedCell("invalid", raw="TRUE")


def test_parse_text_and_parse_cell_agree_on_text() -> None:
    """parse_cell hands text to parse_text unchanged."""
    for text in ["5件", "——", "abc", " 47", "620余"]:
        assert parse_cell(text) == parse_text(text)


@given(st.text())
def test_any_text_gives_a_state(text: str) -> None:
    """Any text parses to number, blank, mark or invalid without raising; a number has a value."""
    parsed = parse_cell(text)
    assert parsed.state in STATES
    if parsed.state == "number":
        assert parsed.number is not None
        assert parsed.number.is_finite()
    else:
        assert parsed.number is None


@given(
    st.one_of(
        st.none(),
        st.integers(),
        st.floats(allow_nan=True, allow_infinity=True),
        st.decimals(allow_nan=True, allow_infinity=True),
        st.booleans(),
    )
)
def test_any_scalar_gives_a_state(content: object) -> None:
    """None, any int, float, Decimal or bool parses to one of the four states without raising."""
    parsed = parse_cell(content)
    assert parsed.state in STATES
    if parsed.state == "number":
        assert parsed.number is not None
        assert parsed.number.is_finite()


@given(st.integers(min_value=0, max_value=10**12))
def test_integers_round_trip_through_text(number: int) -> None:
    """A non-negative integer written as text, with or without separators, reads back as itself."""
    assert parse_text(str(number)).number == number
    assert parse_text(f"{number:,}").number == number
    assert parse_text(f"{number}件").number == number


@given(st.integers(min_value=1, max_value=10**9))
def test_minus_and_jian_negate(number: int) -> None:
    """-N and 减N read as the negative of N; +N and 增N as N."""
    assert parse_text(f"-{number}").number == -number
    assert parse_text(f"减{number}").number == -number
    assert parse_text(f"+{number}").number == number
    assert parse_text(f"增{number}").number == number


# ---------------------------------------------------------------- labels


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("（一）收到申请数", "(一)收到申请数"),
        ("（一）收到申请数", "（一） 收到申请数"),
        ("1.当面申请数", "1、当面申请数"),
        ("1.当面申请数", "1．当面申请数"),
        ("1.当面申请数", "1. 当面\n申请数"),
        ("其中：主动公开规范性文件数", "其中:主动公开规范性文件数"),
        ("三、依申请公开情况", "三\n、\n依\n申\n请\n公\n开\n情\n况"),
        ("不是《条例》所指政府信息", "不是《条例》所指政府信息 "),
        ("（四）专项经费（万元）", "(四)专项经费(万元)"),
        ("只计这一情形", "只计这一情 形"),
        ("本年新制作数量", "本年新\r\n制作数量"),
        ("⼀、主动公开情况", "一、主动公开情况"),
    ],
)
def test_norm_makes_spellings_equal(a: str, b: str) -> None:
    """Bracket widths, 1、/1./1．, colons, spaces, line breaks, Kangxi glyphs normalise equal."""
    assert norm(a) == norm(b)
    assert loose(a) == loose(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("（一）收到申请数", "（二）收到申请数"),
        ("1.当面申请数", "2.当面申请数"),
        ("收到申请数", "申请办结数"),
    ],
)
def test_norm_keeps_differences(a: str, b: str) -> None:
    """norm keeps numbering and words, so different rows stay different."""
    assert norm(a) != norm(b)


@pytest.mark.parametrize(
    ("printed", "bare"),
    [
        ("（一）收到申请数", "收到申请数"),
        ("1.当面申请数", "当面申请数"),
        ("1、当面申请数", "当面申请数"),
        ("其中：主动公开规范性文件数", "主动公开规范性文件数"),
        ("一、主动公开情况", "主动公开情况"),
        (
            "（一）主动公开政府信息数（不同渠道和方式公开相同信息计1条）",
            "主动公开政府信息数",
        ),
    ],
)
def test_loose_drops_numbering_and_notes(printed: str, bare: str) -> None:
    """loose drops leading numbering (（一）, 1., 1、, 其中：, 一、) and notes in brackets."""
    assert loose(printed) == loose(bare) == bare


def test_norm_is_idempotent_on_official_labels() -> None:
    """Normalising twice changes nothing."""
    from govstat.forms import get_form

    for ind in get_form("2014").indicators:
        assert norm(norm(ind.label)) == norm(ind.label)
        assert loose(loose(ind.label)) == loose(ind.label)


@given(st.text())
def test_norm_never_raises_and_has_no_whitespace(text: str) -> None:
    """norm accepts any text and leaves no whitespace in it."""
    result = norm(text)
    assert not any(ch.isspace() for ch in result)
