"""The targets file: a plan's targets, each with a declarative definition of what is counted.

A targets file is YAML validated by the pydantic models below. Another
province's plan, or the national resolution, is another YAML file: no code
changes. A mistake is reported with the file, the path inside it and what was
expected (:class:`TargetsFileError`).

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
import re
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, Literal, Self

import yaml
from pydantic import (
    BaseModel,
    Field,
    ValidationError,
    ValidatorFunctionWrapHandler,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from .measures import Condition, Filter, Measure, ShareMeasure
from .plan_columns import DeclaredColumn, declaring
from .schema import Column, Status
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


#: libyaml's safe loader where PyYAML was built with it (several times faster), else Python's.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
AREA_COLUMNS = ("xa_phuong", "quan_huyen", "tinh_cu")


@dataclass(frozen=True)
class TargetsProblem:
    """One mistake in a targets file: where (the path inside the file), a stable code, the
    values that fill its message, and the message in English.

    Codes are ``ktt:…`` for this project's rules, else pydantic's error type (``missing``,
    ``extra_forbidden``…), or ``file-not-found``, ``unreadable``, ``yaml-syntax``,
    ``not-a-mapping`` for a file that cannot be read as a targets file at all.
    """

    path: str
    code: str
    params: dict[str, str]
    message: str


class TargetsFileError(Exception):
    """The targets file cannot be read or is not valid.

    ``problems`` are (path, English message) pairs; ``details`` carry the codes and
    values from which a message in another language is made.
    """

    def __init__(self, path: Path, details: list[TargetsProblem]) -> None:
        self.path = path
        self.details = details
        self.problems = [(d.path, d.message) for d in details]
        super().__init__("\n".join(f"{path}: {loc}: {msg}" for loc, msg in self.problems))


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


_TAGS = {"count", "sum", "info", "share", "ratio"}


def _all_keys() -> list[str]:
    """Every key a targets file can have (the fields and aliases of its models)."""
    from . import measures, plan_columns

    keys: set[str] = set()
    for module in (globals(), vars(measures), vars(plan_columns)):
        for model in [obj for obj in module.values() if isinstance(obj, type)]:
            if issubclass(model, BaseModel) and model is not BaseModel:
                for name, field in model.model_fields.items():
                    keys.add(field.alias or name)
    return sorted(keys)


_COLUMN_PROBLEMS = {"ktt:bad-value", "ktt:unknown-column", "ktt:not-numeric-column"}


def _loc(loc: tuple[int | str, ...], data: Any) -> str:
    """The path inside the YAML file of a validation error: ``targets[htx_count_2030].value``.

    Pydantic's location also holds union tags and internal field names; only
    the steps that exist in the YAML data are kept, and list positions of
    targets are shown by their id.
    """
    path = ""
    node = data
    for n, item in enumerate(loc):
        following = loc[n + 1] if n + 1 < len(loc) else None
        if item in _TAGS and isinstance(node, dict) and following in node:
            continue  # a union tag, followed by the key it names or by a sibling key
        if isinstance(item, int) and isinstance(node, list) and item < len(node):
            node = node[item]
            ident = node.get("id") if isinstance(node, dict) else None
            path += f"[{ident or item}]"
        elif isinstance(item, str) and isinstance(node, dict) and item in node:
            node = node[item]
            path += f".{item}" if path else item
    return path or "(top)"


def _compose(path: Path) -> Any:
    """The YAML node tree of ``path`` (positions of keys and values), or None. Only read
    once the file has passed read_yaml_file's limits."""
    try:
        return yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None


