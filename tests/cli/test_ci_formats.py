"""`ktt check --format junit|github`: findings where CI users look."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import pytest
from typer.testing import CliRunner

from ktt_indicators.census.reader import read_census_file
from ktt_indicators.cli.app import app
from ktt_indicators.core.text import printable

from conftest import MakeCensus

TODAY = ["--today", "2026-11-21"]


def run(*args: object) -> tuple[int, str]:
    result = CliRunner().invoke(app, [str(a) for a in args])
    return result.exit_code, result.stdout


def test_junit_has_one_suite_per_file_and_one_testcase_per_error(
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
    assert root.tag == "testsuites" and root.get("tests") == "3" and root.get("failures") == "2"
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == [str(good), str(bad)]
    (passed,) = suites[0].findall("testcase")
    assert passed.findall("failure") == [] and passed.get("classname") == str(good)
    cases = suites[1].findall("testcase")
    assert [len(c.findall("failure")) for c in cases] == [1, 1]
    assert [c.find("failure").get("type") for c in cases] == ["wrong-type", "not-in-list"]  # type: ignore[union-attr]
    # The testcase and the message name the sheet and the cell.
    place = re.compile(r"Danh sách tổ chức › [A-Z]+\d+")
    assert all(place.match(c.get("name", "")) for c in cases)
    assert all(place.match(c.find("failure").get("message", "")) for c in cases)  # type: ignore[union-attr]


JUNIT_XSD = Path(__file__).parents[1] / "junit.xsd"
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


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
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == [str(f) for f in files]
    errors = [len(read_census_file(f).errors) for f in files]
    assert [int(s.get("failures", -1)) for s in suites] == errors
    assert errors[0] == 0 and errors[1] > 5 and errors[2] == 0
    assert root.get("failures") == str(sum(errors))
    assert "below-legal-minimum" in (suites[2].findtext("system-out") or "")
    (odd,) = suites[3].findall("testcase")
    (odd_failure,) = odd.findall("failure")
    assert "mười\\x01\nx\\x0b & <b>" in odd_failure.get("message", "")
    assert "mười\\x01\nx\\x0b & <b>" in (odd_failure.text or "")
    assert [c.find("failure").get("type") for c in suites[4]] == ["unreadable-file"]  # type: ignore[union-attr]


def _gitlab_shows(root: ET.Element) -> list[tuple[str, str, str]]:
    """What GitLab's merge-request widget shows of a JUnit report's failed tests (its JUnit
    parser): the classname, the name and the failure's text; the message attribute is
    dropped."""
    shown = []
    for case in root.iter("testcase"):
        failure = case.find("failure")
        if failure is not None:
            shown.append((case.get("classname", ""), case.get("name", ""), failure.text or ""))
    return shown


def _jenkins_shows(root: ET.Element) -> list[tuple[str, str, str]]:
    """What Jenkins' JUnit plugin shows of each failed test: the first failure only, its
    message attribute as the error details and its text as the stack trace."""
    shown = []
    for case in root.iter("testcase"):
        failures = case.findall("failure")
        if failures:
            first = failures[0]
            shown.append((case.get("name", ""), first.get("message", ""), first.text or ""))
    return shown


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_error_of_the_findings_example_shows_whole_in_gitlab_and_jenkins(lang: str) -> None:
    path = EXAMPLES / "census-findings.xlsx"
    code, out = run("check", path, "--format", "junit", "--lang", lang, *TODAY)
    assert code == 1
    _junit_schema().validate(out)
    root = ET.fromstring(out.split("\n", 1)[1])
    errors = read_census_file(path, label=str(path), today=date(2026, 11, 21)).errors
    assert len(errors) == 16
    gitlab, jenkins = _gitlab_shows(root), _jenkins_shows(root)
    assert len(gitlab) == len(jenkins) == len(errors)  # none hidden behind another
    for error, (classname, name, text), (_, details, trace) in zip(
        errors, gitlab, jenkins, strict=True
    ):
        message = error.message(lang)  # with what was probably meant
        assert classname == str(path)
        assert name == f"{error.place(with_file=False)} [{error.code}]"
        for shown in (text, details, trace):
            assert message in shown and error.place(with_file=False) in shown
        assert error.code in text and (error.column or "") in text
        if error.suggestion:
            assert error.suggestion in text and error.suggestion in details
    assert any(e.suggestion for e in errors)


def test_junit_counts_are_what_a_recount_finds(make_census: MakeCensus) -> None:
    """junitparser, merging reports, recounts every suite from its testcases (and times from
    theirs): the counts written must be those, with none missing."""
    files = [make_census([{}]), EXAMPLES / "census-findings.xlsx",
             make_census([{"ma_so": "1800000201", "so_thanh_vien": 3}])]  # fmt: skip
    _, out = run("check", *files, "--format", "junit", *TODAY)
    root = ET.fromstring(out.split("\n", 1)[1])
    keys = ("tests", "failures", "errors", "skipped", "time")
    totals = dict.fromkeys(keys, 0.0)
    for suite in root.findall("testsuite"):
        cases = suite.findall("testcase")
        recount = {
            "tests": len(cases),
            "failures": sum(1 for c in cases if c.find("failure") is not None),
            "errors": sum(1 for c in cases if c.find("error") is not None),
            "skipped": sum(1 for c in cases if c.find("skipped") is not None),
            "time": sum(float(c.get("time", "nan")) for c in cases),
        }
        assert {k: float(suite.get(k, "nan")) for k in keys} == recount, suite.get("name")
        for k in keys:
            totals[k] += recount[k]
    assert {k: float(root.get(k, "nan")) for k in keys} == totals
    assert totals["failures"] == 16 and totals["tests"] == 18


def test_the_junit_schema_rejects_what_ci_servers_reject(make_census: MakeCensus) -> None:
    schema = _junit_schema()
    _, out = run("check", make_census([{"so_thanh_vien": "mười"}]), "--format", "junit", *TODAY)
    assert schema.is_valid(out)
    broken = {
        "testcase without a name": re.sub(r'(<testcase [^>]*?) name="[^"]*"', r"\1", out, count=1),
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
    command = re.compile(r"^::(error|warning|notice) file=[^,:]+,title=[a-z -]+::[^\r\n]+$")
    assert lines and all(command.match(line) for line in lines)
    assert lines[0] == (
        f"::notice file={path},title=ktt check::{path}: 1 errors, 1 warnings. GitHub shows "
        f"only 10 errors and 10 warnings a step; this step's log has them all, or run "
        f"«ktt check {path}»."
    )
    assert lines[1].startswith(f"::error file={path},title=wrong-type::Danh sách tổ chức › ")
    assert any(line.startswith("::warning ") and "below-legal-minimum" in line for line in lines)
    # One annotation per finding, after the file's summary.
    assert len(lines) == 1 + len(read_census_file(path).findings)


def test_github_says_how_many_findings_a_file_has_beyond_what_it_shows(
    make_census: MakeCensus,
) -> None:
    clean = make_census([{}])
    path = make_census(
        [{"so_thanh_vien": "mười"}] * 12 + [{"loai_hinh": "HTX", "so_thanh_vien": 3}]
    )
    code, out = run("check", clean, path, "--format", "github", *TODAY)
    assert code == 1
    lines = out.splitlines()
    notices = [line for line in lines if line.startswith("::notice ")]
    (notice,) = notices  # none for a file without findings
    assert notice.startswith(f"::notice file={path},title=ktt check::{path}: 12 lỗi, 1 cảnh báo.")
    assert "GitHub chỉ hiện 10 lỗi" in notice
    assert sum(1 for line in lines if line.startswith("::error ")) == 12  # all in the log


def test_github_shows_control_characters_as_symbols(make_census: MakeCensus) -> None:
    # Excel keeps a vertical tab as _x000B_ and ESC as _x001B_: the log would obey ESC [31m.
    path = make_census([{}, {"so_thanh_vien": "mười_x000B__x001B_[31m đỏ"}])
    _, out = run("check", path, "--format", "github", *TODAY)
    (line,) = [x for x in out.splitlines() if "wrong-type" in x]
    assert "\x1b" not in out and "\x0b" not in out
    assert "mười␋␛[31m đỏ" in line


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
    (line,) = [x for x in out.splitlines() if x.startswith("::error ")]
    assert line.startswith(f"::error file={path.parent}/a%2C b%3A 50%25.xlsx,title=wrong-type::")
    assert "«mười␍%0A50%25»" in line  # a carriage return shown, as on a terminal
    # What GitHub reads back is the file name and the message, whole.
    match = re.fullmatch(r"::error file=([^,:]*),title=([^,:]*)::(.+)", line)
    assert match, line
    (error,) = read_census_file(path).errors
    assert _gh_unescape(match[1]) == str(path)
    assert _gh_unescape(match[3]) == printable(
        f"{error.place(with_file=False)}: {error.message('en')}"
    )


def test_pre_commit_hook_runs_ktt_check_on_spreadsheets_only() -> None:
    import yaml

    root = Path(__file__).resolve().parents[2]
    (hook,) = yaml.safe_load((root / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "ktt-check" and hook["entry"] == "ktt check --git"
    pattern = re.compile(hook["files"])
    assert all(pattern.search(n) for n in ("a.xlsx", "d/b.ods", "c.xls", "e.xlsm"))
    assert not any(pattern.search(n) for n in ("a.csv", "b.xlsx.bak", "notes.md"))


def test_targets_files_validate_against_the_committed_json_schema() -> None:
    import json

    import jsonschema
    import yaml

    from ktt_indicators.plan.targets_schema import targets_json_schema

    root = Path(__file__).resolve().parents[2]
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

    from ktt_indicators.census.schema import COLUMNS

    code, out = run("schema", "--columns", "--format", "json")
    assert code == 0
    assert [c["key"] for c in json.loads(out)["columns"]] == [c.key for c in COLUMNS]
