"""What ktt says in Vietnamese (the default) is Vietnamese: usage errors, YAML syntax errors
at the line to fix, batch's summary.md, the findings' titles where people read them (their
codes stay in JSON), an unknown plan id, a Word document named .xlsx, bad dates and lists."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner, Result

from ktt_indicators.census.findings import CATALOG
from ktt_indicators.cli.app import app

from conftest import MakeCensus

runner = CliRunner(env={"KTT_LANG": None, "KTT_TARGETS": None, "COLUMNS": "200"})
TODAY = ["--today", "2026-11-21"]
#: Words of English a Vietnamese message would not hold (ktt's own names aside).
ENGLISH = re.compile(
    r"\b(the|is|are|not|one|and|an|of|missing|unexpected|generated_at|late|file|found|"
    r"expected|error|line|column|mapping|values|allowed|here)\b"
)


def ktt(*args: str | Path) -> Result:
    result = runner.invoke(app, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def english_in(message: str) -> list[str]:
    """The English words of a message, its paths and «quoted» values set aside."""
    words = re.sub(r"«[^»]*»|\S*[/\\.]\S*|--\S+|ktt \S+", " ", message)
    return ENGLISH.findall(words)


@pytest.fixture
def with_findings(make_census: MakeCensus) -> Path:
    """A census with an error (a missing name) and a value out of its list."""
    return make_census([{"ten": None}, {"loai_hinh": "Công ty"}, {}])


def test_mark_up_usage_errors_are_vietnamese(with_findings: Path, tmp_path: Path) -> None:
    two = ktt("check", with_findings, with_findings.with_name("x.xlsx"), "--mark-up",
              tmp_path / "m.xlsx", *TODAY)  # fmt: skip
    assert two.exit_code == 2
    assert "--mark-up đánh dấu một bảng tính mỗi lần, nhưng có 2 tệp" in two.stderr
    assert not english_in(two.stderr.split(":", 1)[1]), two.stderr
    csv = ktt("check", with_findings, "--mark-up", tmp_path / "m.csv", *TODAY)
    assert csv.exit_code == 2
    assert "Bản đánh dấu được ghi dạng .xlsx" in csv.stderr
    english = ktt("check", with_findings, "--mark-up", tmp_path / "m.csv", "--lang", "en")
    assert "The marked-up copy is an .xlsx workbook" in english.stderr


@pytest.mark.parametrize(
    ("yaml_text", "line", "wording"),
    [
        # «id x» lacks its colon: the parser reads «id x name» and fails at line 3's colon
        ("plan:\n  id x\n  name: y\ntargets: []\n", 2, "thiếu dấu «:» sau khóa"),
        # the «{» of line 1 is never closed: the parser gives up on line 2
        ("plan: {id: t, title: T\ntargets: []\n", 1, "dấu «{» mở ở đây không được đóng"),
        ("plan:\n  id: 'x\n  title: y\ntargets: []\n", 2, "dấu nháy mở ở đây không được đóng"),
        ("plan:\n\tid: x\n", 2, "thụt lề bằng phím Tab"),
        ("plan:\n  id: x\n title: y\ntargets: []\n", 3, "thụt lề không khớp"),
        ("plan:\n  title: a: b\ntargets: []\n", 2, "giá trị có «: » ở giữa"),
    ],
)
def test_a_yaml_syntax_error_is_vietnamese_at_the_line_to_fix(
    tmp_path: Path, yaml_text: str, line: int, wording: str
) -> None:
    path = tmp_path / "t.yaml"
    path.write_text(yaml_text, encoding="utf-8")
    result = ktt("targets", "--targets", path)
    assert result.exit_code == 2
    assert f"dòng {line}, cột " in result.stderr
    assert f"lỗi cú pháp YAML: {wording}" in result.stderr
    assert not english_in(result.stderr), result.stderr
    english = ktt("targets", "--targets", path, "--lang", "en")
    assert f"line {line}, column " in english.stderr
    assert "YAML syntax error: " in english.stderr


def test_a_history_file_s_syntax_error_names_its_line(small_census: Path, tmp_path: Path) -> None:
    history = tmp_path / "h.yaml"
    history.write_text("htx_count_2030:\n  2022: 300\n  2024 350\n  2025: 3\n", encoding="utf-8")
    result = ktt("gap", small_census, "--history", history, *TODAY)
    assert result.exit_code == 2
    assert "dòng 3: lỗi cú pháp YAML: thiếu dấu «:» sau khóa" in result.stderr


@pytest.fixture
def small_census(make_census: MakeCensus) -> Path:
    return make_census([{}, {"loai_hinh": "THT", "ma_so": None}])


def test_the_check_table_names_each_finding_by_its_title(with_findings: Path) -> None:
    result = ktt("check", with_findings, *TODAY)
    assert result.exit_code == 1
    assert "Thiếu giá trị bắt buộc" in result.stdout
    assert "Giá trị ngoài danh sách" in result.stdout
    assert "missing-value" not in result.stdout and "not-in-list" not in result.stdout
    english = ktt("check", with_findings, "--lang", "en", *TODAY)
    assert CATALOG["missing-value"].title("en") in english.stdout
    assert "missing-value" not in english.stdout
    machines = json.loads(ktt("check", with_findings, "-f", "json", *TODAY).stdout)
    codes = {x["code"] for f in machines["files"] for x in f["errors"]}
    assert {"missing-value", "not-in-list"} <= codes


def test_gap_on_an_invalid_census_lists_findings_by_title(with_findings: Path) -> None:
    result = ktt("gap", with_findings, *TODAY)
    assert result.exit_code == 1  # findings: no indicators computed
    assert "[Thiếu giá trị bắt buộc]" in result.stderr
    assert "missing-value" not in result.stderr


def test_the_marked_up_copy_names_findings_by_title(with_findings: Path, tmp_path: Path) -> None:
    copy = tmp_path / "m.xlsx"
    assert ktt("check", with_findings, "--mark-up", copy, *TODAY).exit_code == 1
    wb = openpyxl.load_workbook(copy)
    cells = [str(c.value) for ws in wb for row in ws.iter_rows() for c in row if c.value]
    notes = [c.comment.text for ws in wb for row in ws.iter_rows() for c in row if c.comment]
    assert any("Thiếu giá trị bắt buộc" in x for x in notes)  # each cell's note: its title
    for code in ("missing-value", "not-in-list"):
        assert not any(code in x for x in [*cells, *notes])


def test_summary_md_is_vietnamese(with_findings: Path, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    with_findings.rename(folder / "xa-a.xlsx")
    units = tmp_path / "units.txt"
    units.write_text("Xã B\n", encoding="utf-8")
    out = tmp_path / "out"
    result = ktt("batch", folder, "-o", out, "--expected", units, "--deadline", "2020-01-01")
    assert result.exit_code == 1, result.output
    summary = (out / "summary.md").read_text(encoding="utf-8")
    for english in ("(missing)", "(unexpected)", "(late)", "generated_at", "`missing-value`"):
        assert english not in summary
    assert "Thời điểm lập: " in summary
    assert "### Chưa gửi\n" in summary and "### Không có trong danh sách\n" in summary
    assert "«Thiếu giá trị bắt buộc»" in summary
    # machines keep the codes
    summary_json = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert "generated_at" in summary_json


def test_an_unknown_plan_id_points_at_the_list_of_plans(small_census: Path) -> None:
    result = ktt("gap", small_census, "--targets", "nq-20-tw-2020", *TODAY)
    assert result.exit_code == 2
    assert "không tìm thấy tệp" not in result.stderr
    assert "Không có tệp chỉ tiêu hay kế hoạch có sẵn nào tên «nq-20-tw-2020»" in result.stderr
    assert "có lẽ là «nq-20-tw-2022»" in result.stderr
    assert "ktt targets --list" in result.stderr
    # a file name that is not there is still «file not found»
    missing = ktt("gap", small_census, "--targets", "nope.yaml", *TODAY)
    assert "không tìm thấy tệp" in missing.stderr


def _office_package(path: Path, folder: str, part: str) -> Path:
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas'
                   '.openxmlformats.org/package/2006/content-types"/>')  # fmt: skip
        z.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas'
                   '.openxmlformats.org/package/2006/relationships"><Relationship Id="r1" '
                   'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
                   f'officeDocument" Target="{folder}/{part}"/></Relationships>')  # fmt: skip
        z.writestr(f"{folder}/{part}", "<document/>")
    return path


@pytest.mark.parametrize(
    ("folder", "part", "wording"),
    [("word", "document.xml", "đây là một tài liệu Word (.docx)"),
     ("ppt", "presentation.xml", "đây là một bản trình chiếu PowerPoint (.pptx)")],
)  # fmt: skip
def test_a_word_document_named_xlsx_is_said_to_be_one(
    tmp_path: Path, folder: str, part: str, wording: str
) -> None:
    path = _office_package(tmp_path / "xa-a.xlsx", folder, part)
    result = ktt("check", path, *TODAY)
    assert result.exit_code == 2
    assert wording in result.stderr
    assert "tệp bị hỏng" not in result.stderr


def test_bad_dates_and_unit_lists_are_vietnamese(small_census: Path, tmp_path: Path) -> None:
    today = ktt("gap", small_census, "--today", "2025-13-01")
    assert "--today: «2025-13-01» không phải là một ngày" in today.stderr
    folder = tmp_path / "in"
    folder.mkdir()
    small_census.rename(folder / "a.xlsx")
    empty = tmp_path / "units.txt"
    empty.write_text("# none yet\n", encoding="utf-8")
    units = ktt("batch", folder, "-o", tmp_path / "out", "--expected", empty)
    assert units.exit_code == 2
    assert "danh sách không có đơn vị nào" in units.stderr
    word = _office_package(tmp_path / "units.xlsx", "word", "document.xml")
    units = ktt("batch", folder, "-o", tmp_path / "out", "--expected", word)
    assert "đây là một tài liệu Word" in units.stderr
    assert "word-document" not in units.stderr
