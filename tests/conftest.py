"""Fixtures: a fresh database per test (SQLite file, or PostgreSQL truncated), a real SMTP
catcher, and a network guard so no test can reach the internet by accident.

Set DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/test to run on PostgreSQL.
"""
import os
import socket

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import make_url, text
from sqlmodel import SQLModel

import config
from flask.globals import _cv_app
from flask.testing import FlaskClient
from portal import create_app, models  # noqa: F401
from portal.db import build_engine

PG_URL = os.environ.get("DATABASE_URL", "")
ON_POSTGRES = PG_URL.startswith("postgresql")


# --- network guard -------------------------------------------------------------------------
_real_connect = socket.socket.connect


def _loopback_only(sock, address):
    host = address[0] if isinstance(address, tuple) else address
    if isinstance(host, str) and sock.family in (socket.AF_INET, socket.AF_INET6):
        if not (host.startswith("127.") or host in ("::1", "localhost")):
            raise ConnectionRefusedError(f"tests may not reach {host!r}")
    return _real_connect(sock, address)


@pytest.fixture(autouse=True, scope="session")
def no_network():
    socket.socket.connect = _loopback_only
    yield
    socket.socket.connect = _real_connect


# --- translations --------------------------------------------------------------------------
@pytest.fixture(autouse=True, scope="session")
def compiled_catalogs():
    """Compile any catalog whose .mo is missing or older than its .po, so tests never read stale
    translations (`make` does the same for the running portal)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po
    for po in (config.ROOT / "translations").glob("*/LC_MESSAGES/messages.po"):
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            with open(po, "rb") as source, open(mo, "wb") as target:
                write_mo(target, read_po(source, locale=po.parent.parent.name))


# --- email -----------------------------------------------------------------------------------
class Inbox:
    """Messages received by the real SMTP catcher."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        from email import message_from_bytes, policy
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"


@pytest.fixture(scope="session")
def smtp_server():
    inbox = Inbox()
    with socket.socket() as probe:  # aiosmtpd 1.4 cannot start on port 0: pick a free port
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield controller, inbox
    controller.stop()


@pytest.fixture
def mailbox(smtp_server):
    """The list of emails sent during this test."""
    _controller, inbox = smtp_server
    inbox.messages.clear()
    return inbox.messages


# --- database --------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def pg_url():
    """A database of our own on the PostgreSQL server of DATABASE_URL, dropped at the end.

    Separate runs (developers, CI, benchmarks) never share tables.
    """
    server = build_engine(PG_URL).execution_options(isolation_level="AUTOCOMMIT")
    name = f"mizani_test_{os.getpid()}"
    with server.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    yield url
    with server.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    server.dispose()


@pytest.fixture(scope="session")
def pg_engine(pg_url):
    engine = build_engine(pg_url)
    SQLModel.metadata.create_all(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def database_url(tmp_path, request):
    if not ON_POSTGRES:
        url = f"sqlite:///{tmp_path / 'test.sqlite'}"
        engine = build_engine(url)
        SQLModel.metadata.create_all(engine)
        engine.dispose()
        yield url
        return
    engine = request.getfixturevalue("pg_engine")
    yield request.getfixturevalue("pg_url")
    tables = ", ".join(f'"{t.name}"' for t in SQLModel.metadata.sorted_tables)
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))


@pytest.fixture
def app(database_url, tmp_path, smtp_server):
    controller, _inbox = smtp_server
    application = create_app(
        config.TestConfig,
        DATABASE_URL=database_url,
        UPLOAD_FOLDER=str(tmp_path / "uploads"),
        MAIL_SERVER="127.0.0.1",
        MAIL_PORT=controller.port,
        REDIS_URL=None,  # jobs run inline whatever the shell exports; the Redis tests set their own
    )
    yield application
    application.extensions["db_engine"].dispose()


class RequestIsolatedClient(FlaskClient):
    """A test client whose requests each get their own application context.

    Flask reuses an already pushed app context (the `db` fixture's), which would share `g`,
    and with it cached CSRF tokens, the signed-in user and the db session, across requests.
    """

    def open(self, *args, **kwargs):
        outer = _cv_app.set(None)
        try:
            return super().open(*args, **kwargs)
        finally:
            _cv_app.reset(outer)


@pytest.fixture
def client(app):
    app.test_client_class = RequestIsolatedClient
    return app.test_client()


@pytest.fixture
def db(app):
    """A session for arranging and inspecting data outside requests."""
    with app.app_context():
        from portal.db import get_session
        yield get_session()
