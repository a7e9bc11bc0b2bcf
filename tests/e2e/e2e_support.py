"""Helpers for the browser tests: pages, the steps a person takes, axe-core, sizes on the wire.

Fixtures (live server, browser, pages, data) are in conftest.py beside this file.
"""
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

HERE = Path(__file__).resolve().parent
TESTS = HERE.parent
if str(TESTS) not in sys.path:  # factories.py and helpers.py live in tests/
    sys.path.insert(0, str(TESTS))

from factories import PASSWORD  # noqa: E402

CHROMIUM = os.environ.get("MIZANI_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]
#: Installed by `make axe` (npm install --prefix tests/e2e/.axe axe-core@…); git-ignored.
AXE_JS = Path(os.environ.get("MIZANI_AXE_JS", HERE / ".axe" / "node_modules" / "axe-core" / "axe.min.js"))
REQUIRE_BROWSER = os.environ.get("MIZANI_REQUIRE_BROWSER") == "1"
ARTIFACTS = HERE / "artifacts"  # screenshots, git-ignored

#: Performance budget of every applicant page (DESIGN.md): compressed bytes and requests.
BUDGET_BYTES = 30_000
BUDGET_REQUESTS = 5

#: Applicant pages: name → path (pages that need steps first are reached through `visit`).
PAGES = {
    "home": "/",
    "eligibility": "/eligibility/",
    "eligibility-errors": "/eligibility/",
    "eligibility-result": "/eligibility/result",
    "ask": "/eligibility/ask",
    "register": "/accounts/register",
    "sign-in": "/accounts/sign-in",
    "privacy": "/privacy",
    "my-applications": "/applications/",
    "my-account": "/accounts/",
}
SIGNED_IN_PAGES = {"my-applications", "my-account"}

#: The eligibility answers of a small, unregistered, women-led group in DR Congo.
ANSWERS = {
    "group_kind": "women_group",
    "registered": "no",
    "women_led": "yes",
    "country": "CD",
    "budget_band": "under_10k",
    "purpose": "emergency",
}
APPLICANT_EMAIL = "amina@example.org"


def unavailable(reason):
    """Skip, or fail when the browser tests are required (CI sets MIZANI_REQUIRE_BROWSER=1)."""
    if REQUIRE_BROWSER:
        pytest.fail(f"{reason} (MIZANI_REQUIRE_BROWSER=1)", pytrace=False)
    pytest.skip(reason)


# --- what a page did ---------------------------------------------------------------------------
@dataclass
class PageLog:
    """Requests (method, URL), responses, console errors and uncaught page errors of one page."""

    requests: list = field(default_factory=list)
    responses: list = field(default_factory=list)
    console_errors: list = field(default_factory=list)
    page_errors: list = field(default_factory=list)

    def clear(self):
        self.requests.clear()
        self.responses.clear()
        self.console_errors.clear()
        self.page_errors.clear()

    def foreign_requests(self):
        """URLs of requests that would leave 127.0.0.1 (data: URLs stay in the page)."""
        foreign = []
        for _method, url in self.requests:
            parts = urlsplit(url)
            if parts.scheme in ("data", "blob", "about"):
                continue
            if parts.scheme not in ("http", "https") or parts.hostname != "127.0.0.1":
                foreign.append(url)
        return foreign


def transferred_bytes(response):
    """Bytes on the wire for one response: headers plus the body as sent (compressed)."""
    sizes = response.request.sizes()
    return sizes["responseHeadersSize"] + sizes["responseBodySize"]


# --- steps a person takes ----------------------------------------------------------------------
def fill_eligibility(page, answers=ANSWERS):
    """Answer the six questions by their identifiers (any language, with or without JavaScript)."""
    for key, value in answers.items():
        if key == "country":
            page.select_option(f'select[name="{key}"]', value)
        else:
            page.check(f'input[name="{key}"][value="{value}"]')


def submit_main_form(page):
    """Press the last button of the page's main form and wait for the next page."""
    with page.expect_navigation():
        page.locator("main form button").last.click()


def sign_in(page, email=APPLICANT_EMAIL, password=PASSWORD):
    page.goto("/accounts/sign-in")
    page.fill('input[name="email"]', email)
    page.fill('input[name="password"]', password)
    submit_main_form(page)
    assert "/accounts/sign-in" not in page.url, f"sign-in failed for {email}"


def visit(page, name, log=None):
    """Bring `page` to the applicant page `name` (a key of PAGES) the way a person gets there.

    With `log`, the record is cleared just before the page itself loads, so it holds only the
    requests of that page (not those of signing in or answering the questions before it).
    """
    if name in SIGNED_IN_PAGES:
        sign_in(page)
    if name in ("eligibility-result", "eligibility-errors"):
        page.goto("/eligibility/")
        if name == "eligibility-result":
            fill_eligibility(page)
        if log is not None:
            log.clear()
        submit_main_form(page)
        if name == "eligibility-result":
            assert page.url.endswith("/eligibility/result"), page.url
        else:  # nothing answered: every question shows its error
            assert page.locator(".error").count() >= 6, "the empty eligibility form shows no errors"
        return page
    if log is not None:
        log.clear()
    response = page.goto(PAGES[name])
    assert response is not None and response.status == 200, f"{name}: HTTP {response and response.status}"
    return page


# --- axe-core ------------------------------------------------------------------------------------
_axe_source = None


def axe_source():
    global _axe_source
    if _axe_source is None:
        if not AXE_JS.is_file():
            unavailable(f"axe-core not found at {AXE_JS}: run `make axe` (npm install axe-core)")
        _axe_source = AXE_JS.read_text(encoding="utf-8")
    return _axe_source


def axe_violations(page, options=None):
    """axe-core's violations on the page: [{id, impact, help, nodes: [{target, html}]}].

    The script is evaluated through the DevTools protocol, which the page's CSP
    (`script-src 'self'`) does not govern, so the page is audited exactly as it is served,
    without `bypass_csp`.
    """
    source = axe_source()
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(f"{source}\n;void 0")
    result = page.evaluate("options => axe.run(document, options || {})", options)
    return [
        {
            "id": violation["id"],
            "impact": violation["impact"],
            "help": violation["help"],
            "nodes": [{"target": node["target"], "html": node["html"]} for node in violation["nodes"]],
        }
        for violation in result["violations"]
    ]


def describe_violations(violations):
    """A readable list for assertion messages."""
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    {' '.join(map(str, node['target']))}: {node['html'][:200]}")
    return "\n".join(lines)


def screenshot(page, name):
    """Save a full-page screenshot under tests/e2e/artifacts/ (git-ignored) for people to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


# --- a grantee's phone ---------------------------------------------------------------------------
#: A cheap phone's screen.
PHONE = {"width": 320, "height": 640}


def press(page, selector):
    with page.expect_navigation():
        page.locator(f"{selector} button").first.click()


def phone_ready(open_page, page, where):
    """Fits 320 px without JavaScript; axe-core (which needs JavaScript, so it audits the same
    page opened again in a second tab of the same person) finds no violation."""
    assert page.evaluate("document.scrollingElement.scrollWidth") <= PHONE["width"], where
    audit = open_page(viewport=PHONE, locale=page.evaluate("document.documentElement.lang"),
                      storage_state=page.context.storage_state())
    audit.goto(page.url)
    violations = axe_violations(audit)
    assert violations == [], f"{where}: {describe_violations(violations)}"


def weight(open_page, storage, path):
    """Bytes and requests of `path` loaded with an empty cache, as the applicant's phone would."""
    fresh = open_page(viewport=PHONE, java_script_enabled=False, storage_state=storage)
    log = open_page.log(fresh)
    fresh.goto(path, wait_until="networkidle")
    return sum(transferred_bytes(response) for response in log.responses), len(log.requests), log
