"""Shared by the benchmark scripts: a portal with demo data in a temporary database, a server on
127.0.0.1, and the applicant pages worth measuring.

The scripts are run directly (`.venv/bin/python tests/bench/page_weight.py`), never collected
by pytest (see conftest.py beside this file).
"""
import html
import os
import re
import socket
import sys
import threading
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass
from http.cookiejar import CookieJar
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TESTS = ROOT / "tests"
for path in (ROOT, TESTS):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

BUDGET_BYTES = 30_000  # DESIGN.md: ≤ 30 KB compressed per applicant page…
BUDGET_REQUESTS = 5  # …in a handful of requests
CHROMIUM = os.environ.get("MIZANI_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


@dataclass(frozen=True)
class Login:
    email: str
    password: str
    label: str


@dataclass(frozen=True)
class DemoPortal:
    """A database with demo data, the settings that reach it, and who to sign in as."""

    database_url: str
    env: dict
    applicant: Login | None  # an applicant with a draft (apply form, review) if the demo has one
    draft_id: int | None
    follower: Login | None  # an applicant with a submitted application (status page)
    submitted_id: int | None
    source: str  # "portal.demo" or "factories"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def settings_env(directory, database_url):
    """Environment for a portal process (gunicorn, flask) on this database."""
    return {
        "MIZANI_ENV": "development",
        "DATABASE_URL": database_url,
        "SECRET_KEY": "bench-only-not-secret",
        "MAIL_FOLDER": str(Path(directory) / "mail"),
        "UPLOAD_FOLDER": str(Path(directory) / "uploads"),
    }


def create_portal_app(directory, database_url):
    """The portal's app (development settings) on `database_url`, mail written to a folder."""
    import config
    from portal import create_app

    env = settings_env(directory, database_url)
    return create_app(config.DevelopmentConfig, SECRET_KEY=env["SECRET_KEY"], DATABASE_URL=database_url,
                      MAIL_FOLDER=env["MAIL_FOLDER"], UPLOAD_FOLDER=env["UPLOAD_FOLDER"])


def build_demo(directory, database_url=None):
    """Create the tables and load the demo (`portal.demo.load`), or a small fund from the test
    factories where the demo does not exist yet. Returns a DemoPortal."""
    from sqlmodel import SQLModel

    from portal import models  # noqa: F401  (registers every table)
    from portal.db import get_session

    database_url = database_url or f"sqlite:///{Path(directory) / 'bench.sqlite'}"
    app = create_portal_app(directory, database_url)
    with app.app_context():
        SQLModel.metadata.create_all(app.extensions["db_engine"])
        session = get_session()
        try:
            from portal import demo
        except ImportError:
            demo = None
        if demo is not None:
            logins = [Login(*row) for row in demo.load(session)]
            session.commit()
            source = "portal.demo"
        else:
            logins = [_factory_data(session)]
            session.commit()
            source = "factories"
        portal = _choose_applicants(session, logins, database_url, settings_env(directory, database_url), source)
    app.extensions["db_engine"].dispose()
    return portal


def _factory_data(session):
    from factories import PASSWORD, make_applicant, make_call, make_fund, make_tier

    call = make_call(session, fund=make_fund(session))
    make_tier(session, call=call, key="emergency", max_minor=800_000)
    make_tier(session, call=call, key="project", min_minor=1_000_000, max_minor=5_000_000,
              rules=[("registered", "eq", ["yes"])])
    user, _org = make_applicant(session, email="amina@example.org")
    return Login(user.email, PASSWORD, "Applicant")


def _choose_applicants(session, logins, database_url, env, source):
    """Pick an applicant with a draft and one with a submitted application, from the database."""
    from sqlmodel import select

    from portal.accounts.models import User

    passwords = {login.email: login.password for login in logins}
    password = next((login.password for login in logins if login.label.lower().startswith("applicant")),
                    logins[0].password if logins else "")
    try:
        from portal.applications.models import Application
    except ImportError:  # pragma: no cover - applications not written yet
        Application = None

    def pick(where):
        if Application is None:
            return None, None
        application = session.exec(select(Application).where(where).order_by(Application.id)).first()
        if application is None:
            return None, None
        user = session.get(User, application.created_by_id)
        return Login(user.email, passwords.get(user.email, password), "Applicant"), application.id

    applicant, draft_id = pick(Application.status == "draft") if Application is not None else (None, None)
    follower, submitted_id = pick(Application.status != "draft") if Application is not None else (None, None)
    if applicant is None:
        applicant = next((login for login in logins if login.label.lower().startswith("applicant")), None)
    return DemoPortal(database_url, env, applicant, draft_id, follower, submitted_id, source)


class ThreadedServer:
    """The app served by werkzeug on a free port of 127.0.0.1 (for the browser measurements)."""

    def __init__(self, app):
        import logging

        from werkzeug.serving import make_server

        logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no line per request
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *_exc):
        self.server.shutdown()
        self.server.server_close()


def wait_until_serving(url, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                response.read()
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing answered at {url} within {seconds} s")


class HttpSession:
    """A cookie-keeping HTTP client for 127.0.0.1, to sign in the way a browser form does."""

    def __init__(self, base_url):
        assert urllib.parse.urlsplit(base_url).hostname == "127.0.0.1"
        self.base_url = base_url
        self.cookies = CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def get(self, path):
        with self.opener.open(self.base_url + path, timeout=10) as response:
            return response.status, response.geturl(), response.read().decode("utf-8", "replace")

    def post_form(self, path, fields):
        _status, _url, page = self.get(path)
        token = CSRF.search(page)
        data = {**fields, **({"csrf_token": html.unescape(token.group(1))} if token else {})}
        request = urllib.request.Request(self.base_url + path, data=urllib.parse.urlencode(data).encode())
        with self.opener.open(request, timeout=10) as response:
            return response.status, response.geturl(), response.read().decode("utf-8", "replace")

    def sign_in(self, login):
        _status, url, _page = self.post_form("/accounts/sign-in", {"email": login.email, "password": login.password})
        if url.endswith("/accounts/sign-in"):
            raise RuntimeError(f"could not sign in as {login.email}")

    def cookie_header(self):
        return "; ".join(f"{cookie.name}={cookie.value}" for cookie in self.cookies)
