"""Status over time by the Open SDG / UNSD progress method, on series worked out by hand.

observed = (x_latest / x_base) ** (1 / (latest - base)) - 1
required = (target / x_base) ** (1 / (target_year - base)) - 1
ratio = observed / required: on track ≥ 0.95, needs acceleration 0.6–0.95, limited 0–0.6,
deterioration < 0. Linear rates where a growth rate is undefined (base 0, sign change).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ktt_indicators.plan.history import HistoryError, load_history
from ktt_indicators.plan.targets import ProgressMethod, Target
from ktt_indicators.plan.trend import Point, TrendStatus, assess_trend, merge_points


def target(value: Any, comparison: str = "at_least", year: int = 2030) -> Target:
    measure: dict[str, Any] = {"count": {"loai_hinh": "HTX"}}
    if isinstance(value, float) and value < 1:
        measure = {"share": {"numerator": {"kieu_moi": True}, "denominator": {}}}
    return Target.model_validate({
        "id": "t", "year": year, "title": "T", "comparison": comparison, "value": value,
        "source": {"document": "D"}, "measure": measure,
    })  # fmt: skip


def series(*pairs: tuple[int, float], source: str = "history") -> list[Point]:
    return [Point(year=y, value=x, source=source) for y, x in pairs]


def test_published_htx_counts_and_the_2025_census_are_on_track() -> None:
    # History 300 (2022), 321 (2023), 341 (2024); the 2025 census counts 334 active HTX.
    # observed = (334/300)^(1/3) - 1 = 0.036434; required = (400/300)^(1/8) - 1 = 0.036615
    # ratio = 0.99507 ≥ 0.95: on track. Projected 2030: 334 × 1.036434^5 = 399.44.
    points = merge_points(series((2025, 334), source="census"),
                          series((2022, 300), (2023, 321), (2024, 341)))  # fmt: skip
    trend = assess_trend(points, target(400))
    assert trend is not None
    assert trend.status == TrendStatus.ON_TRACK
    assert trend.method == "cagr"
    assert (trend.base_year, trend.base_value, trend.latest_year) == (2022, 300, 2025)
    assert trend.observed_rate == pytest.approx(0.0364342, abs=1e-6)
    assert trend.required_rate == pytest.approx(0.0366146, abs=1e-6)
    assert trend.ratio == pytest.approx(0.995072, abs=1e-5)
    assert trend.projected == pytest.approx(399.443, abs=1e-2)
    # (334 - 300) / 3 = 11.33 a year so far; (400 - 334) / 5 = 13.2 a year still needed.
    assert trend.change_per_year == pytest.approx(11.3333, abs=1e-3)
    assert trend.needed_per_year == pytest.approx(13.2)


@pytest.mark.parametrize(
    ("points", "goal", "comparison", "status", "ratio"),
    [
        # 1.25^(1/5)-1 = 0.045640 over 1.6^(1/10)-1 = 0.048122: 0.94841, just short of 0.95.
        ([(2020, 100), (2025, 125)], 160, "at_least", "needs_acceleration", 0.948406),
        # 1.1^(1/4)-1 = 0.024114 over 2^(1/10)-1 = 0.071773: 0.33597.
        ([(2020, 100), (2024, 110)], 200, "at_least", "limited_progress", 0.335969),
        # Falling from 100 to 90: observed < 0.
        ([(2020, 100), (2025, 90)], 150, "at_least", "deterioration", None),
        # Between 80–100, judged on 80: (35/30)^(1/2)-1 = 0.080123 over (80/30)^(1/7)-1 = 0.150410.
        ([(2023, 30), (2025, 35)], (80, 100), "between", "limited_progress", 0.532700),
        # Lower is better, at most 10%: 0.75^(1/4)-1 = -0.069395 over 0.5^(1/10)-1 = -0.066967.
        ([(2020, 0.20), (2024, 0.15)], 0.10, "at_most", "on_track", 1.036259),
        # Lower is better, rising from 20% to 25%: deterioration.
        ([(2020, 0.20), (2024, 0.25)], 0.10, "at_most", "deterioration", None),
        # Base value 0: linear. 10/5 = 2 a year over 40/10 = 4 a year: 0.5.
        ([(2020, 0), (2025, 10)], 40, "at_least", "limited_progress", 0.5),
        # Different signs (a loss turned into profit): linear. 75/5 = 15 over 150/10 = 15: 1.0.
        ([(2020, -50), (2025, 25)], 100, "at_least", "on_track", 1.0),
        # The base already met the target; the latest value misses it: deterioration.
        ([(2022, 420), (2025, 390)], 400, "at_least", "deterioration", None),
    ],
)
def test_status_of_worked_series(
    points: list[tuple[int, float]], goal: Any, comparison: str, status: str, ratio: float | None
) -> None:
    trend = assess_trend(series(*points), target(goal, comparison))
    assert trend is not None
    assert trend.status == status
    if ratio is not None:
        assert trend.ratio == pytest.approx(ratio, abs=1e-5)


def test_a_target_met_is_achieved_whatever_the_trend() -> None:
    trend = assess_trend(series((2020, 500), (2025, 450)), target(400))
    assert trend is not None and trend.status == TrendStatus.ACHIEVED
    assert trend.needed_per_year is None


def test_a_single_year_not_met_is_insufficient_data() -> None:
    trend = assess_trend(series((2025, 334)), target(400))
    assert trend is not None and trend.status == TrendStatus.INSUFFICIENT_DATA
    assert trend.needed_per_year == pytest.approx(66 / 5)


def test_a_missing_base_year_starts_the_series_at_the_first_year_given() -> None:
    # No 2022 figure: the base is 2023 (321). (334/321)^(1/2)-1 = 0.020048 over
    # (400/321)^(1/7)-1 = 0.031931: 0.62786, needs acceleration.
    trend = assess_trend(series((2023, 321), (2025, 334)), target(400))
    assert trend is not None
    assert trend.base_year == 2023
    assert trend.status == TrendStatus.NEEDS_ACCELERATION
    assert trend.ratio == pytest.approx(0.627859, abs=1e-5)


def test_a_census_year_wins_over_the_same_year_in_history() -> None:
    merged = merge_points(series((2024, 350), source="census"), series((2023, 321), (2024, 341)))
    assert [(p.year, p.value, p.source) for p in merged] == [
        (2023, 321, "history"), (2024, 350, "census"),
    ]  # fmt: skip


def test_history_files_in_yaml_and_csv(tmp_path: Path) -> None:
    yml = tmp_path / "h.yaml"
    yml.write_text("htx_count_2030: {2022: 300, 2023: 321}\ngood_fair_share_2030: {2024: 55%}\n")
    csv_ = tmp_path / "h.csv"
    csv_.write_text("target,year,value\nhtx_count_2030,2022,300\nhtx_count_2030,2023,321\n")
    ids = {"htx_count_2030", "good_fair_share_2030"}
    from_yaml = load_history(yml, ids)
    assert [(p.year, p.value) for p in from_yaml["htx_count_2030"]] == [(2022, 300), (2023, 321)]
    assert from_yaml["good_fair_share_2030"][0].value == pytest.approx(0.55)
    assert load_history(csv_, ids)["htx_count_2030"] == from_yaml["htx_count_2030"]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("htx_count_2030: {2022: 300}\nnope_2030: {2022: 1}\n", "unknown target «nope_2030»"),
        ("htx_count_2030: {2022: many}\n", "expected a year and a number"),
        ("htx_count_2030: [300, 321]\n", "expected {year: value}"),
    ],
)
def test_history_mistakes_are_reported(tmp_path: Path, text: str, problem: str) -> None:
    path = tmp_path / "h.yaml"
    path.write_text(text)
    with pytest.raises(HistoryError) as info:
        load_history(path, {"htx_count_2030"})
    assert any(problem in message for _, message in info.value.problems)


def test_an_unknown_target_in_history_has_its_line_and_the_id_it_meant(tmp_path: Path) -> None:
    path = tmp_path / "h.yaml"
    path.write_text("# published counts\nhtx_count_203: {2022: 300, 2023: 321}\nzzz: {2022: 1}\n")
    with pytest.raises(HistoryError) as info:
        load_history(path, {"htx_count_2030", "tht_count_2030"})
    # Once per id, at the id's own line, with the id it most likely meant.
    assert info.value.problems == [
        ("line 2", "unknown target «htx_count_203»; did you mean «htx_count_2030»?"),
        ("line 3", "unknown target «zzz»"),
    ]
    csv_ = tmp_path / "h.csv"
    csv_.write_text("target,year,value\nhtx_count_2030,2022,300\nhtx_cuont_2030,2023,321\n")
    with pytest.raises(HistoryError) as info:
        load_history(csv_, {"htx_count_2030"})
    assert info.value.problems == [
        ("line 3", "unknown target «htx_cuont_2030»; did you mean «htx_count_2030»?")
    ]


def test_a_history_csv_without_its_columns_says_which_are_missing(tmp_path: Path) -> None:
    path = tmp_path / "h.csv"
    path.write_text("target,nam,value\nhtx_count_2030,2022,300\n")
    with pytest.raises(HistoryError) as info:
        load_history(path, {"htx_count_2030"})
    assert info.value.problems == [("line 1", "the columns are target,year,value (missing: year)")]


def test_a_year_twice_in_history_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "h.csv"
    path.write_text("target,year,value\nhtx_count_2030,2022,300\nhtx_count_2030,2022,301\n")
    with pytest.raises(HistoryError) as info:
        load_history(path, {"htx_count_2030"})
    assert info.value.problems == [("line 3", "year 2022 is given twice for htx_count_2030")]


def test_the_bundled_census_with_the_published_history() -> None:
    """Issue 4's example: 300, 321, 341 as history and the 2025 census (355 active HTX).

    Observed (355/300)^(1/3) - 1 = 0.057716 over required (400/300)^(1/8) - 1 = 0.036615:
    1.57630, on track."""
    from ktt_indicators.census.reader import read_census
    from ktt_indicators.plan.progress import gap_report
    from ktt_indicators.plan.targets_loader import load_targets

    from conftest import TODAY

    root = Path(__file__).resolve().parents[2]
    census = read_census([root / "examples" / "census-can-tho-2025.xlsx"], today=TODAY)
    history = {"htx_count_2030": series((2022, 300), (2023, 321), (2024, 341))}
    report = gap_report(load_targets(root / "targets.yaml"), census, 2025, 2030, history=history)
    htx = next(p for p in report.targets if p.id == "htx_count_2030")
    assert htx.value == 355
    assert htx.trend is not None
    assert htx.trend.status == TrendStatus.ON_TRACK
    assert htx.trend.ratio == pytest.approx(1.57630, abs=1e-4)
    assert [(p.year, p.source) for p in htx.trend.points] == [
        (2022, "history"), (2023, "history"), (2024, "history"), (2025, "census"),
    ]  # fmt: skip
    # A target with no history has no series beyond the census: insufficient data.
    tht = next(p for p in report.targets if p.id == "tht_count_2030")
    assert tht.trend is not None and tht.trend.status == TrendStatus.INSUFFICIENT_DATA


def test_censuses_of_two_years_make_a_series(tmp_path: Path) -> None:
    import json

    from typer.testing import CliRunner

    from ktt_indicators.cli.app import app

    from conftest import write_census

    htx = [{"ma_so": f"180000000{n}", "ten": f"HTX {n}"} for n in range(4)]
    info = {"don_vi_bao_cao": "X", "nam_bao_cao": 2024, "ngay_so_lieu": "15/12/2024"}
    old = write_census(tmp_path / "2024.xlsx", htx[:3], info=info)
    new = write_census(tmp_path / "2025.xlsx", htx, info={**info, "nam_bao_cao": 2025,
                                                        "ngay_so_lieu": "15/12/2025"})  # fmt: skip
    result = CliRunner().invoke(
        app, ["gap", str(old), str(new), "--year", "2030", "--format", "json",
              "--today", "2026-11-21"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["census_year"] == 2025
    htx_count = next(t for t in report["targets"] if t["id"] == "htx_count_2030")
    # The same four codes in both years are no duplicates. 3 → 4 in a year:
    # (4/3) - 1 = 0.333333 over (400/3)^(1/6) - 1 = 1.260250: 0.264498, limited progress.
    assert htx_count["value"] == 4
    assert htx_count["status"] == "limited_progress"
    assert htx_count["trend"]["ratio"] == pytest.approx(0.264498, abs=1e-6)


# ------------------------------------------------- compared with Open SDG's progress measure
#
# Open SDG's own calculation (sdg-build, ProgressMeasure, the method with a target), as
# published: the target is met when the latest value reaches it (≥ target, or ≤ for a
# falling indicator) after a target of 0 becomes 0.001; else a base of 0 becomes 0.001, a
# base and latest value of different signs give no status, and the progress value is
# sign(base) × direction × CAGR observed / |CAGR required|. Written here from that
# description, each case's figures also worked by hand.


def open_sdg(
    base: float, latest: float, goal: float, years: tuple[int, int, int], rising: bool = True
) -> tuple[bool, float | None]:
    """(target achieved, progress value or None) as Open SDG's method gives them."""
    t0, t, tt = years
    goal = 0.001 if goal == 0 else goal
    if latest >= goal if rising else latest <= goal:
        return True, None
    base = 0.001 if base == 0 else base
    if (base > 0) != (latest > 0):
        return False, None

    def growth(v1: float, v2: float, y1: int, y2: int) -> Any:  # complex for v1 / v2 < 0
        return (v1 / v2) ** (1 / (y1 - y2)) - 1

    sign, direction = (-1 if base < 0 else 1), (1 if rising else -1)
    value = sign * direction * growth(latest, base, t, t0) / abs(growth(goal, base, tt, t0))
    return False, float(value)


