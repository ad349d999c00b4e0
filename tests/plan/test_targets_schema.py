"""The JSON Schema of targets files says what `ktt targets` accepts: a table of targets files,
each given the same verdict by a JSON Schema validator and by ktt itself."""

from __future__ import annotations

import copy
import json
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from typer.testing import CliRunner

from ktt_indicators.cli.app import app
from ktt_indicators.plan.targets_loader import load_targets
from ktt_indicators.plan.targets_schema import targets_json_schema

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((ROOT / "targets.schema.json").read_text(encoding="utf-8"))

BASE: dict[str, Any] = {
    "plan": {"id": "p", "title": "Kế hoạch"},
    "targets": [
        {
            "id": "t",
            "year": 2030,
            "title": "Số HTX",
            "comparison": "at_least",
            "value": 400,
            "source": {"document": "KH 53"},
            "measure": {"count": {"loai_hinh": "HTX"}},
        }
    ],
}
SHARE = {"share": {"numerator": {"xep_loai": ["Tốt", "Khá"]}, "denominator": {}}}

#: (what, changes to the one target (or to the file, under "file"), accepted?)
CASES: list[tuple[str, dict[str, Any], bool]] = [
    ("the base file", {}, True),
    ("a quoted value", {"value": "400"}, True),
    ("a quoted year", {"year": "2030"}, True),
    ("a year of five digits", {"year": "20300"}, False),
    ("a year before 2000", {"year": 1999}, False),
    ("a value with a thousands separator", {"value": "1.250"}, True),
    ("a value that is a word", {"value": "bốn trăm"}, False),
    ("a value that is a boolean", {"value": True}, False),
    ("a percentage on a count", {"value": "60%"}, True),
    ("any_of spelt out", {"measure": {"count": {"loai_hinh": {"any_of": ["HTX"]}}}}, True),
    ("a legal form that does not exist", {"measure": {"count": {"loai_hinh": "Công ty"}}}, False),
    ("a legal form in lower case", {"measure": {"count": {"loai_hinh": "htx"}}}, True),
    ("a list of legal forms", {"measure": {"count": {"loai_hinh": ["HTX", "LHHTX"]}}}, True),
    ("ratings without diacritics", {"measure": {"count": {"xep_loai": ["kha", "Tốt"]}}}, True),
    ("a rating with a space after it", {"measure": {"count": {"xep_loai": "Tot "}}}, True),
    ("a rating that does not exist", {"measure": {"count": {"xep_loai": "Xuất sắc"}}}, False),
    ("a status without diacritics", {"measure": {"count": {"tinh_trang": "dang hoat dong"}}}, True),
    (
        "a status in NFD",
        {"measure": {"count": {"tinh_trang": unicodedata.normalize("NFD", "Đang hoạt động")}}},
        True,
    ),
    ("an empty category", {"measure": {"count": {"loai_hinh": None}}}, True),
    ("an unknown column", {"measure": {"count": {"loai_hin": "HTX"}}}, False),
    ("a sum of a text column", {"measure": {"sum": "ten"}}, False),
    ("a sum of members", {"measure": {"sum": "so_thanh_vien"}}, True),
    (
        "a sum with where",
        {"measure": {"sum": "so_thanh_vien", "where": {"loai_hinh": "HTX"}}},
        True,
    ),
    ("a count of everything", {"measure": {"count": None}}, True),
    ("a share written 60", {"measure": SHARE, "value": 60}, False),
    ("a share written 60%", {"measure": SHARE, "value": "60%"}, True),
    ("a share written 0.6", {"measure": SHARE, "value": 0.6}, True),
    ("a share written 0,6", {"measure": SHARE, "value": "0,6"}, True),
    ("a share written 160%", {"measure": SHARE, "value": "160%"}, False),
    ("between with one number", {"comparison": "between", "value": 5}, False),
    ("between with two numbers", {"comparison": "between", "value": [80, 100]}, True),
    ("between with quoted numbers", {"comparison": "between", "value": ["80", "100"]}, True),
    ("between with a list of one", {"comparison": "between", "value": [80]}, False),
    (
        "between of a share above 100%",
        {"comparison": "between", "measure": SHARE, "value": ["50%", "120%"]},
        False,
    ),
    ("at_least without a value", {"value": None}, False),
    ("all of a share", {"comparison": "all", "measure": SHARE, "value": None}, True),
    ("all with value 1", {"comparison": "all", "measure": SHARE, "value": 1}, True),
    ("all with value 50%", {"comparison": "all", "measure": SHARE, "value": "50%"}, False),
    ("all of a count", {"comparison": "all", "value": None}, False),
    ("areas without group_by", {"areas": ["Ninh Kiều"]}, False),
    ("areas with group_by", {"areas": ["Ninh Kiều"], "group_by": "quan_huyen"}, True),
    ("group_by an unknown column", {"group_by": "huyen"}, False),
    ("members at least 10", {"measure": {"count": {"so_thanh_vien": {"gte": 10}}}}, True),
    ("members at least '10'", {"measure": {"count": {"so_thanh_vien": {"gte": "10"}}}}, True),
    ("a name at least 10", {"measure": {"count": {"ten": {"gte": 10}}}}, False),
    ("members that are a word", {"measure": {"count": {"so_thanh_vien": "mười"}}}, False),
    ("members below zero", {"measure": {"count": {"so_thanh_vien": -1}}}, False),
    ("a loss", {"measure": {"count": {"loi_nhuan": -5}}}, True),
    ("value chain: Có", {"measure": {"count": {"chuoi_gia_tri": "Có"}}}, True),
    ("value chain: x", {"measure": {"count": {"chuoi_gia_tri": "x"}}}, True),
    ("value chain: maybe", {"measure": {"count": {"chuoi_gia_tri": "có lẽ"}}}, False),
    ("value chain: true", {"measure": {"count": {"chuoi_gia_tri": True}}}, True),
    ("an empty code", {"measure": {"count": {"ma_so": {"empty": True}}}}, True),
    ("empty: 'yes' as text", {"measure": {"count": {"ma_so": {"empty": "yes"}}}}, False),
    ("not one form", {"measure": {"count": {"loai_hinh": {"not": "THT"}}}}, True),
    ("a misspelt condition", {"measure": {"count": {"loai_hinh": {"nott": "THT"}}}}, False),
    ("an id with spaces", {"id": "Bad Id"}, False),
    ("a tolerance of 1.5", {"comparison": "about", "tolerance": 1.5}, False),
    ("a tolerance of 0.1", {"comparison": "about", "tolerance": 0.1}, True),
    ("an unknown key", {"foo": 1}, False),
    ("a comparison that does not exist", {"comparison": "greater"}, False),
    ("a title in one language of two", {"title": {"vi": "Số HTX"}}, False),
    ("a title in both", {"title": {"vi": "Số HTX", "en": "Cooperatives"}}, True),
    (
        "a ratio to the population",
        {
            "measure": {
                "ratio": {"numerator": {"sum": "so_thanh_vien"}, "denominator": {"info": "dan_so"}}
            }
        },
        True,
    ),
    (
        "a ratio to an unknown figure",
        {"measure": {"ratio": {"numerator": {"count": {}}, "denominator": {"info": "dien_tich"}}}},
        False,
    ),
    ("a measure with two kinds", {"measure": {"count": {}, "sum": "so_thanh_vien"}}, False),
    (
        "a context figure",
        {
            "context": [
                {"label": "Chưa xếp loại", "measure": {"count": {"xep_loai": "Chưa xếp loại"}}}
            ]
        },
        True,
    ),
    ("no targets", {"file": {"targets": []}}, False),
    ("a universe of null", {"file": {"universe": None}}, True),
    (
        "the default universe, written",
        {"file": {"universe": {"tinh_trang": ["Đang hoạt động"]}}},
        True,
    ),
    ("a scope of the old city", {"file": {"scope": {"tinh_cu": ["Cần Thơ", None]}}}, True),
    ("a plan without a title", {"file": {"plan": {"id": "p"}}}, False),
]


