"""The portal's records, the same tests on SQLite (a file) and on a real PostgreSQL server:
units and links, submissions kept in order, reviews, sessions that expire, the audit log;
and a unit's upload through the whole portal on PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from portal_kit import (
    FIXED_ROWS,
    census_bytes,
    fresh_database,
    links,
    make_season,
    portal_client,
    postgres_server,
    upload,
)

from ktt_indicators.web.credentials import token_hash
from ktt_indicators.web.store import CHECKING, VALID, Store, Unit, now


@pytest.fixture(scope="module")
def postgres() -> Iterator[str]:
    with postgres_server() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'season.db'}"
    return fresh_database(request.getfixturevalue("postgres"))


@pytest.fixture
def store(database: str) -> Iterator[Store]:
    store = Store(database)
    store.create()
    store.add_units([Unit("31120", "Phường Cái Khế"), Unit("31135", "Phường Ninh Kiều")])
    yield store
    store.close()


def test_a_token_finds_its_unit_until_it_is_replaced_or_revoked(store: Store) -> None:
    store.new_link("31120", token_hash("first"))
    assert store.unit_of_token(token_hash("first")) == Unit("31120", "Phường Cái Khế")
    store.new_link("31120", token_hash("second"))  # reissued: the first stops
    assert store.unit_of_token(token_hash("first")) is None
    assert store.unit_of_token(token_hash("second")) == Unit("31120", "Phường Cái Khế")
    assert store.revoke_links("31120") == 1
    assert store.unit_of_token(token_hash("second")) is None
    assert store.unit_of_token(token_hash("never")) is None


def test_every_submission_is_kept_in_the_order_received(store: Store) -> None:
    first = store.add_submission("31120", "xa.xlsx", "31120/a.xlsx", 10, "a" * 64)
    second = store.add_submission("31120", "xa.xlsx", "31120/b.xlsx", 12, "b" * 64)
    other = store.add_submission("31135", "ninh-kieu.xlsx", "31135/c.xlsx", 9, "c" * 64)
    assert [r.id for r in store.pending()] == [first, second, other]
    store.finish_submission(first, VALID, 0, 2, "{}", None)
    assert [r.id for r in store.submissions_of("31120")] == [second, first]  # newest first
    assert [r.state for r in store.submissions_of("31120")] == [CHECKING, VALID]
    assert [r.id for r in store.submissions_of("31135")] == [other]
    assert store.count_submissions() == 3


def test_a_review_and_its_note_are_recorded(store: Store) -> None:
    sid = store.add_submission("31120", "xa.xlsx", "31120/a.xlsx", 10, "a" * 64)
    store.review(sid, "returned", "Thiếu HTX Bình An", "officer")
    row = store.submission(sid)
    assert (row.review, row.note, row.reviewed_by) == ("returned", "Thiếu HTX Bình An", "officer")


def test_a_session_ends_when_it_expires(store: Store) -> None:
    store.set_officer("officer", "hash")
    store.new_session("live", "officer", "csrf", now() + timedelta(minutes=5))
    store.new_session("old", "officer", "csrf", now() - timedelta(seconds=1))
    assert store.session("live").officer == "officer"
    assert store.session("old") is None
    store.end_session("live")
    assert store.session("live") is None


def test_the_audit_log_says_who_did_what_newest_first(store: Store) -> None:
    store.audit("unit:31120", "upload", "#1 xa.xlsx")
    store.audit("officer:officer", "accepted", "#1 31120")
    log = store.audit_log()
    assert [(e.who, e.action, e.detail) for e in log] == [
        ("officer:officer", "accepted", "#1 31120"),
        ("unit:31120", "upload", "#1 xa.xlsx"),
    ]


def test_a_unit_uploads_through_the_portal_on_postgresql(postgres: str, tmp_path: Path) -> None:
    season, _password = make_season(tmp_path / "season", database=fresh_database(postgres))
    token = links(season)["31120"]
    with portal_client(season) as client:
        answer = upload(client, token, "xa.xlsx", census_bytes(tmp_path, FIXED_ROWS))
        assert answer.status_code == 303
        page = client.get(answer.headers["location"])
    assert "Hợp lệ" in page.text
    rows = Store(season.database_url).submissions_of("31120")
    assert [(r.state, r.file_name) for r in rows] == [(VALID, "xa.xlsx")]