def test_open_sdg_met_by_the_latest_point_as_ktt() -> None:
    # 300 (2022) → 450 (2026), at least 400 by 2030: 450 ≥ 400, achieved in both.
    assert open_sdg(300, 450, 400, (2022, 2026, 2030)) == (True, None)
    trend = assess_trend(series((2022, 300), (2026, 450)), target(400))
    assert trend is not None and trend.status == TrendStatus.ACHIEVED


def test_open_sdg_and_ktt_give_the_same_ratio_where_both_give_one() -> None:
    # 100 → 120 (2020–2025) toward 190: 1.2^(1/5)-1 = 3.7137% over 1.9^(1/10)-1 = 6.6289%.
    # Falling toward at most 0.05: 0.2 → 0.1, 0.5^(1/5)-1 = -12.945% over 0.25^(1/10)-1 =
    # -12.945%: 1.0 (Open SDG: -1 × -12.945% / 12.945%).
    for base, latest, goal, comparison, ratio in [(100, 120, 190, "at_least", 0.560224),
                                                  (0.2, 0.1, 0.05, "at_most", 1.0)]:  # fmt: skip
        rising = comparison == "at_least"
        met, value = open_sdg(base, latest, goal, (2020, 2025, 2030), rising)
        trend = assess_trend(series((2020, base), (2025, latest)), target(goal, comparison))
        assert trend is not None and not met and value is not None
        assert trend.ratio == pytest.approx(value, rel=1e-12)
        assert trend.ratio == pytest.approx(ratio, abs=1e-6)


