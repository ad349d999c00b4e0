"""The bundled examples: a realistic clean census, and files that show every kind of finding."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from ktt_indicators.census.area_units import unit_list
from ktt_indicators.census.changes import changes_of
from ktt_indicators.census.findings import CATALOG
from ktt_indicators.census.reader import Census, read_census
from ktt_indicators.census.schema import LegalForm, Organization, Sector, Status

from conftest import TODAY

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.fixture(scope="module")
def city() -> Census:
    return read_census([EXAMPLES / "census-can-tho-2025.xlsx"], today=TODAY)


def test_findings_examples_show_every_kind_of_finding() -> None:
    files = [
        EXAMPLES / "census-findings.xlsx",
        EXAMPLES / "census-official-form.xlsx",
        *sorted((EXAMPLES / "findings").glob("*.xls*")),  # renamed-workbook.xls: an .xlsx
    ]
    shown = {f.code for path in files for f in read_census([path], today=TODAY).findings}
    # A vanished organization needs two years of one territory: test_changes.py plants it.
    assert shown == set(CATALOG) - {"vanished-since-last-year"}


def test_example_census_has_no_errors_only_the_dissolved_warnings(city: Census) -> None:
    assert city.valid
    assert {f.code for f in city.findings} == {"dissolved-listed"}
    assert city.files[0].info.nam_bao_cao == 2025
    assert city.population == 1_263_000


def test_example_census_looks_like_the_old_city(city: Census) -> None:
    orgs = city.organizations
    active = Counter(o.loai_hinh for o in orgs if o.tinh_trang == Status.ACTIVE)
    # The brief: about 340 HTX, about 1,400 THT, a few unions (active ones).
    assert 320 <= active[LegalForm.HTX] <= 360
    assert 1_300 <= active[LegalForm.THT] <= 1_500
    assert 1 <= active[LegalForm.LHHTX] <= 8
    # a census after the reform names communes only: 31 of the 32 the 9 districts became
    assert {o.quan_huyen for o in orgs} == {None}
    units = unit_list()
    districts = {units.crosswalk.old_district_of(o.ma_xa) for o in orgs if o.ma_xa}
    assert len({o.ma_xa for o in orgs}) == 31 and len(districts) == 9
    assert {o.linh_vuc for o in orgs} == set(Sector)
    statuses = Counter(o.tinh_trang for o in orgs)
    assert statuses[Status.SUSPENDED] > 0
    assert statuses[Status.DISSOLVED] > 0


def members_per(orgs: list[Organization], form: LegalForm) -> float:
    chosen = [o for o in orgs if o.loai_hinh == form]
    return sum(o.so_thanh_vien or 0 for o in chosen) / len(chosen)


def test_example_census_is_calibrated_to_the_published_figures(city: Census) -> None:
    """Issue 18 (see examples/make_examples.py for the sources): about 40 members per HTX
    and per THT in the old city, 1,409 THT (2019), 7 people's credit funds among the HTX, and
    figures as of 14 December, the end of the period Circular 09/2024/TT-BKHĐT sets."""
    orgs = city.organizations
    assert 36 <= members_per(orgs, LegalForm.HTX) <= 44
    assert 36 <= members_per(orgs, LegalForm.THT) <= 42  # 54,800 / 1,409 = 38.9
    assert sum(o.loai_hinh == LegalForm.THT for o in orgs) == 1_409
    credit = [o for o in orgs if o.linh_vuc == Sector.CREDIT]
    assert len(credit) == 7 and {o.loai_hinh for o in credit} == {LegalForm.HTX}
    # 341 HTX in mid-2024, growing by about 20 a year.
    assert 341 < sum(o.loai_hinh == LegalForm.HTX for o in orgs) < 341 + 2 * 20
    assert city.files[0].info.as_of == date(2025, 12, 14)


def test_the_merged_city_example_is_calibrated_to_the_published_figures() -> None:
    merged = read_census([EXAMPLES / "census-can-tho-merged-2025.xlsx"], today=TODAY)
    orgs = merged.organizations
    forms = Counter(o.loai_hinh for o in orgs)
    assert (forms[LegalForm.HTX], forms[LegalForm.LHHTX]) == (745, 8)  # February 2026
    by_province = {p: [o for o in orgs if o.tinh_cu == p] for p in ("Sóc Trăng", "Hậu Giang")}
    published = {  # (THT, members per THT, members per HTX)
        "Sóc Trăng": (1_244, 29_613 / 1_244, 32_000 / 216),
        "Hậu Giang": (803, 11_575 / 803, 8_603 / 282),
    }
    for province, (tht, per_tht, per_htx) in published.items():
        rows = by_province[province]
        assert sum(o.loai_hinh == LegalForm.THT for o in rows) == tht
        assert members_per(rows, LegalForm.THT) == pytest.approx(per_tht, rel=0.02)
        assert members_per(rows, LegalForm.HTX) == pytest.approx(per_htx, rel=0.02)


def test_official_form_example_reads_its_organizations_and_two_planted_findings() -> None:
    (form,) = read_census([EXAMPLES / "census-official-form.xlsx"], today=TODAY).files
    # Five organizations; the fifth is ticked both Tốt and Khá and is left out.
    assert [o.ten for o in form.organizations] == [
        "HTX Nông nghiệp Mỹ Khánh", "HTX Trái cây Nhơn Ái", "Tổ hợp tác lúa ấp Thị Tứ",
        "HTX Vận tải Phong Điền",
    ]  # fmt: skip
    assert [o.xep_loai.value for o in form.organizations] == ["Khá", "Tốt", "Chưa xếp loại",
                                                              "Trung bình"]  # fmt: skip
    codes = sorted((f.code, f.sheet, f.cell) for f in form.findings)
    assert codes == [
        ("empty-sheet", "Sheet3", None),
        ("hidden-sheet", "Năm 2024", None),
        ("several-ticked", "Biểu 01", "K15"),
        ("totals-mismatch", "Biểu 01", "I17"),
    ]
    assert form.info.dan_so == 102_000 and form.info.nam_bao_cao == 2025


def test_the_plan_scoped_to_the_old_city_reads_the_same_on_the_merged_city() -> None:
    """Issue 4: the 2023 plan is scoped to the former Cần Thơ, so a census of the merged city
    (the old city's rows plus the former Sóc Trăng and Hậu Giang) gives the same figures."""
    from ktt_indicators.plan.progress import gap_report
    from ktt_indicators.plan.targets_loader import load_targets

    plan = load_targets(EXAMPLES.parent / "targets.yaml")
    old, merged = (
        read_census([EXAMPLES / name], today=TODAY)
        for name in ("census-can-tho-2025.xlsx", "census-can-tho-merged-2025.xlsx")
    )
    assert len(merged.organizations) > len(old.organizations) + 1000
    values = [
        {p.id: p.value for p in gap_report(plan, census, 2025).targets} for census in (old, merged)
    ]
    # The one difference: the information sheet gives the merged city's population.
    population = [v.pop("population_share_2045") for v in values]
    assert values[0] == values[1]
    assert population[1] == pytest.approx((53_972 + 14_710) / 4_199_824)  # THT + HTX members


def test_the_2024_example_of_old_units_compares_with_2025_across_the_reform(city: Census) -> None:
    paths = [EXAMPLES / "census-can-tho-2024.xlsx", EXAMPLES / "census-can-tho-2025.xlsx"]
    both = read_census(paths, today=TODAY)
    last = both.of_year(2024)
    assert last.valid and last.findings == []
    # named as then: old communes and their districts, none of them a commune in force
    assert len({o.quan_huyen for o in last.organizations}) == 9
    then = unit_list().resolver("92", "before")
    olds = {then.resolve(o.xa_phuong, level="commune", district=o.quan_huyen).unit
            for o in last.organizations}  # fmt: skip
    assert None not in olds and not any(u.current for u in olds if u)
    changes = changes_of(both)
    assert changes is not None and changes.across_reform
    # every organization of 2024 is found in 2025, the THT by name and commune in force
    assert changes.matched == len(last.organizations) == 1640
    assert changes.vanished == []
    counts = changes.counts()
    assert sum(counts["new"].values()) == len(city.organizations) - 1640
    assert sum(counts["dissolved"].values()) == 2
    # per area, both years in the communes in force
    now = Counter(o.ma_xa for o in city.organizations)
    then = Counter(o.ma_xa for o in last.organizations)
    assert set(then) <= set(now) and sum(then.values()) == 1640


def test_the_plans_each_district_target_is_judged_on_the_communes_rolled_up(
    city: Census,
) -> None:
    """The 2023 plan's «in each district» on the 2025 census of communes: each commune in
    its former district (the one of its main predecessor), as the report says beside it; the
    six districts with 1–2 non-agricultural exemplary HTX are those the example plants."""
    from ktt_indicators.plan.progress import gap_report
    from ktt_indicators.plan.targets_loader import load_targets

    report = gap_report(load_targets(EXAMPLES.parent / "targets.yaml"), city)
    (target,) = [t for t in report.targets if t.id == "nonag_exemplary_per_district_2030"]
    assert {a.area: a.value for a in target.areas} == {
        "Ninh Kiều": 2, "Bình Thủy": 1, "Cái Răng": 2, "Ô Môn": 1, "Thốt Nốt": 1,
        "Phong Điền": 1, "Thới Lai": 0, "Cờ Đỏ": 0, "Vĩnh Thạnh": 0,
    }  # fmt: skip
    assert target.note_vi is not None and "quận, huyện cũ của đơn vị chính" in target.note_vi
    by_commune = gap_report(load_targets(EXAMPLES.parent / "targets.yaml"), city, by="xa_phuong")
    areas = {a.area for t in by_commune.targets if t.group_by != "quan_huyen" for a in t.areas}
    city_communes = {u.name for u in unit_list().communes_of("92")}
    assert len(areas) == 31 and areas <= city_communes


def test_the_2024_census_by_commune_counts_in_the_communes_in_force_and_says_so() -> None:
    from ktt_indicators.plan.progress import gap_report
    from ktt_indicators.plan.targets_loader import load_targets

    last = read_census([EXAMPLES / "census-can-tho-2024.xlsx"], today=TODAY)
    report = gap_report(load_targets(EXAMPLES.parent / "targets.yaml"), last, by="xa_phuong")
    (count,) = [t for t in report.targets if t.id == "htx_count_2030"]
    in_force = {u.name for u in unit_list().communes_of("92")}
    assert {a.area for a in count.areas} <= in_force
    assert sum(a.value or 0 for a in count.areas) == count.value
    assert count.note_en is not None and count.note_en.endswith(
        "each commune before the reform of 1 July 2025 is counted in the commune in force it "
        "went into."
    )
    # the district a census before the reform names is the one of then: nothing to say
    (district,) = [t for t in report.targets if t.id == "nonag_exemplary_per_district_2030"]
    assert district.note_en is None or "former district" not in district.note_en
