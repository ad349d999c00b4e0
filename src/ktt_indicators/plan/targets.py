"""The targets file: a plan's targets, each with a declarative definition of what is counted.

A targets file is YAML validated by the pydantic models below. Another
province's plan, or the national resolution, is another YAML file: no code
changes. A mistake is reported with the file, the path inside it and what was
expected (:class:`.targets_loader.TargetsFileError`).

A measure is one of:

- ``count: FILTER``: how many organizations match;
- ``sum: COLUMN`` with ``where: FILTER``: a column added up over those that match;
- ``share: {numerator: FILTER, denominator: FILTER}``: the fraction of the
  denominator's organizations that also match the numerator's filter;
- ``ratio: {numerator: QUANTITY, denominator: QUANTITY}``: one quantity
  (count, sum, or ``info: dan_so`` from the information sheet) over another.

Every filter applies on top of the file's ``universe`` (by default the active
organizations), which a target can replace with its own.
"""

from __future__ import annotations

import math
from enum import StrEnum
from typing import Annotated, Any, Literal, Self

from pydantic import (
    BaseModel,
    Field,
    ValidatorFunctionWrapHandler,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from ..census.schema import Column, Status
from .measures import Condition, Filter, Measure, ShareMeasure
from .plan_columns import DeclaredColumn, declaring
from .targets_values import STRICT, number_or_percent, plain_number, problem, year_value

#: Values are compared with this much slack, relative to the larger of the two, so that 3/5
#: meets "at least 60%" and a target of 2.5e-9 is not met by 2e-9 (an absolute slack would).
RELATIVE_TOLERANCE = 1e-9


def at_least(value: float, bound: float) -> bool:
    """``value ≥ bound``, or as good as equal (:data:`RELATIVE_TOLERANCE`)."""
    return value >= bound or math.isclose(value, bound, rel_tol=RELATIVE_TOLERANCE)


def above(value: float, bound: float) -> bool:
    """``value > bound``, and not as good as equal (:data:`RELATIVE_TOLERANCE`)."""
    return not at_least(bound, value)


AREA_COLUMNS = ("xa_phuong", "quan_huyen", "tinh_cu")


#: A number, a percentage ("60%") or [low, high] for a 'between' target.
_PERCENT_SCHEMA: dict[str, Any] = {"type": "string", "pattern": r"^\s*[0-9]+([.,][0-9]+)?\s*%\s*$"}
_VALUE_SCHEMA: dict[str, Any] = {
    "anyOf": [
        {"type": "number"},
        _PERCENT_SCHEMA,
        {"type": "array", "minItems": 2, "maxItems": 2,
         "items": {"anyOf": [{"type": "number"}, _PERCENT_SCHEMA]}},
        {"type": "null"},
    ]
}  # fmt: skip


# ------------------------------------------------------------------------- targets


class Comparison(StrEnum):
    """How the value is compared with the target, as the documents word it."""

    ABOUT = "about"  # khoảng
    MORE_THAN = "more_than"  # trên
    AT_LEAST = "at_least"  # ít nhất, tối thiểu, a bare number
    BETWEEN = "between"  # từ … - …, both ends included
    ALL = "all"  # đều: 100%
    AT_MOST = "at_most"  # không quá: lower is better
    LESS_THAN = "less_than"  # dưới
    #: No number, a direction only ("mở rộng quy mô", "giảm"): judged over time by the
    #: observed growth rate against fixed thresholds (Open SDG's method without a target).
    INCREASE = "increase"
    DECREASE = "decrease"


#: Comparisons without a number.
DIRECTIONS = (Comparison.INCREASE, Comparison.DECREASE)


class Text(BaseModel):
    """A text in Vietnamese and English."""

    model_config = STRICT
    vi: str
    en: str

    @model_validator(mode="before")
    @classmethod
    def _plain(cls, data: Any) -> Any:
        return {"vi": data, "en": data} if isinstance(data, str) else data

    def get(self, lang: str) -> str:
        return self.en if lang == "en" else self.vi

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema: Any, handler: Any) -> dict[str, Any]:
        """One text for both languages, or {vi: …, en: …}."""
        return {
            "anyOf": [
                {"type": "string"},
                {
                    "type": "object",
                    "properties": {"vi": {"type": "string"}, "en": {"type": "string"}},
                    "required": ["vi", "en"],
                    "additionalProperties": False,
                },
            ]
        }


