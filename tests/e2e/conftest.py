"""Browser tests: the portal served on 127.0.0.1 by a real HTTP server, driven in Debian's Chromium.

- `live_server`: the per-test `app` (its own fresh database, see tests/conftest.py) served by
  werkzeug in a thread on a free port of 127.0.0.1; works on SQLite and on PostgreSQL.
- `browser`: one headless Chromium for the whole session, through Playwright's sync API (no
  pytest-playwright; never `playwright install`: /usr/bin/chromium comes from apt).
- `open_page(**context_options)`: a page in a fresh context whose base URL is the live server;
  its requests, responses, console errors and page errors are recorded (`open_page.log(page)`).
- `portal_data`: a fund, an open call with two tiers, and an applicant.

Helpers (`visit`, `axe_violations`, …) are in e2e_support.py. Without Chromium or axe-core the
tests are skipped with the reason, unless MIZANI_REQUIRE_BROWSER=1 (CI), where they fail.
"""
import os
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
# pytest may import this file as a package module (tests.e2e.conftest): make the helpers beside it
# importable by their plain name, for this file and for the test modules.
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from e2e_support import APPLICANT_EMAIL, CHROMIUM, CHROMIUM_ARGS, PageLog, unavailable  # noqa: E402
from factories import make_applicant, make_call, make_fund, make_tier  # noqa: E402


def pytest_collection_modifyitems(items):
    """Everything here drives a browser: mark it e2e even if a module forgets to (select the
    browser tests with -m e2e, leave them out with -m 'not e2e')."""
    for item in items:
        if HERE in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.e2e)


# --- server --------------------------------------------------------------------------------------
class LiveServer:
    """A WSGI app served by werkzeug on a free port of 127.0.0.1, in a daemon thread."""

    def __init__(self, app):
        from werkzeug.serving import make_server

        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, name="live-server", daemon=True)

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=10)


@pytest.fixture
def live_server(app):
    """The test's app (its own fresh database) served on a free port of 127.0.0.1."""
    server = LiveServer(app).start()
    yield server
    server.stop()


# --- data ----------------------------------------------------------------------------------------
@dataclass
class PortalData:
    fund: object
    call: object
    open_tier: object
    closed_tier: object
    applicant: object
    organisation: object


@pytest.fixture
def portal_data(app, db):
    """A fund with one open call: an emergency tier open to everyone and a project tier only for
    registered groups (so the result page shows both verdicts), and one applicant."""
    fund = make_fund(db)
    call = make_call(db, fund=fund)
    open_tier = make_tier(db, call=call, key="emergency", max_minor=800_000)
    closed_tier = make_tier(db, call=call, key="project", min_minor=1_000_000, max_minor=5_000_000,
                            rules=[("registered", "eq", ["yes"])])
    applicant, organisation = make_applicant(db, email=APPLICANT_EMAIL)
    db.commit()
    return PortalData(fund, call, open_tier, closed_tier, applicant, organisation)


# --- browser -------------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the session."""
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        unavailable(f"Chromium not found at {CHROMIUM}: run `make browsers` (apt-get install chromium fonts-noto-core)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("the Python package playwright is not installed: pip install -e '.[dev]'")
    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
    except Exception as error:  # noqa: BLE001 - say why the browser did not start
        playwright.stop()
        unavailable(f"Chromium at {CHROMIUM} did not start: {error}")
    yield chromium
    chromium.close()
    playwright.stop()


class PageOpener:
    """`open_page(**context_options)` → a page in a new context based at the live server."""

    def __init__(self, browser, base_url):
        self.browser = browser
        self.base_url = base_url
        self.contexts = []
        self.logs = {}

    def __call__(self, **options):
        options.setdefault("base_url", self.base_url)
        options.setdefault("viewport", {"width": 800, "height": 900})
        options.setdefault("locale", "en")
        context = self.browser.new_context(**options)
        context.set_default_timeout(10_000)
        self.contexts.append(context)
        log = PageLog()
        context.on("request", lambda request: log.requests.append((request.method, request.url)))
        context.on("response", lambda response: log.responses.append(response))
        page = context.new_page()
        page.on("console", lambda message: log.console_errors.append(message.text) if message.type == "error" else None)
        page.on("pageerror", lambda error: log.page_errors.append(str(error)))
        self.logs[id(page)] = log
        return page

    def log(self, page) -> PageLog:
        return self.logs[id(page)]

    def close(self):
        for context in self.contexts:
            context.close()


@pytest.fixture
def open_page(browser, live_server):
    """Factory of pages on the live server; their contexts close before the server stops."""
    opener = PageOpener(browser, live_server.url)
    yield opener
    opener.close()
