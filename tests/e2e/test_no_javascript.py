"""Applicant journeys work with JavaScript switched off (old phones, data-saving browsers)."""
import pytest

from e2e_support import fill_eligibility, submit_main_form

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("locale", ["en", "ar"])
def test_eligibility_check_without_javascript(open_page, portal_data, locale):
    page = open_page(locale=locale, java_script_enabled=False)
    page.goto("/eligibility/")
    assert page.locator('main form input[type="radio"]').count() >= 10
    fill_eligibility(page)
    submit_main_form(page)

    assert page.url.endswith("/eligibility/result"), page.url
    eligible = page.locator(".card.ok")
    assert eligible.count() == 1, page.content()
    assert page.locator(".card.no").count() == 1
    # The open tier offers to start an application: a plain form, no script needed.
    assert eligible.locator('form[method="post"] button').count() == 1
    # The answers are kept: going back shows them chosen.
    page.goto("/eligibility/")
    assert page.locator('input[name="registered"][value="no"]').is_checked()
    assert page.locator('select[name="country"]').input_value() == "CD"


def test_register_without_javascript(open_page, portal_data):
    page = open_page(java_script_enabled=False)
    page.goto("/eligibility/")
    fill_eligibility(page)
    submit_main_form(page)
    page.goto("/accounts/register")
    # Pre-filled from the eligibility check.
    assert page.locator('input[name="registered"][value="no"]').is_checked()
    page.fill('input[name="display_name"]', "Neema")
    page.fill('input[name="email"]', "neema@example.org")
    page.fill('input[name="password"]', "a long enough password")
    page.fill('input[name="organisation_name"]', "Sauti ya Mama")
    page.check('input[name="accept_privacy"]')
    submit_main_form(page)

    assert "/accounts/register" not in page.url, page.locator("main").inner_text()
    assert page.locator("form[action$='/accounts/sign-out'] button").count() == 1  # signed in