class Source(BaseModel):
    """Where a target is written: the document, the clause and the words."""

    model_config = STRICT
    document: str
    clause: str | None = None
    text: str | None = None


class ContextFigure(BaseModel):
    """A figure shown beside a target's value (e.g. organizations not yet rated)."""

    model_config = STRICT
    label: Text
    measure: Measure


class Target(BaseModel):
    """One target of a plan: what is measured, what value is wanted, by which year."""

    model_config = STRICT

    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_]*$")]
    year: Annotated[int, Field(ge=2000, le=2100)]
    title: Text
    comparison: Comparison
    value: Annotated[float | tuple[float, float] | None, WithJsonSchema(_VALUE_SCHEMA)] = None
    tolerance: Annotated[float, Field(ge=0, lt=1)] = 0.05
    unit: Text | None = None
    source: Source
    measure: Measure
    universe: Filter | None = None
    #: The territory the target applies to, e.g. {tinh_cu: Cần Thơ} for the old city.
    scope: Filter | None = None
    group_by: Literal["xa_phuong", "quan_huyen", "tinh_cu"] | None = None
    areas: tuple[str, ...] = ()
    note: Text | None = None
    context: tuple[ContextFigure, ...] = ()
    #: The plan's readings this target depends on (see :class:`Readings`); ``ktt targets``
    #: shows them beside it, and the loader checks that the measure says the same.
    reads: tuple[Literal["trong_do", "operating_efficiently"], ...] = ()

    @field_validator("year", mode="before")
    @classmethod
    def _read_year(cls, value: Any) -> Any:
        return year_value(value)

    @field_validator("tolerance", mode="before")
    @classmethod
    def _read_tolerance(cls, value: Any) -> Any:
        return plain_number(value)

    @field_validator("value", mode="before")
    @classmethod
    def _percent(cls, value: Any) -> Any:
        if isinstance(value, list):
            if len(value) != 2:
                raise problem("list-value", "a list value is [low, high], for a 'between' target")
            return [number_or_percent(x) for x in value]
        return number_or_percent(value)

    @model_validator(mode="after")
    def _value_fits_comparison(self) -> Self:
        if self.comparison == Comparison.BETWEEN:
            if not isinstance(self.value, tuple) or self.value[0] > self.value[1]:
                raise problem(
                    "between-value", "a 'between' target needs value: [low, high] with low ≤ high"
                )
        elif self.comparison in DIRECTIONS:
            if self.value is not None:
                raise problem(
                    "direction-value",
                    "an '{comparison}' target has no number; leave value out",
                    comparison=self.comparison.value,
                )
        elif self.comparison == Comparison.ALL:
            if not isinstance(self.measure, ShareMeasure):
                raise problem("all-needs-share", "an 'all' target needs a share measure")
            if self.value not in (None, 1.0):
                raise problem("all-value", "an 'all' target means 100%; leave value out or write 1")
        elif not isinstance(self.value, float | int):
            raise problem(
                "one-number",
                "a '{comparison}' target needs one number as value",
                comparison=self.comparison.value,
            )
        if isinstance(self.measure, ShareMeasure) and self.comparison != Comparison.ALL:
            values = self.value if isinstance(self.value, tuple) else (self.value,)
            if any(x is not None and not 0 <= x <= 1 for x in values):
                raise problem(
                    "share-fraction",
                    "a share target is a fraction from 0 to 1 (or a percentage, '60%')",
                )
        if self.areas and self.group_by is None:
            raise problem("areas-need-group-by", "areas: needs group_by:")
        return self

    @property
    def has_number(self) -> bool:
        """False for a target with a direction only (increase, decrease)."""
        return self.comparison not in DIRECTIONS

    @property
    def low(self) -> float:
        """The target value, or the low end of a between; 1.0 for all. A target with a
        direction only has none: check :attr:`has_number` first."""
        if self.comparison == Comparison.ALL:
            return 1.0
        if isinstance(self.value, tuple):
            return self.value[0]
        assert self.value is not None
        return float(self.value)

    @property
    def high(self) -> float | None:
        """The upper end of a between, else None."""
        return self.value[1] if isinstance(self.value, tuple) else None

    def met_by(self, value: float) -> bool:
        """Whether ``value`` meets the target: "more than 60%" is not met by 60%, "about
        2,000" is met within its tolerance, "between 80 and 100" from 80. A target with a
        direction only is never met by a value (its progress is judged over time)."""
        if not self.has_number:
            return False
        low, c = self.low, self.comparison
        if c == Comparison.MORE_THAN:
            return above(value, low)
        if c == Comparison.ABOUT:
            return at_least(value, low * (1 - self.tolerance))
        if c == Comparison.AT_MOST:
            return at_least(low, value)
        if c == Comparison.LESS_THAN:
            return above(low, value)
        return at_least(value, low)  # at least, all, between

    @property
    def is_share(self) -> bool:
        return isinstance(self.measure, ShareMeasure)


