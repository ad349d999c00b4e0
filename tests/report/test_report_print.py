"""The report document as it prints (-o report.docx, and -o report.pdf through it), with every
bundled plan: no doubled word, no dots where a name belongs, no target id or file name in the
body, a share's gap in percentage points, the tables' headings and verdicts whole; and the
issuer, place and signer set without editing a plan (options, a settings file)."""

from __future__ import annotations

import io
import itertools
import re
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.oxml.ns import qn
from typer.testing import CliRunner

from ktt_indicators.cli.app import app
from ktt_indicators.plan.targets_loader import load_targets
from printed import is_a4, needs_tools, page_sizes, pdf_text, to_pdfs

from conftest import DEFAULT_INFO, TODAY, write_census

ROOT = Path(__file__).resolve().parents[2]
PLANS = [*sorted((ROOT / "plans").glob("*.yaml")), ROOT / "targets.yaml"]
CENSUS_NAME = "census-can-tho-2025"
runner = CliRunner(env={"KTT_LANG": None, "KTT_TARGETS": None, "COLUMNS": "200"})
#: One to three words said twice over («báo cáo báo cáo»); numbers side by side in a table
#: are not words, nor a heading in capitals over a sentence that starts with its words.
DOUBLED = re.compile(r"(?<!\w)((?:[^\W\d_]+ ){0,2}[^\W\d_]+) \1(?!\w)")
DOTS = re.compile(r"[.…]{3,}")


def ktt(*args: object) -> Any:
    return runner.invoke(app, [str(a) for a in args])


def _paragraphs(path: Path) -> list[str]:
    body = Document(io.BytesIO(path.read_bytes())).element.body
    return ["".join(t.text or "" for t in p.iter(qn("w:t"))).replace("\u200b", "")
            for p in body.iter(qn("w:p"))]  # fmt: skip


def _body(text: str) -> str:
    """The text before the annex, its whitespace made single spaces."""
    return " ".join(text.split("PHỤ LỤC")[0].split())


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> dict[Path, tuple[Path, Path]]:
    """Each bundled plan's report on the bundled census: the .docx and its PDF."""
    out = tmp_path_factory.mktemp("plans")
    docs = []
    for plan in PLANS:
        doc = out / f"{plan.stem}.docx"
        result = ktt("gap", "--targets", plan, "--today", TODAY.isoformat(), "-o", doc)
        assert result.exit_code == 0, (plan.name, result.output)
        docs.append(doc)
    # Printed all in one run of LibreOffice, where it is installed.
    pdfs = [Path()] * len(docs) if needs_tools.args[0] else to_pdfs(docs, out)
    return {plan: (doc, pdf) for plan, doc, pdf in zip(PLANS, docs, pdfs, strict=True)}


@pytest.mark.parametrize("plan", PLANS, ids=[p.stem for p in PLANS])
def test_the_body_names_no_id_no_file_and_no_dots(
    plan: Path, printed: dict[Path, tuple[Path, Path]]
) -> None:
    doc, _ = printed[plan]
    lines = _paragraphs(doc)
    cut = lines.index("PHỤ LỤC")
    body, annex = "\n".join(lines[:cut]), " ".join(lines[cut:])
    for t in load_targets(plan).targets:
        assert not re.search(rf"(?<![\w-]){re.escape(t.id)}(?![\w-])", body), t.id
        assert t.id in annex, t.id
    assert CENSUS_NAME not in body and CENSUS_NAME in annex
    assert not DOTS.search(body), DOTS.search(body)
    assert not DOUBLED.search(body), DOUBLED.search(body)
    # The issuer, when the plan names none, is the census's reporting unit.
    assert any(line.isupper() and "TÀI CHÍNH" in line for line in lines[:6]) or (
        load_targets(plan).plan.report is not None
    )


@needs_tools
@pytest.mark.parametrize("plan", PLANS, ids=[p.stem for p in PLANS])
def test_every_plan_prints_on_a4_whole(plan: Path, printed: dict[Path, tuple[Path, Path]]) -> None:
    _, pdf = printed[plan]
    assert all(is_a4(s) for s in page_sizes(pdf))
    text = pdf_text(pdf)
    body = _body(text)
    assert not DOTS.search(body), DOTS.search(body)
    assert not DOUBLED.search(body), DOUBLED.search(body)
    ids = [t.id for t in load_targets(plan).targets]
    assert not [i for i in ids if i in body.replace(" ", "")]
    assert CENSUS_NAME not in body.replace(" ", "")
    # The summary table's headings and verdicts are whole: «TT» on one line, «Chưa đạt»
    # and «Đã đạt» never parted, a gap of up to seven digits on one line.
    lines = [line.strip() for line in text.split("PHỤ LỤC")[0].splitlines()]
    assert "TT" in lines and "T" not in lines
    assert not any(a == "Chưa" and b == "đạt" for a, b in itertools.pairwise(lines))
    # The annex's ids are whole, or wrap after an underscore, never mid-word.
    annex = re.sub(r"_\s*\n", "_", text.split("PHỤ LỤC", 1)[1])
    assert all(re.search(rf"(?<![\w]){re.escape(i)}(?!\w)", annex) for i in ids), [
        i for i in ids if i not in annex
    ]


