"""``ktt serve``: the season made in one command, links reissued and revoked, and its
mistakes said in one line."""

from __future__ import annotations

import csv
from pathlib import Path

from typer.testing import CliRunner

from ktt_indicators.cli import app
from ktt_indicators.web.credentials import token_hash
from ktt_indicators.web.store import Store

INIT = ["--init", "--province", "Cần Thơ", "--year", "2025", "--deadline", "2025-12-31"]


def ktt(*args: object) -> object:
    return CliRunner().invoke(app, [str(a) for a in args])


def _tokens(folder: Path) -> dict[str, str]:
    with (folder / "links.csv").open(encoding="utf-8") as file:
        return {r["ma_don_vi"]: r["duong_dan"].rsplit("/", 1)[1] for r in csv.DictReader(file)}


def test_init_makes_the_season_and_says_where_the_links_are(tmp_path: Path) -> None:
    folder = tmp_path / "nop-2025"
    done = ktt("serve", folder, *INIT, "--url", "https://ktt.cantho.gov.vn/")
    assert done.exit_code == 0, done.output
    lines = done.stdout.splitlines()
    assert lines[0] == (
        f"Đã tạo {folder}: 103 đơn vị của Thành phố Cần Thơ, năm 2025, hạn nộp 2025-12-31."
    )
    assert str(folder.resolve() / "links.csv") in lines[1]
    password = lines[2].rsplit(": ", 1)[1]
    assert len(password) == 16
    with (folder / "links.csv").open(encoding="utf-8") as file:
        assert next(csv.DictReader(file))["duong_dan"].startswith("https://ktt.cantho.gov.vn/u/")
    again = ktt("serve", folder, *INIT)
    assert again.exit_code == 2 and "đã là thư mục mùa nộp báo cáo" in again.stderr


def test_reissue_replaces_a_units_link_and_revoke_ends_it(tmp_path: Path) -> None:
    folder = tmp_path / "season"
    assert ktt("serve", folder, *INIT).exit_code == 0
    before = _tokens(folder)
    assert ktt("serve", folder, "--reissue", "31120").exit_code == 0
    after = _tokens(folder)
    assert list(after) == ["31120"] and after["31120"] != before["31120"]
    store = Store(f"sqlite:///{folder / 'season.db'}")
    assert store.unit_of_token(token_hash(before["31120"])) is None
    assert store.unit_of_token(token_hash(after["31120"])) is not None
    done = ktt("serve", folder, "--revoke", "31135", "--lang", "en")
    assert done.exit_code == 0 and done.stdout == "Revoked the links of 1 units.\n"
    assert store.unit_of_token(token_hash(before["31135"])) is None
    unknown = ktt("serve", folder, "--revoke", "99999")
    assert unknown.exit_code == 2 and "không có đơn vị mã 99999" in unknown.stderr


def test_mistakes_are_one_line_each(tmp_path: Path) -> None:
    none = ktt("serve", tmp_path, "--lang", "en")
    assert none.exit_code == 2
    assert none.stderr == (
        f"Error: {tmp_path} is not a season folder (no season.json); make one "
        f"with ktt serve {tmp_path} --init\n"
    )
    province = ktt(
        "serve",
        tmp_path / "s",
        "--init",
        "--province",
        "Atlantis",
        "--year",
        "2025",
        "--deadline",
        "2025-12-31",
    )
    assert province.exit_code == 2 and "«Atlantis»" in province.stderr
    assert not (tmp_path / "s" / "season.json").exists()
    missing = ktt("serve", tmp_path / "s", "--init", "--province", "92")
    assert missing.exit_code == 2 and "--init cần --year" in missing.stderr
    date = ktt("serve", tmp_path / "s", *INIT[:-1], "31/12/2025")
    assert date.exit_code == 2 and "31/12/2025" in date.stderr
