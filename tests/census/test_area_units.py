"""The area columns of small censuses read as units: spellings to one code, typos with the
right hint, a commune told from the old district of its name, ambiguous names, a census
before the reform, both reading paths agreeing, and two censuses compared across the reform."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from ktt_indicators.census import list_sheet as list_sheet_module
from ktt_indicators.census.area_units import (
    HINTED_NAMES,
    census_era,
    census_province,
    unit_list,
)
from ktt_indicators.census.changes import changes_of
from ktt_indicators.census.reader import CensusFile, read_census, read_census_file
from ktt_indicators.census.row_path import read_rows_one_by_one
from ktt_indicators.census.schema import CensusInfo
from ktt_indicators.report.render_changes import footnotes

from conftest import TODAY, MakeCensus

KEYS = ["ten", "loai_hinh", "xa_phuong", "quan_huyen", "tinh_cu", "linh_vuc", "tinh_trang",
        "so_thanh_vien"]  # fmt: skip
#: A census of the city as of December 2025 (the units in force).
CITY_2025 = {"don_vi_bao_cao": "Sở Tài chính thành phố Cần Thơ", "nam_bao_cao": 2025,
             "ngay_so_lieu": date(2025, 12, 14)}  # fmt: skip
#: The same city's census of December 2024 (the units before the reform).
CITY_2024 = {**CITY_2025, "nam_bao_cao": 2024, "ngay_so_lieu": date(2024, 12, 14)}


def _census(make: MakeCensus, areas: list[dict[str, Any]], info: dict[str, Any]) -> CensusFile:
    rows = [{"ten": f"THT {n}", "loai_hinh": "THT", **a} for n, a in enumerate(areas)]
    path = make(rows, headers=KEYS, info=info, auto_codes=False)
    return read_census_file(path, today=TODAY)


def _area_findings(census: CensusFile) -> list[tuple[str, str | None, str | None, str | None]]:
    return [(f.code, f.cell, f.value, f.suggestion) for f in census.findings if "area" in f.code]


def test_five_spellings_of_a_commune_are_one_unit_with_its_code(make_census: MakeCensus) -> None:
    spellings = ["P. Cái Khế", "phuong Cai Khe", "Cái Khế", "Phường  Cái Khế", 31120]
    census = _census(make_census, [{"xa_phuong": s, "quan_huyen": None} for s in spellings],
                     CITY_2025)  # fmt: skip
    assert census.findings == []
    assert {(o.xa_phuong, o.ma_xa) for o in census.organizations} == {("Phường Cái Khế", "31120")}
    assert len(census.organizations) == 5


def test_a_typo_is_a_finding_at_its_cell_with_the_nearest_unit(make_census: MakeCensus) -> None:
    census = _census(make_census, [{"xa_phuong": "Xã Thới Lai"}, {"xa_phuong": "Xa Thoi Lia"}],
                     CITY_2025)  # fmt: skip
    assert _area_findings(census) == [("unknown-area", "C3", "Xa Thoi Lia", "Xã Thới Lai")]
    finding = census.findings[0]
    assert finding.severity == "warning"
    assert "có lẽ là «Xã Thới Lai»" in finding.message("vi")
    assert "did you mean «Xã Thới Lai»?" in finding.message("en")
    # the row is kept, its commune as typed and without a code
    typo = census.organizations[1]
    assert (typo.xa_phuong, typo.ma_xa) == ("Xa Thoi Lia", None)


def test_no_hint_for_a_name_near_nothing(make_census: MakeCensus) -> None:
    census = _census(make_census, [{"xa_phuong": "Xã Không Có Thật"}], CITY_2025)
    assert _area_findings(census) == [("unknown-area", "C2", "Xã Không Có Thật", None)]


def test_thoi_lai_as_commune_and_as_old_district_are_told_apart(make_census: MakeCensus) -> None:
    census = _census(make_census, [{"xa_phuong": "Thới Lai", "quan_huyen": "Thới Lai"}],
                     CITY_2025)  # fmt: skip
    assert census.findings == []
    (org,) = census.organizations
    assert (org.xa_phuong, org.ma_xa, org.quan_huyen) == ("Xã Thới Lai", "31258", "Huyện Thới Lai")


def test_two_old_districts_of_one_name_are_ambiguous_unless_the_row_tells(
    make_census: MakeCensus,
) -> None:
    areas = [
        {"xa_phuong": "Xã Thới Lai", "quan_huyen": "Châu Thành"},  # Hậu Giang's or Sóc Trăng's
        {"xa_phuong": "Xã Thới Lai", "quan_huyen": "Châu Thành", "tinh_cu": "Hậu Giang"},
        {"xa_phuong": "Xã Phú Hữu", "quan_huyen": "Châu Thành"},  # the commune's district
    ]
    census = _census(make_census, areas, CITY_2025)
    assert [(f.code, f.cell) for f in census.findings] == [("ambiguous-area", "D2")]
    assert "Huyện Châu Thành (Tỉnh Hậu Giang)" in census.findings[-1].params["units"]
    assert "Huyện Châu Thành (Tỉnh Sóc Trăng)" in census.findings[-1].params["units"]


def test_a_census_before_the_reform_reads_the_old_units(make_census: MakeCensus) -> None:
    areas = [{"xa_phuong": "Phường Cái Khế", "quan_huyen": "Ninh Kiều"},
             {"xa_phuong": "Phường An Hòa", "quan_huyen": "Ninh Kiều"}]  # fmt: skip
    census = _census(make_census, areas, CITY_2024)
    assert census.findings == []
    # the old wards as named then, each with the code of the ward in force it went into
    old_cai_khe, an_hoa = census.organizations
    assert (old_cai_khe.xa_phuong, old_cai_khe.ma_xa) == ("Phường Cái Khế", "31120")
    assert (an_hoa.xa_phuong, an_hoa.ma_xa) == ("Phường An Hòa", "31120")
    assert an_hoa.quan_huyen == "Quận Ninh Kiều"
    assert unit_list().crosswalk.old_commune("31117").name == "Phường Cái Khế"  # type: ignore[union-attr]


def test_an_old_commune_in_a_census_after_the_reform_is_counted_in_its_successor(
    make_census: MakeCensus,
) -> None:
    census = _census(make_census, [{"xa_phuong": "Xã Thạnh Trị", "quan_huyen": None}],
                     CITY_2025)  # fmt: skip
    (finding,) = census.findings
    assert (finding.code, finding.params["new"]) == ("former-area", "Xã Phú Lộc")
    (org,) = census.organizations
    phu_loc = unit_list().resolve("Xã Phú Lộc", "92").unit
    assert phu_loc is not None
    assert (org.xa_phuong, org.ma_xa) == ("Xã Phú Lộc", phu_loc.code)


def test_the_census_province_and_era_come_from_its_information() -> None:
    units = unit_list()
    for info in (
        CensusInfo(dia_ban="Thành phố Cần Thơ (cũ)"),
        CensusInfo(don_vi_bao_cao="UBND huyện Phong Điền"),  # Cần Thơ's, not Huế's thị xã
        CensusInfo(don_vi_bao_cao="Sở Tài chính tỉnh Hậu Giang"),  # went into Cần Thơ
        CensusInfo(don_vi_bao_cao="UBND xã Thới Lai"),
    ):
        province = census_province(info, units)
        assert province is not None and province.code == "92", info
    assert census_province(CensusInfo(don_vi_bao_cao="Hợp tác xã"), units) is None
    assert census_era(CensusInfo(nam_bao_cao=2024)) == "before"
    assert census_era(CensusInfo(nam_bao_cao=2025)) == "after"
    assert census_era(CensusInfo(nam_bao_cao=2025, ngay_so_lieu=date(2025, 6, 30))) == "before"


@pytest.mark.parametrize("info", [CITY_2025, CITY_2024])
def test_both_reading_paths_read_areas_alike(
    make_census: MakeCensus, info: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    areas = [{"xa_phuong": s, "quan_huyen": d} for s, d in [
        ("P. Cái Khế", "Ninh Kiều"), ("Xa Thoi Lia", "Thới Lai"), ("Thới Lai", "Thới Lai"),
        ("Xã Thạnh Trị", "Châu Thành"), ("31120", None), ("Phường 1", "Vị Thanh"),
    ]] * 3  # fmt: skip
    fast = _census(make_census, areas, info)

    def one_by_one(reader: Any, sheet: Any, header: Any, kinds: Any, data: Any, columns: Any,
                   info: Any, implied: Any) -> Any:  # fmt: skip
        return read_rows_one_by_one(reader, sheet, header, kinds, info, implied)

    monkeypatch.setattr(list_sheet_module, "read_rows_by_column", one_by_one)
    slow = _census(make_census, areas, info)
    assert [o[1:] for o in fast.organizations] == [o[1:] for o in slow.organizations]
    assert [f.cell for f in fast.findings] == [f.cell for f in slow.findings]
    assert len(fast.findings) >= 3


def test_a_2024_census_of_old_units_and_a_2025_one_of_new_units_compare_by_unit(
    make_census: MakeCensus,
) -> None:
    """Three THT (no code: matched by name and commune) across the reform: two moved with
    their wards into the wards in force, one vanished; one is new."""
    last = [
        {"ten": "THT Rau An Hòa", "xa_phuong": "Phường An Hòa", "quan_huyen": "Ninh Kiều"},
        {"ten": "THT Cá Thới Bình", "xa_phuong": "P. Thới Bình", "quan_huyen": "Ninh Kiều"},
        {"ten": "THT Lúa", "xa_phuong": "Xã Trường Xuân A", "quan_huyen": "Thới Lai"},
    ]
    now = [
        {"ten": "THT Rau An Hòa", "xa_phuong": "Phường Cái Khế", "quan_huyen": None},
        {"ten": "THT Cá Thới Bình", "xa_phuong": "phuong Ninh Kieu", "quan_huyen": None},
        {"ten": "THT Mới", "xa_phuong": "Xã Trường Xuân", "quan_huyen": None},
    ]
    rows = lambda areas: [{"loai_hinh": "THT", **a} for a in areas]  # noqa: E731
    paths = [make_census(rows(last), headers=KEYS, info=CITY_2024, auto_codes=False),
             make_census(rows(now), headers=KEYS, info=CITY_2025, auto_codes=False)]  # fmt: skip
    census = read_census(paths, today=TODAY)
    assert census.findings == []
    changes = changes_of(census)
    assert changes is not None and changes.across_reform
    assert (changes.matched, changes.matched_by_name) == (2, 2)
    assert [c.name for c in changes.new] == ["THT Mới"]
    assert [(c.name, c.commune) for c in changes.vanished] == [("THT Lúa", "Xã Trường Xuân A")]
    # per area: the 2024 organizations are in the wards in force they went into
    by_code = {year: Counter(o.ma_xa for o in census.of_year(year).organizations)
               for year in (2024, 2025)}  # fmt: skip
    cai_khe, ninh_kieu, truong_xuan = (unit_list().resolve(n, "92").unit for n in (
        "Phường Cái Khế", "Phường Ninh Kiều", "Xã Trường Xuân"))  # fmt: skip
    assert cai_khe and ninh_kieu and truong_xuan
    assert by_code[2024] == {cai_khe.code: 1, ninh_kieu.code: 1, truong_xuan.code: 1}
    assert by_code[2025] == by_code[2024]
    assert "Danh sách năm trước ghi đơn vị hành chính trước ngày 01/7/2025" in " ".join(
        footnotes(changes, "vi")
    )


def test_a_name_in_several_provinces_is_told_apart_by_the_rows_old_province(
    make_census: MakeCensus,
) -> None:
    # a census that names no province: «Xã Tân Lập» is a commune of three
    info = {"don_vi_bao_cao": "Hợp tác xã", "nam_bao_cao": 2025}
    areas = [{"xa_phuong": "Xã Tân Lập", "quan_huyen": None, "tinh_cu": "Long An"},
             {"xa_phuong": "Xã Tân Lập", "quan_huyen": None}]  # fmt: skip
    census = _census(make_census, areas, info)
    assert [(f.code, f.cell) for f in census.findings] == [("ambiguous-area", "C3")]
    long_an = census.organizations[0]
    unit = unit_list().commune(long_an.ma_xa or "")
    assert unit is not None and unit.province_name == "Tây Ninh"  # Long An went into it


def test_past_the_first_names_not_found_no_nearest_unit_is_looked_for(
    make_census: MakeCensus,
) -> None:
    """A list of made-up names stays fast: only the first HINTED_NAMES get a hint."""
    typos = [u.name + "x" for u in unit_list().communes[: HINTED_NAMES + 5]]
    census = _census(make_census, [{"xa_phuong": t, "quan_huyen": None} for t in typos],
                     {"don_vi_bao_cao": "Hợp tác xã", "nam_bao_cao": 2025})  # fmt: skip
    hinted = [f.suggestion is not None for f in census.findings if f.code == "unknown-area"]
    assert len(hinted) == len(typos)
    assert sum(hinted[:HINTED_NAMES]) > HINTED_NAMES // 2 and not any(hinted[HINTED_NAMES:])


def test_names_folded_alike_are_told_apart_by_their_diacritics(make_census: MakeCensus) -> None:
    # Tây Ninh has a «Xã Tân Thạnh» and a «Xã Tân Thành»: without diacritics they are one key
    info = {"don_vi_bao_cao": "Sở Tài chính tỉnh Tây Ninh", "nam_bao_cao": 2025}
    areas = [{"xa_phuong": n, "quan_huyen": None}
             for n in ("Xã Tân Thạnh", "X. Tân Thành", "xa tan thanh")]  # fmt: skip
    census = _census(make_census, areas, info)
    assert [(f.code, f.cell) for f in census.findings] == [("ambiguous-area", "C4")]
    thanh_dot, thanh_grave = census.organizations[:2]
    assert (thanh_dot.xa_phuong, thanh_dot.ma_xa) == ("Xã Tân Thạnh", "27826")
    assert (thanh_grave.xa_phuong, thanh_grave.ma_xa) == ("Xã Tân Thành", "25534")


def test_an_old_commune_divided_between_units_names_the_others(
    make_census: MakeCensus, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ktt_indicators.census import area_units
    from ktt_indicators.census.crosswalk import CROSSWALK_COLUMNS
    from ktt_indicators.census.units import load_units

    crosswalk = tmp_path / "crosswalk.csv"
    crosswalk.write_text("\n".join([
        ",".join(CROSSWALK_COLUMNS),
        "31285,Xã Thới Tân,Huyện Thới Lai,Thành phố Cần Thơ,31258,Xã Thới Lai,Cần Thơ",
        "31285,Xã Thới Tân,Huyện Thới Lai,Thành phố Cần Thơ,31288,Xã Trường Thành,Cần Thơ",
    ]) + "\n", encoding="utf-8")  # fmt: skip
    monkeypatch.setattr(area_units, "unit_list", lambda: load_units(None, crosswalk))
    area_units.census_areas.cache_clear()
    census = _census(make_census, [{"xa_phuong": "Xã Thới Tân", "quan_huyen": None}], CITY_2025)
    area_units.census_areas.cache_clear()
    (finding,) = census.findings
    assert finding.code == "former-area"
    assert "nay thuộc Xã Thới Lai (một phần của nó được sắp xếp vào Xã Trường Thành)" in (
        finding.message("vi")
    )
    assert census.organizations[0].ma_xa == "31258"
