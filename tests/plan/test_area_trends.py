"""Which areas of a per-area target fall behind over time, in every output a reader sees.

Two censuses made here by hand, 2024 and 2025, against "at least 1,000 HTX members in each
district by 2030" (Open SDG's method with its thresholds 0.95 / 0.6 / 0; the base is the
earliest year, 2024, so one year has elapsed and six remain from the base to 2030):

    observed = latest / base - 1          required = (1000 / base) ^ (1/6) - 1

- Ninh Kiều 500 → 600: 20% over (1000/500)^(1/6) - 1 = 12.246%: ratio 1.633, on track
  (the district that improves);
- Cờ Đỏ 800 → 700: -12.5% over (1000/800)^(1/6) - 1 = 3.789%: ratio -3.30, deterioration;
- Thới Lai 500 → 520: 4% over 12.246%: ratio 0.327, limited progress;
- Phong Điền 500 → 540: 8% over 12.246%: ratio 0.653, needs acceleration (below the
  target's pace, but not falling behind);
- Bình Thủy 1,200 → 1,100: meets 1,000 now: achieved, although it fell;
- Vĩnh Thạnh 900 → 100: outside the target's declared areas, so not judged: no status,
  although it fell the most.

So the areas falling behind are Cờ Đỏ and Thới Lai, in the table's order.

The target's own status is that of the number of its areas that meet it: 1 of the 5 judged
(Bình Thủy) in 2024 and 1 in 2025, against all 5 by 2030: observed 1/1 - 1 = 0% over
required (5/1)^(1/6) - 1 = 30.77%: ratio 0, limited progress (not the city-wide 4,400
members against 1,000, which would read as met).
"""

from __future__ import annotations

import csv
import io
import json
import re
import textwrap
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from docx import Document
from docx.oxml.ns import qn
from rich.cells import cell_len
from typer.testing import CliRunner

from ktt_indicators.census.reader import read_census
from ktt_indicators.cli.app import app
from ktt_indicators.core.i18n import Lang
from ktt_indicators.plan.history import load_history
from ktt_indicators.plan.progress import GapReport, gap_report
from ktt_indicators.plan.targets_loader import load_targets
from ktt_indicators.report.formats import status_text
from ktt_indicators.report.render import current_text, gap_columns, gap_csv, gap_rows, row_facts
from ktt_indicators.report.render_trend import areas_behind_sentence, trend_words
from ktt_indicators.report.report_html import build_report_html

from conftest import TODAY, write_census

TARGET_ID = "htx_members_per_district_2030"
#: Members of each district's one HTX in 2024 and in 2025.
MEMBERS = {
    "Ninh Kiều": (500, 600),
    "Cờ Đỏ": (800, 700),
    "Thới Lai": (500, 520),
    "Phong Điền": (500, 540),
    "Bình Thủy": (1200, 1100),
    "Vĩnh Thạnh": (900, 100),
}
DECLARED = ["Ninh Kiều", "Cờ Đỏ", "Thới Lai", "Phong Điền", "Bình Thủy"]
#: Each area's status, worked out in the module's docstring; None: not judged.
STATUS = {
    "Ninh Kiều": "on_track",
    "Cờ Đỏ": "deterioration",
    "Thới Lai": "limited_progress",
    "Phong Điền": "needs_acceleration",
    "Bình Thủy": "achieved",
    "Vĩnh Thạnh": None,
}
WORDS = {
    "vi": {"on_track": "Đúng tiến độ", "deterioration": "Đi xuống",
           "limited_progress": "Tiến triển hạn chế", "needs_acceleration": "Cần đẩy nhanh",
           "achieved": "Đã đạt"},
    "en": {"on_track": "On track", "deterioration": "Deterioration",
           "limited_progress": "Limited progress", "needs_acceleration": "Needs acceleration",
           "achieved": "Target achieved"},
}  # fmt: skip
BEHIND = {
    "vi": f"{TARGET_ID}: đang tụt lại ở Cờ Đỏ (đi xuống, 800 → 700 từ 2024), "
    "Thới Lai (tiến triển hạn chế, 500 → 520 từ 2024)",
    "en": f"{TARGET_ID}: falling behind in Cờ Đỏ (deterioration, 800 → 700 since 2024), "
    "Thới Lai (limited progress, 500 → 520 since 2024)",
}
TODAY_ARGS = ["--today", TODAY.isoformat()]


