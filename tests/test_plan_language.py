"""What the real plans need of the targets language, on censuses worked out by hand: a
founding-date period, a share of one legal form and a share that must stay low, a column the
plan declares (check, template and gap), a target with no number, and the progress method's
settings and fallbacks, each against the published method's result."""

from __future__ import annotations

import json
import textwrap
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from typer.testing import CliRunner

from ktt_indicators.census import read_census
from ktt_indicators.cli import app
from ktt_indicators.progress import gap_report
from ktt_indicators.resources import find_plan
from ktt_indicators.targets import TargetsFile, load_targets

from conftest import TODAY, MakeCensus

INFO = {"don_vi_bao_cao": "Test", "nam_bao_cao": 2025, "ngay_so_lieu": date(2025, 12, 14)}


def plan(plan_id: str) -> TargetsFile:
    path = find_plan(plan_id)
    assert path is not None
    return load_targets(path)


def progress_of(targets: TargetsFile, target_id: str, paths: list[Path], **kw: Any) -> Any:
    census = read_census(paths, today=TODAY, columns=targets.census_columns())
    report = gap_report(targets, census, 2025, **kw)
    return next(p for p in report.targets if p.id == target_id)


# ----------------------------------------------------------------- a founding-date period


def test_newly_founded_htx_count_the_founding_dates_in_the_period(make_census: MakeCensus):
    # Hà Nội's «at least 1,000 newly founded HTX», 2021–2030 (from 1/1/2021 to 31/12/2030):
    # in: 1/1/2021, 1/6/2025 and one founded in 2023 and dissolved since; out: 31/12/2020,
    # a THT of 2022, an HTX with no date. 3 of 1,000.
    rows = [
        {"ten": "A", "ngay_thanh_lap": "31/12/2020"},
        {"ten": "B", "ngay_thanh_lap": "1/1/2021"},
        {"ten": "C", "ngay_thanh_lap": "2025-06-01"},
        {"ten": "D", "ngay_thanh_lap": "2023", "tinh_trang": "Đã giải thể"},
        {"ten": "E", "loai_hinh": "THT", "ngay_thanh_lap": "2022"},
        {"ten": "F"},
    ]
    p = progress_of(plan("ha-noi-20-ctr-tu"), "new_htx_2021_2030", [make_census(rows, info=INFO)])
    assert p.value == 3
    assert p.met is False and p.gap == 997


def test_a_period_needs_a_date_column(tmp_path: Path):
    path = tmp_path / "t.yaml"
    path.write_text(textwrap.dedent("""\
        plan: {id: p, title: P}
        targets:
          - {id: x, year: 2030, title: X, comparison: at_least, value: 1,
             source: {document: D}, measure: {count: {so_thanh_vien: {from: 2021}}}}
        """), encoding="utf-8")  # fmt: skip
    from ktt_indicators.targets import TargetsFileError

    with pytest.raises(TargetsFileError) as caught:
        load_targets(path)
    assert caught.value.details[0].code == "ktt:not-date-column"


# ------------------------------------------- a share of one legal form, and an upper bound


@pytest.mark.parametrize(
    ("ticks", "value", "met"),
    # 2 of 5 active HTX is 40%: not more than 40%; 3 of 5 is. The THT ticked is not an HTX.
    [(2, 0.4, False), (3, 0.6, True)],
)
def test_share_of_htx_applying_high_technology(
    make_census: MakeCensus, ticks: int, value: float, met: bool
):
    rows = [{"ten": f"H{n}", "cong_nghe_cao": "x" if n < ticks else ""} for n in range(5)]
    rows.append({"ten": "T", "loai_hinh": "THT", "cong_nghe_cao": "x"})
    p = progress_of(plan("tay-ninh-2030"), "high_tech_htx_share_2030",
                    [make_census(rows, info=INFO)])  # fmt: skip
    assert (p.numerator, p.denominator) == (ticks, 5)
    assert p.value == pytest.approx(value) and p.met is met


def test_weak_htx_under_two_percent_is_a_share_that_must_stay_low(make_census: MakeCensus):
    # Rated HTX: Tốt, Khá, Trung bình, Yếu (1 weak of 4 = 25%); an unrated HTX and a weak THT
    # are not counted. Under 2%: not met, 23 points too many; progress 0.02 / 0.25 = 8%.
    rows = [{"ten": r, "xep_loai": r} for r in ("Tốt", "Khá", "Trung bình", "Yếu")]
    rows += [{"ten": "Chưa"}, {"ten": "T", "loai_hinh": "THT", "xep_loai": "Yếu"}]
    p = progress_of(plan("hoa-binh-2030"), "weak_htx_share_2030", [make_census(rows, info=INFO)])
    assert (p.numerator, p.denominator, p.value) == (1, 4, 0.25)
    assert p.met is False
    assert p.gap == pytest.approx(0.23)
    assert p.progress == pytest.approx(0.08)
    # No weak one among the rated: 0% is under 2%.
    rows[3] = {"ten": "Yếu→TB", "xep_loai": "Trung bình"}
    p = progress_of(plan("hoa-binh-2030"), "weak_htx_share_2030", [make_census(rows, info=INFO)])
    assert (p.value, p.met, p.gap) == (0.0, True, 0.0)


