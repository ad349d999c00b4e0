"""The administrative units since 1 July 2025 (units, unit_names, crosswalk): the bundled list
and crosswalk, names as people type them, the old districts, and a newer list given by path.

Expected codes are read by hand from data/admin-units (units-2025.csv line 3156: Phường Cái
Khế is 31120 in Cần Thơ, 92; crosswalk-2025.csv lines 442-443: the old Phường An Hòa 31120
and Phường Cái Khế 31117 of Quận Ninh Kiều went into it)."""

from __future__ import annotations

import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from ktt_indicators.census.crosswalk import CROSSWALK_COLUMNS
from ktt_indicators.census.unit_records import AdminUnit, UnitListError
from ktt_indicators.census.units import UNITS_COLUMNS, UnitList, load_units
from ktt_indicators.core.resources import admin_units_dir

CAI_KHE = "31120"
THOI_LAI = "31258"  # Xã Thới Lai: kept the code of the old Thị trấn Thới Lai
HEADER = ",".join(UNITS_COLUMNS)


@pytest.fixture(scope="session")
def units() -> UnitList:
    return load_units()


def test_the_list_has_34_provinces_3321_communes_and_103_in_can_tho(units: UnitList) -> None:
    assert len(units.provinces) == 34
    assert len(units.communes) == 3321
    assert len({u.code for u in units.communes}) == 3321
    can_tho = units.communes_of("92")
    assert len(can_tho) == 103
    assert can_tho == units.communes_of(92) == units.communes_of("TP. Cần Thơ")
    assert [u.code for u in can_tho] == sorted(u.code for u in can_tho)
    assert {u.kind for u in units.communes} == {"xã", "phường", "đặc khu"}
    assert sum(u.kind == "đặc khu" for u in units.communes) == 13


def test_names_are_read_in_nfc_whatever_the_file_holds(units: UnitList) -> None:
    names = [u.name for u in units.communes] + [u.name for u in units.crosswalk.old_communes]
    assert all(unicodedata.is_normalized("NFC", n) for n in names)
    assert units.commune("03194") == units.resolve("Xã Nậm Nèn", "Điện Biên").unit


@pytest.mark.parametrize(
    "typed",
    [
        "P. Cái Khế",
        "phuong Cai Khe",
        "Cái Khế",
        "Phường Cái Khế",
        "P.Cái Khế",
        "  PHƯỜNG   cái khế ",
        unicodedata.normalize("NFD", "Phường Cái Khế"),
        "UBND phường Cái Khế",
    ],
)
def test_every_spelling_of_a_commune_resolves_to_its_code(units: UnitList, typed: str) -> None:
    for resolver in (units.resolver("92"), units.resolver()):
        found = resolver.resolve(typed)
        assert found.status == "resolved"
        assert found.unit is not None and found.unit.code == CAI_KHE and found.unit.current


@pytest.mark.parametrize("typed", [31120, "31120", "031120", 31120.0, " 31120 "])
def test_a_code_typed_for_a_name_resolves(units: UnitList, typed: object) -> None:
    found = units.resolve(typed)
    assert found.by_code and found.unit is not None
    assert (found.unit.code, found.unit.name) == (CAI_KHE, "Phường Cái Khế")


def test_the_code_of_a_unit_before_the_reform_is_that_unit_and_leads_to_its_successor(
    units: UnitList,
) -> None:
    found = units.resolve(31117)
    assert found.unit is not None and not found.unit.current
    assert (found.unit.name, found.unit.district) == ("Phường Cái Khế", "Quận Ninh Kiều")
    succession = units.crosswalk.successor(found.unit)
    assert succession is not None and succession.new.code == CAI_KHE
    assert not succession.divided
    # A census of old units: the same code is the old unit first.
    assert units.resolve(CAI_KHE, era="before").unit == units.crosswalk.old_commune(CAI_KHE)
    assert units.crosswalk.old_commune(CAI_KHE).name == "Phường An Hòa"  # type: ignore[union-attr]