def _targets(folder: Path, value: int = 1000) -> Path:
    path = folder / f"targets-{value}.yaml"
    path.write_text(textwrap.dedent(f"""\
        plan: {{id: per-district, title: Per district}}
        targets:
          - id: {TARGET_ID}
            year: 2030
            title: {{vi: "Thành viên HTX ở mỗi quận, huyện", en: "HTX members in each district"}}
            comparison: at_least
            value: {value}
            source: {{document: D}}
            measure: {{sum: so_thanh_vien, where: {{loai_hinh: HTX}}}}
            group_by: quan_huyen
            areas: [{", ".join(DECLARED)}]
        """), encoding="utf-8")  # fmt: skip
    return path


def _census(folder: Path, year: int) -> Path:
    rows = [
        {"ten": f"HTX {d}", "quan_huyen": d, "xa_phuong": f"Xã {d}", "so_thanh_vien": m}
        for d, (m_2024, m_2025) in MEMBERS.items()
        for m in [m_2024 if year == 2024 else m_2025]
    ]
    info = {"don_vi_bao_cao": "Sở Tài chính", "nam_bao_cao": year,
            "ngay_so_lieu": date(year, 12, 14)}  # fmt: skip
    return write_census(folder / f"census-{year}.xlsx", rows, info=info)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("areas")
    _census(folder, 2024)
    _census(folder, 2025)
    _targets(folder)
    _targets(folder, 500)
    return folder


def censuses(folder: Path) -> list[Path]:
    return [folder / "census-2024.xlsx", folder / "census-2025.xlsx"]


