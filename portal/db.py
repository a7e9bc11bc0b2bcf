"""Database engine and the per-request session.

SQLModel is used without Flask-SQLAlchemy: the engine lives on the app, a session lives on `g`
for one request and is closed on teardown. Services flush; views and CLI commands commit once.
"""
from flask import current_app, g, has_app_context
from sqlalchemy import event, func
from sqlalchemy.engine import Engine
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.pool import StaticPool
from sqlmodel import Session, create_engine


def build_engine(url, echo=False):
    """An engine with the settings money needs: WAL, synchronous=FULL and a busy timeout on SQLite."""
    if url.startswith("sqlite"):
        kwargs = {"connect_args": {"check_same_thread": False, "timeout": 10}}
        if url in ("sqlite://", "sqlite:///:memory:"):
            kwargs["poolclass"] = StaticPool
        engine = create_engine(url, echo=echo, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, echo=echo, pool_pre_ping=True)


def _sqlite_pragmas(dbapi_connection, _record):
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def init_app(app):
    """Create the engine once and close the request session on teardown."""
    app.extensions["db_engine"] = build_engine(app.config["DATABASE_URL"], app.config["SQL_ECHO"])
    app.teardown_appcontext(close_session)


def engine() -> Engine:
    return current_app.extensions["db_engine"]


def get_session() -> Session:
    """The session of the current request (or CLI command), opened on first use."""
    if "db_session" not in g:
        g.db_session = Session(engine(), expire_on_commit=False)
    return g.db_session


def release_request_connection():
    """End the request session's read transaction so its connection goes back to the pool.

    A money transaction opens a connection of its own and may wait for locks; if every request
    held its request connection while waiting for a second one, a burst of concurrent requests
    would exhaust the pool and fail. With nothing pending in the session, ending its transaction
    changes nothing else (objects stay loaded: expire_on_commit is off).
    """
    session = g.get("db_session") if has_app_context() else None
    if session is not None and session.in_transaction() and not (session.new or session.dirty or session.deleted):
        session.commit()


def close_session(_exc=None):
    session = g.pop("db_session", None)
    if session is not None:
        session.close()


def total_of(expression):
    """SUM that reads 0, not NULL, over no rows (money sums are integers, never missing)."""
    return func.coalesce(func.sum(expression), 0)


def add_to(session, table, key, amounts):
    """Add `amounts` ({column: number}) to the row of `table` with this `key` ({column: value},
    its unique constraint), creating it if missing: one INSERT … ON CONFLICT DO UPDATE, atomic
    on both databases, so running sums kept by concurrent transactions never lose an addition."""
    upsert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    statement = upsert(table).values(**key, **amounts)
    session.execute(statement.on_conflict_do_update(
        index_elements=list(key), set_={name: table.c[name] + statement.excluded[name] for name in amounts}))
