"""The targets file: the bundled plan, the YAML model and the messages for its mistakes."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from ktt_indicators.census.reader import read_census
from ktt_indicators.plan.measures import CountQuantity, ShareMeasure, SumQuantity
from ktt_indicators.plan.progress import gap_report
from ktt_indicators.plan.targets import Comparison, TargetsFile
from ktt_indicators.plan.targets_loader import TargetsFileError, load_targets

from conftest import TODAY, MakeCensus

ROOT = Path(__file__).resolve().parents[2]
REAL_TARGETS = ROOT / "targets.yaml"
EXAMPLE_TARGETS = sorted((ROOT / "plans").glob("*.yaml"))

# Every target of targets-from-seeds.md: id → (year, comparison, value as the model holds it).
SEED_TARGETS: dict[str, tuple[int, Comparison, float | tuple[float, float] | None]] = {
    "tht_count_2030": (2030, Comparison.ABOUT, 2000),
    "tht_members_2030": (2030, Comparison.MORE_THAN, 80000),
    "htx_count_2030": (2030, Comparison.AT_LEAST, 400),
    "htx_members_2030": (2030, Comparison.MORE_THAN, 40000),
    "lhhtx_count_2030": (2030, Comparison.AT_LEAST, 5),
    "lhhtx_member_htx_2030": (2030, Comparison.AT_LEAST, 20),
    "good_fair_share_2030": (2030, Comparison.MORE_THAN, 0.6),
    "value_chain_share_2030": (2030, Comparison.AT_LEAST, 0.55),
    "high_tech_htx_2030": (2030, Comparison.BETWEEN, (80, 100)),
    "nonag_exemplary_per_district_2030": (2030, Comparison.BETWEEN, (1, 2)),
    "population_share_2045": (2045, Comparison.AT_LEAST, 0.2),
    "effective_share_2045": (2045, Comparison.MORE_THAN, 0.9),
    "linkage_share_2045": (2045, Comparison.AT_LEAST, 0.8),
    "tech_adoption_share_2045": (2045, Comparison.ALL, None),
    "female_director_share_2045": (2045, Comparison.AT_LEAST, 0.3),
    "new_model_htx_2025": (2025, Comparison.AT_LEAST, 5),
}


@pytest.fixture(scope="module")
def real() -> TargetsFile:
    return load_targets(REAL_TARGETS)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "t.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def target_yaml(
    *,
    id: str = "x",
    comparison: str = "at_least",
    value: str = "1",
    measure: str = "{count: {loai_hinh: HTX}}",
    extra: str = "",
) -> str:
    """One target as YAML list item (indented for ``targets:``)."""
    return (
        f"  - id: {id}\n"
        "    year: 2030\n"
        "    title: X\n"
        f"    comparison: {comparison}\n"
        f"    value: {value}\n"
        "    source: {document: Test}\n"
        f"    measure: {measure}\n" + textwrap.indent(textwrap.dedent(extra), "    ")
    )


def plan_yaml(*targets: str, head: str = "") -> str:
    return "plan: {id: test, title: Test}\n" + head + "targets:\n" + "".join(targets)


def problems_of(tmp_path: Path, text: str) -> list[tuple[str, str]]:
    path = write(tmp_path, text)
    with pytest.raises(TargetsFileError) as info:
        load_targets(path)
    assert info.value.path == path
    assert str(path) in str(info.value)
    assert info.value.problems
    return info.value.problems


# ----------------------------------------------------------------------------- the real file


def test_real_targets_file_loads(real: TargetsFile):
    assert real.plan.id == "can-tho-kh-53-2023"
    # The default universe is the active organizations.
    status = real.universe.conditions["tinh_trang"]
    assert status.any_of == ("Đang hoạt động",)


@pytest.mark.parametrize("target_id", sorted(SEED_TARGETS))
def test_real_targets_file_has_every_seed_target(real: TargetsFile, target_id: str):
    year, comparison, value = SEED_TARGETS[target_id]
    t = real.get(target_id)
    assert t is not None, f"{target_id} missing from targets.yaml"
    assert t.year == year
    assert t.comparison == comparison
    if comparison == Comparison.ALL:
        assert t.low == 1.0
        assert t.value in (None, 1.0)
    elif isinstance(value, tuple):
        assert t.value == value
        assert (t.low, t.high) == value
    else:
        assert t.value == pytest.approx(value)
        assert t.high is None
    # Every target names its source document.
    assert t.source.document


def test_real_targets_file_details(real: TargetsFile):
    # About 2,000 with a 5% tolerance.
    assert real.get("tht_count_2030").tolerance == pytest.approx(0.05)  # type: ignore[union-attr]
    # Good/fair and effective are measured over the same set.
    good, effective = real.get("good_fair_share_2030"), real.get("effective_share_2045")
    assert good is not None and effective is not None
    assert isinstance(good.measure, ShareMeasure)
    assert good.measure == effective.measure
    assert good.context and good.context[0].label.en == "Cooperatives and unions not rated"
    # The two value-chain targets read «trong đó» the same way.
    chain, linkage = real.get("value_chain_share_2030"), real.get("linkage_share_2045")
    assert chain is not None and linkage is not None
    assert chain.measure == linkage.measure
    # Per former district, with the nine districts of the old city declared.
    per_district = real.get("nonag_exemplary_per_district_2030")
    assert per_district is not None
    assert per_district.group_by == "quan_huyen"
    assert len(per_district.areas) == 9
    assert "Ninh Kiều" in per_district.areas
    # Counts are counts; members are sums.
    assert isinstance(real.get("htx_count_2030").measure, CountQuantity)  # type: ignore[union-attr]
    members = real.get("tht_members_2030")
    assert members is not None and isinstance(members.measure, SumQuantity)
    assert members.measure.sum == "so_thanh_vien"


def test_for_year(real: TargetsFile):
    assert {t.id for t in real.for_year(2025)} == {"new_model_htx_2025"}
    assert {t.id for t in real.for_year(2045)} == {
        k for k, (year, _, _) in SEED_TARGETS.items() if year == 2045
    }
    assert real.for_year(1999) == []
    assert len(real.for_year(None)) == len(real.targets)


# ----------------------------------------------------------------------------- values


@pytest.mark.parametrize(
    ("written", "expected"),
    [("60%", 0.6), ('"55%"', 0.55), ('"12,5%"', 0.125), ('"20 %"', 0.2), ("0.3", 0.3)],
)
def test_percent_strings_parse(tmp_path: Path, written: str, expected: float):
    share = "{share: {numerator: {chuoi_gia_tri: true}, denominator: {}}}"
    path = write(tmp_path, plan_yaml(target_yaml(value=written, measure=share)))
    t = load_targets(path).targets[0]
    assert t.value == pytest.approx(expected)
    assert t.is_share


def test_between_of_percentages(tmp_path: Path):
    share = "{share: {numerator: {chuoi_gia_tri: true}, denominator: {}}}"
    text = plan_yaml(target_yaml(comparison="between", value="[10%, 20%]", measure=share))
    t = load_targets(write(tmp_path, text)).targets[0]
    assert t.value == pytest.approx((0.1, 0.2))


def test_all_needs_no_value(tmp_path: Path):
    text = """\
        plan: {id: test, title: Test}
        targets:
          - id: x
            year: 2045
            title: X
            comparison: all
            source: {document: Test}
            measure: {share: {numerator: {chuyen_doi_so: true}, denominator: {}}}
        """
    t = load_targets(write(tmp_path, text)).targets[0]
    assert (t.low, t.high) == (1.0, None)


def test_title_can_be_one_string(tmp_path: Path):
    t = load_targets(write(tmp_path, plan_yaml(target_yaml()))).targets[0]
    assert (t.title.vi, t.title.en) == ("X", "X")


# ----------------------------------------------------------------------------- mistakes


def test_unknown_column_in_a_filter(tmp_path: Path):
    problems = problems_of(tmp_path, plan_yaml(target_yaml(measure="{count: {loai_hin: HTX}}")))
    assert len(problems) == 1
    loc, msg = problems[0]
    assert loc.startswith("targets[x].measure.count")
    assert "loai_hin" in loc + msg
    assert "unknown" in msg
    assert "did you mean «loai_hinh»" in msg


def test_unknown_column_in_a_share_names_numerator_or_denominator(tmp_path: Path):
    measure = "{share: {numerator: {xep_loia: Tốt}, denominator: {loai_hinh: HTX}}}"
    problems = problems_of(tmp_path, plan_yaml(target_yaml(value="60%", measure=measure)))
    assert len(problems) == 1
    loc, msg = problems[0]
    assert loc.startswith("targets[x].measure.share.numerator")
    assert "xep_loia" in loc + msg
    assert "did you mean «xep_loai»" in msg


def test_unknown_category_value(tmp_path: Path):
    problems = problems_of(
        tmp_path, plan_yaml(target_yaml(measure="{count: {loai_hinh: Công ty}}"))
    )
    loc, msg = problems[0]
    assert loc.startswith("targets[x].measure")
    assert "Công ty" in msg
    # What was expected: the values of the column.
    assert "THT" in msg and "HTX" in msg and "LHHTX" in msg


def test_category_value_with_a_suggestion(tmp_path: Path):
    problems = problems_of(
        tmp_path, plan_yaml(target_yaml(measure="{count: {xep_loai: Kha gioi}}"))
    )
    _, msg = problems[0]
    assert "Kha gioi" in msg
    assert "Khá" in msg


def test_comparison_on_a_text_column(tmp_path: Path):
    problems = problems_of(tmp_path, plan_yaml(target_yaml(measure="{count: {ten: {gte: 3}}}")))
    loc, msg = problems[0]
    assert loc.startswith("targets[x].measure.count")
    assert "numeric" in msg
    assert "ten" in loc + msg


def test_sum_of_a_column_that_cannot_be_summed(tmp_path: Path):
    problems = problems_of(tmp_path, plan_yaml(target_yaml(measure="{sum: ten}")))
    loc, msg = problems[0]
    assert loc.startswith("targets[x].measure")
    assert "so_thanh_vien" in msg  # the columns that can be summed are listed


def test_unknown_measure(tmp_path: Path):
    problems = problems_of(tmp_path, plan_yaml(target_yaml(measure="{tally: {}}")))
    loc, msg = problems[0]
    assert loc == "targets[x].measure"
    assert "count:" in msg and "share:" in msg


@pytest.mark.parametrize("value", ["80", "[80]", "[100, 80]", "[80, 90, 100]"])
def test_between_needs_two_values(tmp_path: Path, value: str):
    problems = problems_of(tmp_path, plan_yaml(target_yaml(comparison="between", value=value)))
    assert all(loc.startswith("targets[x]") for loc, _ in problems)
    # What was expected: two values, low and high.
    assert any("between" in msg or "low, high" in msg or "2 items" in msg for _, msg in problems), (
        problems
    )


def test_between_error_names_low_and_high(tmp_path: Path):
    problems = problems_of(tmp_path, plan_yaml(target_yaml(comparison="between", value="80")))
    assert ("targets[x]", "a 'between' target needs value: [low, high] with low ≤ high") in (
        problems
    )


def test_unknown_key_in_a_target(tmp_path: Path):
    problems = problems_of(tmp_path, plan_yaml(target_yaml(extra="colour: red\n")))
    assert len(problems) == 1
    loc, msg = problems[0]
    assert loc == "targets[x].colour"
    assert msg == "unknown key «colour»"  # nothing near it to suggest


def test_one_mistake_gives_one_problem(tmp_path: Path):
    # A file with one target and one mistake: exactly one problem, at that mistake.
    problems = problems_of(tmp_path, plan_yaml(target_yaml(extra="areas: [A]\n")))
    assert problems == [("targets[x]", "areas: needs group_by:")]


def test_unknown_key_at_the_top(tmp_path: Path):
    problems = problems_of(tmp_path, plan_yaml(target_yaml(), head="universes: {}\n"))
    assert [loc for loc, _ in problems] == ["universes"]


def test_unknown_comparison(tmp_path: Path):
    problems = problems_of(tmp_path, plan_yaml(target_yaml(comparison="roughly")))
    loc, msg = problems[0]
    assert loc == "targets[x].comparison"
    assert "about" in msg and "more_than" in msg


def test_duplicate_id(tmp_path: Path):
    problems = problems_of(tmp_path, plan_yaml(target_yaml(id="x"), target_yaml(id="x")))
    assert problems == [("targets", "target id «x» is used twice")]


@pytest.mark.parametrize("value", ["60", "1.5", "[50, 80]"])
def test_share_value_must_be_a_fraction(tmp_path: Path, value: str):
    share = "{share: {numerator: {chuoi_gia_tri: true}, denominator: {}}}"
    comparison = "between" if value.startswith("[") else "at_least"
    problems = problems_of(
        tmp_path, plan_yaml(target_yaml(value=value, measure=share, comparison=comparison))
    )
    assert len(problems) == 1
    loc, msg = problems[0]
    assert loc.startswith("targets[x]")
    assert "fraction" in msg and "60%" in msg


def test_missing_value(tmp_path: Path):
    text = plan_yaml(target_yaml()).replace("    value: 1\n", "")
    problems = problems_of(tmp_path, text)
    assert problems[0][0] == "targets[x]"
    assert "one number" in problems[0][1]


def test_missing_required_field(tmp_path: Path):
    text = plan_yaml(target_yaml()).replace("    source: {document: Test}\n", "")
    problems = problems_of(tmp_path, text)
    assert [loc for loc, _ in problems] == ["targets[x]"]
    assert problems[0][1] == "«source» is missing"  # the field is named


def test_areas_need_group_by(tmp_path: Path):
    problems = problems_of(tmp_path, plan_yaml(target_yaml(extra="areas: [A, B]\n")))
    assert problems == [("targets[x]", "areas: needs group_by:")]


def test_bad_id(tmp_path: Path):
    problems = problems_of(tmp_path, plan_yaml(target_yaml(id="Bad-Id")))
    assert problems[0][0] == "targets[Bad-Id].id"


def test_invalid_yaml_names_the_line(tmp_path: Path):
    text = (
        "plan: {id: test, title: Test}\n"  # 1
        "targets:\n"  # 2
        "  - id: x\n"  # 3
        "    year: 2030\n"  # 4
        "   title: misaligned\n"  # 5
    )
    problems = problems_of(tmp_path, text)
    assert len(problems) == 1
    loc, _ = problems[0]
    assert loc.startswith("line 5,")


def test_not_a_mapping(tmp_path: Path):
    problems = problems_of(tmp_path, "- just\n- a list\n")
    assert problems[0][0] == "(top)"
    assert "plan:" in problems[0][1] and "targets:" in problems[0][1]


def test_empty_file(tmp_path: Path):
    problems = problems_of(tmp_path, "")
    assert problems[0][0] == "(top)"


def test_no_targets(tmp_path: Path):
    problems = problems_of(tmp_path, "plan: {id: test, title: Test}\ntargets: []\n")
    assert problems[0][0] == "targets"


def test_missing_file(tmp_path: Path):
    path = tmp_path / "nope.yaml"
    with pytest.raises(TargetsFileError) as info:
        load_targets(path)
    assert info.value.problems == [("(file)", "file not found")]
    assert "nope.yaml" in str(info.value)


def test_not_utf8(tmp_path: Path):
    path = tmp_path / "t.yaml"
    path.write_bytes("plan: {id: t, title: Kế hoạch}\n".encode("utf-16"))
    with pytest.raises(TargetsFileError) as info:
        load_targets(path)
    assert info.value.problems[0][0] == "(file)"


# ----------------------------------------------------------------------------- other plans


@pytest.mark.parametrize(
    "path",
    [pytest.param(p, id=p.name) for p in EXAMPLE_TARGETS]
    or [pytest.param(None, id="none", marks=pytest.mark.skip("no plans/*.yaml"))],
)
def test_example_targets_files_load_and_evaluate(
    path: Path | None, make_census: MakeCensus
) -> None:
    assert path is not None
    plan = load_targets(path)
    assert plan.plan.id and plan.plan.title
    assert plan.targets
    for t in plan.targets:
        assert t.source.document, f"{t.id} names no source document"
    # Every measure evaluates over a small census.
    census = read_census(
        [
            make_census(
                [
                    {"ten": "HTX 1", "xep_loai": "Tốt", "chuoi_gia_tri": "x"},
                    {"ten": "THT 1", "loai_hinh": "THT"},
                    {"ten": "LH 1", "loai_hinh": "LHHTX"},
                ],
                info={"don_vi_bao_cao": "Test", "nam_bao_cao": 2025, "dan_so": 1000},
            )
        ],
        today=TODAY,
    )
    report = gap_report(plan, census, 2025)
    assert [p.id for p in report.targets] == [t.id for t in plan.targets]


def test_misspelt_keys_name_their_line_and_the_key_meant(tmp_path: Path):
    """«mesure:» is an unknown key and «measure» a missing one: the first is the second."""
    from ktt_indicators.core.i18n import target_problem
    from ktt_indicators.plan.targets_loader import TargetsFileError, load_targets

    text = plan_yaml(target_yaml()).replace("measure:", "mesure:").replace("year:", "yaer:")
    path = tmp_path / "t.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(TargetsFileError) as caught:
        load_targets(path)
    lines = text.splitlines()
    unknown = {d.params["key"]: d for d in caught.value.details if d.code == "extra_forbidden"}
    assert set(unknown) == {"mesure", "yaer"}
    for key, meant in (("mesure", "measure"), ("yaer", "year")):
        d = unknown[key]
        assert lines[int(d.params["line"]) - 1].strip().startswith(f"{key}:")
        assert d.message == f"unknown key «{key}»; did you mean «{meant}»?"
        en = target_problem(d.path, d.code, d.params, d.message, "en")
        assert en.startswith(f"line {d.params['line']} (") and f"did you mean «{meant}»?" in en
        vi = target_problem(d.path, d.code, d.params, d.message, "vi")
        assert vi.startswith(f"dòng {d.params['line']} (") and f"có lẽ là «{meant}»" in vi
    missing = {d.params["field"] for d in caught.value.details if d.code == "missing"}
    assert {"measure", "year"} <= missing