def ktt(folder: Path, *args: Any, lang: Lang = "vi", width: int = 200, value: int = 1000) -> str:
    env = {"KTT_LANG": None, "KTT_TARGETS": None, "COLUMNS": str(width), "FORCE_COLOR": None}
    result = CliRunner(env=env).invoke(
        app,
        ["gap", *map(str, censuses(folder)), "--targets", str(folder / f"targets-{value}.yaml"),
         "--lang", lang, *map(str, args), *TODAY_ARGS],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return result.stdout


def flat(text: str) -> str:
    return " ".join(text.split())


def report_of(folder: Path, value: int = 1000) -> GapReport:
    census = read_census(censuses(folder), today=TODAY)
    return gap_report(load_targets(folder / f"targets-{value}.yaml"), census)


# ----------------------------------------------------------------- the figures


def test_each_area_is_judged_over_time(folder: Path) -> None:
    (p,) = report_of(folder).targets
    areas = {a.area: a for a in p.areas}
    assert list(areas) == list(MEMBERS)
    assert {a: (x.trend.status.value if x.trend else None) for a, x in areas.items()} == STATUS
    ratios = {a: x.trend.ratio for a, x in areas.items() if x.trend and x.trend.ratio is not None}
    assert ratios["Ninh Kiều"] == pytest.approx(0.2 / (2 ** (1 / 6) - 1))
    assert ratios["Ninh Kiều"] == pytest.approx(1.633, abs=1e-3)
    assert ratios["Cờ Đỏ"] == pytest.approx(-3.299, abs=1e-3)
    assert ratios["Thới Lai"] == pytest.approx(0.327, abs=1e-3)
    assert ratios["Phong Điền"] == pytest.approx(0.653, abs=1e-3)


def test_gap_rows_and_row_facts_carry_each_areas_status(folder: Path) -> None:
    report = report_of(folder)
    assert gap_columns(report)[-1] == "status"
    rows, facts = gap_rows(report, "vi"), row_facts(report)
    by_area = {r[2].strip(" ·"): (r[-1], f.status) for r, f in zip(rows, facts, strict=True)
               if not r[0]}  # fmt: skip
    assert by_area == {a: (WORDS["vi"][s] if s else "", s) for a, s in STATUS.items()}


# ----------------------------------------------------------------- the terminal


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_wide_table_shows_each_areas_status_in_its_column(folder: Path, lang: Lang) -> None:
    text = ktt(folder, lang=lang)
    status = {}
    for line in text.splitlines():
        cells = [c.strip() for c in line.split("│")]
        if len(cells) > 2 and cells[1].startswith("· "):
            status[cells[1][2:]] = cells[-2]  # the last column, before the border
    assert status == {a: WORDS[lang][s] if s else "" for a, s in STATUS.items()}
    assert BEHIND[lang] in flat(text)


@pytest.mark.parametrize("width", [60, 80, 100])
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_narrow_screens_give_each_area_its_status_in_its_own_block(
    folder: Path, lang: Lang, width: int
) -> None:
    text = ktt(folder, lang=lang, width=width)
    assert [line for line in text.splitlines() if cell_len(line) > width] == []
    head = "Xu hướng" if lang == "vi" else "Status"
    # An area's block is its line and the lines it wraps onto, indented past its «·».
    blocks: dict[str, str] = {}
    area = None
    for line in text.splitlines():
        if line.startswith("    · "):
            area = line[6:].split("   ")[0]
            blocks[area] = line
        elif area is not None and line.startswith("      ") and line.strip():
            blocks[area] += " " + line.strip()
        else:
            area = None
    assert list(blocks) == list(MEMBERS)
    for name, s in STATUS.items():
        if s is None:
            assert head not in blocks[name], name
        else:
            assert f"{head}: {WORDS[lang][s]}" in blocks[name], name
    assert BEHIND[lang] in flat(text)


def test_no_line_when_no_area_falls_behind(folder: Path) -> None:
    # At least 500 members: every declared district meets it now, so each has achieved it.
    text = ktt(folder, value=500)
    assert "Đã đạt" in text
    assert "tụt lại" not in text
    assert "falling behind" not in ktt(folder, value=500, lang="en")


def test_one_census_has_no_status_for_areas_or_targets(folder: Path) -> None:
    census = read_census([folder / "census-2025.xlsx"], today=TODAY)
    report = gap_report(load_targets(folder / "targets-1000.yaml"), census)
    assert "status" not in gap_columns(report)
    assert all(len(r) == len(gap_columns(report)) for r in gap_rows(report, "vi"))
    assert all(f.status is None for f in row_facts(report))
    assert "status" not in gap_csv(report, "vi").splitlines()[0].split(",")
    (areas,) = re.findall(r'<table class="areas">(.*?)</table>', build_report_html(report))
    assert "<th>Xu hướng</th>" not in areas
    # An area outside the declared ones is shown, not judged: no gap, no verdict.
    (shown,) = re.findall(r"<tr><td>Vĩnh Thạnh</td>(.*?)</tr>", areas)
    assert re.findall(r"<td[^>]*>(.*?)</td>", shown) == ["100", "", ""]


def test_history_alone_gives_the_target_a_status_and_its_areas_none(
    folder: Path, tmp_path: Path
) -> None:
    # City-wide figures of earlier years say nothing of each district: the status column is
    # there (for the target), its area cells are empty, and no area is said to fall behind.
    history = tmp_path / "history.yaml"
    history.write_text(f"{TARGET_ID}: {{2023: 4000, 2024: 4400}}\n", encoding="utf-8")
    census = read_census([folder / "census-2025.xlsx"], today=TODAY)
    targets = load_targets(folder / "targets-1000.yaml")
    report = gap_report(targets, census, history=load_history(history, {TARGET_ID}))
    assert gap_columns(report)[-1] == "status"
    rows = gap_rows(report, "vi")
    assert rows[0][-1] != "" and [r[-1] for r in rows[1:]] == [""] * len(MEMBERS)
    assert areas_behind_sentence(report.targets[0], "vi") is None
    # Nor do they say how many districts met it: the target has no status, and says why.
    trend = report.targets[0].trend
    assert trend is not None and (trend.status.value, trend.reason) == (
        "insufficient_data",
        "history-per-area",
    )
    assert trend_words(report.targets[0], "en") == (
        "Insufficient data — the history file's figures are city-wide and cannot say how many "
        "areas met it; the censuses of earlier years are needed"
    )


# ----------------------------------------------------------------- tabular formats


def test_csv_gives_each_area_its_status(folder: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(ktt(folder, "--format", "csv"))))
    assert {r["area"]: r["status"] for r in rows if r["area"]} == {
        a: s or "" for a, s in STATUS.items()
    }
    # The target's own: 1 of its 5 areas met it in 2024 (Bình Thủy) and 1 in 2025.
    assert rows[0]["area"] == "" and rows[0]["status"] == "limited_progress"


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_markdown_gives_each_area_its_status_and_the_line_under_the_table(
    folder: Path, lang: Lang
) -> None:
    text = ktt(folder, "--format", "markdown", lang=lang)
    status = {}
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip("|").split("|")]
        if len(cells) == 10 and cells[2].startswith("· "):
            status[cells[2][2:]] = cells[-1]
    assert status == {a: WORDS[lang][s] if s else "" for a, s in STATUS.items()}
    assert f"- {BEHIND[lang]}" in text.splitlines()


