"""The indicator engine against small censuses whose values are worked out by hand."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import pytest

from ktt_indicators.census.reader import Census, read_census
from ktt_indicators.plan.indicators import Evaluation, Indicator, evaluate
from ktt_indicators.plan.targets import TargetsFile
from ktt_indicators.plan.targets_loader import load_targets

from conftest import DISTRICTS, TODAY, MakeCensus

REAL_TARGETS = Path(__file__).resolve().parents[2] / "targets.yaml"


def info(**extra: Any) -> dict[str, Any]:
    """An information sheet: reporting unit and year, plus ``extra`` (e.g. dan_so)."""
    return {"don_vi_bao_cao": "UBND xã Thử Nghiệm", "nam_bao_cao": 2025, **extra}


def write_targets(tmp_path: Path, targets: str, head: str = "") -> TargetsFile:
    """A targets file written inline to ``tmp_path / "t.yaml"`` and loaded."""
    text = (
        "plan: {id: test, title: Test}\n"
        + textwrap.dedent(head)
        + "targets:\n"
        + textwrap.indent(textwrap.dedent(targets), "  ")
    )
    path = tmp_path / "t.yaml"
    path.write_text(text, encoding="utf-8")
    return load_targets(path)


def one_target(tmp_path: Path, measure: str, *, extra: str = "", head: str = "") -> TargetsFile:
    """A targets file with one target ``x`` measuring ``measure`` (a YAML flow mapping)."""
    body = f"""\
        - id: x
          year: 2030
          title: X
          comparison: at_least
          value: 0.5
          source: {{document: Test}}
          measure: {measure}
        """
    if extra:
        body += textwrap.indent(textwrap.dedent(extra), "  ")
    return write_targets(tmp_path, body, head)


def census_of(*paths: Path) -> Census:
    return read_census(list(paths), today=TODAY)


def evaluation(plan: TargetsFile, census: Census, target_id: str = "x") -> Evaluation:
    target = plan.get(target_id)
    assert target is not None
    return evaluate(target, plan, census)


def value(plan: TargetsFile, census: Census, target_id: str = "x") -> Indicator:
    return evaluation(plan, census, target_id).overall


def names(ind: Indicator, base: bool = False) -> set[str]:
    return {o.ten for o in (ind.base if base else ind.counted)}


@pytest.fixture(scope="module")
def real_targets() -> TargetsFile:
    return load_targets(REAL_TARGETS)


# ----------------------------------------------------------------------------- count and sum


def test_count_counts_matching_active_organizations(tmp_path: Path, make_census: MakeCensus):
    census = census_of(
        make_census(
            [
                {"ten": "HTX 1"},
                {"ten": "HTX 2"},
                {"ten": "HTX 3"},
                {"ten": "THT 1", "loai_hinh": "THT"},
                {"ten": "THT 2", "loai_hinh": "Tổ hợp tác"},
                {"ten": "LH 1", "loai_hinh": "LHHTX"},
                {"ten": "HTX ngừng", "tinh_trang": "Tạm ngừng hoạt động"},
            ]
        )
    )
    assert census.valid
    # HTX: "HTX 1", "HTX 2", "HTX 3" active; "HTX ngừng" is suspended → 3.
    htx = value(one_target(tmp_path, "{count: {loai_hinh: HTX}}"), census)
    assert htx.value == 3
    assert names(htx) == {"HTX 1", "HTX 2", "HTX 3"}
    # THT: "THT 1" and "THT 2" (written "Tổ hợp tác") → 2.
    assert value(one_target(tmp_path, "{count: {loai_hinh: THT}}"), census).value == 2
    # No condition: every active organization: 3 HTX + 2 THT + 1 LHHTX = 6.
    assert value(one_target(tmp_path, "{count: {}}"), census).value == 6


def test_sum_adds_a_column_over_matching_active_organizations(
    tmp_path: Path, make_census: MakeCensus
):
    census = census_of(
        make_census(
            [
                {"ten": "THT 1", "loai_hinh": "THT", "so_thanh_vien": 12},
                {"ten": "THT 2", "loai_hinh": "THT", "so_thanh_vien": "8 người"},
                {
                    "ten": "THT 3",
                    "loai_hinh": "THT",
                    "so_thanh_vien": 100,
                    "tinh_trang": "Chờ giải thể",
                },
                {"ten": "HTX 1", "so_thanh_vien": "1.250"},
                {"ten": "LH 1", "loai_hinh": "LHHTX", "so_htx_thanh_vien": 4},
                {"ten": "LH 2", "loai_hinh": "LHHTX", "so_htx_thanh_vien": 5},
            ]
        )
    )
    # THT members: 12 + 8 = 20 ("THT 3" is waiting to be dissolved: not active).
    tht = value(one_target(tmp_path, "{sum: so_thanh_vien, where: {loai_hinh: THT}}"), census)
    assert tht.value == 20
    assert names(tht) == {"THT 1", "THT 2"}
    # HTX members: "1.250" is 1,250.
    htx = value(one_target(tmp_path, "{sum: so_thanh_vien, where: {loai_hinh: HTX}}"), census)
    assert htx.value == 1250
    # Member cooperatives of unions: 4 + 5 = 9.
    lh = value(one_target(tmp_path, "{sum: so_htx_thanh_vien, where: {loai_hinh: LHHTX}}"), census)
    assert lh.value == 9


def test_sum_over_nothing_is_zero(tmp_path: Path, make_census: MakeCensus):
    census = census_of(make_census([{"ten": "HTX 1"}]))
    ind = value(one_target(tmp_path, "{sum: so_thanh_vien, where: {loai_hinh: THT}}"), census)
    assert ind.value == 0
    assert ind.counted == []


# ----------------------------------------------------------------------------- share


def test_good_fair_share_counts_numerator_within_rated_denominator(
    real_targets: TargetsFile, make_census: MakeCensus
):
    census = census_of(
        make_census(
            [
                {"ten": "HTX Tốt", "xep_loai": "Tốt"},
                {"ten": "HTX Khá", "xep_loai": "kha"},
                {"ten": "HTX TB", "xep_loai": "TB"},
                {"ten": "LH Yếu", "loai_hinh": "LHHTX", "xep_loai": "Yếu"},
                {"ten": "HTX chưa", "xep_loai": "Chưa xếp loại"},
                {"ten": "HTX trống"},  # empty rating: not rated
                {"ten": "LH chưa", "loai_hinh": "LHHTX", "xep_loai": "Chưa xếp loại"},
                {"ten": "THT Tốt", "loai_hinh": "THT", "xep_loai": "Tốt"},
                {"ten": "HTX Tốt ngừng", "xep_loai": "Tốt", "tinh_trang": "Tạm ngừng"},
            ]
        )
    )
    assert census.valid
    ev = evaluation(real_targets, census, "good_fair_share_2030")
    # Denominator: active HTX/LHHTX rated Tốt, Khá, Trung bình or Yếu:
    #   HTX Tốt, HTX Khá, HTX TB, LH Yếu = 4 (THT Tốt is a THT; HTX Tốt ngừng is suspended).
    # Numerator within it: HTX Tốt, HTX Khá = 2.   2 / 4 = 0.5
    assert ev.overall.numerator == 2
    assert ev.overall.denominator == 4
    assert ev.overall.value == pytest.approx(0.5)
    assert names(ev.overall) == {"HTX Tốt", "HTX Khá"}
    assert names(ev.overall, base=True) == {"HTX Tốt", "HTX Khá", "HTX TB", "LH Yếu"}
    # The unrated ones are shown beside it: HTX chưa, HTX trống, LH chưa = 3.
    assert len(ev.context) == 1
    assert ev.context[0].label_en == "Cooperatives and unions not rated"
    assert ev.context[0].indicator.value == 3


def test_share_with_an_empty_denominator_has_no_value(tmp_path: Path, make_census: MakeCensus):
    census = census_of(make_census([{"ten": "THT 1", "loai_hinh": "THT"}]))
    plan = one_target(
        tmp_path, "{share: {numerator: {xep_loai: Tốt}, denominator: {loai_hinh: HTX}}}"
    )
    ind = value(plan, census)
    assert ind.value is None
    assert ind.denominator == 0
    assert ind.missing == "empty-denominator"


def test_female_director_share_only_counts_known_gender(
    real_targets: TargetsFile, make_census: MakeCensus
):
    census = census_of(
        make_census(
            [
                {"ten": "A", "gioi_tinh_giam_doc": "Nữ"},
                {"ten": "B", "gioi_tinh_giam_doc": "nu"},
                {"ten": "C", "gioi_tinh_giam_doc": "Nam"},
                {"ten": "D"},  # gender not given: out of the denominator
                {"ten": "E", "loai_hinh": "THT", "gioi_tinh_giam_doc": "Nữ"},  # a THT: out
            ]
        )
    )
    ind = value(real_targets, census, "female_director_share_2045")
    # Nữ: A, B over known gender A, B, C: 2 / 3.
    assert (ind.numerator, ind.denominator) == (2, 3)
    assert ind.value == pytest.approx(2 / 3)


# ----------------------------------------------------------------------------- population ratio


def population_rows() -> list[dict[str, Any]]:
    return [
        {"ten": "THT 1", "loai_hinh": "THT", "so_thanh_vien": 30},
        {"ten": "HTX 1", "so_thanh_vien": 50},
        {"ten": "LH 1", "loai_hinh": "LHHTX", "so_thanh_vien": 1000},
        {"ten": "HTX ngừng", "so_thanh_vien": 200, "tinh_trang": "Tạm ngừng hoạt động"},
    ]


def test_population_share_is_members_of_active_tht_and_htx_over_population(
    real_targets: TargetsFile, make_census: MakeCensus
):
    census = census_of(make_census(population_rows(), info=info(dan_so="1.000")))
    ind = value(real_targets, census, "population_share_2045")
    # Members of active THT and HTX: 30 + 50 = 80 (the union's 1,000 and the suspended
    # cooperative's 200 do not count); population "1.000" = 1,000.   80 / 1,000 = 0.08
    assert ind.numerator == 80
    assert ind.denominator == 1000
    assert ind.value == pytest.approx(0.08)
    assert ind.info_key == "dan_so"
    assert ind.missing is None
    assert names(ind) == {"THT 1", "HTX 1"}


def test_population_share_without_population_is_missing_info(
    real_targets: TargetsFile, make_census: MakeCensus
):
    census = census_of(make_census(population_rows(), info=info()))
    ind = value(real_targets, census, "population_share_2045")
    assert ind.value is None
    assert ind.missing == "missing-info"
    assert ind.numerator == 80


def test_ratio_of_two_sums(tmp_path: Path, make_census: MakeCensus):
    census = census_of(
        make_census(
            [
                {"ten": "HTX 1", "so_thanh_vien": 60},
                {"ten": "HTX 2", "so_thanh_vien": 40},
                {"ten": "THT 1", "loai_hinh": "THT", "so_thanh_vien": 25},
            ]
        )
    )
    plan = one_target(
        tmp_path,
        "{ratio: {numerator: {sum: so_thanh_vien, where: {loai_hinh: HTX}},"
        " denominator: {count: {loai_hinh: HTX}}}}",
    )
    # Members per cooperative: (60 + 40) / 2 = 50.
    ind = value(plan, census)
    assert (ind.numerator, ind.denominator, ind.value) == (100, 2, 50)


# ----------------------------------------------------------------------------- several files


def test_several_files_are_one_census_with_population_summed(
    real_targets: TargetsFile, make_census: MakeCensus
):
    a = make_census(
        [
            {"ten": "THT A", "loai_hinh": "THT", "so_thanh_vien": 30},
            {"ten": "HTX A", "so_thanh_vien": 50, "ma_so": "1800000001"},
        ],
        info=info(dan_so=1000),
    )
    b = make_census(
        [
            {"ten": "HTX B1", "so_thanh_vien": 100, "ma_so": "1800000002"},
            {"ten": "HTX B2", "so_thanh_vien": 20, "ma_so": "1800000003"},
        ],
        info=info(dan_so=3000),
    )
    census = census_of(a, b)
    assert census.valid
    # Cooperatives from both files: HTX A, HTX B1, HTX B2 = 3.
    assert value(real_targets, census, "htx_count_2030").value == 3
    # Members: 50 + 100 + 20 = 170.
    assert value(real_targets, census, "htx_members_2030").value == 170
    # Population 1,000 + 3,000 = 4,000; THT and HTX members 30 + 170 = 200.   200 / 4,000
    pop = value(real_targets, census, "population_share_2045")
    assert (pop.numerator, pop.denominator) == (200, 4000)
    assert pop.value == pytest.approx(0.05)


def test_population_is_missing_when_one_file_has_none(
    real_targets: TargetsFile, make_census: MakeCensus
):
    a = make_census([{"ten": "HTX A", "ma_so": "1800000001"}], info=info(dan_so=1000))
    b = make_census([{"ten": "HTX B", "ma_so": "1800000002"}], info=info())
    pop = value(real_targets, census_of(a, b), "population_share_2045")
    assert pop.value is None
    assert pop.missing == "missing-info"


# ----------------------------------------------------------------------------- universe


STATUS_ROWS = [
    {"ten": "đang", "tinh_trang": "Đang hoạt động"},
    {"ten": "đang (viết tắt)", "tinh_trang": "hoat dong"},
    {"ten": "tạm ngừng", "tinh_trang": "Tạm ngừng hoạt động"},
    {"ten": "chờ giải thể", "tinh_trang": "Chờ giải thể"},
    {"ten": "đã giải thể", "tinh_trang": "Đã giải thể"},
]


def test_default_universe_is_active_organizations_only(tmp_path: Path, make_census: MakeCensus):
    census = census_of(make_census(STATUS_ROWS))
    # A file without `universe:` counts only "Đang hoạt động" ("hoat dong" is read as it).
    ind = value(one_target(tmp_path, "{count: {loai_hinh: HTX}}"), census)
    assert ind.value == 2
    assert names(ind) == {"đang", "đang (viết tắt)"}


def test_file_universe_replaces_the_default(tmp_path: Path, make_census: MakeCensus):
    census = census_of(make_census(STATUS_ROWS))
    plan = one_target(
        tmp_path,
        "{count: {loai_hinh: HTX}}",
        head="universe: {tinh_trang: {not: Đã giải thể}}\n",
    )
    # Everything but the dissolved one: 4.
    assert value(plan, census).value == 4


def test_target_universe_overrides_the_file_universe(tmp_path: Path, make_census: MakeCensus):
    census = census_of(make_census(STATUS_ROWS))
    plan = one_target(
        tmp_path,
        "{count: {loai_hinh: HTX}}",
        extra="universe: {tinh_trang: [Đang hoạt động, Tạm ngừng hoạt động]}\n",
        head="universe: {tinh_trang: Đang hoạt động}\n",
    )
    # Active (2) and suspended (1): 3.
    ind = value(plan, census)
    assert ind.value == 3
    assert names(ind) == {"đang", "đang (viết tắt)", "tạm ngừng"}


def test_target_universe_is_not_merged_with_the_file_universe(
    tmp_path: Path, make_census: MakeCensus
):
    census = census_of(make_census(STATUS_ROWS))
    # The target's universe names another column; the file's status condition no longer applies.
    plan = one_target(
        tmp_path,
        "{count: {}}",
        extra="universe: {loai_hinh: HTX}\n",
        head="universe: {tinh_trang: Đang hoạt động}\n",
    )
    assert value(plan, census).value == 5


# ----------------------------------------------------------------------------- filter forms

FILTER_ROWS = [
    {"ten": "A", "linh_vuc": "Nông nghiệp", "so_thanh_vien": 20, "chuoi_gia_tri": "x"},
    {"ten": "B", "linh_vuc": "Vận tải", "so_thanh_vien": 5, "quan_huyen": None},
    {"ten": "C", "linh_vuc": "Xây dựng", "so_thanh_vien": 30, "xep_loai": "Khá"},
    {
        "ten": "D",
        "loai_hinh": "THT",
        "linh_vuc": "Nông nghiệp",
        "so_thanh_vien": 19,
        "quan_huyen": None,
        "chuoi_gia_tri": "Có",
    },
    {"ten": "E", "loai_hinh": "THT", "linh_vuc": "Thương mại - dịch vụ", "so_thanh_vien": 2},
]


@pytest.mark.parametrize(
    ("flt", "expected"),
    [
        # scalar
        ("{linh_vuc: Vận tải}", {"B"}),
        ("{linh_vuc: van tai}", {"B"}),  # category values read tolerantly
        # list: any of
        ("{linh_vuc: [Vận tải, Xây dựng]}", {"B", "C"}),
        # not: a scalar or a list
        ("{linh_vuc: {not: Nông nghiệp}}", {"B", "C", "E"}),
        ("{linh_vuc: {not: [Nông nghiệp, Vận tải]}}", {"C", "E"}),
        # numeric comparisons: 20 ≥ 20 is in; 19 is out
        ("{so_thanh_vien: {gte: 20}}", {"A", "C"}),
        ("{so_thanh_vien: {gt: 20}}", {"C"}),
        ("{so_thanh_vien: {lt: 20}}", {"B", "D", "E"}),
        ("{so_thanh_vien: {lte: 5}}", {"B", "E"}),
        ("{so_thanh_vien: {gte: 5, lt: 30}}", {"A", "B", "D"}),
        # empty / not empty
        ("{quan_huyen: {empty: true}}", {"B", "D"}),
        ("{quan_huyen: {empty: false}}", {"A", "C", "E"}),
        # yes/no
        ("{chuoi_gia_tri: true}", {"A", "D"}),
        ("{chuoi_gia_tri: false}", {"B", "C", "E"}),
        # several columns: all must hold
        ("{loai_hinh: THT, quan_huyen: {empty: true}}", {"D"}),
        ("{loai_hinh: HTX, linh_vuc: {not: Nông nghiệp}, so_thanh_vien: {gte: 10}}", {"C"}),
        # a rating: an empty cell is Chưa xếp loại
        ("{xep_loai: Chưa xếp loại}", {"A", "B", "D", "E"}),
    ],
)
def test_filter_forms(tmp_path: Path, make_census: MakeCensus, flt: str, expected: set[str]):
    census = census_of(make_census(FILTER_ROWS))
    assert census.valid
    ind = value(one_target(tmp_path, f"{{count: {flt}}}"), census)
    assert names(ind) == expected
    assert ind.value == len(expected)


# ----------------------------------------------------------------------------- group_by


def exemplary(name: str, district: str | None, **extra: Any) -> dict[str, Any]:
    """A non-agricultural exemplary cooperative."""
    return {
        "ten": name,
        "linh_vuc": "Vận tải",
        "dien_hinh": "x",
        "quan_huyen": district,
        **extra,
    }


def test_group_by_district_with_declared_areas(real_targets: TargetsFile, make_census: MakeCensus):
    census = census_of(
        make_census(
            [
                exemplary("NK 1", "Q. Ninh Kiều"),
                exemplary("NK 2", "Ninh Kiều", linh_vuc="Thương mại - dịch vụ"),
                exemplary("BT 1", "quận Bình Thủy", linh_vuc="Xây dựng"),
                exemplary("CR nông nghiệp", "Cái Răng", linh_vuc="Nông nghiệp"),
                exemplary("CR không điển hình", "Cái Răng", dien_hinh=None),
                exemplary("OM ngừng", "Ô Môn", tinh_trang="Tạm ngừng hoạt động"),
                exemplary("Mới 1", "Huyện Mới"),
                # no district, and a commune that is no unit: nothing to roll it up by
                exemplary("Không ghi", None, xa_phuong="Xã Không Ghi"),
            ]
        )
    )
    assert census.valid
    ev = evaluation(real_targets, census, "nonag_exemplary_per_district_2030")
    by_area = {a.area: a.indicator for a in ev.areas}
    # Declared districts first, in their order; then other districts of the census; then None.
    assert [a.area for a in ev.areas] == [*DISTRICTS, "Huyện Mới", None]
    # Ninh Kiều: "Q. Ninh Kiều" and "Ninh Kiều" are the same district → NK 1, NK 2 = 2.
    assert by_area["Ninh Kiều"].value == 2
    assert names(by_area["Ninh Kiều"]) == {"NK 1", "NK 2"}
    # Bình Thủy: "quận Bình Thủy" → 1.
    assert by_area["Bình Thủy"].value == 1
    # Cái Răng: one agricultural, one not exemplary → 0. Ô Môn: suspended → 0.
    assert by_area["Cái Răng"].value == 0
    assert by_area["Ô Môn"].value == 0
    # Declared but with no organization at all → shown with 0.
    for district in ("Thốt Nốt", "Phong Điền", "Thới Lai", "Cờ Đỏ", "Vĩnh Thạnh"):
        assert by_area[district].value == 0
    assert by_area["Huyện Mới"].value == 1
    # No district given → area None.
    assert by_area[None].value == 1
    assert names(by_area[None]) == {"Không ghi"}
    # Overall: 2 + 1 + 1 + 1 = 5.
    assert ev.overall.value == 5


def test_group_by_shares_per_area(tmp_path: Path, make_census: MakeCensus):
    census = census_of(
        make_census(
            [
                {"ten": "A1", "quan_huyen": "Huyện A", "chuoi_gia_tri": "x"},
                {"ten": "A2", "quan_huyen": "H. A"},
                {"ten": "B1", "quan_huyen": "Huyện B", "chuoi_gia_tri": "x"},
            ]
        )
    )
    plan = one_target(
        tmp_path,
        "{share: {numerator: {chuoi_gia_tri: true}, denominator: {loai_hinh: HTX}}}",
        extra="group_by: quan_huyen\n",
    )
    ev = evaluation(plan, census)
    # No declared areas: the census's own, alphabetically. Huyện A: 1/2; Huyện B: 1/1.
    assert [a.area for a in ev.areas] == ["Huyện A", "Huyện B"]
    assert ev.areas[0].indicator.value == pytest.approx(0.5)
    assert ev.areas[1].indicator.value == pytest.approx(1.0)
    # Overall: 2/3.
    assert ev.overall.value == pytest.approx(2 / 3)


def test_scope_keeps_the_old_city_on_a_census_of_the_merged_city(
    make_census: MakeCensus,
) -> None:
    # targets.yaml scopes the plan to tinh_cu ∈ {Cần Thơ, not given}: of four active HTX,
    # the one of the former Sóc Trăng is not counted: 3.
    path = make_census([
        {"ten": "A", "tinh_cu": "Cần Thơ"},
        {"ten": "B", "tinh_cu": "can tho"},
        {"ten": "C", "tinh_cu": "Sóc Trăng"},
        {"ten": "D"},
    ])  # fmt: skip
    census = read_census([path], today=TODAY)
    plan = load_targets(REAL_TARGETS)
    htx = plan.get("htx_count_2030")
    assert htx is not None
    ev = evaluate(htx, plan, census)
    assert sorted(o.ten for o in ev.overall.counted) == ["A", "B", "D"]


def test_a_target_scope_replaces_the_file_scope(tmp_path: Path, make_census: MakeCensus) -> None:
    path = make_census([{"ten": "A", "tinh_cu": "Cần Thơ"}, {"ten": "C", "tinh_cu": "Sóc Trăng"}])
    yaml_path = tmp_path / "t.yaml"
    yaml_path.write_text(
        textwrap.dedent("""\
        plan: {id: p, title: P}
        scope: {tinh_cu: Cần Thơ}
        targets:
          - {id: old, year: 2030, title: O, comparison: at_least, value: 1,
             source: {document: D}, measure: {count: {loai_hinh: HTX}}}
          - {id: south, year: 2030, title: S, comparison: at_least, value: 1,
             source: {document: D}, measure: {count: {loai_hinh: HTX}},
             scope: {tinh_cu: Sóc Trăng}}
        """),
        encoding="utf-8",
    )
    plan = load_targets(yaml_path)
    census = read_census([path], today=TODAY)
    counted = {
        t.id: [o.ten for o in evaluate(t, plan, census).overall.counted] for t in plan.targets
    }
    assert counted == {"old": ["A"], "south": ["C"]}
