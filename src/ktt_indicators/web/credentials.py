"""Who may do what: upload tokens, the officer's password, sessions and CSRF tokens.

A unit's link carries a token of 256 random bits; only its SHA-256 is stored (a token that
long needs no slow hash, and a stolen database gives no link). The officer's password is
hashed with Argon2id (argon2-cffi's defaults, RFC 9106). A session is a random id in a
cookie (only its hash is stored) that expires; each form carries a CSRF token bound to the
session or the link by an HMAC with the season's secret, and a request from another site
(``Sec-Fetch-Site``, else ``Origin`` against ``Host``) is refused before that.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Mapping
from urllib.parse import urlsplit

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_HASHER = PasswordHasher()


def new_token() -> str:
    """A fresh token: 256 random bits, URL-safe (43 characters)."""
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    """What is stored of a token."""
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def new_password() -> str:
    """A password to hand the officer: 16 characters, about 95 bits."""
    return secrets.token_urlsafe(12)


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def password_ok(stored: str | None, given: str) -> bool:
    """Whether ``given`` is the password of hash ``stored`` (a missing officer takes as long
    as a wrong password, so a name cannot be probed by timing)."""
    try:
        return _HASHER.verify(stored or _DUMMY, given) and stored is not None
    except (VerificationError, InvalidHashError):
        return False


_DUMMY = _HASHER.hash(secrets.token_hex(16))


def csrf_token(secret: bytes, subject: str) -> str:
    """The CSRF token of a form of ``subject`` (a session's or a link's hash)."""
    return hmac.new(secret, f"csrf:{subject}".encode(), hashlib.sha256).hexdigest()


def csrf_ok(secret: bytes, subject: str, given: str | None) -> bool:
    return given is not None and hmac.compare_digest(csrf_token(secret, subject), given)


def same_site(headers: Mapping[str, str]) -> bool:
    """Whether a form post comes from the portal's own pages: the browser's
    ``Sec-Fetch-Site`` says so, or (an older browser) ``Origin`` names the host; a
    request with neither (not a browser) is left to the CSRF token."""
    site = headers.get("sec-fetch-site")
    if site is not None:
        return site in ("same-origin", "none")
    origin = headers.get("origin")
    if origin is None or origin == "null":
        return origin is None
    return urlsplit(origin).netloc == headers.get("host", "")
