"""Judging values against targets: every comparison, the gap, per-year needs and per-area targets.

Values are given directly (hand-made :class:`Evaluation` objects), so every expectation
is plain arithmetic written beside it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ktt_indicators.census.reader import read_census
from ktt_indicators.plan.indicators import AreaIndicator, Evaluation, Indicator, evaluate
from ktt_indicators.plan.progress import assess, judge
from ktt_indicators.plan.targets import Target
from ktt_indicators.plan.targets_loader import load_targets

from conftest import DISTRICTS, TODAY, MakeCensus

REAL_TARGETS = Path(__file__).resolve().parents[2] / "targets.yaml"

TARGETS = """\
plan: {id: test, title: Test}
targets:
  - id: about_2000
    year: 2030
    title: About 2,000 groups
    comparison: about
    value: 2000
    tolerance: 0.05
    source: {document: Test}
    measure: {count: {loai_hinh: THT}}
  - id: more_than_80000
    year: 2030
    title: More than 80,000 members
    comparison: more_than
    value: 80000
    source: {document: Test}
    measure: {sum: so_thanh_vien, where: {loai_hinh: THT}}
  - id: more_than_60pct
    year: 2030
    title: More than 60% rated good or fair
    comparison: more_than
    value: 60%
    source: {document: Test}
    measure:
      share: {numerator: {xep_loai: [Tốt, Khá]}, denominator: {loai_hinh: [HTX, LHHTX]}}
  - id: at_least_60pct
    year: 2030
    title: At least 60%
    comparison: at_least
    value: 60%
    source: {document: Test}
    measure:
      share: {numerator: {chuoi_gia_tri: true}, denominator: {loai_hinh: HTX}}
  - id: at_least_400
    year: 2030
    title: 400 cooperatives
    comparison: at_least
    value: 400
    source: {document: Test}
    measure: {count: {loai_hinh: HTX}}
  - id: at_least_5_in_2025
    year: 2025
    title: 5 new-model cooperatives
    comparison: at_least
    value: 5
    source: {document: Test}
    measure: {count: {loai_hinh: HTX, kieu_moi: true}}
  - id: between_80_100
    year: 2030
    title: 80 to 100 high-tech cooperatives
    comparison: between
    value: [80, 100]
    source: {document: Test}
    measure: {count: {loai_hinh: HTX, cong_nghe_cao: true}}
  - id: all_digital
    year: 2045
    title: All apply technology
    comparison: all
    source: {document: Test}
    measure:
      share: {numerator: {chuyen_doi_so: true}, denominator: {}}
  - id: at_most_10
    year: 2030
    title: At most 10 weak cooperatives
    comparison: at_most
    value: 10
    source: {document: Test}
    measure: {count: {loai_hinh: HTX, xep_loai: Yếu}}
  - id: less_than_10
    year: 2030
    title: Fewer than 10 weak cooperatives
    comparison: less_than
    value: 10
    source: {document: Test}
    measure: {count: {loai_hinh: HTX, xep_loai: Yếu}}
  - id: less_than_10pct
    year: 2030
    title: Less than 10% weak
    comparison: less_than
    value: 10%
    source: {document: Test}
    measure:
      share: {numerator: {xep_loai: Yếu}, denominator: {loai_hinh: HTX}}
  - id: per_district_1_2
    year: 2030
    title: 1 to 2 in each district
    comparison: between
    value: [1, 2]
    source: {document: Test}
    measure: {count: {loai_hinh: HTX, dien_hinh: true}}
    group_by: quan_huyen
    areas: [A, B, C, D]
  - id: per_district_share
    year: 2030
    title: At least 60% in each district
    comparison: at_least
    value: 60%
    source: {document: Test}
    measure:
      share: {numerator: {chuoi_gia_tri: true}, denominator: {loai_hinh: HTX}}
    group_by: quan_huyen
