"""What one cell may hold, as pydantic types, and the typed model of a whole form.

The same types drive two things: the JSON Schema printed by ``govstat schema`` and the
per-cell check of rule ``<form>-0-01`` (a count must be a non-negative integer, 万元 a
non-negative decimal). Relations between cells are the rule engine's business.
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError, create_model

from govstat.model import Metadata, ValueKind

Count = Annotated[int, Field(ge=0, strict=False)]
Money = Annotated[Decimal, Field(ge=0)]
Signed = Annotated[int, Field(strict=False)]
"""本年增/减: +12, -3 and 减4 are all counts."""
Amount = Annotated[Decimal, Field(ge=0)]
"""采购总金额: a sum in the unit written beside it in the cell (251000元, 25.1万元)."""
Mark = Literal["——"]
"""A cell printed with an empty mark (——, —, -, /, 无): declared empty, which is not 0."""

_TYPES: dict[ValueKind, Any] = {
    ValueKind.count: Count,
    ValueKind.money: Money,
    ValueKind.signed: Signed,
    ValueKind.amount: Amount,
}


@cache
def _adapter(kind: ValueKind) -> TypeAdapter[Any]:
    return TypeAdapter(_TYPES[kind])


def type_error(kind: ValueKind, number: Decimal) -> str | None:
    """Why ``number`` cannot stand in a cell of this kind, or None when it can."""
    if kind is ValueKind.header:
        return None
    if kind in (ValueKind.count, ValueKind.signed) and number != number.to_integral_value():
        # pydantic would accept 2.0 and refuse 2.5; say which it is in our own words.
        return "fraction"
    try:
        _adapter(kind).validate_python(number)
    except ValidationError:
        return "negative"
    return None


def form_model(form: Any) -> type[BaseModel]:
    """The pydantic model of a filled form: metadata plus one typed field per value row.

    A field is ``None`` when the cell is blank, ``"——"`` when it carries an empty mark, and
    otherwise a number of the row's type. Header rows are not fields: they carry no value.
    """
    fields: dict[str, Any] = {}
    for ind in form.indicators:
        if ind.is_header:
            continue
        fields[ind.id] = (
            _TYPES[ind.kind] | Mark | None,
            Field(
                default=None,
                title=ind.name("zh"),
                description=f"{ind.name('en')} ({ind.unit})",
                json_schema_extra={
                    "row": ind.number,
                    "unit": ind.unit,
                    "level": ind.level,
                    "table": ind.table_title,
                },
            ),
        )
    values_model: type[BaseModel] = create_model(
        f"Form{form.id}Values",
        __config__=ConfigDict(extra="forbid"),
        **fields,
    )
    form_literal: Any = Literal[form.id]
    return create_model(
        f"Form{form.id}Table",
        __config__=ConfigDict(extra="forbid", title=form.title),
        form=(form_literal, form.id),
        metadata=(Metadata, Field(default_factory=Metadata)),
        values=(values_model, ...),
    )
