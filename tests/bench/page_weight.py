"""Page weight of the applicant pages, measured in a real Chromium with an empty cache.

For each page: the number of requests, the bytes transferred (headers + compressed bodies, as
Chromium counts them) and whether it meets the budget of DESIGN.md (≤ 30 KB, ≤ 5 requests).
The portal runs on 127.0.0.1 with the demo data in a temporary SQLite database.

    .venv/bin/python tests/bench/page_weight.py [--locale ar] [--strict]

Prints a table and a final line; exits 1 only with --strict when a page is over budget.
"""
import argparse
import re
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchlib import (  # noqa: E402
    BUDGET_BYTES, BUDGET_REQUESTS, CHROMIUM, CHROMIUM_ARGS, ThreadedServer, build_demo, create_portal_app,
)

ANSWERS = {"group_kind": "women_group", "registered": "no", "women_led": "yes",
           "country": "CD", "budget_band": "under_10k", "purpose": "emergency"}


def measure(browser, base_url, path, *, locale, storage_state=None):
    """Load `path` in a fresh context (empty cache, the given cookies): (status, requests, bytes, detail)."""
    context = browser.new_context(base_url=base_url, locale=locale, storage_state=storage_state,
                                  viewport={"width": 360, "height": 740})
    responses, foreign = [], []
    context.on("response", lambda response: responses.append(response))
    context.on("request", lambda request: (not request.url.startswith(("data:", base_url))) and foreign.append(request.url))
    page = context.new_page()
    response = page.goto(path)
    page.wait_for_load_state("load")
    detail = []
    total = 0
    for item in responses:
        sizes = item.request.sizes()
        size = sizes["responseHeadersSize"] + sizes["responseBodySize"]
        total += size
        detail.append((item.url.removeprefix(base_url), item.status, size, item.headers.get("content-encoding", "-")))
    context.close()
    if foreign:
        raise SystemExit(f"{path} requested other hosts: {foreign}")
    return response.status, len(responses), total, detail


def journey_state(browser, base_url, *, locale, login=None, answers=False):
    """Cookies after signing in and/or answering the eligibility questions."""
    context = browser.new_context(base_url=base_url, locale=locale)
    page = context.new_page()
    if login is not None:
        page.goto("/accounts/sign-in")
        page.fill('input[name="email"]', login.email)
        page.fill('input[name="password"]', login.password)
        with page.expect_navigation():
            page.locator("main form button").last.click()
        if "/accounts/sign-in" in page.url:
            raise SystemExit(f"could not sign in as {login.email}")
    if answers:
        page.goto("/eligibility/")
        for key, value in ANSWERS.items():
            if key == "country":
                page.select_option(f'select[name="{key}"]', value)
            else:
                page.check(f'input[name="{key}"][value="{value}"]')
        with page.expect_navigation():
            page.locator("main form button").last.click()
    state = context.storage_state()
    context.close()
    return state


def pages_to_measure(browser, base_url, demo, locale):
    """[(name, path, storage_state)] for every applicant page that exists now."""
    anonymous = None
    with_answers = journey_state(browser, base_url, locale=locale, answers=True)
    pages = [
        ("home", "/", anonymous),
        ("eligibility", "/eligibility/", anonymous),
        ("eligibility result", "/eligibility/result", with_answers),
        ("register", "/accounts/register", with_answers),
        ("sign-in", "/accounts/sign-in", anonymous),
    ]
    if demo.applicant is not None:
        applicant = journey_state(browser, base_url, locale=locale, login=demo.applicant)
        pages.append((f"my applications ({demo.applicant.email})", "/applications/", applicant))
        if demo.draft_id is not None:
            pages.append(("apply form", f"/applications/{demo.draft_id}/edit", applicant))
            pages.append(("review before submitting", f"/applications/{demo.draft_id}/review", applicant))
    if demo.follower is not None and demo.submitted_id is not None:
        follower = journey_state(browser, base_url, locale=locale, login=demo.follower)
        pages.append((f"status ({demo.follower.email})", f"/applications/{demo.submitted_id}", follower))
    return pages


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--locale", default="en", help="Accept-Language of the anonymous pages (default en)")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a page is over budget")
    parser.add_argument("--verbose", action="store_true", help="list every response of every page")
    args = parser.parse_args(argv)

    if not Path(CHROMIUM).exists():
        raise SystemExit(f"Chromium not found at {CHROMIUM}: run `make browsers`")
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="mizani-bench-") as directory:
        demo = build_demo(directory)
        app = create_portal_app(directory, demo.database_url)
        rows = []
        with ThreadedServer(app) as server, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            for name, path, state in pages_to_measure(browser, server.url, demo, args.locale):
                status, requests, total, detail = measure(browser, server.url, path, locale=args.locale,
                                                          storage_state=state)
                rows.append((name, path, status, requests, total, detail))
            browser.close()
        app.extensions["db_engine"].dispose()

    print(f"Page weight (Chromium, empty cache, Accept-Language {args.locale}, data: {demo.source}); "
          f"budget {BUDGET_BYTES / 1000:.0f} KB and {BUDGET_REQUESTS} requests per page")
    print(f"{'page':<44} {'path':<28} {'HTTP':>4} {'requests':>8} {'bytes':>8}  budget")
    over = 0
    for name, path, status, requests, total, detail in rows:
        within = status == 200 and requests <= BUDGET_REQUESTS and total <= BUDGET_BYTES
        over += not within
        print(f"{name[:44]:<44} {path[:28]:<28} {status:>4} {requests:>8} {total:>8}  {'ok' if within else 'OVER'}")
        if args.verbose or not within:
            for url, code, size, encoding in detail:
                print(f"{'':<6}{re.sub(r'/assets/[0-9a-f]+/', '/assets/…/', url):<66} {code:>4} {size:>8} {encoding}")
    heaviest = max(rows, key=lambda row: row[4])
    verdict = "all within budget" if not over else f"{over} OVER budget"
    print(f"page weight: {len(rows)} pages, {verdict}; heaviest {heaviest[0]} at {heaviest[4]} bytes "
          f"in {heaviest[3]} requests (budget {BUDGET_BYTES} bytes, {BUDGET_REQUESTS} requests)")
    return 1 if (over and args.strict) else 0


if __name__ == "__main__":
    sys.exit(main())