def test_a_typo_gets_the_nearest_unit_of_the_province_as_a_hint(units: UnitList) -> None:
    found = units.resolve("Phường Cái Khết", "Cần Thơ")
    assert found.status == "unknown"
    assert [(h.code, h.current) for h in found.hints] == [(CAI_KHE, True)]
    assert units.resolve("Cai Kje", "92").hints == found.hints


def test_no_hint_when_two_units_are_about_as_near(units: UnitList) -> None:
    # «vi thanh 3» is as near to Xã Vị Thanh 1 as to Phường Vị Thanh: no guess.
    found = units.resolve("Vị Thanh 3", "92", level="commune")
    assert found.status == "unknown" and found.hints == ()
    assert units.resolve("Vị Thanh 1", "92").unit == units.commune("31465")


def test_thoi_lai_as_commune_and_as_old_district_are_told_apart(units: UnitList) -> None:
    can_tho = units.resolver("Cần Thơ")
    bare = can_tho.resolve("Thới Lai")
    assert bare.status == "ambiguous"
    assert sorted((u.level, u.name) for u in bare.candidates) == [
        ("commune", "Xã Thới Lai"),
        ("district", "Huyện Thới Lai"),
    ]
    commune = can_tho.resolve("xã Thới Lai").unit
    assert commune is not None and (commune.code, commune.level) == (THOI_LAI, "commune")
    for typed in ("huyện Thới Lai", "H. Thới Lai", "Huyen Thoi Lai"):
        district = can_tho.resolve(typed).unit
        assert district is not None and district.name == "Huyện Thới Lai"
        assert (district.level, district.code, district.current) == ("district", "", False)
    assert can_tho.resolve("Thới Lai", level="commune").unit == commune
    assert can_tho.resolve("Thới Lai", level="district").unit == district
    # «Thị trấn» is a kind before the reform: the old unit, which went into Xã Thới Lai.
    town = can_tho.resolve("TT. Thới Lai").unit
    assert town is not None and (town.name, town.current) == ("Thị trấn Thới Lai", False)


def test_a_kind_typed_wrong_still_finds_the_one_unit_of_that_name(units: UnitList) -> None:
    found = units.resolve("X. Cái Khế", "92")
    assert found.unit is not None and found.unit.code == CAI_KHE
    assert found.kind_typed == "xã" and found.kind_differs
    assert not units.resolve("P. Cái Khế", "92").kind_differs


def test_the_same_name_in_two_provinces_is_told_apart_by_the_province(units: UnitList) -> None:
    anywhere = units.resolve("Phường An Khê")
    assert anywhere.status == "ambiguous"
    assert sorted(u.province_code for u in anywhere.candidates) == ["48", "52"]
    assert units.resolve("An Khê", "Gia Lai", level="commune").unit == units.commune("23617")
    assert units.resolve("P. An Khê", "TP Đà Nẵng").unit == units.commune("20305")
    # In Gia Lai the bare name is also the old town (thị xã An Khê).
    assert {u.kind for u in units.resolve("An Khê", "Gia Lai").candidates} == {"phường", "thị xã"}


def test_a_name_of_the_province_before_the_reform_resolves_there(units: UnitList) -> None:
    # Phường An Hòa no longer exists: in Cần Thơ it is the old ward that went into Cái Khế.
    found = units.resolve("Phường An Hòa", "92")
    assert found.unit is not None and not found.unit.current
    assert found.unit.district == "Quận Ninh Kiều"
    assert units.crosswalk.successor(found.unit).new.code == CAI_KHE  # type: ignore[union-attr]


def test_numbered_wards_before_the_reform_are_told_apart_by_their_district(
    units: UnitList,
) -> None:
    saigon = units.resolver("tphcm", era="before")
    assert saigon.resolve("Phường 12").status == "ambiguous"
    assert len(saigon.resolve("P12").candidates) == 8  # eight districts had a Phường 12
    for typed in ("Phường 12", "P12", "P.12", "p 012"):
        found = saigon.resolve(typed, district="Q. Gò Vấp")
        assert found.unit is not None and found.unit.code == "26881"


