"""The JSON Schema of a targets file: what :func:`.targets_loader.load_targets` accepts.

Written here, in one place, from the same constants the loader uses (the census columns and
their categories, the summable columns, the number and percentage syntax), so that an
editor (yaml-language-server) completes what ktt reads and flags what ktt refuses:

- under ``count:``, ``where:``, ``universe:``, ``scope:`` and a share's ``numerator:`` and
  ``denominator:``, the census column keys, and after a category column its categories
  (HTX, Tốt, Đang hoạt động…), which ktt reads as tolerantly as census cells ("kha" is Khá):
  the schema's pattern for a category accepts the same spellings;
- after ``sum:``, the summable columns;
- numbers as ktt reads them: a number, a quoted number ("400", "1.250" is 1250) and, for a
  target's value, a percentage ("60%"); a share's value from 0 to 1 (0% to 100%);
- the value a comparison needs ([low, high] for ``between``, none or 1 for ``all``, one
  number otherwise), and ``areas:`` only with ``group_by:``;
- every ``default`` valid against its own subschema;
- descriptions in Vietnamese and English.

What JSON Schema cannot say, and only ``ktt targets`` checks: that a between's low end is
not above its high end, that target ids are unique, and a filter value's spelling in a date
or number column beyond the plain forms (ktt also reads "12 người" or "15/03/2020").

``ktt schema`` prints it; ``targets.schema.json`` is that output, committed and shipped in
the package (``ktt_indicators/data/targets.schema.json``).
"""

from __future__ import annotations

from ..census.schema import SUMMABLE, Status
from .filter_schema import Schema, describe, filter_schema
from .plan_columns import DECLARED_KEY
from .targets import AREA_COLUMNS, DIRECTIONS, THRESHOLDS, Comparison
from .targets_values import NUMBER_TEXT, PERCENT_TEXT

#: A stable identifier of this schema (a name, not a place to download it from).
SCHEMA_ID = "urn:ktt-indicators:schema:targets-file:1"


_d = describe


_FILTER_REF: Schema = {"$ref": "#/$defs/filter"}


def _ref(name: str, description: str | None = None) -> Schema:
    ref: Schema = {"$ref": f"#/$defs/{name}"}
    if description:
        ref["description"] = description
    return ref


# ------------------------------------------------------------------ the file


def _text() -> Schema:
    return {
        "anyOf": [
            {"type": "string"},
            {
                "type": "object",
                "additionalProperties": False,
                "required": ["vi", "en"],
                "properties": {"vi": {"type": "string"}, "en": {"type": "string"}},
            },
        ],
        "description": _d("Một văn bản cho cả hai ngôn ngữ, hoặc {vi: …, en: …}.",
                          "One text for both languages, or {vi: …, en: …}."),
    }  # fmt: skip


def _source() -> Schema:
    return {
        "type": "object",
        "additionalProperties": False,
        "required": ["document"],
        "properties": {
            "document": {"type": "string", "description": _d("Văn bản.", "The document.")},
            "clause": {"type": ["string", "null"], "description": _d("Mục.", "The clause.")},
            "text": {
                "type": ["string", "null"],
                "description": _d("Nguyên văn.", "The words."),
            },
        },
    }


def _count_measure() -> Schema:
    return {
        "type": "object",
        "additionalProperties": False,
        "required": ["count"],
        "properties": {
            "count": _ref(
                "filter", _d("Đếm số tổ chức thỏa bộ lọc.", "How many organizations match.")
            ),
        },
    }


def _sum_measure() -> Schema:
    return {
        "type": "object",
        "additionalProperties": False,
        "required": ["sum"],
        "properties": {
            "sum": {
                "enum": sorted(SUMMABLE),
                "description": _d("Cột số được cộng dồn.", "The numeric column added up."),
            },
            "where": _ref(
                "filter", _d("Chỉ các tổ chức thỏa bộ lọc.", "Only the organizations that match.")
            )
            | {"default": {}},
        },
    }


def _info_measure() -> Schema:
    return {
        "type": "object",
        "additionalProperties": False,
        "required": ["info"],
        "properties": {
            "info": {"enum": ["dan_so"], "description": _d(
                "Một số của trang thông tin (dân số), cộng các tệp.",
                "A number of the information sheet (population), summed over files.")},
        },
    }  # fmt: skip