def test_json_gives_each_judged_area_its_status_and_trend(folder: Path) -> None:
    (target,) = json.loads(ktt(folder, "--format", "json"))["targets"]
    areas = {a["area"]: a for a in target["areas"]}
    assert {a: x.get("status") for a, x in areas.items()} == STATUS
    assert "trend" not in areas["Vĩnh Thạnh"]
    assert [(p["year"], p["value"]) for p in areas["Cờ Đỏ"]["trend"]["points"]] == [
        (2024, 800),
        (2025, 700),
    ]


# ----------------------------------------------------------------- the reports


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_html_shows_each_areas_status_and_the_line_under_the_summary(
    folder: Path, tmp_path: Path, lang: Lang
) -> None:
    page_path = tmp_path / "report.html"
    ktt(folder, "-o", page_path, lang=lang)
    page = page_path.read_text(encoding="utf-8")
    (areas,) = re.findall(r'<table class="areas">(.*?)</table>', page)
    status = {}
    for row in re.findall(r"<tr>(.*?)</tr>", areas)[1:]:
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row)
        badge = re.search(r'<span class="status"[^>]*>(.*?)</span>', cells[-1])
        status[cells[0]] = badge[1] if badge else ""
    assert status == {a: WORDS[lang][s] if s else "" for a, s in STATUS.items()}
    summary = page.split('<table class="summary">', 1)[1]
    rows = re.findall(r"<tr>(.*?)</tr>", summary.split("</table>", 1)[0])
    in_summary = {}
    for row in rows:
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row)
        if cells and cells[2].strip().startswith("· "):
            in_summary[cells[2].strip()[2:]] = cells[-1]
    assert in_summary == status
    line = summary.split("</table>", 1)[1]
    assert f'<p class="behind">{BEHIND[lang]}</p>' in line


def test_html_has_no_line_when_no_area_falls_behind(folder: Path, tmp_path: Path) -> None:
    page_path = tmp_path / "report.html"
    ktt(folder, "-o", page_path, value=500)
    assert 'class="behind"' not in page_path.read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_xlsx_says_under_the_summary_which_areas_fall_behind(
    folder: Path, tmp_path: Path, lang: Lang
) -> None:
    path = tmp_path / "report.xlsx"
    ktt(folder, "-o", path, lang=lang)
    ws = openpyxl.load_workbook(path).worksheets[0]
    texts = [row[0] for row in ws.iter_rows(values_only=True)]
    # The heading row, the target's row, a blank row, then the line.
    first = texts.index(TARGET_ID)
    assert texts[first + 1 :] == [None, BEHIND[lang]]


def test_xlsx_has_no_line_when_no_area_falls_behind(folder: Path, tmp_path: Path) -> None:
    path = tmp_path / "report.xlsx"
    ktt(folder, "-o", path, value=500)
    ws = openpyxl.load_workbook(path).worksheets[0]
    texts = [row[0] for row in ws.iter_rows(values_only=True)]
    assert texts[texts.index(TARGET_ID) + 1 :] == []


def _paragraphs(path: Path) -> list[str]:
    body = Document(str(path)).element.body
    return ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in body.iter(qn("w:p"))]


