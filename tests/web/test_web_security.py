"""No one where they don't belong: another unit's link, forged and revoked tokens, a post
without or with a wrong CSRF token or from another site, a script typed in a cell, a path
as a file name, a 50 MB upload and a zip bomb; each refused or made harmless, and nothing
stored that should not be."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from portal_kit import (
    BROKEN_ROWS,
    FIXED_ROWS,
    census_bytes,
    csrf_of,
    links,
    login,
    make_season,
    portal_client,
    upload,
)
from starlette.testclient import TestClient

from hostile import zip_bomb
from ktt_indicators.web.season import Season, issue_links
from ktt_indicators.web.store import Store


@pytest.fixture
def season(tmp_path: Path) -> tuple[Season, str]:
    return make_season(tmp_path / "season")


@pytest.fixture
def client(season: tuple[Season, str]) -> Iterator[TestClient]:
    with portal_client(season[0]) as client:
        yield client


def _stored(season: Season) -> list[Path]:
    return sorted(p for p in season.uploads.rglob("*") if p.is_file())


def _count(season: Season) -> int:
    store = Store(season.database_url)
    try:
        return store.count_submissions()
    finally:
        store.close()


def test_a_unit_sees_only_its_own_submissions(
    season: tuple[Season, str], client: TestClient, tmp_path: Path
) -> None:
    tokens = links(season[0])
    mine, theirs = tokens["31120"], tokens["31135"]
    their_upload = upload(
        client,
        theirs,
        "ninh-kieu.xlsx",
        census_bytes(tmp_path, FIXED_ROWS, unit="Phường Ninh Kiều"),
    )
    their_page = their_upload.headers["location"]  # /u/<theirs>/s/<id>
    sid = their_page.rsplit("/", 1)[1]
    assert client.get(their_page).status_code == 200
    assert client.get(f"/u/{mine}/s/{sid}").status_code == 404
    assert client.get(f"/u/{mine}/s/{sid}/marked").status_code == 404
    page = client.get(f"/u/{mine}").text
    assert "Phường Cái Khế" in page and "ninh-kieu.xlsx" not in page
    assert "Phường Ninh Kiều" not in page


@pytest.mark.parametrize("token", ["x" * 43, "short", "..%2F..%2Fofficer", "%00" * 20])
def test_a_forged_token_is_a_page_that_does_not_exist(
    season: tuple[Season, str], client: TestClient, token: str, tmp_path: Path
) -> None:
    assert client.get(f"/u/{token}").status_code == 404
    answer = client.post(f"/u/{token}/upload", files={"file": ("a.xlsx", b"PK")})
    assert answer.status_code in (404, 405)
    assert _stored(season[0]) == [] and _count(season[0]) == 0


def test_a_revoked_or_replaced_token_no_longer_works(
    season: tuple[Season, str], client: TestClient, tmp_path: Path
) -> None:
    old = links(season[0])["31120"]
    csrf = csrf_of(client.get(f"/u/{old}").text)
    store = Store(season[0].database_url)
    issue_links(season[0], store, ["31120"])  # reissued: links.csv has the new one
    store.close()
    new = links(season[0])["31120"]
    assert new != old
    assert client.get(f"/u/{old}").status_code == 404
    late = client.post(
        f"/u/{old}/upload",
        data={"csrf": csrf},
        files={"file": ("a.xlsx", census_bytes(tmp_path, FIXED_ROWS))},
    )
    assert late.status_code == 404
    assert _stored(season[0]) == [] and _count(season[0]) == 0
    assert client.get(f"/u/{new}").status_code == 200


@pytest.mark.parametrize(
    ("data", "headers"),
    [
        ({}, {}),  # no CSRF token
        ({"csrf": "0" * 64}, {}),  # a wrong one
        (None, {"sec-fetch-site": "cross-site"}),  # the right one, from another site
        (None, {"origin": "https://evil.example"}),  # an older browser's post from elsewhere
    ],
)
def test_an_upload_without_the_right_csrf_token_or_from_elsewhere_is_refused(
    season: tuple[Season, str],
    client: TestClient,
    tmp_path: Path,
    data: dict[str, str] | None,
    headers: dict[str, str],
) -> None:
    token = links(season[0])["31120"]
    form = data if data is not None else {"csrf": csrf_of(client.get(f"/u/{token}").text)}
    answer = client.post(
        f"/u/{token}/upload",
        data=form,
        headers=headers,
        files={"file": ("a.xlsx", census_bytes(tmp_path, FIXED_ROWS))},
    )
    assert answer.status_code == 403
    assert _stored(season[0]) == [] and _count(season[0]) == 0


def test_an_officers_post_needs_the_sessions_csrf_token(
    season: tuple[Season, str], client: TestClient, tmp_path: Path
) -> None:
    token = links(season[0])["31120"]
    sid = (
        upload(client, token, "a.xlsx", census_bytes(tmp_path, FIXED_ROWS))
        .headers["location"]
        .rsplit("/", 1)[1]
    )
    # Without a session: to the login page, nothing reviewed.
    assert (
        client.post(
            f"/officer/s/{sid}/review", data={"decision": "accepted"}, follow_redirects=False
        ).headers["location"]
        == "/login"
    )
    assert login(client, season[1]).status_code == 303
    for form in ({"decision": "returned"}, {"decision": "returned", "csrf": "f" * 64}):
        assert client.post(f"/officer/s/{sid}/review", data=form).status_code == 403
    assert Store(season[0].database_url).submission(int(sid)).review is None
    # A login form posted without its token is refused before the password is tried.
    fresh = TestClient(client.app, base_url="http://testserver")
    refused = fresh.post("/login", data={"name": "officer", "password": season[1]})
    assert refused.status_code == 403


def test_a_wrong_password_is_refused_and_written_in_the_audit_log(
    season: tuple[Season, str], client: TestClient
) -> None:
    answer = login(client, "not-the-password")
    assert answer.status_code == 401 and "không đúng" in answer.text
    assert client.get("/officer", follow_redirects=False).headers["location"] == "/login"
    log = Store(season[0].database_url).audit_log()
    assert (log[0].who, log[0].action) == ("officer:officer", "login-failed")


def test_an_expired_session_sends_the_officer_to_log_in_again(
    season: tuple[Season, str], client: TestClient
) -> None:
    assert login(client, season[1]).status_code == 303
    assert client.get("/officer").status_code == 200
    store = Store(season[0].database_url)
    with store.engine.begin() as db:
        from sqlalchemy import update

        from ktt_indicators.web.store import SESSIONS, now

        db.execute(update(SESSIONS).values(expires_at=now()))
    assert client.get("/officer", follow_redirects=False).headers["location"] == "/login"


def test_a_script_typed_in_a_cell_is_shown_as_text(
    season: tuple[Season, str], client: TestClient, tmp_path: Path
) -> None:
    script = "<script>alert('x')</script>"
    rows = [{"ten": "HTX Một", "loai_hinh": script}, {"ten": "<img src=x onerror=alert(1)>"}]
    token = links(season[0])["31120"]
    answer = upload(client, token, f"{script}.xlsx", census_bytes(tmp_path, rows))
    page = client.get(answer.headers["location"]).text
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page  # the cell's value, shown
    assert "<script" not in page and "<img" not in page
    officer = TestClient(client.app, base_url="http://testserver")
    login(officer, season[1])
    assert "<script" not in officer.get("/officer").text


def test_a_path_as_a_file_name_never_becomes_a_path(
    season: tuple[Season, str], client: TestClient, tmp_path: Path
) -> None:
    token = links(season[0])["31120"]
    name = "../../../../tmp/evil/../season.json"
    answer = upload(client, token, name, census_bytes(tmp_path, FIXED_ROWS))
    assert answer.status_code == 303
    stored = _stored(season[0])
    assert len(stored) == 1 and stored[0].parent == season[0].uploads / "31120"
    assert stored[0].suffix == ".bin" and not Path("/tmp/evil").exists()
    row = Store(season[0].database_url).submissions_of("31120")[0]
    assert row.file_name == "season.json"  # the name's last part, as text
    assert (season[0].folder / "season.json").read_text().startswith("{")


def test_a_50_mb_upload_is_refused_and_nothing_is_kept(
    season: tuple[Season, str], client: TestClient
) -> None:
    token = links(season[0])["31120"]
    big = b"PK\x03\x04" + b"\0" * (50 * 1024 * 1024)
    answer = upload(client, token, "lon.xlsx", big)
    assert answer.status_code == 413 and "20 MB" in answer.text
    assert _stored(season[0]) == [] and _count(season[0]) == 0


def test_an_upload_that_hides_its_size_is_cut_off_at_the_limit(
    season: tuple[Season, str], client: TestClient
) -> None:
    token = links(season[0])["31120"]
    csrf = csrf_of(client.get(f"/u/{token}").text)
    boundary = "x1"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n{csrf}\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.xlsx"\r\n'
        "\r\n"
    ).encode()

    def body() -> Iterator[bytes]:  # chunked: no Content-Length to refuse it by
        yield head
        for _ in range(30):
            yield b"\0" * (1024 * 1024)
        yield f"\r\n--{boundary}--\r\n".encode()

    answer = client.post(
        f"/u/{token}/upload",
        content=body(),
        headers={"content-type": f"multipart/form-data; boundary={boundary}"},
    )
    assert answer.status_code == 413
    assert _stored(season[0]) == [] and _count(season[0]) == 0


@pytest.mark.parametrize("declared", [None, 1000])
def test_a_zip_bomb_is_an_unreadable_file_and_the_portal_goes_on(
    season: tuple[Season, str], client: TestClient, tmp_path: Path, declared: int | None
) -> None:
    bomb = zip_bomb(tmp_path / "bom.xlsx", declared=declared).read_bytes()
    assert len(bomb) < 20 * 1024 * 1024
    token = links(season[0])["31120"]
    answer = upload(client, token, "bom.xlsx", bomb)
    page = client.get(answer.headers["location"]).text
    assert "Không đọc được tệp" in page
    assert Store(season[0].database_url).submissions_of("31120")[0].state == "unreadable"
    fine = upload(client, token, "xa.xlsx", census_bytes(tmp_path, FIXED_ROWS))
    assert "Hợp lệ" in client.get(fine.headers["location"]).text


def test_every_page_keeps_to_itself(season: tuple[Season, str], client: TestClient) -> None:
    page = client.get(f"/u/{links(season[0])['31120']}")
    assert page.headers["referrer-policy"] == "no-referrer"
    assert "default-src 'self'" in page.headers["content-security-policy"]
    assert page.headers["cache-control"] == "no-store"
    assert page.headers["x-content-type-options"] == "nosniff"


def test_a_broken_census_is_stored_before_it_is_answered(
    season: tuple[Season, str], client: TestClient, tmp_path: Path
) -> None:
    token = links(season[0])["31120"]
    content = census_bytes(tmp_path, BROKEN_ROWS)
    upload(client, token, "xa.xlsx", content)
    stored = _stored(season[0])
    assert [p.read_bytes() for p in stored] == [content]
    assert (stored[0].stat().st_mode & 0o777) == 0o640


def test_logging_in_pauses_after_ten_failures_from_one_address(
    season: tuple[Season, str], client: TestClient
) -> None:
    for _ in range(10):
        assert login(client, "guess").status_code == 401
    assert login(client, season[1]).status_code == 429  # even the right password, for now
    assert client.get("/officer", follow_redirects=False).headers["location"] == "/login"


@pytest.mark.parametrize("back", ["//evil.example/x", "https://evil.example/", "/\\evil"])
def test_the_language_switch_goes_back_only_to_a_page_of_the_portal(
    season: tuple[Season, str], client: TestClient, back: str
) -> None:
    answer = client.get("/lang", params={"to": "en", "back": back}, follow_redirects=False)
    assert answer.headers["location"] == "/"
    token = links(season[0])["31120"]
    english = client.get("/lang", params={"to": "en", "back": f"/u/{token}"})
    assert "Send the census workbook" in english.text and english.url.path == f"/u/{token}"
