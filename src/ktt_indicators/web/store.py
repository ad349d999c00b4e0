"""The portal's records: units, their links, submissions, reviews, the officer, sessions and
the audit log, in SQLite (a file in the season folder) or PostgreSQL (by URL).

SQLAlchemy Core, one table per kind of record. Every write is one transaction committed
before the caller answers anyone: SQLite runs in WAL mode with ``synchronous=FULL``, so a
committed row survives a kill -9 of the server and a power cut. Times are UTC, naive.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    Column,
    DateTime,
    Engine,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    event,
    func,
    insert,
    select,
    update,
)

METADATA = MetaData()

UNITS = Table(
    "units",
    METADATA,
    Column("code", String(16), primary_key=True),
    Column("name", String(200), nullable=False),
)
LINKS = Table(
    "links",
    METADATA,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("unit_code", String(16), ForeignKey("units.code"), nullable=False, index=True),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("created_at", DateTime, nullable=False),
    Column("revoked_at", DateTime),
)
SUBMISSIONS = Table(
    "submissions",
    METADATA,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("unit_code", String(16), ForeignKey("units.code"), nullable=False, index=True),
    Column("received_at", DateTime, nullable=False),
    Column("file_name", String(255), nullable=False),  # as the user named it: shown, never a path
    Column("stored", String(255), nullable=False),  # the server's own name, in uploads/
    Column("size", Integer, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("state", String(16), nullable=False),  # checking, valid, invalid, unreadable
    Column("errors", Integer, nullable=False, default=0),
    Column("warnings", Integer, nullable=False, default=0),
    Column("result", Text),  # the findings as JSON
    Column("marked", String(255)),  # the marked-up copy's stored name
    Column("review", String(16)),  # accepted, returned
    Column("note", Text),
    Column("reviewed_at", DateTime),
    Column("reviewed_by", String(100)),
)
OFFICERS = Table(
    "officers",
    METADATA,
    Column("name", String(100), primary_key=True),
    Column("password_hash", String(255), nullable=False),
)
SESSIONS = Table(
    "sessions",
    METADATA,
    Column("id_hash", String(64), primary_key=True),
    Column("officer", String(100), ForeignKey("officers.name"), nullable=False),
    Column("csrf", String(64), nullable=False),
    Column("expires_at", DateTime, nullable=False),
)
AUDIT = Table(
    "audit",
    METADATA,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime, nullable=False),
    Column("who", String(120), nullable=False),
    Column("action", String(40), nullable=False),
    Column("detail", Text, nullable=False, default=""),
)

#: The states of a submission: being checked, then one of the three results.
CHECKING, VALID, INVALID, UNREADABLE = "checking", "valid", "invalid", "unreadable"


def now() -> datetime:
    """The time now, UTC, naive (as every column holds it)."""
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


@dataclass(frozen=True)
class Unit:
    code: str
    name: str


def _sqlite_durable(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def open_engine(url: str) -> Engine:
    """An engine for ``url`` (``sqlite:///…`` or ``postgresql+psycopg://…``)."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        event.listen(engine, "connect", _sqlite_durable)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)


class Store:
    """The portal's records in one database."""

    def __init__(self, url: str) -> None:
        self.engine = open_engine(url)

    def create(self) -> None:
        METADATA.create_all(self.engine)

    def close(self) -> None:
        self.engine.dispose()

    # ----------------------------------------------------------------- units and links

    def add_units(self, units: Iterable[Unit]) -> None:
        rows = [{"code": u.code, "name": u.name} for u in units]
        with self.engine.begin() as db:
            db.execute(insert(UNITS), rows)

    def units(self) -> list[Unit]:
        with self.engine.connect() as db:
            rows = db.execute(select(UNITS).order_by(UNITS.c.code)).all()
        return [Unit(r.code, r.name) for r in rows]

    def unit(self, code: str) -> Unit | None:
        with self.engine.connect() as db:
            row = db.execute(select(UNITS).where(UNITS.c.code == code)).first()
        return Unit(row.code, row.name) if row else None

    def new_link(self, unit_code: str, token_hash: str) -> None:
        """A new link for the unit; its earlier links stop working (revoked now)."""
        at = now()
        with self.engine.begin() as db:
            db.execute(
                update(LINKS)
                .where(LINKS.c.unit_code == unit_code, LINKS.c.revoked_at.is_(None))
                .values(revoked_at=at)
            )
            db.execute(
                insert(LINKS).values(unit_code=unit_code, token_hash=token_hash, created_at=at)
            )

    def revoke_links(self, unit_code: str) -> int:
        with self.engine.begin() as db:
            done = db.execute(
                update(LINKS)
                .where(LINKS.c.unit_code == unit_code, LINKS.c.revoked_at.is_(None))
                .values(revoked_at=now())
            )
        return done.rowcount

    def unit_of_token(self, token_hash: str) -> Unit | None:
        """The unit whose live link has this token hash, if any."""
        query = (
            select(UNITS)
            .join(LINKS, LINKS.c.unit_code == UNITS.c.code)
            .where(LINKS.c.token_hash == token_hash, LINKS.c.revoked_at.is_(None))
        )
        with self.engine.connect() as db:
            row = db.execute(query).first()
        return Unit(row.code, row.name) if row else None

    # ------------------------------------------------------------------- submissions

    def add_submission(
        self, unit_code: str, file_name: str, stored: str, size: int, sha256: str
    ) -> int:
        """Record a received file (stored already) as being checked; its id."""
        values = {
            "unit_code": unit_code,
            "received_at": now(),
            "file_name": file_name,
            "stored": stored,
            "size": size,
            "sha256": sha256,
            "state": CHECKING,
            "errors": 0,
            "warnings": 0,
        }
        with self.engine.begin() as db:
            key = db.execute(insert(SUBMISSIONS).values(**values)).inserted_primary_key
        assert key is not None
        return int(key[0])

    def finish_submission(
        self, sid: int, state: str, errors: int, warnings: int, result: str, marked: str | None
    ) -> None:
        with self.engine.begin() as db:
            db.execute(
                update(SUBMISSIONS)
                .where(SUBMISSIONS.c.id == sid)
                .values(state=state, errors=errors, warnings=warnings, result=result, marked=marked)
            )

    def submission(self, sid: int) -> Any:
        with self.engine.connect() as db:
            return db.execute(select(SUBMISSIONS).where(SUBMISSIONS.c.id == sid)).first()

    def submissions_of(self, unit_code: str) -> Sequence[Any]:
        query = (
            select(SUBMISSIONS)
            .where(SUBMISSIONS.c.unit_code == unit_code)
            .order_by(SUBMISSIONS.c.id.desc())
        )
        with self.engine.connect() as db:
            return db.execute(query).all()

    def all_submissions(self) -> Sequence[Any]:
        with self.engine.connect() as db:
            return db.execute(select(SUBMISSIONS).order_by(SUBMISSIONS.c.id)).all()

    def pending(self) -> Sequence[Any]:
        """Submissions received but not checked (the server stopped while checking)."""
        query = select(SUBMISSIONS).where(SUBMISSIONS.c.state == CHECKING)
        with self.engine.connect() as db:
            return db.execute(query.order_by(SUBMISSIONS.c.id)).all()

    def review(self, sid: int, decision: str, note: str, by: str) -> None:
        with self.engine.begin() as db:
            db.execute(
                update(SUBMISSIONS)
                .where(SUBMISSIONS.c.id == sid)
                .values(review=decision, note=note, reviewed_at=now(), reviewed_by=by)
            )

    def count_submissions(self) -> int:
        with self.engine.connect() as db:
            return int(db.execute(select(func.count()).select_from(SUBMISSIONS)).scalar_one())

    # ------------------------------------------------------------- officer and sessions

    def set_officer(self, name: str, password_hash: str) -> None:
        with self.engine.begin() as db:
            found = db.execute(select(OFFICERS.c.name).where(OFFICERS.c.name == name)).first()
            if found:
                db.execute(
                    update(OFFICERS)
                    .where(OFFICERS.c.name == name)
                    .values(password_hash=password_hash)
                )
            else:
                db.execute(insert(OFFICERS).values(name=name, password_hash=password_hash))

    def officer_hash(self, name: str) -> str | None:
        with self.engine.connect() as db:
            row = db.execute(select(OFFICERS).where(OFFICERS.c.name == name)).first()
        return row.password_hash if row else None

    def new_session(self, id_hash: str, officer: str, csrf: str, expires_at: datetime) -> None:
        with self.engine.begin() as db:
            db.execute(SESSIONS.delete().where(SESSIONS.c.expires_at < now()))
            db.execute(
                insert(SESSIONS).values(
                    id_hash=id_hash, officer=officer, csrf=csrf, expires_at=expires_at
                )
            )

    def session(self, id_hash: str) -> Any:
        """The live session with this id hash (None when unknown or expired)."""
        query = select(SESSIONS).where(SESSIONS.c.id_hash == id_hash, SESSIONS.c.expires_at > now())
        with self.engine.connect() as db:
            return db.execute(query).first()

    def end_session(self, id_hash: str) -> None:
        with self.engine.begin() as db:
            db.execute(SESSIONS.delete().where(SESSIONS.c.id_hash == id_hash))

    # --------------------------------------------------------------------------- audit

    def audit(self, who: str, action: str, detail: str = "") -> None:
        """One line of the audit log: who did what, now."""
        with self.engine.begin() as db:
            db.execute(insert(AUDIT).values(at=now(), who=who, action=action, detail=detail))

    def audit_log(self, limit: int = 200) -> Sequence[Any]:
        with self.engine.connect() as db:
            return db.execute(select(AUDIT).order_by(AUDIT.c.id.desc()).limit(limit)).all()