def test_a_rate_of_zero_needed_is_judged_by_where_the_series_goes() -> None:
    # «More than 100» from 100 (2023) to 90 (2025): the required rate is (100/100)^(1/7)-1 = 0,
    # so Open SDG's ratio divides by zero; ktt judges the direction: falling, deterioration.
    with pytest.raises(ZeroDivisionError):
        open_sdg(100, 90, 100 + 0.0, (2023, 2025, 2030))
    falling = assess_trend(series((2023, 100), (2025, 90)), target(100, "more_than"))
    assert falling is not None and falling.status == TrendStatus.DETERIORATION
    assert falling.ratio is None and falling.reason == "required-zero"
    # Standing still at the threshold is no progress: a ratio of 0 would be limited progress.
    still = assess_trend(series((2023, 100), (2025, 100)), target(100, "more_than"))
    assert still is not None and still.status == TrendStatus.LIMITED_PROGRESS
    # «Less than 0.3» from 0.3 to 0.4: moving away from a falling target, deterioration.
    away = assess_trend(series((2023, 0.3), (2025, 0.4)), target(0.3, "less_than"))
    assert away is not None and away.status == TrendStatus.DETERIORATION


def test_met_is_judged_with_a_relative_tolerance() -> None:
    # A target of 2.5e-9: 2e-9 misses it by a fifth (an absolute slack of 1e-9 met it).
    assert not target(2.5e-9).met_by(2e-9)
    assert target(2.5e-9).met_by(2.5e-9) and target(2.5e-9).met_by(2.5e-9 * (1 - 1e-12))
    assert open_sdg(1e-9, 2e-9, 2.5e-9, (2020, 2025, 2030))[0] is False
    trend = assess_trend(series((2020, 1e-9), (2025, 2e-9)), target(2.5e-9))
    assert trend is not None and trend.status != TrendStatus.ACHIEVED
    # 3/5 computed is at least 60%; 0.1 + 0.2 is not more than 0.3.
    assert target(0.6).met_by(3 / 5) and not target(0.3, "more_than").met_by(0.1 + 0.2)


