"""The bundled plans (plans/*.yaml): every figure against the source text quoted with it, and
each plan run on the example census, by its id."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ktt_indicators.cli.app import app
from ktt_indicators.core.resources import bundled_plans, find_plan
from ktt_indicators.plan.targets import Comparison, Target
from ktt_indicators.plan.targets_loader import load_targets

ROOT = Path(__file__).resolve().parents[2]
PLANS = sorted((ROOT / "plans").glob("*.yaml"))
#: Every plan the issue asks for, by id, with how many targets its documents give.
EXPECTED = {
    "nq-20-tw-2022": 13,
    "qd-340-ttg-2021": 12,
    "tay-ninh-2030": 12,
    "hoa-binh-2030": 9,
    "ha-noi-20-ctr-tu": 5,
}
#: The words before a figure that give its comparison, in the sources' English wording.
WORDS = {
    Comparison.ABOUT: ("about",),
    Comparison.MORE_THAN: ("more than", "over"),
    Comparison.LESS_THAN: ("under",),
    Comparison.AT_LEAST: ("at least",),
}
OTHER_WORDS = ("about", "more than", "over", "under", "at least")


def numbers_in(text: str) -> list[tuple[float, str]]:
    """The figures of a quoted text as the model holds them, each with the words just before
    it: "140,000" is 140000, "2 million" 2000000, "60%" 0.6, and "60–70%" both 0.6 and 0.7
    (the words before them "–"). In "over 5,000 HTX and 500 THT", "over" is before both."""
    found: list[tuple[float, str]] = []
    for m in re.finditer(r"(\d+)\s*–\s*(\d+)\s*%", text):
        found += [(int(m[1]) / 100, "–"), (int(m[2]) / 100, "–")]
    rest = re.sub(r"\d+\s*–\s*\d+\s*%", "", text)
    for m in re.finditer(r"(\d[\d,]*)\s*(million|%)?", rest):
        x = float(m[1].replace(",", ""))
        x = x * 1_000_000 if m[2] == "million" else x / 100 if m[2] == "%" else x
        before = rest[max(0, m.start() - 12) : m.start()].lower()
        if before.endswith(" and ") and found:  # "over 5,000 HTX and 500 THT": over both
            before = found[-1][1]
        found.append((x, before))
    return found


def figures(t: Target) -> list[float]:
    return list(t.value) if isinstance(t.value, tuple) else [float(t.low)]


@pytest.mark.parametrize("plan_id", sorted(EXPECTED))
def test_every_figure_is_in_the_source_text_quoted_with_it(plan_id: str) -> None:
    """Each figure is a number of the text quoted with the target, and the words before that
    number give the target's comparison ("about", "more than"/"over", "under", "at least" or
    none: a bare number is a level to reach; a range "60–70%" is a between)."""
    path = find_plan(plan_id)
    assert path is not None and path.parent.name == "plans" and path.stem == plan_id
    plan = load_targets(path)
    assert plan.plan.id == plan_id
    assert len(plan.targets) == EXPECTED[plan_id]
    for t in plan.targets:
        assert t.source.text, f"{t.id} quotes no source text"
        quoted = numbers_in(t.source.text)
        for x in figures(t):
            before = [b for q, b in quoted if abs(x - q) < 1e-9]
            assert before, f"{t.id}: {x} not in {t.source.text!r}"
            if t.comparison == Comparison.BETWEEN:
                assert "–" in before
            elif t.comparison == Comparison.AT_LEAST:
                assert any("at least" in b or not any(w in b for w in OTHER_WORDS)
                           for b in before), f"{t.id}: {before}"  # fmt: skip
            else:
                assert any(w in b for w in WORDS[t.comparison] for b in before), (t.id, before)


def test_the_quoted_numbers_are_read_as_the_documents_write_them() -> None:
    assert numbers_in("about 140,000 THT with 2 million members") == [
        (140000, "about "), (2000000, "00 tht with "),
    ]  # fmt: skip
    assert numbers_in("HTX rated good or fair 60–70% of all HTX") == [(0.6, "–"), (0.7, "–")]
    assert numbers_in("weak HTX under 2%") == [(0.02, "k htx under ")]
    assert [b for _, b in numbers_in("over 5,000 HTX and 500 THT")] == ["over ", "over "]


def test_every_bundled_plan_is_listed_with_its_id() -> None:
    result = CliRunner().invoke(app, ["targets", "--list", "--format", "json", "--lang", "en"])
    assert result.exit_code == 0
    import json

    listed = {p["id"]: p for p in json.loads(result.stdout)}
    assert set(listed) == {*EXPECTED, "can-tho-kh-53-2023"}
    assert listed["can-tho-kh-53-2023"]["file"] == "targets.yaml"  # the default stays first
    assert bundled_plans()[0].name == "targets.yaml"
    assert {p.stem for p in PLANS} == set(EXPECTED)


@pytest.mark.parametrize("plan_id", sorted(EXPECTED))
def test_targets_and_gap_run_on_each_plan_by_its_id(plan_id: str) -> None:
    import json

    listed = CliRunner().invoke(app, ["targets", "--targets", plan_id, "--lang", "en"])
    assert listed.exit_code == 0, listed.stderr
    plan = load_targets(find_plan(plan_id) or "")
    assert plan.plan.title.split()[0] in listed.stdout
    assert "Reading of «trong đó»" in listed.stdout  # every plan names its readings
    gap = CliRunner().invoke(app, ["gap", "--targets", plan_id, "--format", "json"])
    assert gap.exit_code == 0, gap.stderr
    report = json.loads(gap.stdout)
    assert report["plan"] == plan_id
    assert [t["id"] for t in report["targets"]] == [t.id for t in plan.targets]


def test_a_plan_id_that_is_no_plan_is_a_missing_file() -> None:
    result = CliRunner().invoke(app, ["targets", "--targets", "nq-21-tw", "--lang", "en"])
    assert result.exit_code == 2
    assert "nq-21-tw" in result.stderr
