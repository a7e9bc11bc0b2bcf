"""The whole applicant journey in a real browser, in English and in Arabic: language choice,
eligibility, account, draft with autosave, reload, review, submit, status — with axe-core on
every page and the apply form's weight measured on the wire."""
import re

import pytest
from playwright.sync_api import expect
from sqlmodel import select

from e2e_support import (
    BUDGET_BYTES, BUDGET_REQUESTS, axe_violations, describe_violations, fill_eligibility, screenshot,
    sign_in, submit_main_form, transferred_bytes,
)
from portal.applications.models import Application

pytestmark = pytest.mark.e2e
SWITCH = {"en": "English", "ar": "العربية"}


def accessible(page, where):
    violations = axe_violations(page)
    assert violations == [], f"{where}: {describe_violations(violations)}"


def click_and_wait(page, locator):
    with page.expect_navigation():
        locator.click()


@pytest.mark.parametrize("lang, direction", [("en", "ltr"), ("ar", "rtl")])
def test_apply_from_language_choice_to_status(open_page, portal_data, db, lang, direction):
    page = open_page(locale="fr", viewport={"width": 360, "height": 740})
    log = open_page.log(page)
    page.goto("/")
    click_and_wait(page, page.locator(f'footer button[value="{lang}"]'))
    assert page.locator("html").get_attribute("lang") == lang
    assert page.locator("html").get_attribute("dir") == direction
    accessible(page, "home")

    click_and_wait(page, page.locator("main a.button").first)
    accessible(page, "eligibility")
    fill_eligibility(page)
    submit_main_form(page)
    assert page.url.endswith("/eligibility/result")
    accessible(page, "eligibility result")

    click_and_wait(page, page.locator(".card.ok form button"))
    accessible(page, "start")
    click_and_wait(page, page.locator("main a.button").first)  # create an account
    accessible(page, "register")
    page.fill('input[name="display_name"]', "Neema")
    page.fill('input[name="email"]', f"neema-{lang}@example.org")
    page.fill('input[name="organisation_name"]', "Sauti ya Mama")
    page.check('input[name="accept_privacy"]')
    submit_main_form(page)
    assert "/applications/start/" in page.url, page.locator("main").inner_text()
    submit_main_form(page)  # start the application
    assert re.search(r"/applications/\d+/edit$", page.url)
    assert page.locator("html").get_attribute("dir") == direction
    accessible(page, "apply form")

    first = page.locator("textarea").first
    first.fill("نحتاج إلى دعم عاجل 👩‍👩‍👧" if lang == "ar" else "We need urgent support 👩‍👩‍👧")
    counter = page.locator(".counter").first
    assert re.search(r"\d+", counter.inner_text())
    expect(page.locator("#save-status")).not_to_be_empty(timeout=10_000)  # autosaved, no button pressed
    page.reload()
    assert "👩‍👩‍👧" in page.locator("textarea").first.input_value()  # the server kept the draft

    for index in range(1, page.locator("textarea").count()):
        page.locator("textarea").nth(index).fill(f"Answer {index}")
    page.fill('input[name="requested"]', "5000")
    click_and_wait(page, page.locator('button[value="review"]'))
    assert page.url.endswith("/review")
    accessible(page, "review")
    click_and_wait(page, page.locator("main form button").last)

    assert re.search(r"/applications/\d+$", page.url)
    accessible(page, "status")
    reference = page.locator(".reference").inner_text()
    assert re.fullmatch(r"MZ-[0-9A-Z]{4}-[0-9A-Z]{4}", reference)
    assert page.locator(".steps li[aria-current]").count() == 1
    screenshot(page, f"journey-status-{lang}")
    assert log.console_errors == [] and log.page_errors == []
    assert log.foreign_requests() == []
    db.expire_all()
    application = db.exec(select(Application).where(Application.reference == reference)).one()
    assert application.status == "submitted" and application.requested_minor == 500_000


def test_apply_form_within_the_page_weight_budget(open_page, portal_data):
    """The apply form, loaded fresh (nothing cached), transfers ≤ 30 KB in ≤ 5 requests."""
    page = open_page(viewport={"width": 360, "height": 740})
    log = open_page.log(page)
    page.goto("/eligibility/")
    fill_eligibility(page)
    submit_main_form(page)
    sign_in(page)
    page.goto("/eligibility/result")
    click_and_wait(page, page.locator(".card.ok form button"))
    url = page.url
    assert re.search(r"/applications/\d+/edit$", url)
    fresh = open_page(viewport={"width": 360, "height": 740}, storage_state=page.context.storage_state())
    fresh_log = open_page.log(fresh)
    fresh.goto(url, wait_until="networkidle")
    total = sum(transferred_bytes(response) for response in fresh_log.responses)
    print(f"\napply form: {len(fresh_log.responses)} requests, {total} bytes transferred")
    assert len(fresh_log.requests) <= BUDGET_REQUESTS and total <= BUDGET_BYTES
    assert log.foreign_requests() == [] and fresh_log.foreign_requests() == []


def test_draft_saved_and_submitted_without_javascript(open_page, portal_data, db):
    page = open_page(java_script_enabled=False, viewport={"width": 320, "height": 640})
    page.goto("/eligibility/")
    fill_eligibility(page)
    submit_main_form(page)
    sign_in(page)
    page.goto("/eligibility/result")
    click_and_wait(page, page.locator(".card.ok form button"))
    for index in range(page.locator("textarea").count()):
        page.locator("textarea").nth(index).fill(f"Jibu {index}")
    page.fill('input[name="requested"]', "1500")
    click_and_wait(page, page.locator('button[value="save"]'))
    assert page.locator("textarea").first.input_value() == "Jibu 0"
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 320
    click_and_wait(page, page.locator('button[value="review"]'))
    click_and_wait(page, page.locator("main form button").last)
    assert page.locator(".reference").count() == 1