def _file(changes: dict[str, Any]) -> dict[str, Any]:
    data = copy.deepcopy(BASE)
    for key, value in changes.items():
        if key == "file":
            data.update(value)
        else:
            data["targets"][0][key] = value
    return data


@pytest.mark.parametrize(("what", "changes", "accepted"), CASES, ids=[c[0] for c in CASES])
def test_the_schema_and_ktt_give_the_same_verdict(
    what: str, changes: dict[str, Any], accepted: bool, tmp_path: Path
) -> None:
    data = _file(changes)
    path = tmp_path / "targets.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = CliRunner().invoke(app, ["targets", "--targets", str(path), "--format", "json"])
    by_ktt = result.exit_code == 0
    assert result.exit_code in (0, 2), result.output
    errors = list(jsonschema.Draft202012Validator(SCHEMA).iter_errors(data))
    by_schema = not errors
    assert (by_ktt, by_schema) == (accepted, accepted), (result.stderr, [e.message for e in errors])


def test_the_table_is_large_and_goes_both_ways() -> None:
    assert len(CASES) >= 40
    assert sum(1 for *_, ok in CASES if ok) >= 20 and sum(1 for *_, ok in CASES if not ok) >= 20


def test_a_quoted_number_is_read_as_a_census_cell_is(tmp_path: Path) -> None:
    path = tmp_path / "targets.yaml"
    for written, read in (("1.250", 1250.0), ("1,5", 1.5), ("1.5", 1.5), ("1.250,5", 1250.5),
                          ("400", 400.0), ("60%", 0.6)):  # fmt: skip
        path.write_text(yaml.safe_dump(_file({"value": written})), encoding="utf-8")
        assert load_targets(path).targets[0].value == read, written