def test_a_base_of_zero_with_open_sdg_s_stand_in_gives_no_projection() -> None:
    # 0 (2020) → 10 (2025) toward 40: Open SDG puts 0.001 for the base: (10/0.001)^(1/5)-1 =
    # 530.96% over (40/0.001)^(1/10)-1 = 188.54%, 2.8162 in both. Going on at 530.96% a year
    # would give 10 × 6.31^5 ≈ 99,500 by 2030: a rate of a stand-in, not a projection.
    method = ProgressMethod(zeros="open_sdg")
    trend = assess_trend(series((2020, 0), (2025, 10)), target(40), method)
    met, value = open_sdg(0, 10, 40, (2020, 2025, 2030))
    assert trend is not None and not met and trend.ratio == pytest.approx(value, rel=1e-12)
    assert trend.ratio == pytest.approx(2.816153, abs=1e-6)
    assert trend.projected is None
    # With linear rates (ktt's default) the projection is the change per year going on.
    linear = assess_trend(series((2020, 0), (2025, 10)), target(40))
    assert linear is not None and linear.projected == pytest.approx(20.0)


def test_where_ktt_and_open_sdg_differ_on_zeros_and_signs() -> None:
    # A target of 0 (at most 0%): Open SDG judges «met» against its 0.001 stand-in, so 0.05%
    # meets it there; ktt judges against 0 itself, so it is not met, and its ratio uses the
    # stand-in: 0.0025^(1/5)-1 = -69.83% over 0.005^(1/10)-1 = -41.13%: 1.6978, on track.
    method = ProgressMethod(zeros="open_sdg")
    assert open_sdg(0.2, 0.0005, 0.0, (2020, 2025, 2030), rising=False) == (True, None)
    trend = assess_trend(series((2020, 0.2), (2025, 0.0005)), target(0.0, "at_most"), method)
    assert trend is not None and trend.status == TrendStatus.ON_TRACK
    assert trend.ratio == pytest.approx(1.697783, abs=1e-6)
    # Open SDG compares the signs of the base and the latest value only: -50 → -20 toward
    # 10 passes its test, then its required rate (10 / -50)^(1/10) - 1 is a complex number,
    # whose modulus (0.3247) divides the observed -16.74%: 0.5157, «limited progress» from a
    # rate that does not exist. ktt gives no status.
    assert open_sdg(-50, -20, 10, (2020, 2025, 2030)) == (False, pytest.approx(0.515685, abs=1e-6))
    signs = assess_trend(series((2020, -50), (2025, -20)), target(10), method)
    assert signs is not None and signs.status == TrendStatus.NOT_AVAILABLE
    assert signs.reason == "different-signs"
    # A base and latest value of different signs: no status in both.
    assert open_sdg(-50, 25, 100, (2020, 2025, 2030)) == (False, None)