"""


@pytest.fixture(scope="module")
def targets(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Target]:
    path: Path = tmp_path_factory.mktemp("progress") / "t.yaml"
    path.write_text(TARGETS, encoding="utf-8")
    return {t.id: t for t in load_targets(path).targets}


def ev(target_id: str, value: float | None, areas: dict[str | None, float] | None = None):
    """A hand-made evaluation: the overall value and, optionally, one value per area."""
    return Evaluation(
        target_id=target_id,
        overall=Indicator(value=value),
        areas=[
            AreaIndicator(area=name, indicator=Indicator(value=v))
            for name, v in (areas or {}).items()
        ],
    )


# ----------------------------------------------------------------------------- about


@pytest.mark.parametrize(
    ("value", "met", "gap", "above"),
    [
        (1950, True, 0, False),  # within 5% below 2,000
        (1900, True, 0, False),  # 2,000 × 0.95 = 1,900: the edge is in
        (1899, False, 101, False),  # 2,000 − 1,899
        (1400, False, 600, False),  # 2,000 − 1,400
        (2000, True, 0, False),
        (2100, True, 0, False),  # 2,000 × 1.05 = 2,100: still "about"
        (2200, True, 0, True),  # met, but above the range
    ],
)
def test_about(targets: dict[str, Target], value: float, met: bool, gap: float, above: bool):
    j = judge(targets["about_2000"], value)
    assert (j.met, j.gap, j.above_range) == (met, pytest.approx(gap), above)


# ----------------------------------------------------------------------------- more than


@pytest.mark.parametrize(
    ("value", "met", "gap"),
    [
        (80000, False, 1),  # "more than 80,000": one more member needed
        (80001, True, 0),
        (79000, False, 1001),  # 80,000 − 79,000 + 1
        (0, False, 80001),
    ],
)
def test_more_than_whole_number(targets: dict[str, Target], value: float, met: bool, gap: float):
    j = judge(targets["more_than_80000"], value)
    assert (j.met, j.gap) == (met, pytest.approx(gap))
    assert j.above_range is False


def test_more_than_share(targets: dict[str, Target]):
    t = targets["more_than_60pct"]
    # 3/5 = 0.6 is not more than 60%.
    at_edge = judge(t, 3 / 5)
    assert at_edge.met is False
    assert at_edge.gap is not None and at_edge.gap >= 0
    # 0.5: 0.6 − 0.5 = 0.1 short (no whole-unit step for a fraction).
    below = judge(t, 0.5)
    assert below.met is False
    assert below.gap == pytest.approx(0.1)
    # 0.61 is more than 60%.
    above = judge(t, 0.61)
    assert (above.met, above.gap) == (True, 0)


# ----------------------------------------------------------------------------- at least


@pytest.mark.parametrize(
    ("value", "met", "gap"),
    [
        (3 / 5, True, 0),  # exactly 60%
        (0.1 * 6, True, 0),  # 0.6000000000000001: float noise does not matter
        (1 - 0.4, True, 0),  # 0.6 reached another way
        (2 / 5, False, 0.2),  # 0.6 − 0.4
        (1.0, True, 0),
    ],
)
def test_at_least_share(targets: dict[str, Target], value: float, met: bool, gap: float):
    j = judge(targets["at_least_60pct"], value)
    assert (j.met, j.gap) == (met, pytest.approx(gap))


@pytest.mark.parametrize(
    ("value", "met", "gap"), [(334, False, 66), (399, False, 1), (400, True, 0), (450, True, 0)]
)
def test_at_least_count(targets: dict[str, Target], value: float, met: bool, gap: float):
    j = judge(targets["at_least_400"], value)
    assert (j.met, j.gap, j.above_range) == (met, pytest.approx(gap), False)


# ----------------------------------------------------------------------------- between


@pytest.mark.parametrize(
    ("value", "met", "gap", "above"),
    [
        (0, False, 80, False),
        (79, False, 1, False),  # 80 − 79
        (80, True, 0, False),  # both ends included
        (90, True, 0, False),
        (100, True, 0, False),
        (105, True, 0, True),  # met, above the range
    ],
)
def test_between(targets: dict[str, Target], value: float, met: bool, gap: float, above: bool):
    j = judge(targets["between_80_100"], value)
    assert (j.met, j.gap, j.above_range) == (met, pytest.approx(gap), above)


# ----------------------------------------------------------------------------- all


@pytest.mark.parametrize(
    ("value", "met", "gap"),
    [
        (9 / 10, False, 0.1),  # 1.0 − 0.9
        (0.0, False, 1.0),
        (1.0, True, 0),
    ],
)
def test_all(targets: dict[str, Target], value: float, met: bool, gap: float):
    t = targets["all_digital"]
    assert t.low == 1.0
    j = judge(t, value)
    assert (j.met, j.gap) == (met, pytest.approx(gap))


# ----------------------------------------------------------------------------- lower is better


@pytest.mark.parametrize(
    ("value", "met", "gap"),
    [(0, True, 0), (8, True, 0), (10, True, 0), (12, False, 2)],  # 12 − 10
)
def test_at_most(targets: dict[str, Target], value: float, met: bool, gap: float):
    j = judge(targets["at_most_10"], value)
    assert (j.met, j.gap) == (met, pytest.approx(gap))


@pytest.mark.parametrize(
    ("value", "met", "gap"),
    [(9, True, 0), (10, False, 1), (12, False, 3)],  # 10 − 10 + 1; 12 − 10 + 1
)
def test_less_than_whole_number(targets: dict[str, Target], value: float, met: bool, gap: float):
    j = judge(targets["less_than_10"], value)
    assert (j.met, j.gap) == (met, pytest.approx(gap))


def test_less_than_share(targets: dict[str, Target]):
    t = targets["less_than_10pct"]
    assert judge(t, 0.05).met is True
    assert judge(t, 0.1).met is False  # 10% is not less than 10%
    over = judge(t, 0.15)
    assert over.met is False
    assert over.gap == pytest.approx(0.05)  # 0.15 − 0.10


def test_lower_is_better_progress(targets: dict[str, Target]):
    # Progress where lower is better: target over value, 10 / 20 = 0.5.
    p = assess(targets["at_most_10"], ev("at_most_10", 20), 2025)
    assert p.progress == pytest.approx(0.5)
    assert p.gap == pytest.approx(10)


@pytest.mark.parametrize("target_id", ["about_2000", "more_than_60pct", "between_80_100"])
def test_no_value_cannot_be_judged(targets: dict[str, Target], target_id: str):
    j = judge(targets[target_id], None)
    assert (j.met, j.gap) == (None, None)
    p = assess(targets[target_id], ev(target_id, None), 2025)
    assert (p.met, p.gap, p.per_year_needed, p.progress) == (None, None, None, None)


# ----------------------------------------------------------------------------- per year


def test_per_year_needed_spreads_the_gap_over_the_years_left(targets: dict[str, Target]):
    # 400 cooperatives by 2030, 334 in the 2025 census: 66 short over 5 years → 13.2 a year.
    p = assess(targets["at_least_400"], ev("at_least_400", 334), 2025)
    assert p.gap == pytest.approx(66)
    assert p.years_left == 5
    assert p.per_year_needed == pytest.approx(13.2)
    assert p.progress == pytest.approx(334 / 400)
    assert p.met is False
    assert (p.target, p.target_high) == (400, None)


def test_per_year_needed_for_a_share(targets: dict[str, Target]):
    # At least 60%, 0.4 in 2026: 0.2 over 4 years → 0.05 a year.
    p = assess(targets["at_least_60pct"], ev("at_least_60pct", 0.4), 2026)
    assert p.years_left == 4
    assert p.per_year_needed == pytest.approx(0.05)


@pytest.mark.parametrize("census_year", [2025, 2026, 2030])
def test_target_year_not_after_census_year_needs_the_whole_gap(
    targets: dict[str, Target], census_year: int
):
    # 5 new-model cooperatives by 2025; 3 counted: gap 2, all of it needed now.
    p = assess(targets["at_least_5_in_2025"], ev("at_least_5_in_2025", 3), census_year)
    assert p.years_left == 2025 - census_year
    assert p.gap == pytest.approx(2)
    assert p.per_year_needed == pytest.approx(2)


def test_met_target_needs_nothing_per_year(targets: dict[str, Target]):
    p = assess(targets["between_80_100"], ev("between_80_100", 90), 2025)
    assert (p.met, p.gap, p.per_year_needed) == (True, 0, 0)
    assert (p.target, p.target_high) == (80, 100)


def test_about_reports_its_tolerance(targets: dict[str, Target]):
    p = assess(targets["about_2000"], ev("about_2000", 2200), 2025)
    assert (p.met, p.above_range, p.tolerance) == (True, True, pytest.approx(0.05))
    # Other comparisons have no tolerance to show.
    assert assess(targets["at_least_400"], ev("at_least_400", 1), 2025).tolerance is None


# ----------------------------------------------------------------------------- per area


def test_per_area_met_only_when_every_area_meets(targets: dict[str, Target]):
    t = targets["per_district_1_2"]
    # A 2 (met), B 0 (gap 1), C 1 (met), D 0 (gap 1): 2 of 4 met; gap 1 + 1 = 2.
    p = assess(t, ev(t.id, 3, {"A": 2, "B": 0, "C": 1, "D": 0}), 2025)
    assert p.met is False
    assert p.areas_met == 2
    assert p.gap == pytest.approx(2)
    assert p.per_year_needed == pytest.approx(2 / 5)
    assert p.progress == pytest.approx(2 / 4)
    assert [(a.area, a.met, a.gap) for a in p.areas] == [
        ("A", True, 0),
        ("B", False, 1),
        ("C", True, 0),
        ("D", False, 1),
    ]
    # The overall value (3) is shown as it is; the judgement comes from the areas.
    assert p.value == 3


def test_per_area_all_met(targets: dict[str, Target]):
    t = targets["per_district_1_2"]
    # Every area has 1 or 2 (B has 3: met, above the range).
    p = assess(t, ev(t.id, 7, {"A": 1, "B": 3, "C": 2, "D": 1}), 2025)
    assert (p.met, p.gap, p.areas_met) == (True, 0, 4)
    assert p.above_range is True
    assert [a.above_range for a in p.areas] == [False, True, False, False]


def test_per_area_judged_by_area_not_overall(targets: dict[str, Target]):
    t = targets["per_district_1_2"]
    # The overall 1 would be in range, but B's 0 fails the target: gap 1 (B).
    p = assess(t, ev(t.id, 1, {"A": 1, "B": 0}), 2025)
    assert (p.met, p.gap, p.areas_met) == (False, 1, 1)


def test_per_area_share_gap_is_the_largest_area_gap(targets: dict[str, Target]):
    t = targets["per_district_share"]
    # At least 0.6 in each: gaps 0.1 (0.5), 0 (0.7), 0.3 (0.3): shares are not added up.
    p = assess(t, ev(t.id, 0.5, {"X": 0.5, "Y": 0.7, "Z": 0.3}), 2025)
    assert p.met is False
    assert p.areas_met == 1
    assert p.gap == pytest.approx(0.3)


def test_organizations_without_a_district_are_not_a_district(make_census: MakeCensus):
    # "Mỗi quận, huyện … từ 1 - 2": each of the nine declared districts has one exemplary
    # non-agricultural cooperative, so the target is met. An active THT whose (optional)
    # former district is not given is shown apart, but it is not a district that falls short.
    districts = DISTRICTS
    rows = [
        {"ten": f"HTX {d}", "linh_vuc": "Vận tải", "dien_hinh": "x", "quan_huyen": d}
        for d in districts
    ]
    rows.append({"ten": "THT không ghi huyện", "loai_hinh": "THT", "quan_huyen": None})
    census = read_census([make_census(rows)], today=TODAY)
    plan = load_targets(REAL_TARGETS)
    target = plan.get("nonag_exemplary_per_district_2030")
    assert target is not None
    p = assess(target, evaluate(target, plan, census), 2025)
    declared = [a for a in p.areas if a.area is not None]
    assert [a.area for a in declared] == districts
    assert all(a.met for a in declared)
    assert p.met is True
    assert p.gap == 0
