"""What a target counts: filters on census columns (their values read as census cells are)
and the counts, sums, shares and ratios over them."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    PrivateAttr,
    StrictBool,
    Tag,
    field_validator,
    model_validator,
)

from ..census.schema import COLUMNS_BY_KEY, SUMMABLE
from ..read import values as v
from .plan_columns import DECLARED_KEY, census_column, declared
from .targets_values import STRICT, plain_number, problem

# ------------------------------------------------------------------------- filters


class Condition(BaseModel):
    """A condition on one column: equal to one value, one of several, or a comparison.

    Written in YAML as a scalar (``HTX``), a list (``[Tốt, Khá]``) or a mapping with
    ``not``, ``gt``, ``gte``, ``lt``, ``lte`` or ``empty``.
    """

    model_config = STRICT

    any_of: tuple[Any, ...] | None = None
    not_: tuple[Any, ...] | None = Field(default=None, alias="not")
    gt: float | None = None
    gte: float | None = None
    lt: float | None = None
    lte: float | None = None
    empty: StrictBool | None = None
    #: A period on a date column, both ends included: ``{from: 2021, to: 2030}`` (a year
    #: alone is 1 January for ``from`` and 31 December for ``to``) or dates.
    from_: date | None = Field(default=None, alias="from")
    to: date | None = None

    @field_validator("gt", "gte", "lt", "lte", mode="before")
    @classmethod
    def _number(cls, value: Any) -> Any:
        return plain_number(value)

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, data: Any) -> Any:
        if isinstance(data, list):
            return {"any_of": data}
        if not isinstance(data, dict):
            return {"any_of": [data]}
        out = {k: ([x] if k == "not" and not isinstance(x, list) else x) for k, x in data.items()}
        for key, end in (("from", (1, 1)), ("to", (12, 31))):
            if key in out:
                out[key] = _period_end(out[key], *end)
        return out


def _period_end(raw: Any, month: int, day: int) -> Any:
    """One end of a period: a date, a year alone (its first or last day), or a date typed
    as census cells are ("1/1/2021")."""
    if isinstance(raw, date):
        return raw
    if isinstance(raw, int) and not isinstance(raw, bool) and 1900 <= raw <= 2100:
        return date(raw, month, day)
    if isinstance(raw, str) and re.fullmatch(r"\s*\d{4}\s*", raw):
        return date(int(raw), month, day)
    try:
        return v.parse_date(raw)
    except v.CellError:
        return raw  # pydantic says what is wrong with it


def _parse_filter_value(column: str, raw: Any) -> Any:
    col = census_column(column)
    assert col is not None
    if col.kind in ("text", "code"):
        return v.parse_text(raw)
    try:
        return col.parse(raw)
    except v.CellError as err:
        hint = f"; did you mean «{err.suggestion}»?" if err.suggestion else ""
        allowed = f" (one of: {', '.join(col.choices)})" if col.choices else ""
        raise problem(
            "bad-value",
            "«{value}» is not a value of {column}{allowed}{hint}",
            value=str(raw),
            column=column,
            allowed=allowed,
            hint=hint,
            choices=", ".join(col.choices),
            near=err.suggestion or "",
        ) from None


#: JSON Schema of a condition as written in YAML: a value, a list, or a comparison mapping.
_CONDITION_SCHEMA: dict[str, Any] = {
    "anyOf": [
        {"type": ["string", "number", "boolean", "null"]},
        {"type": "array", "items": {"type": ["string", "number", "boolean", "null"]}},
        {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "not": {},
                "gt": {"type": "number"},
                "gte": {"type": "number"},
                "lt": {"type": "number"},
                "lte": {"type": "number"},
                "empty": {"type": "boolean"},
                "from": {"type": ["string", "integer"]},
                "to": {"type": ["string", "integer"]},
            },
        },
    ]
}


class Filter(BaseModel):
    """Conditions on census columns, all of which must hold (AND).

    In YAML: a mapping from a column key to a condition, e.g.
    ``{loai_hinh: [HTX, LHHTX], xep_loai: [Tốt, Khá]}``. Category values are
    read as tolerantly as census cells ("kha" is Khá).
    """

    model_config = ConfigDict(frozen=True)

    conditions: dict[str, Condition] = {}

    @model_validator(mode="before")
    @classmethod
    def _from_mapping(cls, data: Any) -> Any:
        if data is None:
            return {"conditions": {}}
        if isinstance(data, dict) and set(data) != {"conditions"}:
            return {"conditions": data}
        return data

    @field_validator("conditions")
    @classmethod
    def _known_columns(cls, conditions: dict[str, Condition]) -> dict[str, Condition]:
        out = {}
        for column, cond in conditions.items():
            col = census_column(column)
            if col is None:
                from ..core.text import closest

                near = closest(column, [*COLUMNS_BY_KEY, *declared()])
                hint = f"; did you mean «{near}»?" if near else ""
                raise problem(
                    "unknown-column",
                    "unknown census column «{column}»{hint}",
                    column=column,
                    hint=hint,
                    near=near or "",
                )
            update: dict[str, Any] = {}
            for name in ("any_of", "not_"):
                items = getattr(cond, name)
                if items is not None:
                    update[name] = tuple(_parse_filter_value(column, x) for x in items)
            numeric = (cond.gt, cond.gte, cond.lt, cond.lte)
            if any(x is not None for x in numeric) and col.kind not in ("count", "number"):
                raise problem(
                    "not-numeric-column", "gt/gte/lt/lte need a numeric column", column=column
                )
            if (cond.from_ is not None or cond.to is not None) and col.kind != "date":
                raise problem(
                    "not-date-column", "from/to (a period) need a date column", column=column
                )
            out[column] = cond.model_copy(update=update)
        return out

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema: Any, handler: Any) -> dict[str, Any]:
        """A filter as written in YAML: a mapping from census column keys to conditions."""
        return {
            "type": ["object", "null"],
            # a census column, or one the file declares under columns: (keys x_…)
            "propertyNames": {
                "anyOf": [{"enum": sorted(COLUMNS_BY_KEY)}, {"pattern": DECLARED_KEY}]
            },
            "additionalProperties": _CONDITION_SCHEMA,
        }

    def merged(self, other: Filter) -> Filter:
        """This filter and ``other`` together; ``other`` wins on a column both name."""
        return Filter(conditions={**self.conditions, **other.conditions})

    @property
    def columns(self) -> list[str]:
        return list(self.conditions)


# ------------------------------------------------------------------------- measures


class CountQuantity(BaseModel):
    """``count: FILTER``: how many organizations match."""

    model_config = STRICT
    count: Filter


class SumQuantity(BaseModel):
    """``sum: COLUMN, where: FILTER``: a numeric column added up."""

    model_config = STRICT
    sum: str
    where: Filter = Filter()
    #: The summed column's kind ("count" or "number"), known while the file is validated.
    _kind: str = PrivateAttr("number")

    def model_post_init(self, context: Any, /) -> None:
        column = census_column(self.sum)
        self._kind = column.kind if column is not None else "number"

    @property
    def whole(self) -> bool:
        """Whether the summed column holds whole numbers (members, cooperatives)."""
        return self._kind == "count"

    @field_validator("sum")
    @classmethod
    def _summable(cls, column: str) -> str:
        """A numeric column of the contract, or a count or number column the plan declares."""
        numeric = [k for k, c in declared().items() if c.kind in ("count", "number")]
        if column not in SUMMABLE and column not in numeric:
            raise problem(
                "not-summable",
                "«{column}» cannot be summed; use one of: {columns}",
                column=column,
                columns=", ".join([*sorted(SUMMABLE), *sorted(numeric)]),
            )
        return column


class InfoQuantity(BaseModel):
    """``info: dan_so``: a number from the census information sheet(s), summed over files."""

    model_config = STRICT
    info: Literal["dan_so"]


def _tag(keys: tuple[str, ...]) -> Any:
    def pick(data: Any) -> str | None:
        if isinstance(data, dict):
            return next((k for k in keys if k in data), None)
        return next((k for k in keys if hasattr(data, k)), None)

    return pick


Quantity = Annotated[
    Annotated[CountQuantity, Tag("count")]
    | Annotated[SumQuantity, Tag("sum")]
    | Annotated[InfoQuantity, Tag("info")],
    Discriminator(
        _tag(("count", "sum", "info")),
        custom_error_type="quantity",
        custom_error_message="expected one of count:, sum: (with where:) or info:",
    ),
]


class ShareSpec(BaseModel):
    model_config = STRICT
    numerator: Filter
    denominator: Filter


class ShareMeasure(BaseModel):
    """``share: {numerator, denominator}``: the fraction of the denominator in the numerator."""

    model_config = STRICT
    share: ShareSpec


class RatioSpec(BaseModel):
    model_config = STRICT
    numerator: Quantity
    denominator: Quantity


class RatioMeasure(BaseModel):
    """``ratio: {numerator, denominator}``: one quantity over another."""

    model_config = STRICT
    ratio: RatioSpec


Measure = Annotated[
    Annotated[CountQuantity, Tag("count")]
    | Annotated[SumQuantity, Tag("sum")]
    | Annotated[ShareMeasure, Tag("share")]
    | Annotated[RatioMeasure, Tag("ratio")],
    Discriminator(
        _tag(("count", "sum", "share", "ratio")),
        custom_error_type="measure",
        custom_error_message="expected one of count:, sum: (with where:), share: or ratio:",
    ),
]
