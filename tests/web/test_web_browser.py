"""The portal in a real browser (Debian's Chromium driven by Playwright), at a phone's
width, in Vietnamese: a unit uploads a broken census, sees its findings and downloads the
marked-up copy, then uploads the fixed one; the officer logs in, sees the unit as sent and
valid and the units that have not sent, and downloads the gap report.

``KTT_SCREENSHOTS=folder`` keeps a picture of each page there."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from portal_kit import (
    BROKEN_ROWS,
    FIXED_ROWS,
    free_port,
    kill_hard,
    links,
    make_season,
    start_server,
    unit_census,
)

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None and not os.environ.get("CI"), reason="Chromium is not installed"
)
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def browser() -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield browser
        browser.close()


def _shot(page: Any, name: str, full_page: bool = True) -> None:
    folder = os.environ.get("KTT_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=full_page)


def test_a_unit_and_the_officer_in_a_browser(browser: Any, tmp_path: Path) -> None:
    season, password = make_season(tmp_path / "season")
    token = links(season)["31120"]
    broken = unit_census(tmp_path / "Cái Khế.xlsx", BROKEN_ROWS)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_server(season, port)
    try:
        unit = browser.new_context(viewport=PHONE, accept_downloads=True, locale="vi-VN")
        unit.set_default_timeout(90_000)  # a check waits its turn on a busy machine
        page = unit.new_page()
        page.goto(f"{base}/u/{token}")
        assert page.inner_text("h1") == "Phường Cái Khế"
        _shot(page, "unit")
        page.set_input_files("#file", str(broken))
        page.click("#upload button[type=submit]")
        page.wait_for_selector("#result")
        assert "Có lỗi" in page.inner_text("#result")
        findings = page.inner_text("table.findings")
        assert "C3" in findings and "Hợp tác xã kiểu lạ" in findings and "mười" in findings
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        _shot(page, "findings")
        with page.expect_download() as download:
            page.click("#marked")
        marked = tmp_path / download.value.suggested_filename
        download.value.save_as(marked)
        assert marked.name == "Cái Khế-danh-dau.xlsx"
        assert len(openpyxl.load_workbook(marked).sheetnames) > 2

        page.click("text=Quay lại")
        fixed = unit_census(tmp_path / "Cái Khế (sửa).xlsx", FIXED_ROWS)
        page.set_input_files("#file", str(fixed))
        page.click("#upload button[type=submit]")
        page.wait_for_selector("#result")
        assert "Hợp lệ" in page.inner_text("#result")
        page.click("text=Quay lại")
        page.wait_for_url(f"{base}/u/{token}")
        page.wait_for_selector(".history li >> nth=1")
        assert page.locator(".history li").count() == 2
        _shot(page, "history")

        office = browser.new_context(viewport=PHONE, accept_downloads=True)
        office.set_default_timeout(90_000)
        officer = office.new_page()
        officer.goto(f"{base}/officer")  # to the login first
        officer.fill("#name", "officer")
        officer.fill("#password", password)
        officer.click("form.card button[type=submit]")
        officer.wait_for_selector("#tally")
        assert officer.locator('tr[data-unit="31120"]').get_attribute("class") == "unit-valid"
        assert officer.locator("tr.unit-not-sent").count() == 102
        for _ in range(240):  # the reports are remade in the background
            if officer.locator("#download-gap").count():
                break
            officer.wait_for_timeout(500)
            officer.reload()
        _shot(officer, "officer", full_page=False)
        officer.locator("#units").scroll_into_view_if_needed()
        _shot(officer, "officer-units", full_page=False)
        with officer.expect_download() as download:
            officer.click("#download-gap")
        gap = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
        assert gap["files"] == ["Phường_Cái_Khế.xlsx"] and gap["targets"]
    finally:
        kill_hard(server)