@pytest.mark.parametrize(
    ("lang", "areas", "behind"),
    [
        ("vi",
         "- Theo địa bàn: 1/5 địa bàn đạt; đạt: Bình Thủy (1.100); chưa đạt: Ninh Kiều (600, "
         "đúng tiến độ), Cờ Đỏ (700, đi xuống), Thới Lai (520, tiến triển hạn chế), Phong Điền "
         "(540, cần đẩy nhanh); không xét: Vĩnh Thạnh (100).",
         "- Địa bàn đang tụt lại: Cờ Đỏ (đi xuống, 800 → 700 từ 2024), Thới Lai (tiến triển "
         "hạn chế, 500 → 520 từ 2024)."),
        ("en",
         "- By area: 1/5 areas met; met: Bình Thủy (1,100); not met: Ninh Kiều (600, on track), "
         "Cờ Đỏ (700, deterioration), Thới Lai (520, limited progress), Phong Điền (540, needs "
         "acceleration); not judged: Vĩnh Thạnh (100).",
         "- Areas falling behind: Cờ Đỏ (deterioration, 800 → 700 since 2024), Thới Lai "
         "(limited progress, 500 → 520 since 2024)."),
    ],
)  # fmt: skip
def test_the_report_document_says_each_areas_status_and_which_fall_behind(
    folder: Path, tmp_path: Path, lang: Lang, areas: str, behind: str
) -> None:
    path = tmp_path / "report.docx"
    ktt(folder, "-o", path, lang=lang)
    lines = _paragraphs(path)
    at = lines.index(areas)
    assert lines[at + 1] == behind


def test_the_report_document_has_no_line_when_no_area_falls_behind(
    folder: Path, tmp_path: Path
) -> None:
    path = tmp_path / "report.docx"
    ktt(folder, "-o", path, value=500)
    lines = _paragraphs(path)
    assert any(line.startswith("- Theo địa bàn: 5/5 địa bàn đạt") for line in lines)
    assert not any("tụt lại" in line for line in lines)


def test_the_target_s_own_status_counts_its_areas_that_meet_it(folder: Path) -> None:
    # 1 of the 5 judged areas met it in 2024 and in 2025: a share of 20% both years, against
    # all of them (100%) by 2030: (1/0.2)^(1/6) - 1 needed, 0 observed: limited progress.
    (p,) = report_of(folder).targets
    assert p.trend is not None and p.trend.series == "areas_met"
    assert [(pt.year, pt.value) for pt in p.trend.points] == [(2024, 0.2), (2025, 0.2)]
    assert p.trend.required_rate == pytest.approx(5 ** (1 / 6) - 1, abs=1e-9)
    assert (p.trend.ratio, p.trend.status.value) == (0.0, "limited_progress")
    # Said in shares of areas, not in members: +0 points a year so far, (100% - 20%) / 5 =
    # +16 points a year needed; the projection stays at 20%.
    vi = flat(ktt(folder, width=100))
    assert "1/5 địa bàn đạt" in vi and "1/6" not in vi  # Vĩnh Thạnh is not judged
    assert ("bình quân +0,0 điểm %/năm từ 2024; từ nay cần +16,0 điểm %/năm; theo xu hướng "
            "hiện nay 20,0% số địa bàn đạt vào 2030 (chỉ tiêu: mọi địa bàn)") in vi  # fmt: skip
    en = flat(ktt(folder, lang="en", width=100))
    assert "the share of areas meeting it has grown since 2024 at 0.0% of the rate" in en
    assert "on the current trend 20.0% of the areas meet it by 2030 (target: all of them)" in en


def _per_area_plan(folder: Path) -> Path:
    """At least 1,000 HTX members in each district, no areas declared."""
    path = folder / "open.yaml"
    path.write_text(_targets(folder).read_text(encoding="utf-8").split("    areas:")[0],
                    encoding="utf-8")  # fmt: skip
    return path