def test_a_share_gap_is_in_percentage_points(printed: dict[Path, tuple[Path, Path]]) -> None:
    doc, _ = printed[ROOT / "plans" / "nq-20-tw-2022.yaml"]
    body = " ".join(_paragraphs(doc))
    # 60% wanted, 56.0% reached (the bundled census): 4.0 points short.
    assert "còn thiếu 4,0 điểm phần trăm" in body
    assert not re.search(r"còn thiếu [\d,.]+%", body)
    assert not re.search(r"cần tăng [\d,.]+%", body)
    assert "4,0 điểm\u00a0%" in body  # the summary table's short form


def test_without_a_report_section_or_one_unit_the_body_names_no_body(tmp_path: Path) -> None:
    """Neither the plan nor the census names who reports (two communes' files): the intro
    says the results are reported, not «cơ quan báo cáo báo cáo», and the head has no dots;
    each file is named by its unit."""
    files = [write_census(tmp_path / f"{n}.xlsx", [{"ma_so": f"180000000{n}"}],
                          info={**DEFAULT_INFO, "don_vi_bao_cao": unit})
             for n, unit in enumerate(["UBND xã Thới Lai", "UBND xã Cờ Đỏ"], start=1)]  # fmt: skip
    out = tmp_path / "r.docx"
    result = ktt("gap", *files, "--targets", "nq-20-tw-2022", "--today", TODAY.isoformat(),
                 "-o", out)  # fmt: skip
    assert result.exit_code == 0, result.output
    lines = _paragraphs(out)
    body = "\n".join(lines).split("PHỤ LỤC")[0]
    assert "được báo cáo như sau" in body
    assert "cơ quan báo cáo" not in body and not DOTS.search(body)
    assert not DOUBLED.search(body)
    assert "- Số liệu điều tra của UBND xã Thới Lai (số liệu đến ngày" in body
    assert "- Số liệu điều tra của UBND xã Cờ Đỏ (số liệu đến ngày" in body
    assert "1.xlsx" not in body


def test_issuer_place_and_signer_from_a_settings_file_and_options(tmp_path: Path) -> None:
    settings = tmp_path / "bao-cao.yaml"
    settings.write_text(
        "issuer: Phòng Kinh tế huyện Phong Điền\nparent: UBND huyện Phong Điền\nplace: Phong Điền\n"
        "signer_title: Trưởng phòng\nsigner_name: Lê Văn C\nrecipients: [Sở Tài chính]\n",
        encoding="utf-8",
    )
    out = tmp_path / "r.docx"
    args = ["gap", "--targets", "nq-20-tw-2022", "--today", "2025-12-18", "-o", out]
    result = ktt(*args, "--report-settings", settings, "--signer-name", "Phạm Thị D")
    assert result.exit_code == 0, result.output
    lines = _paragraphs(out)
    assert "PHÒNG KINH TẾ HUYỆN PHONG ĐIỀN" in lines and "UBND HUYỆN PHONG ĐIỀN" in lines
    assert "Phong Điền, ngày 18 tháng 12 năm 2025" in lines
    assert "TRƯỞNG PHÒNG" in lines
    assert "Phạm Thị D" in lines and "Lê Văn C" not in lines  # the option goes over the file
    assert "- Sở Tài chính;" in lines
    body = " ".join(lines)
    assert "Phòng Kinh tế huyện Phong Điền báo cáo kết quả" in body
    # --place and --issuer alone, no file.
    result = ktt(*args, "--place", "Cần Thơ", "--issuer", "Sở Tài chính")
    assert result.exit_code == 0, result.output
    lines = _paragraphs(out)
    assert "Cần Thơ, ngày 18 tháng 12 năm 2025" in lines and "SỞ TÀI CHÍNH" in lines


@pytest.mark.parametrize(
    ("content", "says"),
    [
        ("issuer: Sở Tài chính\nsigner: Lê Văn C\n", "khóa «signer» không dùng được"),
        ("issuer: [a, b\n", "sai cú pháp YAML ở dòng"),
        ("- issuer\n", "phải là các dòng «khóa: giá trị»"),
        ("issuer: {a: 1}\n", "«issuer» phải là chữ"),
    ],
)
def test_a_bad_settings_file_is_refused_before_the_work(tmp_path: Path, content: str,
                                                        says: str) -> None:  # fmt: skip
    settings = tmp_path / "bao-cao.yaml"
    settings.write_text(content, encoding="utf-8")
    out = tmp_path / "r.docx"
    result = ktt("gap", "--report-settings", settings, "--today", "2025-12-18", "-o", out)
    assert result.exit_code == 2, result.output
    assert says in result.output and str(settings) in result.output
    assert not out.exists()
