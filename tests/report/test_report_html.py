"""The self-contained HTML report: every target, inline SVG, escaped text, no network."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest

from ktt_indicators.census.reader import read_census
from ktt_indicators.plan.history import load_history
from ktt_indicators.plan.progress import GapReport, gap_report
from ktt_indicators.plan.targets_loader import load_targets
from ktt_indicators.report.provenance import provenance
from ktt_indicators.report.report_html import build_report_html

from conftest import TODAY

ROOT = Path(__file__).resolve().parents[2]
CENSUS = ROOT / "examples" / "census-can-tho-2025.xlsx"
TARGETS = ROOT / "targets.yaml"
HISTORY = ROOT / "examples" / "history-can-tho.yaml"


@pytest.fixture(scope="module")
def report() -> GapReport:
    census = read_census([CENSUS], today=TODAY)
    return gap_report(load_targets(TARGETS), census, 2025, history=load_history(HISTORY))


@pytest.fixture(scope="module")
def page(report: GapReport) -> str:
    prov = provenance([CENSUS], TARGETS, HISTORY, now=datetime(2026, 11, 21, 9, 0))
    return build_report_html(report, "vi", prov)


def _card(page: str, target_id: str) -> str:
    match = re.search(rf'<section class="card" id="t-{target_id}">(.*?)</section>', page, re.S)
    assert match, target_id
    return match.group(1)


class _Checker(HTMLParser):
    """Counts open and closed elements; void elements need no end tag."""

    VOID = frozenset({"meta", "br", "line", "rect", "circle", "path", "polyline"})

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.html_lang: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "html":
            self.html_lang = dict(attrs).get("lang")
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        pass

    def handle_endtag(self, tag: str) -> None:
        if tag in self.VOID and (not self.stack or self.stack[-1] != tag):
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"unexpected </{tag}>, open: {self.stack[-3:]}")
            return
        self.stack.pop()


def test_every_target_has_a_card_with_a_bar(report: GapReport, page: str) -> None:
    for p in report.targets:
        card = _card(page, p.id)
        assert p.title_vi in card
        assert card.count('<svg class="bar"') == 1
    assert page.count('<svg class="bar"') == len(report.targets)
    assert "Tiến độ thực hiện chỉ tiêu — số liệu năm 2025" in page


def test_the_page_is_self_contained(page: str) -> None:
    lowered = page.lower()
    for needle in ("http://", "https://", "src=", "<link", "<script", "url(", "@import"):
        assert needle not in lowered, needle


def test_a_target_with_history_has_a_line_chart(page: str) -> None:
    htx = _card(page, "htx_count_2030")
    assert '<svg class="chart"' in htx
    assert "<polyline" in htx
    assert 'class="projection"' in htx  # the projection to 2030, dashed
    assert "stroke-dasharray" in htx  # the target line
    assert "Đúng tiến độ" in htx  # on track
    # One census year only: no chart, but a status.
    tht = _card(page, "tht_count_2030")
    assert "<polyline" not in tht
    assert "Chưa đủ số liệu" in tht


def test_per_area_targets_list_their_areas(report: GapReport, page: str) -> None:
    per_area = [p for p in report.targets if p.group_by]
    assert per_area
    for p in per_area:
        card = _card(page, p.id)
        assert '<table class="areas">' in card
        for a in p.areas:
            assert (a.area or "") in card


def test_summary_notes_and_provenance(report: GapReport, page: str) -> None:
    assert '<table class="summary">' in page
    summary = page.split('<table class="summary">', 1)[1].split("</table>", 1)[0]
    assert summary.count("<tr>") == 1 + len(report.targets) + sum(
        len(p.areas) for p in report.targets
    )
    assert "Nguồn số liệu" in page
    assert re.search(r"<code>[0-9a-f]{64}</code>", page)
    assert "census-can-tho-2025.xlsx" in page


def test_the_page_parses_and_is_in_vietnamese(page: str) -> None:
    checker = _Checker()
    checker.feed(page)
    checker.close()
    assert checker.errors == []
    assert checker.stack == []
    assert checker.html_lang == "vi"
    assert '<meta charset="utf-8">' in page


def test_english(report: GapReport) -> None:
    page = build_report_html(report, "en")
    assert '<html lang="en">' in page
    assert "Progress against targets — census of 2025" in page
    assert "SHA-256" not in page  # no provenance given


def test_text_is_escaped(report: GapReport) -> None:
    evil = "<script>alert(1)</script>"
    first = report.targets[0].model_copy(update={"title_vi": evil, "note_vi": evil})
    bad = report.model_copy(update={"plan_title": evil, "targets": [first, *report.targets[1:]]})
    page = build_report_html(bad, "vi")
    assert "<script" not in page.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_chromium_renders_the_page(page: str, tmp_path: Path) -> None:
    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.skip("chromium is not installed")
    html = tmp_path / "report.html"
    html.write_text(page, encoding="utf-8")
    out = tmp_path / "report.png"
    command = [
        chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1200,1600",
        f"--screenshot={out}", html.as_uri(),
    ]  # fmt: skip
    try:
        subprocess.run(command, capture_output=True, timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        pytest.skip(f"chromium could not run: {exc}")
    assert out.exists()
    assert out.stat().st_size > 10_000


def test_print_css_keeps_cards_whole_on_a4(page: str) -> None:
    css = re.search(r"<style>(.*?)</style>", page, re.S)
    assert css
    rules = css.group(1)
    assert "@page{size:A4" in rules
    media = rules[rules.index("@media print{") :]
    assert ".card{break-inside:avoid" in media
    assert "table.summary thead{display:table-header-group}" in media
    assert '<table class="summary"><thead>' in page


def test_bars_coloured_by_how_close(report: GapReport) -> None:
    from ktt_indicators.report.report_html import bar_colour

    by_id = {p.id: p for p in report.targets}
    # 93.3% and 38.8% of the target are no longer the same red.
    assert bar_colour(by_id["good_fair_share_2030"]) != bar_colour(by_id["value_chain_share_2030"])
    # A target met is green; so is one on track over time (88.7% now, with the history).
    met = by_id["htx_members_2030"].model_copy(update={"met": True})
    assert bar_colour(met) == "#2da44e" != bar_colour(by_id["htx_members_2030"])
    assert bar_colour(by_id["htx_count_2030"]) == "#2da44e"


def test_document_head_and_signature_when_given(report: GapReport) -> None:
    from ktt_indicators.report.official import DocumentHeader

    header = DocumentHeader(issuer="Sở Tài chính", signer_title="Giám đốc", signer_name="Lê C")
    html = build_report_html(report, "vi", None, header)
    for text in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                 "SỞ TÀI CHÍNH", "BÁO CÁO", "Nơi nhận:", "GIÁM ĐỐC", "Lê C"):  # fmt: skip
        assert text in html, text
    assert "Nơi nhận:" not in build_report_html(report, "vi")


@pytest.mark.skipif(shutil.which("chromium") is None, reason="Chromium is not installed")
def test_chromium_prints_it_on_a4_pages(page: str, tmp_path: Path) -> None:
    html = tmp_path / "report.html"
    html.write_text(page, encoding="utf-8")
    pdf = tmp_path / "report.pdf"
    chromium = shutil.which("chromium")
    assert chromium is not None
    subprocess.run(
        [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
         f"--user-data-dir={tmp_path / 'profile'}", f"--print-to-pdf={pdf}", html.as_uri()],
        capture_output=True, timeout=120, check=False,
    )  # fmt: skip
    data = pdf.read_bytes()
    boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)", data)
    assert boxes and all(abs(float(w) - 595.9) < 2 and abs(float(h) - 842) < 2 for w, h in boxes)
    # Eleven cards, a summary and notes: more than one page, fewer than one a card twice over.
    assert 3 <= len(boxes) <= 2 * len(re.findall('<section class="card"', page))


def test_a_card_says_its_status_over_time_in_words(page: str) -> None:
    # 355 HTX now, 300 in 2022 (history): 157.6% of the growth rate needed (test_trend.py).
    card = page[page.index('id="t-htx_count_2030"') :]
    card = card[: card.index("</section>")]
    assert '<p class="trend">Đúng tiến độ — tốc độ tăng từ 2022 bằng 157,6% tốc độ cần có' in card
    assert "theo xu hướng hiện nay đạt 470,0 vào 2030 (chỉ tiêu: ít nhất 400)" in card