def test_what_only_ktt_checks(tmp_path: Path) -> None:
    """JSON Schema cannot compare two values: a between's ends and unique ids."""
    cases = [
        _file({"comparison": "between", "value": [100, 80]}),
        {**BASE, "targets": BASE["targets"] * 2},
    ]
    for data in cases:
        path = tmp_path / "targets.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        assert CliRunner().invoke(app, ["targets", "--targets", str(path)]).exit_code == 2
        jsonschema.validate(data, SCHEMA)  # the schema accepts them, and says so
    from ktt_indicators.plan import targets_schema

    assert "not above its high end" in (targets_schema.__doc__ or "")
    assert targets_json_schema() == SCHEMA, "run: ktt schema > targets.schema.json"


def _with_defaults(node: Any, at: str = "#") -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(node, dict):
        if "default" in node:
            yield at, node
        for key, value in node.items():
            yield from _with_defaults(value, f"{at}/{key}")
    elif isinstance(node, list):
        for n, value in enumerate(node):
            yield from _with_defaults(value, f"{at}/{n}")


def test_every_default_is_valid_against_its_own_subschema() -> None:
    found = list(_with_defaults(SCHEMA))
    assert len(found) >= 4  # universe, scope, where, tolerance
    for at, node in found:
        subschema = {k: x for k, x in node.items() if k != "default"} | {"$defs": SCHEMA["$defs"]}
        errors = list(jsonschema.Draft202012Validator(subschema).iter_errors(node["default"]))
        assert not errors, (at, [e.message for e in errors])


def test_the_schema_completes_columns_categories_and_summable_columns() -> None:
    filter_ = SCHEMA["$defs"]["filter"]
    assert "loai_hinh" in filter_["properties"] and filter_["additionalProperties"] is False
    legal_form = filter_["properties"]["loai_hinh"]["anyOf"][0]["anyOf"][0]
    assert legal_form == {"enum": ["THT", "HTX", "LHHTX"]}
    rating = filter_["properties"]["xep_loai"]["anyOf"][0]["anyOf"][0]["enum"]
    assert "Tốt" in rating and "Khá" in rating
    assert "Đang hoạt động" in filter_["properties"]["tinh_trang"]["anyOf"][0]["anyOf"][0]["enum"]
    summable = SCHEMA["$defs"]["sum"]["properties"]["sum"]["enum"]
    assert "so_thanh_vien" in summable and "ten" not in summable


def test_descriptions_are_in_both_languages_and_no_title_is_a_class_name() -> None:
    text = json.dumps(SCHEMA, ensure_ascii=False)
    assert "CountQuantity" not in text and "####" not in text
    target = SCHEMA["$defs"]["target"]["properties"]
    for key in ("id", "year", "title", "comparison", "value", "measure", "universe"):
        description = target[key].get("description") or SCHEMA["$defs"]["measure"]["description"]
        vi, en = description.split("\n\n")
        assert vi != en and vi and en, key


def test_the_schema_has_a_stable_id_and_ships_with_the_package() -> None:
    from ktt_indicators.core.resources import targets_schema

    assert SCHEMA["$id"] == "urn:ktt-indicators:schema:targets-file:1"
    shipped = targets_schema()
    assert json.loads(shipped.read_text(encoding="utf-8")) == SCHEMA
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"targets.schema.json" = "ktt_indicators/data/targets.schema.json"' in pyproject
    result = CliRunner().invoke(app, ["schema", "--path"])
    assert result.exit_code == 0 and Path(result.stdout.strip()) == shipped