def _line(node: Any, loc: tuple[int | str, ...]) -> int | None:
    """The line of the YAML file at pydantic's location ``loc``: the key's own line, or
    the line of the deepest mapping or list that exists (for a key that is missing)."""
    line = None
    for item in loc:
        if isinstance(node, yaml.MappingNode):
            pair = next(((k, x) for k, x in node.value if k.value == item), None)
            if pair is None:
                continue  # a union tag or an internal name: not a step in the file
            line, node = pair[0].start_mark.line + 1, pair[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(item, int):
            if item >= len(node.value):
                break
            node = node.value[item]
            line = node.start_mark.line + 1
    return line


#: A YAML file of this project (targets, history) is a few thousand values deep at most.
YAML_MAX_BYTES = 10 * 1024 * 1024
YAML_MAX_DEPTH = 64
YAML_MAX_VALUES = 100_000


class UnsafeYaml(Exception):
    """A YAML text refused before it is built: too large, too deep, with aliases that
    expand to too much, or not YAML (``yaml-syntax``, with its ``kind``, ``line`` and
    ``column``). ``code`` names the reason (see i18n), ``english`` says it."""

    def __init__(self, code: str, english: str, **params: str) -> None:
        super().__init__(english)
        self.code, self.english, self.params = code, english, params


def read_yaml_file(path: Path) -> Any:
    """The data of a YAML file, read safely: plain values only (no tags that build
    objects), and refused with :class:`UnsafeYaml` when larger than
    :data:`YAML_MAX_BYTES`, nested deeper than :data:`YAML_MAX_DEPTH`, or holding more
    than :data:`YAML_MAX_VALUES` values once its aliases are expanded ("billion laughs").
    libyaml's builder recurses, and takes quadratic time, on deep nesting: the structure
    is checked on its event stream, which stops at the first excess.

    Raises OSError, UnicodeDecodeError and yaml.YAMLError as reading and parsing do.
    """
    size = path.stat().st_size
    if size > YAML_MAX_BYTES:
        raise UnsafeYaml("yaml-too-large", f"the file is larger than {YAML_MAX_BYTES} bytes",
                         limit=str(YAML_MAX_BYTES // (1024 * 1024)))  # fmt: skip
    text = path.read_text(encoding="utf-8")
    depth = 0
    counts = [0]  # values in each open collection, aliases expanded
    anchors: list[str | None] = []
    sizes: dict[str, int] = {}
    for event in _events(text):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > YAML_MAX_DEPTH:
                raise UnsafeYaml("yaml-too-deep", f"nested deeper than {YAML_MAX_DEPTH} levels",
                                 limit=str(YAML_MAX_DEPTH))  # fmt: skip
            counts.append(1)
            anchors.append(event.anchor)
            continue
        if isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
            n, anchor = counts.pop(), anchors.pop()
            if anchor:
                sizes[anchor] = n
        elif isinstance(event, yaml.ScalarEvent):
            n = 1
            if event.anchor:
                sizes[event.anchor] = 1
        elif isinstance(event, yaml.AliasEvent):
            if event.anchor in anchors:
                raise UnsafeYaml("yaml-recursive", f"the alias *{event.anchor} refers to itself",
                                 anchor=str(event.anchor))  # fmt: skip
            n = sizes.get(event.anchor or "", 1)
        else:
            continue
        counts[-1] += n
        if sum(counts) > YAML_MAX_VALUES:
            raise UnsafeYaml("yaml-too-many", f"more than {YAML_MAX_VALUES} values once its "
                             "aliases are expanded", limit=str(YAML_MAX_VALUES))  # fmt: skip
    return yaml.load(text, Loader=_SAFE_LOADER)


def _events(text: str) -> Iterator[yaml.Event]:
    """The parser's events. PyYAML 6.0.4's scanner refuses deep nesting itself (at about
    a thousand levels, before its events reach us): that is the same refusal as ours.
    A syntax error becomes an :class:`UnsafeYaml` ``yaml-syntax`` (see :func:`_syntax`)."""
    try:
        yield from yaml.parse(text, Loader=_SAFE_LOADER)
    except yaml.MarkedYAMLError as exc:
        if "nesting depth" in str(exc):
            raise UnsafeYaml("yaml-too-deep", f"nested deeper than {YAML_MAX_DEPTH} levels",
                             limit=str(YAML_MAX_DEPTH)) from None  # fmt: skip
        raise _syntax(text, exc) from None


#: The kinds of YAML syntax error ktt words itself (i18n.YAML_SYNTAX), by the context or
#: problem libyaml (or, without it, PyYAML) reports; any other is ``other``.
_SYNTAX_KINDS = {
    "while parsing a flow mapping": "unclosed-brace",
    "while parsing a flow sequence": "unclosed-bracket",
    "while scanning a quoted scalar": "unclosed-quote",
    "while scanning a simple key": "missing-colon",
    "mapping values are not allowed in this context": "colon-in-value",
    "mapping values are not allowed here": "colon-in-value",
    "did not find expected key": "indentation",
    "did not find expected '-' indicator": "indentation",
    "did not find expected node content": "missing-value",
}


def _syntax(text: str, exc: yaml.MarkedYAMLError) -> UnsafeYaml:
    """A syntax error at the line a person would fix, not where the parser noticed it.

    The parser reports where it gave up: the line after an unclosed «{», «[» or quote, or
    after a key that lacks its colon (``id x`` on one line, ``name: y`` on the next, is
    read as one value «id x name» followed by a stray colon), or past the last line when
    the file ends inside a construct. The place to fix is where the construct opened, or
    where the value that swallowed the next line starts.
    """
    problem = str(exc.problem or exc)
    kind = _SYNTAX_KINDS.get(str(exc.context)) or _SYNTAX_KINDS.get(problem)
    if kind is None and problem.startswith("expected <block end>"):
        kind = "indentation"
    mark = exc.problem_mark
    if kind in {"unclosed-brace", "unclosed-bracket", "unclosed-quote", "missing-colon"}:
        mark = exc.context_mark or mark
    line, column = (mark.line, mark.column) if mark is not None else (0, 0)
    if kind is None and mark is not None and "cannot start any token" in problem:
        kind = "tab" if text[mark.index : mark.index + 1] == "\t" else None
    if kind == "colon-in-value":
        start = _value_start(text)
        if start is not None and start[0] < line:
            kind, (line, column) = "missing-colon", start
    lines = text.splitlines() or [""]
    if line >= len(lines):  # the end of the file, after its last line
        line = len(lines) - 1
        column = len(lines[line])
    return UnsafeYaml("yaml-syntax", problem, problem=problem, kind=kind or "other",
                      line=str(line + 1), column=str(column + 1))  # fmt: skip


def _value_start(text: str) -> tuple[int, int] | None:
    """Where the last plain value read before a syntax error starts (0-based line, column)."""
    loader = yaml.SafeLoader(text)
    last: tuple[int, int] | None = None
    try:
        while loader.check_token():
            token = loader.get_token()  # type: ignore[no-untyped-call]
            if isinstance(token, yaml.ScalarToken):
                last = (token.start_mark.line, token.start_mark.column)
    except yaml.YAMLError:
        queued = [t for t in loader.tokens if isinstance(t, yaml.ScalarToken)]
        if queued:
            last = (queued[-1].start_mark.line, queued[-1].start_mark.column)
    finally:
        loader.dispose()
    return last


_TAG = re.compile(r"tag '([^']*)'")


def load_targets(path: Path | str) -> TargetsFile:
    """Read and validate a targets file. Raise :class:`TargetsFileError` on any problem."""
    path = Path(path)

    def fail(code: str, message: str, where: str = "(file)", **params: str) -> TargetsFileError:
        return TargetsFileError(path, [TargetsProblem(where, code, params, message)])

    try:
        raw = read_yaml_file(path)
    except UnsafeYaml as exc:
        where = "(file)"
        if "line" in exc.params:
            where = f"line {exc.params['line']}, column {exc.params['column']}"
        raise fail(exc.code, exc.english, where, **exc.params) from None
    except FileNotFoundError:
        raise fail("file-not-found", "file not found") from None
    except IsADirectoryError:
        raise fail("not-a-file", "not a file (a folder?)") from None
    except PermissionError:
        raise fail("permission-denied", "no permission to read the file") from None
    except UnicodeDecodeError:
        raise fail("not-utf8", "the file is not UTF-8 text") from None
    except OSError as exc:
        raise fail("unreadable", str(exc), reason=str(exc)) from None
    except yaml.constructor.ConstructorError as exc:
        tag = _TAG.search(str(exc.problem))
        if tag is None:
            raise fail("yaml-syntax", str(exc.problem), problem=str(exc.problem)) from None
        raise fail("yaml-tag", f"the tag {tag[1]} is not allowed (plain values only)",
                   tag=tag[1]) from None  # fmt: skip
    except yaml.YAMLError as exc:
        problem = str(getattr(exc, "problem", None) or exc)
        raise fail("yaml-syntax", problem, problem=problem, kind="other") from None
    if not isinstance(raw, dict):
        raise fail("not-a-mapping", "expected a mapping with plan: and targets:", "(top)")
    try:
        return TargetsFile.model_validate(raw)
    except ValidationError as exc:
        details: dict[tuple[str, str], TargetsProblem] = {}
        errors = exc.errors(include_url=False)
        tree = _compose(path)
        # A misspelt key is both an unknown key and a missing one: the missing names of the
        # same mapping are the likeliest meaning of the unknown one.
        missing: dict[str, list[str]] = {}
        for err in errors:
            if err["type"] == "missing" and isinstance(err["loc"][-1], str):
                missing.setdefault(_loc(tuple(err["loc"][:-1]), raw), []).append(err["loc"][-1])
        for err in errors:
            msg = str(err["msg"]).removeprefix("Value error, ")
            params = {k: str(x) for k, x in (err.get("ctx") or {}).items()}
            where = _loc(tuple(err["loc"]), raw)
            at = _line(tree, tuple(err["loc"]))
            if at is not None:
                params["line"] = str(at)
            if err["type"] == "missing" and isinstance(err["loc"][-1], str):
                params["field"] = err["loc"][-1]
                msg = f"«{params['field']}» is missing"
            elif err["type"] == "extra_forbidden" and isinstance(err["loc"][-1], str):
                from .text import closest

                key = err["loc"][-1]
                parent = _loc(tuple(err["loc"][:-1]), raw)
                near = closest(key, missing.get(parent, []), cutoff=0.5) or closest(
                    key, _KEYS, cutoff=0.75
                )
                params |= {"key": key, "near": near or ""}
                msg = f"unknown key «{key}»" + (f"; did you mean «{near}»?" if near else "")
            if err["type"] in _COLUMN_PROBLEMS:  # a filter problem: point at its column
                where = f"{where}.{params['column']}"
            details.setdefault((where, msg), TargetsProblem(where, err["type"], params, msg))
        raise TargetsFileError(path, list(details.values())) from None


#: Every key of the targets-file format, for suggesting the one a typo meant.
_KEYS = _all_keys()
