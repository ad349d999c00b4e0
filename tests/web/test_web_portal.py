"""The portal end to end in process: set-up, a unit's uploads and their answers, every
version kept, the officer's overview, review and the consolidated reports."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
from portal_kit import (
    BROKEN_ROWS,
    DEADLINE,
    FIXED_ROWS,
    census_bytes,
    links,
    login,
    make_season,
    portal_client,
    upload,
    wait_for,
)

from ktt_indicators.web.reports import latest
from ktt_indicators.web.status import after_deadline, overview
from ktt_indicators.web.store import Store, Unit

from conftest import DEFAULT_INFO


def test_set_up_makes_every_commune_of_the_province_a_unit_with_a_private_link(
    tmp_path: Path,
) -> None:
    season, password = make_season(tmp_path / "season")
    with (season.folder / "links.csv").open(encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    assert len(rows) == 103  # Cần Thơ's communes and wards since 1 July 2025
    assert rows[0]["ma_don_vi"] == "31120" and rows[0]["don_vi"] == "Phường Cái Khế"
    tokens = [r["duong_dan"].rsplit("/", 1)[1] for r in rows]
    assert len(set(tokens)) == 103 and all(len(t) == 43 for t in tokens)
    assert rows[0]["duong_dan"].startswith("http://127.0.0.1:8000/u/")
    database = (season.folder / "season.db").read_bytes()
    assert not any(t.encode() in database for t in tokens)  # only their hashes are stored
    assert password.encode() not in database and b"$argon2id$" in database
    assert ((season.folder / "links.csv").stat().st_mode & 0o777) == 0o600
    assert ((season.folder / "secret.key").stat().st_mode & 0o777) == 0o600
    assert ((season.folder / "season.db").stat().st_mode & 0o777) == 0o600


def test_a_unit_sends_a_broken_census_then_a_fixed_one_and_both_are_kept(
    tmp_path: Path,
) -> None:
    season, _password = make_season(tmp_path / "season")
    token = links(season)["31120"]
    broken = census_bytes(tmp_path, BROKEN_ROWS)
    with portal_client(season) as client:
        first = upload(client, token, "Cái Khế.xlsx", broken)
        page = client.get(first.headers["location"]).text
        assert "Có lỗi" in page
        # Each finding at its cell, with the value typed and what to do.
        assert "Danh sách tổ chức › <strong>C3</strong>" in page  # «Hợp tác xã kiểu lạ»
        assert "Danh sách tổ chức › <strong>H3</strong>" in page  # «mười»
        assert "có lẽ là «HTX»" in page
        assert "Hợp tác xã kiểu lạ" in page and "mười" in page
        marked = client.get(first.headers["location"] + "/marked")
        assert marked.status_code == 200
        assert "danh-dau.xlsx" in marked.headers["content-disposition"]
        book = openpyxl.load_workbook(io.BytesIO(marked.content))
        assert len(book.sheetnames) > 2  # the census's sheets and the results sheet
        second = upload(client, token, "Cái Khế.xlsx", census_bytes(tmp_path, FIXED_ROWS))
        assert "Hợp lệ" in client.get(second.headers["location"]).text
        history = client.get(f"/u/{token}").text
    assert history.count("Cái Khế.xlsx") == 2
    assert history.index("Hợp lệ") < history.index("Có lỗi")  # newest first
    files = sorted((season.uploads / "31120").iterdir())
    assert len(files) == 2 and broken in [f.read_bytes() for f in files]


def test_the_officer_sees_who_has_sent_reviews_and_downloads_the_reports(
    tmp_path: Path,
) -> None:
    season, password = make_season(tmp_path / "season")
    tokens = links(season)
    with portal_client(season) as client:
        upload(client, tokens["31120"], "a.xlsx", census_bytes(tmp_path, FIXED_ROWS))
        upload(
            client,
            tokens["31135"],
            "b.xlsx",
            census_bytes(tmp_path, BROKEN_ROWS, unit="Phường Ninh Kiều"),
        )
        assert login(client, password).headers["location"] == "/officer"
        made = wait_for(lambda: (latest(season.reports) or {}).get("included"))
        assert [i["unit_code"] for i in made] == ["31120"]
        page = client.get("/officer").text
        assert '<tr class="unit-valid" data-unit="31120">' in page
        assert '<tr class="unit-errors" data-unit="31135">' in page
        assert page.count('class="unit-not-sent"') == 101
        assert "<strong>2</strong>/103" in page
        gap = client.get("/officer/download/gap")
        assert gap.status_code == 200
        assert json.loads(gap.content)["files"] == ["Phường_Cái_Khế.xlsx"]
        census = client.get("/officer/download/census")
        assert zipfile.ZipFile(io.BytesIO(census.content)).testzip() is None
        summary = client.get("/officer/download/summary").text
        assert "Phường Ninh Kiều" in summary  # not sent a valid census: named as missing
        report = client.get("/officer/download/report")
        assert report.status_code == 200 and report.content[:2] == b"PK"
        # Returned with a note: the unit sees it, and its census leaves the reports.
        sid = Store(season.database_url).submissions_of("31120")[0].id
        form = client.get(f"/officer/s/{sid}").text
        assert form.count('<li class="state-valid">') == 1  # the unit's submissions listed
        csrf = form.split('name="csrf" value="')[1].split('"')[0]
        client.post(
            f"/officer/s/{sid}/review",
            data={"csrf": csrf, "decision": "returned", "note": "Thiếu HTX Bình An"},
        )
        assert "Thiếu HTX Bình An" in client.get(f"/u/{tokens['31120']}").text
        wait_for(lambda: (latest(season.reports) or {}).get("included") == [])
    log = [(e.who, e.action) for e in Store(season.database_url).audit_log()]
    assert ("officer:officer", "returned") in log and ("officer:officer", "download") in log
    assert ("unit:31120", "upload") in log and ("officer:officer", "login") in log


def test_a_unit_is_late_when_nothing_it_sent_arrived_by_the_deadline() -> None:
    from datetime import datetime

    class Row:
        def __init__(self, unit: str, at: datetime, state: str = "valid") -> None:
            self.unit_code, self.received_at, self.state = unit, at, state
            self.review = None

    units = [Unit("1", "A"), Unit("2", "B"), Unit("3", "C")]
    on_time = datetime(2025, 12, 31, 16, 59)  # 23:59 in Vietnam
    late = datetime(2025, 12, 31, 17, 0)  # 00:00 on 1 January in Vietnam
    assert not after_deadline(on_time, DEADLINE) and after_deadline(late, DEADLINE)
    rows = [Row("1", on_time), Row("1", late, "invalid"), Row("2", late)]
    found = {s.unit.code: (s.state, s.late) for s in overview(units, rows, DEADLINE)}
    assert found == {"1": ("errors", False), "2": ("valid", True), "3": ("not-sent", False)}


def test_a_census_of_another_year_is_no_submission_for_the_season(tmp_path: Path) -> None:
    season, _password = make_season(tmp_path / "season")
    token = links(season)["31120"]
    info = {**DEFAULT_INFO, "don_vi_bao_cao": "UBND phường Cái Khế", "nam_bao_cao": 2024,
            "ngay_so_lieu": date(2024, 12, 15)}  # fmt: skip
    last_year = census_bytes(tmp_path, FIXED_ROWS, info=info)
    with portal_client(season) as client:
        page = client.get(upload(client, token, "2024.xlsx", last_year).headers["location"])
    assert "Sai năm báo cáo" in page.text
    assert "Bảng tính là số liệu năm 2024; mùa nộp này nhận số liệu năm 2025" in page.text
    row = Store(season.database_url).submissions_of("31120")[0]
    assert (row.state, row.errors) == ("invalid", 1)


def test_a_census_of_another_commune_is_no_submission_of_this_one(tmp_path: Path) -> None:
    season, _password = make_season(tmp_path / "season")
    tokens = links(season)
    theirs = census_bytes(tmp_path, FIXED_ROWS, unit="Phường Ninh Kiều")
    with portal_client(season) as client:
        page = client.get(upload(client, tokens["31120"], "a.xlsx", theirs).headers["location"])
        own = upload(client, tokens["31135"], "b.xlsx", theirs).headers["location"]
        assert "Bảng tính của đơn vị khác" not in client.get(own).text
    assert "Bảng tính của đơn vị khác" in page.text
    assert "Bảng tính là của Phường Ninh Kiều (31135)" in page.text
    store = Store(season.database_url)
    assert [(r.state, r.errors) for r in store.submissions_of("31120")] == [("invalid", 1)]
    assert [r.state for r in store.submissions_of("31135")] == ["valid"]
