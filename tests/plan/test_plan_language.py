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

from ktt_indicators.census.reader import read_census
from ktt_indicators.cli.app import app
from ktt_indicators.core.resources import find_plan
from ktt_indicators.plan.progress import gap_report
from ktt_indicators.plan.targets import ProgressMethod, Target, TargetsFile
from ktt_indicators.plan.targets_loader import load_targets
from ktt_indicators.plan.trend import Point, TrendStatus, assess_trend

from conftest import TODAY, MakeCensus

INFO = {"don_vi_bao_cao": "Test", "nam_bao_cao": 2025, "ngay_so_lieu": date(2025, 12, 14)}


#: A target with a direction only: «mở rộng quy mô» (expand), of the HTX count.
EXPAND = ("{id: expand_htx, year: 2030, title: X, comparison: increase, source: {document: D},"
          " measure: {count: {loai_hinh: HTX}}}")  # fmt: skip


def plan_file(tmp_path: Path, target: str, head: str = "") -> Path:
    """A plan «p» with one target (a YAML flow mapping), after the plan's ``head`` line."""
    path = tmp_path / "t.yaml"
    lines = ["plan: {id: p, title: P}", *([head] if head else []), "targets:", f"  - {target}"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


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
    path = plan_file(
        tmp_path,
        "{id: x, year: 2030, title: X, comparison: at_least, value: 1,"
        " source: {document: D}, measure: {count: {so_thanh_vien: {from: 2021}}}}",
    )
    from ktt_indicators.plan.targets_loader import TargetsFileError

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


# --------------------------------------------------------------- the progress method


def target(value: Any, comparison: str = "at_least", year: int = 2030) -> Target:
    data: dict[str, Any] = {
        "id": "t", "year": year, "title": "T", "comparison": comparison,
        "source": {"document": "D"}, "measure": {"count": {"loai_hinh": "HTX"}},
    }  # fmt: skip
    if value is not None:
        data["value"] = value
    return Target.model_validate(data)


def series(*pairs: tuple[int, float]) -> list[Point]:
    return [Point(year=y, value=x, source="history") for y, x in pairs]


def open_sdg_ratio(base: float, current: float, goal: float, t0: int, t: int, tt: int) -> float:
    """Open SDG's published calculation (sdg-build, methodology 2): a target of 0 is 0.001,
    ratio = CAGR observed / CAGR required, growth = (v1 / v2) ** (1 / (t1 - t2)) - 1.
    Written from its documentation, to compare ktt's figures with."""
    goal = 0.001 if goal == 0 else goal

    def growth(v1: float, v2: float, t1: int, t2: int) -> float:
        return float((v1 / v2) ** (1 / (t1 - t2)) - 1)

    return growth(current, base, t, t0) / growth(goal, base, tt, t0)


@pytest.mark.parametrize(
    ("points", "comparison", "status"),
    [
        # 110 / 100 over 5 years: 1.1^(1/5) - 1 = 1.9245% a year ≥ 1.5%: on track.
        ([(2020, 100), (2025, 110)], "increase", "on_track"),
        # 1.04^(1/5) - 1 = 0.7875%: from 0.5% to 1.5%, needs acceleration.
        ([(2020, 100), (2025, 104)], "increase", "needs_acceleration"),
        # 1.01^(1/5) - 1 = 0.1992%: under 0.5%, limited progress.
        ([(2020, 100), (2025, 101)], "increase", "limited_progress"),
        # Falling 100 → 90, -2.0852% a year: deterioration for «increase» ...
        ([(2020, 100), (2025, 90)], "increase", "deterioration"),
        # ... and +2.0852% toward «decrease»: on track.
        ([(2020, 100), (2025, 90)], "decrease", "on_track"),
        # A loss shrinking, -100 → -50: 0.5^(1/5) - 1 = -12.94%, times the sign of the base:
        # +12.94%, on track (Open SDG multiplies by the base's sign).
        ([(2020, -100), (2025, -50)], "increase", "on_track"),
    ],
)
def test_a_target_with_no_number_by_open_sdgs_growth_thresholds(
    points: list[tuple[int, float]], comparison: str, status: str
):
    trend = assess_trend(series(*points), target(None, comparison))
    assert trend is not None and trend.status == status and trend.method == "growth"
    (b_year, b), (l_year, latest) = points
    assert trend.observed_rate == pytest.approx((latest / b) ** (1 / (l_year - b_year)) - 1)


def test_a_target_with_no_number_through_gap(make_census: MakeCensus, tmp_path: Path):
    # «mở rộng quy mô»: 2 HTX in 2024, 3 in 2025: +50% a year, on track; no gap, not «met».
    path = plan_file(tmp_path, EXPAND)
    targets = load_targets(path)
    info_2024 = {**INFO, "nam_bao_cao": 2024, "ngay_so_lieu": date(2024, 12, 14)}
    old = make_census([{"ten": "A"}, {"ten": "B"}], info=info_2024)
    new = make_census([{"ten": "A"}, {"ten": "B"}, {"ten": "C"}], info=INFO)
    census = read_census([old, new], today=TODAY)
    report = gap_report(targets, census.of_year(2025), 2025, earlier={2024: census.of_year(2024)})
    (p,) = report.targets
    assert (p.value, p.target, p.met, p.gap) == (3, None, None, None)
    assert p.trend is not None and p.trend.status == TrendStatus.ON_TRACK
    assert p.trend.observed_rate == pytest.approx(0.5)
    listed = CliRunner().invoke(app, ["targets", "--targets", str(path), "--lang", "en"])
    assert listed.exit_code == 0 and "increase" in listed.stdout


def test_a_status_not_available_says_why(make_census: MakeCensus, tmp_path: Path):
    # «mở rộng quy mô» from 0 HTX in 2023 (history) to 1 in 2025: no growth rate from 0 with
    # the default rule for zeros; the table's line says so instead of a bare «not available».
    path = plan_file(tmp_path, EXPAND)
    history = tmp_path / "h.yaml"
    history.write_text("expand_htx: {2023: 0}\n", encoding="utf-8")
    census = make_census([{"ten": "A"}], info=INFO)
    args = ["gap", str(census), "--targets", str(path), "--history", str(history), "--today",
            TODAY.isoformat()]  # fmt: skip
    vi = CliRunner().invoke(app, args)
    assert vi.exit_code == 0, vi.stderr
    assert ("expand_htx: Không đánh giá được — số liệu năm gốc 2023 bằng 0 nên không tính được "
            "tốc độ tăng") in " ".join(vi.stdout.split())  # fmt: skip
    en = CliRunner().invoke(app, [*args, "--lang", "en"])
    assert "expand_htx: Not available — the figure of the base year 2023 is 0" in " ".join(
        en.stdout.split()
    )


def test_unsd_thresholds_against_open_sdgs():
    # 100 → 120 in 5 years toward 190 by 2030: 1.2^(1/5)-1 = 3.7137% over 1.9^(1/10)-1 =
    # 6.6289%: ratio 0.5602, limited progress for Open SDG (< 0.6), needs acceleration for the
    # UNSD chart (≥ 0.5).
    points = series((2020, 100), (2025, 120))
    osdg = assess_trend(points, target(190), ProgressMethod(thresholds="open_sdg"))
    unsd = assess_trend(points, target(190), ProgressMethod(thresholds="unsd"))
    assert osdg is not None and unsd is not None
    assert osdg.ratio == pytest.approx(open_sdg_ratio(100, 120, 190, 2020, 2025, 2030), abs=1e-12)
    assert osdg.ratio == pytest.approx(0.560224, abs=1e-6)
    assert (osdg.status, unsd.status) == ("limited_progress", "needs_acceleration")
    # 100 → 99 toward 200: ratio -0.02798: deterioration (< 0) for Open SDG, limited progress
    # (≥ -0.1) for UNSD.
    points = series((2020, 100), (2025, 99))
    osdg = assess_trend(points, target(200), ProgressMethod(thresholds="open_sdg"))
    unsd = assess_trend(points, target(200), ProgressMethod(thresholds="unsd"))
    assert osdg is not None and unsd is not None
    assert osdg.ratio == pytest.approx(-0.0279776, abs=1e-6)
    assert (osdg.status, unsd.status) == ("deterioration", "limited_progress")


def test_a_fixed_base_year_takes_the_first_year_on_or_after_it():
    # Series 2020: 250, 2021: 280, 2023: 321, 2025: 334, toward 400 by 2030.
    points = series((2020, 250), (2021, 280), (2023, 321), (2025, 334))
    earliest = assess_trend(points, target(400))
    # From 2020: (334/250)^(1/5)-1 = 5.9647% over (400/250)^(1/10)-1 = 4.8122%: 1.2395.
    assert earliest is not None and earliest.base_year == 2020
    assert earliest.ratio == pytest.approx(1.239489, abs=1e-6)
    assert earliest.status == TrendStatus.ON_TRACK
    # Base year 2022 (Open SDG's rule): 2022 is not in the series, 2023 is the next year:
    # (334/321)^(1/2)-1 = 2.0048% over (400/321)^(1/7)-1 = 3.1931%: 0.6279.
    fixed = assess_trend(points, target(400), ProgressMethod(base_year=2022))
    assert fixed is not None and fixed.base_year == 2023
    assert fixed.ratio == pytest.approx(open_sdg_ratio(321, 334, 400, 2023, 2025, 2030), abs=1e-12)
    assert fixed.status == TrendStatus.NEEDS_ACCELERATION
    assert [p.year for p in fixed.points] == [2023, 2025]
    # A base year after the whole series: Open SDG gives no status.
    late = assess_trend(points, target(400), ProgressMethod(base_year=2026))
    assert late is not None and late.status == TrendStatus.NOT_AVAILABLE
    assert late.reason == "base-year-after-series"


def test_a_base_of_zero_linear_or_open_sdgs_0_001():
    points = series((2020, 0), (2025, 10))
    # ktt's linear rates: 10/5 = 2 a year over 40/10 = 4: 0.5, limited progress.
    linear = assess_trend(points, target(40), ProgressMethod(zeros="linear"))
    assert linear is not None and linear.method == "linear" and linear.ratio == 0.5
    assert linear.status == TrendStatus.LIMITED_PROGRESS
    # Open SDG: the base becomes 0.001: (10/0.001)^(1/5)-1 = 530.96% over
    # (40/0.001)^(1/10)-1 = 188.54%: 2.8162, on track.
    osdg = assess_trend(points, target(40), ProgressMethod(zeros="open_sdg"))
    assert osdg is not None and osdg.method == "cagr"
    assert osdg.ratio == pytest.approx(2.816153, abs=1e-6)
    assert osdg.status == TrendStatus.ON_TRACK


def test_a_target_of_zero_linear_or_open_sdgs_0_001():
    # At most 0% by 2030, from 20% (2020) to 10% (2025).
    points = series((2020, 0.2), (2025, 0.1))
    # Linear: -0.02 a year over -0.02 needed: 1.0, on track.
    linear = assess_trend(points, target(0.0, "at_most"))
    assert linear is not None and linear.ratio == pytest.approx(1.0)
    assert linear.status == TrendStatus.ON_TRACK
    # Open SDG: the target becomes 0.001: 0.5^(1/5)-1 = -12.945% over 0.005^(1/10)-1 =
    # -41.130%: 0.3147, limited progress.
    osdg = assess_trend(points, target(0.0, "at_most"), ProgressMethod(zeros="open_sdg"))
    assert osdg is not None
    assert osdg.ratio == pytest.approx(open_sdg_ratio(0.2, 0.1, 0, 2020, 2025, 2030), abs=1e-12)
    assert osdg.ratio == pytest.approx(0.314735, abs=1e-6)
    assert osdg.status == TrendStatus.LIMITED_PROGRESS


def test_values_of_different_signs_and_all_negative_series():
    # A loss turned into a profit (-50 → 25, toward 100): linear 15/15 = 1.0 for ktt; Open
    # SDG has no growth rate between signs: not available.
    points = series((2020, -50), (2025, 25))
    linear = assess_trend(points, target(100))
    assert linear is not None and linear.ratio == pytest.approx(1.0)
    osdg = assess_trend(points, target(100), ProgressMethod(zeros="open_sdg"))
    assert osdg is not None and osdg.status == TrendStatus.NOT_AVAILABLE
    assert osdg.reason == "different-signs" and osdg.ratio is None
    # All negative (-100 → -50, toward -10): ktt's linear rule takes 10 a year over 9 needed,
    # 1.111; Open SDG's growth rates 0.5^(1/5)-1 over 0.1^(1/10)-1 give 0.6294.
    points = series((2020, -100), (2025, -50))
    linear = assess_trend(points, target(-10))
    assert linear is not None and linear.method == "linear"
    assert linear.ratio == pytest.approx(10 / 9)
    osdg = assess_trend(points, target(-10), ProgressMethod(zeros="open_sdg"))
    assert osdg is not None
    assert osdg.ratio == pytest.approx(open_sdg_ratio(-100, -50, -10, 2020, 2025, 2030), abs=1e-12)
    assert osdg.ratio == pytest.approx(0.629398, abs=1e-6)
    assert osdg.status == TrendStatus.NEEDS_ACCELERATION


def test_a_target_year_not_after_the_base_year_has_no_status():
    # Open SDG's required rate divides by (target year - base year): none when it is ≤ 0.
    trend = assess_trend(series((2025, 3), (2026, 4)), target(5, year=2025))
    assert trend is not None and trend.status == TrendStatus.NOT_AVAILABLE
    assert trend.reason == "target-year-not-after-base"


def test_every_area_gets_a_status_over_time(make_census: MakeCensus, tmp_path: Path):
    # At least 3 HTX in each district by 2030. District A: 1 (2024) → 2 (2025):
    # (2/1)^1 - 1 = 100% over (3/1)^(1/6) - 1 = 20.09%: 4.98, on track. District B: 2 → 1:
    # -50% a year, deterioration.
    path = plan_file(
        tmp_path,
        "{id: htx_per_district, year: 2030, title: X, comparison: at_least,"
        " value: 3, source: {document: D}, measure: {count: {loai_hinh: HTX}},"
        " group_by: quan_huyen}",
    )
    info_2024 = {**INFO, "nam_bao_cao": 2024, "ngay_so_lieu": date(2024, 12, 14)}
    old = make_census([{"ten": "A1", "quan_huyen": "A"}, {"ten": "B1", "quan_huyen": "B"},
                       {"ten": "B2", "quan_huyen": "B"}], info=info_2024)  # fmt: skip
    new = make_census([{"ten": "A1", "quan_huyen": "A"}, {"ten": "A2", "quan_huyen": "A"},
                       {"ten": "B1", "quan_huyen": "B"}], info=INFO)  # fmt: skip
    census = read_census([old, new], today=TODAY)
    report = gap_report(load_targets(path), census.of_year(2025), 2025,
                        earlier={2024: census.of_year(2024)})  # fmt: skip
    areas = {a.area: a for a in report.targets[0].areas}
    trend_a, trend_b = areas["A"].trend, areas["B"].trend
    assert trend_a is not None and trend_b is not None
    assert trend_a.status == TrendStatus.ON_TRACK
    assert trend_a.ratio == pytest.approx(4.976685, abs=1e-6)
    assert trend_b.status == TrendStatus.DETERIORATION


WOMEN = "Số thành viên nữ"
WOMEN_PLAN = """\
    plan: {id: women, title: Women members}
    columns:
      - {key: x_thanh_vien_nu, header: "Số thành viên nữ", type: count}
      - {key: x_hang, header: "Hạng", type: choice, choices: [A, B]}
    targets:
      - {id: htx_women_members, year: 2030, title: X, comparison: at_least, value: 10,
         source: {document: D}, measure: {sum: x_thanh_vien_nu, where: {loai_hinh: HTX}}}
    """


def test_a_declared_count_column_can_be_summed(make_census: MakeCensus, tmp_path: Path):
    # Women members of HTX: 3, «5 người» (typed with its unit), none given, and a THT's 4
    # (not an HTX): 3 + 5 = 8 of at least 10, 2 short — a whole number, as counts are.
    path = tmp_path / "women.yaml"
    path.write_text(textwrap.dedent(WOMEN_PLAN), encoding="utf-8")
    rows = [{"ten": "H1", WOMEN: 3}, {"ten": "H2", WOMEN: "5 người"}, {"ten": "H3"},
            {"ten": "T", "loai_hinh": "THT", WOMEN: 4}]  # fmt: skip
    keys = ["ten", "loai_hinh", "ma_so", "xa_phuong", "linh_vuc", "tinh_trang", "so_thanh_vien",
            WOMEN]  # fmt: skip
    census = make_census(rows, info=INFO, headers=keys)
    p = progress_of(load_targets(path), "htx_women_members", [census])
    assert (p.value, p.gap, p.met, p.counted) == (8, 2, False, 3)
    args = ["gap", str(census), "--targets", str(path), "--today", TODAY.isoformat()]
    shown = CliRunner().invoke(app, args)
    assert shown.exit_code == 0, shown.stderr
    assert "2,0" not in shown.stdout  # a count's gap reads as a whole number


def test_a_declared_choice_column_cannot_be_summed(tmp_path: Path):
    path = tmp_path / "bad.yaml"
    path.write_text(textwrap.dedent(WOMEN_PLAN).replace("sum: x_thanh_vien_nu", "sum: x_hang"),
                    encoding="utf-8")  # fmt: skip
    result = CliRunner().invoke(app, ["targets", "--targets", str(path), "--lang", "en"])
    assert result.exit_code == 2
    assert "«x_hang» cannot be summed" in result.stderr
    assert "x_thanh_vien_nu" in result.stderr  # offered among the columns that can


def test_batch_reads_the_columns_the_plan_declares(make_census: MakeCensus, tmp_path: Path):
    # Two communes' files. Commune A: directors Đại học, Trung cấp; commune B: Cao đẳng and
    # one not given. With a degree: Đại học, Cao đẳng = 2 of the 3 given, 66.7%.
    folder = tmp_path / "nop"
    folder.mkdir()
    keys = ["ten", "loai_hinh", "ma_so", "xa_phuong", "linh_vuc", "tinh_trang", "so_thanh_vien",
            LEVEL]  # fmt: skip
    for name, levels, first in (("a.xlsx", ["Đại học", "Trung cấp"], 1),
                                ("b.xlsx", ["Cao đẳng", None], 3)):  # fmt: skip
        rows = [{"ten": f"H{first + n}", "ma_so": f"18{first + n:08d}", LEVEL: x}
                for n, x in enumerate(levels)]  # fmt: skip
        make_census(rows, name=f"nop/{name}", info=INFO, headers=keys)
    out = tmp_path / "out"
    args = ["batch", str(folder), "-o", str(out), "--targets", "qd-340-ttg-2021"]
    result = CliRunner().invoke(app, [*args, "--today", TODAY.isoformat()])
    assert result.exit_code == 0, result.stderr
    by_id = {t["id"]: t for t in json.loads((out / "gap.json").read_text())["targets"]}
    degree = by_id["managers_degree_share_2030"]
    assert (degree["numerator"], degree["denominator"]) == (2, 3)
    # The consolidated census keeps the column, so the figure can be computed from it again.
    consolidated = openpyxl.load_workbook(out / "census.xlsx")["Danh sách tổ chức"]
    assert LEVEL in [c.value for c in consolidated[1]]
    again = progress_of(plan("qd-340-ttg-2021"), "managers_degree_share_2030",
                        [out / "census.xlsx"])  # fmt: skip
    assert (again.numerator, again.denominator) == (2, 3)


def test_ktt_targets_says_the_progress_method_in_words(tmp_path: Path):
    path = plan_file(tmp_path, EXPAND, head="progress: {thresholds: unsd, zeros: open_sdg}")
    vi = CliRunner(env={"COLUMNS": "200"}).invoke(app, ["targets", "--targets", str(path)])
    assert vi.exit_code == 0, vi.stderr
    said = " ".join(vi.stdout.split())
    assert (
        "Cách đánh giá tiến độ: ngưỡng của Cơ quan Thống kê Liên hợp quốc (đúng tiến độ khi "
        "tốc độ tăng từ 95% tốc độ cần có, cần đẩy nhanh từ 50%, tiến triển hạn chế từ -10%); "
        "năm gốc là năm sớm nhất có số liệu; gốc hoặc chỉ tiêu bằng 0 được thay bằng 0,001; "
        "số liệu đổi dấu thì không đánh giá được; chỉ tiêu không có con số: đúng tiến độ khi "
        "tăng từ 1,5%/năm, cần đẩy nhanh từ 0,5%, tiến triển hạn chế từ 0%"
    ) in said
    assert "thresholds=" not in said  # no setting's key left for the reader to decode
    en = CliRunner(env={"COLUMNS": "200"}).invoke(
        app, ["targets", "--targets", str(path), "--lang", "en"]
    )
    assert "Progress method: the UN Statistics Division's thresholds" in " ".join(en.stdout.split())


def test_a_base_at_a_more_than_threshold_has_not_met_it():
    # «More than 10» from 10 to 10: the base did not meet it (10 is not more than 10), so
    # the status is not «deterioration» for a lost target; the rate needed from a base at the
    # threshold is 0, so there is no ratio, and a series standing still is no progress.
    trend = assess_trend(series((2024, 10), (2025, 10)), target(10, "more_than"))
    assert trend is not None and trend.status == TrendStatus.LIMITED_PROGRESS
    assert trend.ratio is None and trend.reason == "required-zero"
    # «At least 10» from 10 to 9: the base met it and the latest does not.
    fell = assess_trend(series((2024, 10), (2025, 9)), target(10, "at_least"))
    assert fell is not None and fell.status == TrendStatus.DETERIORATION


def test_a_plan_s_own_thresholds_are_said_as_the_plan_gives_them(tmp_path: Path):
    head = "progress: {thresholds: [0.975, 0.45, -0.05], growth_thresholds: [0.0125, 0.005, 0]}"
    path = plan_file(tmp_path, EXPAND, head=head)
    vi = CliRunner(env={"COLUMNS": "200"}).invoke(app, ["targets", "--targets", str(path)])
    said = " ".join(vi.stdout.split())
    assert ("ngưỡng riêng của kế hoạch (đúng tiến độ khi tốc độ tăng từ 97,5% tốc độ cần có, cần "
            "đẩy nhanh từ 45%, tiến triển hạn chế từ -5%)") in said  # fmt: skip
    assert (
        "đúng tiến độ khi tăng từ 1,25%/năm, cần đẩy nhanh từ 0,5%, tiến triển hạn chế từ 0%"
        in said
    )
