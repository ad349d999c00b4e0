"""The small judges of the portal's security, on their own: the same-site check, CSRF
tokens, passwords, and the names a received file is shown and stored under."""

from __future__ import annotations

import pytest

from ktt_indicators.web.credentials import (
    csrf_ok,
    csrf_token,
    hash_password,
    new_token,
    password_ok,
    same_site,
    token_hash,
)
from ktt_indicators.web.uploads import shown_name, stored_name


@pytest.mark.parametrize(
    ("headers", "allowed"),
    [
        ({"sec-fetch-site": "same-origin", "origin": "https://evil.example"}, True),
        ({"sec-fetch-site": "none"}, True),  # typed in the address bar
        ({"sec-fetch-site": "cross-site"}, False),
        ({"sec-fetch-site": "same-site"}, False),  # another host of the same site
        ({"origin": "https://ktt.example.gov.vn", "host": "ktt.example.gov.vn"}, True),
        ({"origin": "https://evil.example", "host": "ktt.example.gov.vn"}, False),
        ({"origin": "null", "host": "ktt.example.gov.vn"}, False),  # a sandboxed frame
        ({"host": "ktt.example.gov.vn"}, True),  # not a browser: the CSRF token decides
    ],
)
def test_a_post_is_from_the_portal_when_the_browser_says_so(
    headers: dict[str, str], allowed: bool
) -> None:
    assert same_site(headers) is allowed


def test_a_csrf_token_is_bound_to_its_subject_and_key() -> None:
    token = csrf_token(b"k" * 32, "session-a")
    assert csrf_ok(b"k" * 32, "session-a", token)
    assert not csrf_ok(b"k" * 32, "session-b", token)
    assert not csrf_ok(b"j" * 32, "session-a", token)
    assert not csrf_ok(b"k" * 32, "session-a", None)


def test_tokens_are_long_random_and_stored_as_their_hash() -> None:
    tokens = {new_token() for _ in range(100)}
    assert len(tokens) == 100 and all(len(t) == 43 for t in tokens)
    assert len(token_hash("x")) == 64 and token_hash("x") != "x"


def test_a_password_is_checked_against_its_argon2id_hash() -> None:
    stored = hash_password("mật khẩu")
    assert stored.startswith("$argon2id$")
    assert password_ok(stored, "mật khẩu") and not password_ok(stored, "mat khau")
    assert not password_ok(None, "mật khẩu") and not password_ok("not a hash", "x")


@pytest.mark.parametrize(
    ("given", "shown", "suffix"),
    [
        ("Cái Khế.xlsx", "Cái Khế.xlsx", ".xlsx"),
        ("../../etc/passwd", "passwd", ".bin"),
        ("C:\\Users\\xa\\Báo cáo.XLS", "Báo cáo.XLS", ".xls"),
        ("a\x00b\nc.ods", "abc.ods", ".ods"),
        ("", "upload", ".bin"),
        ("x" * 300 + ".xlsx", "x" * 200, ".bin"),
    ],
)
def test_a_files_name_is_text_to_show_never_a_path(given: str, shown: str, suffix: str) -> None:
    assert shown_name(given) == shown
    stored = stored_name("31120", given)
    folder, name = stored.split("/")
    assert folder == "31120" and name.endswith(suffix) and len(name) == 32 + len(suffix)
    assert stored_name("../31120", given).startswith("31120/")