def _share_measure() -> Schema:
    return {
        "type": "object",
        "additionalProperties": False,
        "required": ["share"],
        "properties": {
            "share": {
                "type": "object",
                "additionalProperties": False,
                "required": ["numerator", "denominator"],
                "properties": {"numerator": _FILTER_REF, "denominator": _FILTER_REF},
                "description": _d(
                    "Tỷ lệ tổ chức của mẫu số cũng thỏa tử số.",
                    "The fraction of the denominator that matches the numerator.",
                ),
            }
        },
    }


def _ratio_measure() -> Schema:
    quantity = {"oneOf": [_ref("count"), _ref("sum"), _ref("info")]}
    return {
        "type": "object",
        "additionalProperties": False,
        "required": ["ratio"],
        "properties": {
            "ratio": {
                "type": "object",
                "additionalProperties": False,
                "required": ["numerator", "denominator"],
                "properties": {"numerator": quantity, "denominator": quantity},
                "description": _d(
                    "Một đại lượng chia cho một đại lượng khác.", "One quantity over another."
                ),
            }
        },
    }


def _measures() -> dict[str, Schema]:
    return {
        "count": _count_measure(),
        "sum": _sum_measure(),
        "info": _info_measure(),
        "share": _share_measure(),
        "ratio": _ratio_measure(),
    }


#: A share's value: a fraction from 0 to 1, or a percentage up to 100%.
_FRACTION_TEXT = r"^\s*\+?(?:0*[01]|0*0,[0-9]+|0*0\.(?:[0-9]{1,2}|[0-9]{4,})|0*1[.,]0+)\s*$"
_PERCENT_UP_TO_100 = r"^\s*0*(?:100(?:[.,]0+)?|[0-9]{1,2}(?:[.,][0-9]+)?)\s*%\s*$"


def _comparison_is(*comparisons: str) -> Schema:
    return {"properties": {"comparison": {"enum": list(comparisons)}}, "required": ["comparison"]}


#: The value of an 'all' target: none, or 1 (100%).
_ALL_VALUE: Schema = {
    "anyOf": [
        {"type": "null"},
        {"const": 1},
        {"type": "string", "pattern": r"^\s*0*100([.,]0+)?\s*%\s*$"},
        {"type": "string", "pattern": r"^\s*\+?0*1([.,]0+)?\s*$"},
    ]
}


def _target_properties() -> Schema:
    return {
        "id": {"type": "string", "pattern": "^[a-z0-9][a-z0-9_]*$",
               "description": _d("Mã chỉ tiêu (chữ thường, số, _), duy nhất trong tệp.",
                                 "The target's id (lower case, digits, _), unique.")},
        "year": {"anyOf": [{"type": "integer", "minimum": 2000, "maximum": 2100},
                           {"type": "string", "pattern": "^(?:20[0-9]{2}|2100)$"}],
                 "description": _d("Năm phải đạt chỉ tiêu.", "The year the target is for.")},
        "title": {**_text(), "description": _d("Tên chỉ tiêu.", "The target's title.")},
        "comparison": {"enum": [c.value for c in Comparison], "description": _d(
            "Cách so sánh: about (khoảng), more_than (trên), at_least (ít nhất), between "
            "(từ … đến …), all (đều, 100%), at_most (không quá), less_than (dưới).",
            "How the value is compared: about, more_than, at_least, between, all, "
            "at_most, less_than.")},
        "value": {"description": _d(
            "Mục tiêu: một số, một số trong ngoặc kép («1.250» là 1250) hoặc phần trăm "
            "(«60%»); [thấp, cao] với between; bỏ trống hoặc 1 với all.",
            "The target: a number, a quoted number (\"1.250\" is 1250) or a percentage "
            "(\"60%\"); [low, high] for between; none or 1 for all.")},
        "tolerance": {"anyOf": [{"type": "number", "minimum": 0, "exclusiveMaximum": 1},
                                {"type": "string", "pattern": NUMBER_TEXT}],
                      "default": 0.05,
                      "description": _d("Sai số cho phép của about (phần của mục tiêu).",
                                        "How far from the target 'about' allows "
                                        "(a fraction of it).")},
        "unit": {"anyOf": [_text(), {"type": "null"}],
                 "description": _d("Đơn vị.", "The unit.")},
        "source": {**_source(), "description": _d("Nơi ghi chỉ tiêu.",
                                                  "Where the target is written.")},
        "measure": _ref("measure"),
        "universe": _ref("filter", _d(
            "Tập tổ chức xuất phát của chỉ tiêu này (mặc định: của tệp).",
            "The organizations this target starts from (default: the file's).")),
        "scope": _ref("filter", _d(
            "Địa bàn của chỉ tiêu này (mặc định: của tệp).",
            "The territory of this target (default: the file's).")),
        "group_by": {"enum": [*AREA_COLUMNS, None], "description": _d(
            "Đánh giá theo từng địa bàn của cột này.", "Judge each area of this column.")},
        "areas": {"type": "array", "items": {"type": "string"}, "description": _d(
            "Các địa bàn phải có (cần group_by).", "The areas judged (needs group_by).")},
        "note": {"anyOf": [_text(), {"type": "null"}],
                 "description": _d("Ghi chú.", "A note.")},
        "reads": {"type": "array", "items": {"enum": ["trong_do", "operating_efficiently"]},
                  "description": _d("Cách hiểu của kế hoạch mà chỉ tiêu dùng (readings:).",
                                    "The plan's readings the target relies on.")},
        "context": {"type": "array", "items": {
            "type": "object", "additionalProperties": False,
            "required": ["label", "measure"],
            "properties": {"label": _text(), "measure": _ref("measure")}},
            "description": _d("Số liệu hiện bên cạnh.", "Figures shown beside it.")},
    }  # fmt: skip