class Readings(BaseModel):
    """How a plan reads two phrases its documents leave open, named so that they are shown
    (``ktt targets``) and checked against the measures of the targets that use them.

    - ``trong_do``: "…đạt loại tốt, khá, *trong đó* có ít nhất 50% tham gia chuỗi giá trị":
      ``of_all`` (of all organizations: the share's denominator does not look at the
      rating) or ``of_good_fair`` (of those rated good or fair: ``xep_loai: [Tốt, Khá]``);
    - ``operating_efficiently`` ("hoạt động hiệu quả"): ``good_fair_of_rated`` (rated Tốt or
      Khá, over the organizations that were rated) or ``good_fair_of_all`` (over all of
      them, rated or not).
    """

    model_config = STRICT
    trong_do: Literal["of_all", "of_good_fair"] | None = None
    operating_efficiently: Literal["good_fair_of_rated", "good_fair_of_all"] | None = None


class ReportHeader(BaseModel):
    """Who issues and signs the annual report (Decree 30/2020/NĐ-CP): the issuing body and
    the body above it, the symbol after the number, the place, the signer and the recipients.
    Options of ``ktt gap`` override each field; what neither gives is left blank to fill in."""

    model_config = STRICT
    #: The body above the issuer (e.g. "UBND thành phố Cần Thơ"; the header prints it in capitals).
    parent: str | None = None
    #: The issuing body as it reads in a sentence (e.g. "Sở Tài chính").
    issuer: str | None = None
    #: The symbol after "Số: …/" (e.g. "BC-STC").
    symbol: str | None = None
    #: The place written before the date (e.g. "Cần Thơ").
    place: str | None = None
    #: The line of authority over the title, if signed on behalf (e.g. "KT. GIÁM ĐỐC").
    signer_authority: str | None = None
    signer_title: str | None = None
    signer_name: str | None = None
    #: "Nơi nhận": one recipient a line; "Lưu: VT" is added.
    recipients: tuple[str, ...] = ()


class Plan(BaseModel):
    """What the targets belong to: a plan, a programme or a resolution."""

    model_config = STRICT
    id: str
    title: str
    territory: str | None = None
    documents: tuple[Source, ...] = ()
    readings: Readings = Readings()
    #: The header and signature block of the report document (``-o report.docx``).
    report: ReportHeader | None = None


#: Thresholds of the ratio of observed to required growth: on track, needs acceleration,
#: limited progress (below the last: deterioration).
THRESHOLDS: dict[str, tuple[float, float, float]] = {
    "open_sdg": (0.95, 0.6, 0.0),  # Open SDG (Statistics Canada's method)
    "unsd": (0.95, 0.5, -0.1),  # the UN Statistics Division's progress chart
}
#: Open SDG's thresholds of the observed growth rate for a target with no number.
GROWTH_THRESHOLDS = (0.015, 0.005, 0.0)


