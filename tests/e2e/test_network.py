"""No page asks anything of another host, none breaks its own CSP, and each fits the budget."""
import pytest

from e2e_support import BUDGET_BYTES, BUDGET_REQUESTS, PAGES, transferred_bytes, visit

pytestmark = pytest.mark.e2e

#: The error page is the answer to a POST: it has no address to load again with an empty cache.
NOT_LOADABLE_COLD = {"eligibility-errors"}


@pytest.mark.parametrize("locale", ["en", "ar"])
@pytest.mark.parametrize("name", list(PAGES))
def test_stays_on_127_0_0_1_within_budget(open_page, portal_data, name, locale):
    # The whole journey (signing in, answering the questions, the page itself): every request
    # stays on 127.0.0.1, and nothing is refused by the page's CSP or throws.
    journey = open_page(locale=locale)
    log = open_page.log(journey)
    visit(journey, name)
    journey.wait_for_load_state("load")
    assert not log.foreign_requests(), f"{name} [{locale}] requested other hosts: {log.foreign_requests()}"
    assert not log.console_errors, f"{name} [{locale}] console errors (CSP?): {log.console_errors}"
    assert not log.page_errors, f"{name} [{locale}] script errors: {log.page_errors}"
    if name in NOT_LOADABLE_COLD:
        return

    # The page loaded again with an empty cache (a first visit on a shared phone) but the same
    # cookies: it and everything it pulls in transfer ≤ 30 KB compressed in ≤ 5 requests.
    cold = open_page(locale=locale, storage_state=journey.context.storage_state())
    log = open_page.log(cold)
    response = cold.goto(PAGES[name])
    assert response.status == 200, f"{name} [{locale}]: HTTP {response.status}"
    cold.wait_for_load_state("load")
    responses = [r for r in log.responses if not r.url.startswith("data:")]
    sizes = {r.url: transferred_bytes(r) for r in responses}
    total = sum(sizes.values())
    assert not log.foreign_requests(), log.foreign_requests()
    assert len(responses) <= BUDGET_REQUESTS, f"{name} [{locale}]: {len(responses)} requests: {sizes}"
    assert total <= BUDGET_BYTES, f"{name} [{locale}]: {total} bytes: {sizes}"