def test_provinces_by_code_name_and_former_name(units: UnitList) -> None:
    assert units.province("92") == units.province(92) == units.province("TP. Cần Thơ")
    assert units.province("thanh pho can tho").code == "92"  # type: ignore[union-attr]
    assert units.province("Sóc Trăng").code == "92"  # type: ignore[union-attr]
    assert units.province(1).name == "Thành phố Hà Nội"  # type: ignore[union-attr]
    assert units.province("TP.HCM").code == "79"  # type: ignore[union-attr]
    assert units.province("Atlantis") is None
    assert units.former_provinces("92") == (
        "Thành phố Cần Thơ",
        "Tỉnh Hậu Giang",
        "Tỉnh Sóc Trăng",
    )
    with pytest.raises(LookupError):
        units.resolver("Atlantis")


def test_a_commune_of_can_tho_before_the_reform_maps_to_its_new_unit(units: UnitList) -> None:
    # crosswalk-2025.csv: 31286 Xã Trường Thắng, Huyện Thới Lai → 31258 Xã Thới Lai.
    succession = units.crosswalk.successor("31286")
    assert succession is not None
    assert (succession.old.name, succession.old.district) == ("Xã Trường Thắng", "Huyện Thới Lai")
    assert (succession.new.code, succession.new.name) == (THOI_LAI, "Xã Thới Lai")
    assert [u.code for u in units.crosswalk.predecessors(THOI_LAI)] == ["31258", "31285", "31286"]
    assert units.crosswalk.successor("99999") is None


def test_the_communes_roll_up_to_the_old_district_of_their_main_predecessor(
    units: UnitList,
) -> None:
    rollup = units.rollup("92")
    by_name = {(d.name, d.old_province): [u.code for u in cs] for d, cs in rollup.items()}
    # Of Huyện Thới Lai's communes, four kept their code; 31270 went into Xã Đông Hiệp,
    # which kept Huyện Cờ Đỏ's 31273, and 31267 into Phường Ô Môn.
    assert by_name["Huyện Thới Lai", "Thành phố Cần Thơ"] == ["31258", "31282", "31288", "31294"]
    assert "31273" in by_name["Huyện Cờ Đỏ", "Thành phố Cần Thơ"]
    assert "31153" in by_name["Quận Ô Môn", "Thành phố Cần Thơ"]
    assert sum(map(len, rollup.values())) == 103
    old_can_tho = [d for d in rollup if d.old_province == "Thành phố Cần Thơ"]
    assert len(old_can_tho) == 9
    olds = [d.old_province for d in units.old_districts("92")]
    assert len(olds) == 28  # two were Huyện Châu Thành, of Hậu Giang and of Sóc Trăng
    assert (olds.count("Tỉnh Hậu Giang"), olds.count("Tỉnh Sóc Trăng")) == (8, 11)
    island = units.commune("26732")  # Đặc khu Côn Đảo: an island district without communes
    assert island is not None and units.crosswalk.old_district_of(island) is None