def test_years_with_other_areas_compare_by_their_shares(tmp_path: Path) -> None:
    # 2024: 9 districts, 5 meet 1,000 members (56%); 2025, after a merger: 3 districts, 2
    # meet it (67%). Counts would say 5 → 2, «deterioration»; the shares rise: observed
    # (0.667/0.556)^1 - 1 = 20% over required (1/0.556)^(1/6) - 1 = 10.29%: 1.94, on track.
    old = [{"ten": f"H{n}", "quan_huyen": f"D{n}", "so_thanh_vien": 1200 if n < 5 else 10}
           for n in range(9)]  # fmt: skip
    new = [{"ten": f"H{n}", "quan_huyen": f"M{n}", "so_thanh_vien": 1200 if n < 2 else 10}
           for n in range(3)]  # fmt: skip
    for year, rows in ((2024, old), (2025, new)):
        info = {"don_vi_bao_cao": "Sở", "nam_bao_cao": year, "ngay_so_lieu": date(year, 12, 14)}
        write_census(tmp_path / f"census-{year}.xlsx", rows, info=info)
    census = read_census(censuses(tmp_path), today=TODAY)
    (p,) = gap_report(load_targets(_per_area_plan(tmp_path)), census).targets
    assert p.trend is not None
    assert [round(pt.value, 4) for pt in p.trend.points] == [round(5 / 9, 4), round(2 / 3, 4)]
    observed, required = (2 / 3) / (5 / 9) - 1, (9 / 5) ** (1 / 6) - 1
    assert p.trend.ratio == pytest.approx(observed / required)
    assert p.trend.status.value == "on_track"


def test_a_per_area_target_with_no_area_is_not_judged_on_the_city_total(tmp_path: Path) -> None:
    # No «Quận/huyện» column (district level was abolished on 1 July 2025) and communes that
    # are no unit (nothing to roll them up by): 1,800 members in the city say nothing of «at
    # least 1,000 in each district».
    rows = [{"ten": "H1", "so_thanh_vien": 900, "xa_phuong": "Xã A"},
            {"ten": "H2", "so_thanh_vien": 900, "xa_phuong": "Xã B"}]  # fmt: skip
    info = {"don_vi_bao_cao": "Sở", "nam_bao_cao": 2025, "ngay_so_lieu": date(2025, 12, 14)}
    path = write_census(tmp_path / "census-2025.xlsx", rows, info=info,
                        headers=["ten", "loai_hinh", "ma_so", "xa_phuong", "linh_vuc",
                                 "tinh_trang", "so_thanh_vien"])  # fmt: skip
    census = read_census([path], today=TODAY)
    (p,) = gap_report(load_targets(_per_area_plan(tmp_path)), census).targets
    assert (p.met, p.gap, p.progress, p.missing) == (None, None, None, "no-areas")
    assert p.trend is None
    assert current_text(p, "vi") == "không có địa bàn nào để đánh giá"
    assert status_text(p.met, p.above_range, "vi") != status_text(True, False, "vi")


def test_a_census_after_the_reform_without_districts_rolls_its_communes_up(
    tmp_path: Path,
) -> None:
    # «at least 1,000 in each district» on a census of communes only: each commune in force
    # counts in the old district of its main predecessor, and the report says so.
    rows = [{"ten": "H1", "so_thanh_vien": 600, "xa_phuong": "Xã Thới Lai"},
            {"ten": "H2", "so_thanh_vien": 600, "xa_phuong": "Xã Trường Xuân"},  # Thới Lai's
            {"ten": "H3", "so_thanh_vien": 1500, "xa_phuong": "Phường Cái Khế"}]  # fmt: skip
    info = {"don_vi_bao_cao": "Sở Tài chính thành phố Cần Thơ", "nam_bao_cao": 2025,
            "ngay_so_lieu": date(2025, 12, 14)}  # fmt: skip
    path = write_census(tmp_path / "census-2025.xlsx", rows, info=info,
                        headers=["ten", "loai_hinh", "ma_so", "xa_phuong", "linh_vuc",
                                 "tinh_trang", "so_thanh_vien"])  # fmt: skip
    census = read_census([path], today=TODAY)
    assert census.findings == []
    (p,) = gap_report(load_targets(_per_area_plan(tmp_path)), census).targets
    assert {a.area: a.value for a in p.areas} == {"Huyện Thới Lai": 1200, "Quận Ninh Kiều": 1500}
    assert (p.met, p.areas_met, p.areas_judged) == (True, 2, 2)
    assert p.note_vi is not None and p.note_vi.endswith(
        "mỗi xã, phường hiện nay được tính vào quận, huyện cũ của đơn vị chính trước sắp xếp "
        "ngày 01/7/2025."
    )
    assert p.note_en is not None and "former district of its main predecessor" in p.note_en
