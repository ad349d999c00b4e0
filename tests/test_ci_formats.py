"""`ktt check --format junit|github`: findings where CI users look."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

from typer.testing import CliRunner

from ktt_indicators.census import read_census_file
from ktt_indicators.cli import app

from conftest import MakeCensus

TODAY = ["--today", "2026-11-21"]


def run(*args: object) -> tuple[int, str]:
    result = CliRunner().invoke(app, [str(a) for a in args])
    return result.exit_code, result.stdout


def test_junit_has_one_testcase_per_file_and_one_failure_per_error(
    make_census: MakeCensus, tmp_path: Path
) -> None:
    good = make_census([{}])
    bad = make_census([
        {"ma_so": "1800000101"},
        {"ma_so": "1800000102", "so_thanh_vien": "mười"},
        {"ma_so": "1800000103", "loai_hinh": "Công ty"},
    ])  # fmt: skip
    code, out = run("check", good, bad, "--format", "junit", *TODAY)
    assert code == 1
    root = ET.fromstring(out.split("\n", 1)[1])  # after the XML declaration
    assert root.tag == "testsuites" and root.get("tests") == "2" and root.get("failures") == "1"
    cases = root.findall("./testsuite/testcase")
    assert [c.get("name") for c in cases] == [str(good), str(bad)]
    assert cases[0].findall("failure") == []
    failures = cases[1].findall("failure")
    assert [f.get("type") for f in failures] == ["wrong-type", "not-in-list"]
    # The message names the file, the sheet and the cell.
    place = re.compile(r"Danh sách tổ chức › [A-Z]+\d+: ")
    assert all(place.search(f.get("message", "")) for f in failures)


JUNIT_XSD = Path(__file__).with_name("junit.xsd")
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def _junit_schema() -> Any:
    import xmlschema

    return xmlschema.XMLSchema(JUNIT_XSD)


def test_junit_of_a_clean_census_is_valid_junit(make_census: MakeCensus) -> None:
    code, out = run("check", make_census([{}]), "--format", "junit", *TODAY)
    assert code == 0
    _junit_schema().validate(out)
    assert ET.fromstring(out.split("\n", 1)[1]).get("failures") == "0"


def test_junit_of_censuses_with_errors_is_valid_junit(
    make_census: MakeCensus, tmp_path: Path
) -> None:
    warned = make_census([{"ma_so": "1800000201", "so_thanh_vien": 3}], name="canh-bao.xlsx")
    # A cell with control characters (Excel keeps them as _x0001_): XML cannot hold them.
    odd = make_census([{"ma_so": "1800000301", "so_thanh_vien": "mười_x0001_\nx_x000B_ & <b>"}],
                      name="a, b: c.xlsx")  # fmt: skip
    broken = tmp_path / "hong.xlsx"
    broken.write_bytes(b"not a workbook")
    files = [make_census([{}]), EXAMPLES / "census-findings.xlsx", warned, odd, broken]
    code, out = run("check", *files, "--format", "junit", *TODAY)
    assert code == 2  # one file cannot be read; the report still covers every file
    _junit_schema().validate(out)

    root = ET.fromstring(out.split("\n", 1)[1])
    (suite,) = root.findall("testsuite")
    cases = suite.findall("testcase")
    failing = [c for c in cases if c.find("failure") is not None]
    assert [c.get("name") for c in cases] == [str(f) for f in files]
    assert suite.get("tests") == root.get("tests") == str(len(cases))
    assert suite.get("failures") == root.get("failures") == str(len(failing)) == "3"
    assert len(cases[1].findall("failure")) == len(read_census_file(files[1]).errors) > 5
    assert "below-legal-minimum" in (cases[2].findtext("system-out") or "")
    (odd_failure,) = cases[3].findall("failure")
    assert "mười\\x01\nx\\x0b & <b>" in odd_failure.get("message", "")
    assert [f.get("type") for f in cases[4].findall("failure")] == ["unreadable-file"]


def test_the_junit_schema_rejects_what_ci_servers_reject(make_census: MakeCensus) -> None:
    schema = _junit_schema()
    _, out = run("check", make_census([{"so_thanh_vien": "mười"}]), "--format", "junit", *TODAY)
    assert schema.is_valid(out)
    broken = {
        "testcase without a name": out.replace(' name="/', ' label="/', 1),
        "failure outside a testcase": out.replace("</testcase>", "</testcase><failure/>"),
        "count that is not a number": out.replace('tests="1"', 'tests="one"', 1),
        "suite without a failure count": out.replace('failures="1" errors="0" skip', "skip"),
        "unknown element": out.replace("<failure ", "<fail ").replace("</failure>", "</fail>"),
    }
    for what, document in broken.items():
        assert document != out, what
        assert not schema.is_valid(document), what


def test_github_annotations_follow_the_workflow_command_syntax(make_census: MakeCensus) -> None:
    path = make_census([{}, {"so_thanh_vien": "mười"}, {"loai_hinh": "HTX", "so_thanh_vien": 3}])
    code, out = run("check", path, "--format", "github", "--lang", "en", *TODAY)
    assert code == 1
    lines = out.splitlines()
    command = re.compile(r"^::(error|warning) file=[^,:]+,title=[a-z-]+::[^\r\n]+$")
    assert lines and all(command.match(line) for line in lines)
    assert lines[0].startswith(f"::error file={path},title=wrong-type::Danh sách tổ chức › ")
    assert any(line.startswith("::warning ") and "below-legal-minimum" in line for line in lines)
    # One annotation per finding.
    assert len(lines) == len(read_census_file(path).findings)


def test_github_escapes_what_would_break_a_command(make_census: MakeCensus) -> None:
    path = make_census([{}, {"so_thanh_vien": "mười\n50%"}])
    _, out = run("check", path, "--format", "github", *TODAY)
    (line,) = [x for x in out.splitlines() if "wrong-type" in x]
    assert "mười%0A50%25" in line


def _gh_unescape(text: str) -> str:
    """GitHub's decoding of a workflow command's data and property values."""
    for escaped, plain in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        text = text.replace(escaped, plain)
    return text


def test_github_escapes_a_file_name_with_comma_colon_and_percent(make_census: MakeCensus) -> None:
    # Excel keeps a carriage return in a cell as _x000D_.
    path = make_census([{}, {"so_thanh_vien": "mười_x000D_\n50%"}], name="a, b: 50%.xlsx")
    code, out = run("check", path, "--format", "github", "--lang", "en", *TODAY)
    assert code == 1
    (line,) = out.splitlines()
    assert line.startswith(f"::error file={path.parent}/a%2C b%3A 50%25.xlsx,title=wrong-type::")
    assert "«mười%0D%0A50%25»" in line
    # What GitHub reads back is the file name and the message, whole.
    match = re.fullmatch(r"::error file=([^,:]*),title=([^,:]*)::(.+)", line)
    assert match, line
    (error,) = read_census_file(path).errors
    assert _gh_unescape(match[1]) == str(path)
    assert _gh_unescape(match[3]) == f"{error.place(with_file=False)}: {error.message('en')}"


def test_pre_commit_hook_runs_ktt_check_on_spreadsheets_only() -> None:
    import yaml

    root = Path(__file__).resolve().parents[1]
    (hook,) = yaml.safe_load((root / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "ktt-check" and hook["entry"] == "ktt check"
    pattern = re.compile(hook["files"])
    assert all(pattern.search(n) for n in ("a.xlsx", "d/b.ods", "c.xls", "e.xlsm"))
    assert not any(pattern.search(n) for n in ("a.csv", "b.xlsx.bak", "notes.md"))


def test_targets_files_validate_against_the_committed_json_schema() -> None:
    import json

    import jsonschema
    import yaml

    from ktt_indicators.targets import targets_json_schema

    root = Path(__file__).resolve().parents[1]
    committed = json.loads((root / "targets.schema.json").read_text(encoding="utf-8"))
    assert committed == targets_json_schema(), "run: ktt schema > targets.schema.json"
    for path in (root / "targets.yaml", *sorted((root / "plans").glob("*.yaml"))):
        text = path.read_text(encoding="utf-8")
        assert text.startswith("# yaml-language-server: $schema=")
        jsonschema.validate(yaml.safe_load(text), committed)
    # A mistake the editor should flag: an unknown census column in a filter.
    broken = yaml.safe_load((root / "targets.yaml").read_text(encoding="utf-8"))
    broken["targets"][0]["measure"] = {"count": {"loai_hin": "HTX"}}
    try:
        jsonschema.validate(broken, committed)
    except jsonschema.ValidationError as err:
        assert "loai_hin" in err.message
    else:
        raise AssertionError("the schema accepted an unknown column")


def test_schema_columns_lists_every_census_column() -> None:
    import json

    from ktt_indicators.schema import COLUMNS

    code, out = run("schema", "--columns", "--format", "json")
    assert code == 0
    assert [c["key"] for c in json.loads(out)["columns"]] == [c.key for c in COLUMNS]
