"""The census columns a plan declares beyond the contract's: their model in the targets file,
how the reader takes each, and which are declared while a file is validated."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from typing import Annotated, Any, Literal, Self

from pydantic import BaseModel, Field, TypeAdapter, ValidationError, model_validator

from ..census.schema import COLUMNS_BY_KEY, Column
from ..read import values as v
from .targets_values import STRICT, problem

#: The key of a census column a targets file declares: ``x_`` and lower-case words.
DECLARED_KEY = r"^x_[a-z0-9_]+$"

#: The columns a targets file declares, while that file is validated (see TargetsFile).
_DECLARED: ContextVar[dict[str, Column] | None] = ContextVar("declared_columns", default=None)


def declared() -> dict[str, Column]:
    """The columns the targets file being validated declares (none outside validation)."""
    return _DECLARED.get() or {}


def census_column(key: str) -> Column | None:
    """A census column by key: one of the contract's, or one the file being read declares."""
    return COLUMNS_BY_KEY.get(key) or declared().get(key)


@contextmanager
def declaring(data: Any) -> Iterator[None]:
    """While a targets file's ``data`` is validated, the columns it declares (``columns:``)
    are census columns its filters may name."""
    found: dict[str, Column] = {}
    if isinstance(data, dict) and data.get("columns"):
        try:
            cols = _columns_adapter().validate_python(data["columns"])
        except ValidationError:
            cols = ()  # reported with the rest, by the file's validation
        found = {c.key: c.column() for c in cols}
    token = _DECLARED.set(found)
    try:
        yield
    finally:
        _DECLARED.reset(token)


ColumnType = Literal["yes-no", "choice", "count", "number", "date"]


class DeclaredColumn(BaseModel):
    """A census column a plan needs and the census contract does not have (the director's
    training level, a place in the ICA's ranking). The reader takes it as an ordinary
    column, ``ktt check`` validates it and ``ktt template`` writes it, with its dropdown."""

    model_config = STRICT
    key: Annotated[str, Field(pattern=DECLARED_KEY)]
    #: The Vietnamese header, as the template writes it, and other ways people write it.
    header: str
    aliases: tuple[str, ...] = ()
    type: ColumnType
    #: The categories of a ``choice`` column.
    choices: tuple[str, ...] = ()
    required: bool = False
    #: What the column holds, in Vietnamese (the template's note on the header).
    note: str | None = None
    english: str | None = None

    @model_validator(mode="after")
    def _choices_fit_type(self) -> Self:
        if (self.type == "choice") != bool(self.choices):
            raise problem("column-choices", "a 'choice' column needs choices:, others none")
        from ..census.layout import HEADER_INDEX
        from ..core.text import fold_header

        for name in (self.header, *self.aliases):
            taken = HEADER_INDEX.get(fold_header(name))
            if taken is not None:
                raise problem(
                    "column-header-taken",
                    "the header «{header}» is the census column {column}'s",
                    header=name,
                    column=taken,
                )
        return self

    def column(self) -> Column:
        """The column as the reader, the template and the filters use it."""
        return _declared_column(self)


@lru_cache(maxsize=256)
def _declared_column(d: DeclaredColumn) -> Column:
    parsers = {
        "yes-no": v.parse_yes_no,
        "count": v.parse_count,
        "number": v.parse_signed_amount,
        "date": v.parse_date,
    }
    parse = parsers[d.type] if d.type != "choice" else _ChoiceParser(d.choices)
    return Column(
        d.key,
        d.header,
        d.english or d.key,
        parse,
        d.type,
        "always" if d.required else "never",
        aliases=d.aliases,
        choices=d.choices,
        note=d.note or "",
    )


class _ChoiceParser:
    """A declared choice column's parser: a class, not a closure, so that the columns a plan
    declares can be sent to the processes of ``ktt batch`` (closures cannot be pickled)."""

    def __init__(self, choices: tuple[str, ...]) -> None:
        from ..core.text import fold

        self.choices = choices
        self.table = {fold(c): c for c in choices}

    def __call__(self, raw: Any) -> str | None:
        from ..core.text import closest, fold

        if v.is_empty(raw):
            return None
        found = self.table.get(fold(str(raw)))
        if found is None:
            legacy = v.legacy_reading(str(raw), lambda text: self.table.get(fold(text)))
            if legacy is not None:  # «Kh¸»: typed in TCVN3, as a built-in column says
                raise v.legacy_error("not-in-list", "choice", legacy, legacy.value)
            raise v.CellError(
                "not-in-list", "choice", suggestion=closest(str(raw), list(self.choices))
            )
        return found


@lru_cache(maxsize=1)
def _columns_adapter() -> TypeAdapter[tuple[DeclaredColumn, ...]]:
    """Built when a file declares columns, not at every start (a TypeAdapter costs ms)."""
    return TypeAdapter(tuple[DeclaredColumn, ...])