def _write(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    return path


def test_a_newer_list_given_by_path_is_used(tmp_path: Path) -> None:
    newer = _write(
        tmp_path / "units-2026.csv",
        [
            "ward,ward_code,province_code,province,place_type,note",  # any order, extra column
            "Phường Cái Khế Mới,31120,92,Thành phố Cần Thơ,Thành phố Trung Ương,merged",
            "Xã Thới Lai,31258,92,Thành phố Cần Thơ,Thành phố Trung Ương,",
            "Phường Ba Đình,4,1,Thành phố Hà Nội,Thành phố Trung Ương,",
        ],
    )
    units = load_units(newer)
    assert units is load_units(newer)  # read once
    assert len(units.provinces) == 2
    assert [u.code for u in units.communes_of("Cần Thơ")] == [CAI_KHE, THOI_LAI]
    assert units.resolve("P. Cái Khế Mới", "92").unit == units.commune(CAI_KHE)
    assert units.resolve("Phường Ba Đình").unit == units.commune("00004")
    # The bundled crosswalk still maps the old units onto the newer list's.
    assert units.crosswalk.successor("31117").new.name == "Phường Cái Khế Mới"  # type: ignore[union-attr]


def test_a_divided_unit_names_its_main_successor_and_the_others(tmp_path: Path) -> None:
    crosswalk = _write(
        tmp_path / "crosswalk.csv",
        [
            ",".join(CROSSWALK_COLUMNS),
            "31285,Xã Thới Tân,Huyện Thới Lai,Thành phố Cần Thơ,31258,Xã Thới Lai,TP. Cần Thơ",
            "31285,Xã Thới Tân,Huyện Thới Lai,Thành phố Cần Thơ,31288,Xã Trường Thành,Cần Thơ",
        ],
    )
    units = load_units(None, crosswalk)
    succession = units.crosswalk.successor(31285)
    assert succession is not None and succession.divided
    assert succession.new.code == THOI_LAI
    assert [u.code for u in succession.also] == ["31288"]


@pytest.mark.parametrize(
    ("lines", "line", "reason"),
    [
        (["province_code,province,ward_code,ward"], 1, "missing columns"),
        ([HEADER, "92,Cần Thơ,Tỉnh,31120,Phường Cái Khế", "92,Cần Thơ,Tỉnh,3112O,Xã A"], 3, "code"),
        ([HEADER, "92,Cần Thơ,Tỉnh,31120,Phường A", "92,Cần Thơ,Tỉnh,31120,Xã B"], 3, "line 2"),
        ([HEADER, "92,Cần Thơ,Tỉnh,31120,Phường A", "92,Hậu Giang,Tỉnh,31121,Xã B"], 3, "line 2"),
        ([HEADER, "92,Cần Thơ,Tỉnh,31120,Cái Khế"], 2, "kind"),
        ([HEADER, "92,Cần Thơ,Huyện,31120,Phường Cái Khế"], 2, "province"),
        ([HEADER, "92,Cần Thơ,Tỉnh"], 2, "too few columns"),
        ([HEADER], None, "no units"),
    ],
)
def test_a_wrong_list_says_which_line_is_wrong(
    tmp_path: Path, lines: list[str], line: int | None, reason: str
) -> None:
    path = _write(tmp_path / "units.csv", lines)
    with pytest.raises(UnitListError) as raised:
        UnitList(path, admin_units_dir() / "crosswalk-2025.csv")
    assert raised.value.line == line
    assert reason in raised.value.reason


def test_a_list_that_is_not_utf8_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "units.csv"
    path.write_bytes(f"{HEADER}\n92,C\xe1n Th\xf4,T\xecnh,31120,Ph\xfd\xf4ng\n".encode("latin-1"))
    with pytest.raises(UnitListError) as raised:
        UnitList(path, admin_units_dir() / "crosswalk-2025.csv")
    assert (raised.value.line, raised.value.reason) == (2, "not UTF-8 text")


def test_the_crosswalk_is_read_only_when_the_units_before_the_reform_are_asked_for() -> None:
    folder = admin_units_dir()
    units = UnitList(folder / "units-2025.csv", folder / "crosswalk-2025.csv")
    assert units.commune(CAI_KHE) is not None and len(units.communes_of("92")) == 103
    assert units.province("Cần Thơ") is not None
    assert "crosswalk" not in vars(units)
    assert units.crosswalk.successor(31117) is not None
    assert "crosswalk" in vars(units)


def test_the_command_line_does_not_import_the_units() -> None:
    modules = ("units", "unit_names", "unit_records", "crosswalk")
    probe = (
        "import sys, ktt_indicators.cli; "
        f"print(any('ktt_indicators.census.' + m in sys.modules for m in {modules!r}))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert done.stdout.strip() == "False", done.stderr


def test_units_are_values(units: UnitList) -> None:
    unit = units.commune(CAI_KHE)
    assert unit == AdminUnit(CAI_KHE, "Phường Cái Khế", "phường", "92", "Thành phố Cần Thơ")
    assert unit is not None and unit.short_name == "Cái Khế"
    assert {unit: 1}[units.resolve("Cái Khế", "92").unit] == 1  # type: ignore[index]