# ------------------------------------------------------------ a column the plan declares

LEVEL = "Trình độ giám đốc"


def _with_levels(make_census: MakeCensus, levels: list[Any]) -> Path:
    rows = [{"ten": f"H{n}", LEVEL: x} for n, x in enumerate(levels)]
    rows.append({"ten": "T", "loai_hinh": "THT", LEVEL: "Đại học"})
    keys = ["ten", "loai_hinh", "ma_so", "xa_phuong", "linh_vuc", "tinh_trang", "so_thanh_vien",
            LEVEL]  # fmt: skip
    return make_census(rows, info=INFO, headers=keys)


def test_a_declared_column_counts_in_gap(make_census: MakeCensus):
    # HTX directors: Đại học, Cao đẳng, Trung cấp, «dai hoc» (typed loosely), Chưa qua đào
    # tạo, and one not given. With a degree: 3 of the 5 given = 60% (at least 25%: met);
    # trained (not «Chưa qua đào tạo»): 4 of 5 = 80% (about 80%: met). The THT is not an HTX.
    path = _with_levels(make_census, ["Đại học", "Cao đẳng", "Trung cấp", "dai hoc",
                                      "Chưa qua đào tạo", None])  # fmt: skip
    strategy = plan("qd-340-ttg-2021")
    degree = progress_of(strategy, "managers_degree_share_2030", [path])
    assert (degree.numerator, degree.denominator, degree.met) == (3, 5, True)
    trained = progress_of(strategy, "directors_trained_share_2030", [path])
    assert (trained.numerator, trained.denominator, trained.value) == (4, 5, 0.8)
    # Through the command line, by the plan's id.
    args = ["gap", str(path), "--targets", "qd-340-ttg-2021", "--format", "json"]
    result = CliRunner().invoke(app, [*args, "--today", TODAY.isoformat()])
    assert result.exit_code == 0, result.stderr
    by_id = {t["id"]: t for t in json.loads(result.stdout)["targets"]}
    assert by_id["managers_degree_share_2030"]["value"] == pytest.approx(0.6)


def test_ktt_check_validates_a_declared_column_only_with_the_plan(make_census: MakeCensus):
    path = _with_levels(make_census, ["Đại học", "Tiến sĩ"])  # not one of the plan's levels
    args = ["check", str(path), "--format", "json", "--today", TODAY.isoformat()]
    plain = CliRunner().invoke(app, args)
    assert plain.exit_code == 0  # the census contract does not know the column: a warning
    codes = [w["code"] for f in json.loads(plain.stdout)["files"] for w in f["warnings"]]
    assert "unknown-column" in codes
    checked = CliRunner().invoke(app, [*args, "--targets", "qd-340-ttg-2021"])
    assert checked.exit_code == 1
    report = json.loads(checked.stdout)["files"][0]
    assert [w["code"] for w in report["warnings"]] == []  # the column is known now
    (error,) = report["errors"]
    assert (error["code"], error["cell"], error["value"]) == ("not-in-list", "H3", "Tiến sĩ")
    # the row with the error is not counted: 1 of the 2 HTX remains
    census = read_census([path], today=TODAY, columns=plan("qd-340-ttg-2021").census_columns())
    assert [o.ten for o in census.organizations] == ["H0", "T"]
    assert census.organizations[0].extra == {"x_trinh_do_giam_doc": "Đại học"}


def test_a_required_declared_column_that_is_missing(make_census: MakeCensus, tmp_path: Path):
    text = (find_plan("qd-340-ttg-2021") or Path()).read_text(encoding="utf-8")
    text = text.replace("    type: choice\n", "    type: choice\n    required: true\n", 1)
    path = tmp_path / "required.yaml"
    path.write_text(text, encoding="utf-8")
    census = read_census([make_census([{"ten": "H"}], info=INFO)], today=TODAY,
                         columns=load_targets(path).census_columns())  # fmt: skip
    (missing,) = [f for f in census.findings if f.code == "missing-column"]
    assert missing.column == LEVEL and census.files[0].unusable


def test_the_template_of_a_plan_has_its_columns_with_dropdowns_and_notes(tmp_path: Path):
    out = tmp_path / "mau.xlsx"
    result = CliRunner().invoke(app, ["template", "-o", str(out), "--targets", "qd-340-ttg-2021"])
    assert result.exit_code == 0, result.stderr
    ws = openpyxl.load_workbook(out)["Danh sách tổ chức"]
    headers = [c.value for c in ws[1]]
    assert headers[25:] == [LEVEL, "Liên kết với doanh nghiệp"]  # after the 25 columns
    assert ws["Z1"].comment is not None and "Trình độ chuyên môn" in ws["Z1"].comment.text
    lists = {str(dv.sqref): dv.formula1 for dv in ws.data_validations.dataValidation}
    assert "Đại học" in lists["Z2:Z5001"] and "Có" in lists["AA2:AA5001"]
    # Without --targets, the 25 columns alone.
    plain = tmp_path / "plain.xlsx"
    assert CliRunner().invoke(app, ["template", "-o", str(plain)]).exit_code == 0
    assert openpyxl.load_workbook(plain)["Danh sách tổ chức"].max_column == 25