class ProgressMethod(BaseModel):
    """How a plan's status over time is judged (README, *Progress over time*).

    - ``thresholds``: ``open_sdg`` (0.95 / 0.6 / 0), ``unsd`` (0.95 / 0.5 / −0.1) or three
      numbers;
    - ``growth_thresholds``: of the observed growth rate, for targets with no number
      (Open SDG: 1.5%, 0.5% and 0 a year);
    - ``base_year``: the first year of the series on or after it is the base (Open SDG's
      rule; its default is 2015); none: the earliest year of the series;
    - ``zeros``: where a growth rate is undefined (a base or target of 0 or below, values of
      different signs): ``linear`` (ktt: the ratio of linear rates, change per year) or
      ``open_sdg`` (a base or target of 0 becomes 0.001; values of different signs give no
      status, *not available*).
    """

    model_config = STRICT
    thresholds: Literal["open_sdg", "unsd"] | tuple[float, float, float] = "open_sdg"
    growth_thresholds: tuple[float, float, float] = GROWTH_THRESHOLDS
    base_year: Annotated[int, Field(ge=2000, le=2100)] | None = None
    zeros: Literal["linear", "open_sdg"] = "linear"

    @property
    def ratio_thresholds(self) -> tuple[float, float, float]:
        t = self.thresholds
        return THRESHOLDS[t] if isinstance(t, str) else t


class TargetsFile(BaseModel):
    """A targets file: a plan, the universe every measure starts from, and the targets."""

    model_config = STRICT

    plan: Plan
    universe: Filter = Filter(conditions={"tinh_trang": Condition(any_of=(Status.ACTIVE,))})
    #: The territory every target applies to unless it sets its own (default: the whole census).
    scope: Filter = Filter()
    #: Census columns the plan needs beyond the census contract's.
    columns: tuple[DeclaredColumn, ...] = ()
    #: How the status over time is judged.
    progress: ProgressMethod = ProgressMethod()
    targets: tuple[Target, ...]

    @model_validator(mode="wrap")
    @classmethod
    def _with_declared_columns(cls, data: Any, handler: ValidatorFunctionWrapHandler) -> Any:
        """Validate the filters knowing the columns this file declares."""
        with declaring(data):
            return handler(data)

    @model_validator(mode="after")
    def _readings_fit_measures(self) -> Self:
        readings = self.plan.readings
        for t in self.targets:
            for name in t.reads:
                reading = getattr(readings, name)
                if reading is None:
                    raise problem(
                        "reading-missing",
                        "target {id} reads «{reading}», which plan.readings does not name",
                        id=t.id,
                        reading=name,
                    )
                if not _measure_reads(t, name, reading):
                    raise problem(
                        "reading-mismatch",
                        "target {id}'s measure does not read «{reading}» as {how} (plan.readings)",
                        id=t.id,
                        reading=name,
                        how=reading,
                    )
        return self

    def census_columns(self) -> tuple[Column, ...]:
        """The columns the plan declares, as the reader and the template take them."""
        return tuple(c.column() for c in self.columns)

    @field_validator("targets")
    @classmethod
    def _unique_ids(cls, targets: tuple[Target, ...]) -> tuple[Target, ...]:
        if not targets:
            raise problem("no-targets", "a targets file needs at least one target")
        seen: set[str] = set()
        for t in targets:
            if t.id in seen:
                raise problem("duplicate-id", "target id «{id}» is used twice", id=t.id)
            seen.add(t.id)
        return targets

    def universe_of(self, target: Target) -> Filter:
        """The set a target's measure starts from: its universe (status) and its scope
        (territory), each the target's own or else the file's."""
        universe = target.universe if target.universe is not None else self.universe
        return universe.merged(target.scope if target.scope is not None else self.scope)

    def for_year(self, year: int | None) -> list[Target]:
        """The targets of ``year``, or all of them when ``year`` is None."""
        return [t for t in self.targets if year is None or t.year == year]

    def get(self, target_id: str) -> Target | None:
        return next((t for t in self.targets if t.id == target_id), None)


_GOOD_FAIR = frozenset({"Tốt", "Khá"})
_RATED = frozenset({"Tốt", "Khá", "Trung bình", "Yếu"})


def _ratings(flt: Filter) -> frozenset[str] | None:
    cond = flt.conditions.get("xep_loai")
    if cond is None or cond.any_of is None:
        return None
    return frozenset(str(x) for x in cond.any_of)


def _measure_reads(target: Target, name: str, reading: str) -> bool:
    """Whether a target's share says what the plan's reading says."""
    m = target.measure
    if not isinstance(m, ShareMeasure):
        return False
    num, den = _ratings(m.share.numerator), _ratings(m.share.denominator)
    if name == "trong_do":
        return den is None if reading == "of_all" else den == _GOOD_FAIR
    if num != _GOOD_FAIR:
        return False
    return den == _RATED if reading == "good_fair_of_rated" else den is None