def _target_rules() -> list[Schema]:
    number = {"anyOf": [{"type": "number"}, {"type": "string", "pattern": NUMBER_TEXT},
                        {"type": "string", "pattern": PERCENT_TEXT}]}  # fmt: skip
    fraction = {"anyOf": [{"type": "number", "minimum": 0, "maximum": 1},
                          {"type": "string", "pattern": _FRACTION_TEXT},
                          {"type": "string", "pattern": _PERCENT_UP_TO_100}]}  # fmt: skip
    pair = {"type": "array", "minItems": 2, "maxItems": 2}
    is_share = {"properties": {"measure": {"required": ["share"]}}, "required": ["measure"]}
    one_number = [
        c.value for c in Comparison if c not in (Comparison.BETWEEN, Comparison.ALL, *DIRECTIONS)
    ]
    return [
        {"if": _comparison_is("between"),
         "then": {"required": ["value"], "properties": {"value": {**pair, "items": number}}}},
        {"if": _comparison_is("all"),
         "then": {"required": ["measure"],
                  "properties": {"measure": {"required": ["share"]},
                                 "value": _ALL_VALUE}}},
        {"if": _comparison_is(*one_number),
         "then": {"required": ["value"], "properties": {"value": number}}},
        {"if": {"allOf": [is_share, _comparison_is(*one_number)]},
         "then": {"properties": {"value": fraction}}},
        {"if": {"allOf": [is_share, _comparison_is("between")]},
         "then": {"properties": {"value": {**pair, "items": fraction}}}},
        {"if": {"required": ["areas"], "properties": {"areas": {"minItems": 1}}},
         "then": {"required": ["group_by"],
                  "properties": {"group_by": {"enum": list(AREA_COLUMNS)}}}},
    ]  # fmt: skip


def _target() -> Schema:
    return {
        "type": "object",
        "additionalProperties": False,
        "required": ["id", "year", "title", "comparison", "source", "measure"],
        "properties": _target_properties(),
        "allOf": _target_rules(),
    }


def _report_schema() -> Schema:
    return {
        "type": ["object", "null"],
        "additionalProperties": False,
        "properties": {
            **{
                key: {"type": ["string", "null"]}
                for key in (
                    "parent",
                    "issuer",
                    "symbol",
                    "place",
                    "signer_authority",
                    "signer_title",
                    "signer_name",
                )
            },
            "recipients": {"type": "array", "items": {"type": "string"}},
        },
        "description": _d(
            "Cơ quan ban hành, người ký và nơi nhận của văn bản báo cáo "
            "(-o bao-cao.docx, Nghị định 30/2020/NĐ-CP).",
            "The issuer, signer and recipients of the report document "
            "(-o report.docx, Decree 30/2020/NĐ-CP).",
        ),
    }


def _plan_schema() -> Schema:
    return {
        "type": "object",
        "additionalProperties": False,
        "required": ["id", "title"],
        "properties": {
            "id": {"type": "string", "description": _d("Mã kế hoạch.", "The plan's id.")},
            "title": {
                "type": "string",
                "description": _d("Tên kế hoạch.", "The plan's title."),
            },
            "territory": {
                "type": ["string", "null"],
                "description": _d("Địa bàn.", "The territory."),
            },
            "documents": {
                "type": "array",
                "items": _source(),
                "description": _d("Các văn bản.", "The documents."),
            },
            "report": _report_schema(),
            "readings": {
                "type": "object",
                "additionalProperties": False,
                "properties": {
                    "trong_do": {"enum": ["of_all", "of_good_fair"]},
                    "operating_efficiently": {"enum": ["good_fair_of_rated", "good_fair_of_all"]},
                },
                "description": _d(
                    "Cách kế hoạch hiểu «trong đó» và «hoạt động hiệu quả».",
                    "How the plan reads «trong đó» and «operating efficiently».",
                ),
            },
        },
        "description": _d(
            "Kế hoạch, chương trình hoặc nghị quyết.", "The plan, programme or resolution."
        ),
    }


def _columns_schema() -> Schema:
    return {
        "type": "array",
        "items": {
            "type": "object",
            "additionalProperties": False,
            "required": ["key", "header", "type"],
            "properties": {
                "key": {"type": "string", "pattern": DECLARED_KEY},
                "header": {"type": "string"},
                "aliases": {"type": "array", "items": {"type": "string"}},
                "type": {"enum": ["yes-no", "choice", "count", "number", "date"]},
                "choices": {"type": "array", "items": {"type": "string"}},
                "required": {"type": "boolean"},
                "note": {"type": ["string", "null"]},
                "english": {"type": ["string", "null"]},
            },
        },
        "description": _d(
            "Các cột điều tra kế hoạch bổ sung (khóa x_…).",
            "Census columns the plan declares (keys x_…).",
        ),
    }


def _progress_schema() -> Schema:
    return {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "thresholds": {
                "anyOf": [
                    {"enum": sorted(THRESHOLDS)},
                    {
                        "type": "array",
                        "items": {"type": "number"},
                        "minItems": 3,
                        "maxItems": 3,
                    },
                ]
            },
            "growth_thresholds": {
                "type": "array",
                "items": {"type": "number"},
                "minItems": 3,
                "maxItems": 3,
            },
            "base_year": {"type": ["integer", "null"], "minimum": 2000, "maximum": 2100},
            "zeros": {"enum": ["linear", "open_sdg"]},
        },
        "description": _d(
            "Phương pháp đánh giá tiến độ theo thời gian.",
            "The method of the status over time.",
        ),
    }


def _definitions() -> Schema:
    return {
        "filter": filter_schema(
            _d(
                "Các điều kiện trên cột của mẫu điều tra, tất cả phải thỏa (VÀ).",
                "Conditions on census columns, all of which must hold (AND).",
            )
        ),
        "measure": {
            "description": _d(
                "Đại lượng: count:, sum: (với where:), share: hoặc ratio:.",
                "What is measured: count:, sum: (with where:), share: or ratio:.",
            ),
            "oneOf": [_ref("count"), _ref("sum"), _ref("share"), _ref("ratio")],
        },
        **_measures(),
        "target": _target(),
    }


def targets_json_schema() -> Schema:
    """The JSON Schema of a targets file (draft 2020-12)."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "ktt targets file",
        "description": _d(
            "Tệp chỉ tiêu của ktt: kế hoạch, tập tổ chức xuất phát, địa bàn và các chỉ tiêu.",
            "A ktt targets file: the plan, the organizations every measure starts from, the "
            "territory, and the targets.",
        ),
        "type": "object",
        "additionalProperties": False,
        "required": ["plan", "targets"],
        "properties": {
            "plan": _plan_schema(),
            "universe": _ref(
                "filter",
                _d(
                    "Tập tổ chức mọi chỉ tiêu xuất phát (mặc định: các tổ chức đang hoạt động).",
                    "The organizations every measure starts from (default: the active ones).",
                ),
            )
            | {"default": {"tinh_trang": [Status.ACTIVE.value]}},
            "scope": _ref(
                "filter",
                _d(
                    "Địa bàn mọi chỉ tiêu áp dụng (mặc định: cả cuộc điều tra), "
                    "ví dụ {tinh_cu: [Cần Thơ, null]}.",
                    "The territory every target applies to (default: the whole census), "
                    "e.g. {tinh_cu: [Cần Thơ, null]}.",
                ),
            )
            | {"default": {}},
            "columns": _columns_schema(),
            "progress": _progress_schema(),
            "targets": {
                "type": "array",
                "minItems": 1,
                "items": _ref("target"),
                "description": _d("Các chỉ tiêu (ít nhất một).", "The targets (at least one)."),
            },
        },
        "$defs": _definitions(),
    }
