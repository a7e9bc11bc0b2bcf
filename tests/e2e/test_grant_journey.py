"""From submission to money on the ground in a real browser, in English, French and Arabic
(right to left):
a fund manager starts the review and assigns a reviewer who reads the application's language;
the reviewer scores the rubric; the manager approves; the grantee accepts the terms and gives
her mobile money number; one finance officer schedules the payment, a second approves it, the
first marks it sent and confirms it. Every person uses her own browser, in her own language,
and the ledger check passes at the end. The grantee's pages are audited with axe-core.
"""
import pytest
from sqlmodel import select

from e2e_support import PASSWORD, axe_violations, describe_violations, screenshot, sign_in
from factories import make_staff
from portal.grants.models import Disbursement, Grant, Tranche
from portal.ledger.invariants import check
from portal.review.models import Decision, ReviewAssignment, RubricCriterion
from tests.grants.support import World

pytestmark = pytest.mark.e2e
PHONE = "+243 81 234 5678"


def press(page, selector):
    """Press the button of the form matching `selector` and wait for the next page."""
    with page.expect_navigation():
        page.locator(f"{selector} button").first.click()


def person(open_page, email, lang):
    page = open_page(locale=lang)
    sign_in(page, email, PASSWORD)
    return page


def in_language(page, lang):
    assert page.locator("html").get_attribute("lang") == lang, page.url
    assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr"), page.url
    assert page.locator(".flash.error").count() == 0, page.locator(".flash.error").all_inner_texts()


def accessible(page, where):
    violations = axe_violations(page)
    assert violations == [], f"{where}: {describe_violations(violations)}"


@pytest.fixture
def world(db):
    world = World(db, plan=[{"percent": 100, "after_report": None}])
    world.application.status = "submitted"
    db.add_all([RubricCriterion(tier_id=world.tier.id, key="relevance", position=0, weight=3,
                                label={"en": "Relevance", "fr": "Pertinence"}),
                RubricCriterion(tier_id=world.tier.id, key="feasibility", position=1, weight=2,
                                label={"en": "Feasibility", "fr": "Faisabilité"})])
    world.reviewer = make_staff(db, email="reviewer@example.org", roles=("reviewer",), reads=("sw", "fr"))
    db.commit()
    return world


@pytest.mark.parametrize("lang", ["en", "fr", "ar"])
def test_from_submission_to_confirmed_payment(open_page, db, world, lang):
    for user in (world.applicant, world.manager, world.reviewer, world.finance, world.finance2):
        user.locale = lang
        db.add(user)
    db.commit()
    application_id = world.application.id
    review_page = f"/review/applications/{application_id}"

    manager = person(open_page, world.manager.email, lang)
    manager.goto(review_page)
    press(manager, f'form[action="{review_page}/start"]')
    in_language(manager, lang)
    manager.select_option('select[name="reviewer"]', str(world.reviewer.id))
    press(manager, f'form[action="{review_page}/assign"]')
    in_language(manager, lang)

    reviewer = person(open_page, world.reviewer.email, lang)
    reviewer.goto("/review/assigned")
    with reviewer.expect_navigation():
        reviewer.locator('main a[href^="/review/assignments/"]').first.click()
    reviewer.check('input[name="score_relevance"][value="5"]')
    reviewer.check('input[name="score_feasibility"][value="4"]')
    reviewer.fill('textarea[name="comment"]', "Clear plan, urgent need.")
    press(reviewer, 'form[action$="/score"]')
    in_language(reviewer, lang)
    db.expire_all()
    assert db.exec(select(ReviewAssignment)).one().status == "submitted"

    manager.goto(review_page)
    screenshot(manager, f"review-{lang}")
    assert {"en": "4.60", "fr": "4,60"}.get(lang, "4.60") in manager.locator("main").inner_text()
    manager.fill('form[action$="/approve"] input[name="amount"]', {"en": "4,500.00", "fr": "4 500,00"}.get(lang, "4500"))
    manager.fill('form[action$="/approve"] textarea[name="conditions"]', "Receipts for rent and food.")
    press(manager, f'form[action="{review_page}/approve"]')
    in_language(manager, lang)
    db.expire_all()
    decision = db.exec(select(Decision)).one()
    assert (decision.outcome, decision.amount_minor) == ("approved", 450_000)

    grantee = person(open_page, world.applicant.email, lang)
    grantee.goto(f"/applications/{application_id}")
    with grantee.expect_navigation():
        grantee.locator('main a[href^="/grants/"]').first.click()
    accessible(grantee, f"grant page before acceptance ({lang})")
    press(grantee, 'form[action$="/accept"]')
    in_language(grantee, lang)
    grantee.select_option('select[name="method"]', "mobile_money")
    press(grantee, 'form[method="get"]')
    grantee.fill('input[name="account_holder"]', "Mama Amani")
    grantee.fill('input[name="phone_number"]', PHONE)
    grantee.fill('input[name="operator"]', "M-Pesa")
    press(grantee, 'form[action*="/payee"]')
    in_language(grantee, lang)
    assert "5678" in grantee.content() and "81 234" not in grantee.content()
    accessible(grantee, f"grant page after payee details ({lang})")
    screenshot(grantee, f"grant-{lang}")

    first = person(open_page, world.finance.email, lang)
    first.goto("/finance/")
    press(first, 'form[action^="/finance/tranches/"]')
    in_language(first, lang)
    assert first.locator('form[action$="/approve"]').count() == 0  # the scheduler cannot approve

    second = person(open_page, world.finance2.email, lang)
    second.goto("/finance/")
    press(second, 'form[action$="/approve"]')
    in_language(second, lang)

    first.goto("/finance/")
    first.select_option('form[action$="/send"] select[name="method"]', "mobile_money")
    first.fill('form[action$="/send"] input[name="reference"]', "MPESA-7781")
    press(first, 'form[action$="/send"]')
    press(first, 'form[action$="/confirm"]')
    in_language(first, lang)
    screenshot(first, f"payments-{lang}")

    db.expire_all()
    payment = db.exec(select(Disbursement)).one()
    assert (payment.status, payment.reference, payment.amount_minor) == ("confirmed", "MPESA-7781", 450_000)
    assert payment.scheduled_by_id == world.finance.id and payment.approved_by_id == world.finance2.id
    assert db.exec(select(Tranche)).one().status == "paid"
    grant = db.exec(select(Grant)).one()
    assert grant.accepted_language == lang and grant.first_paid_at is not None
    assert check(db) == []
    for page in (manager, reviewer, grantee, first, second):
        log = open_page.log(page)
        assert log.page_errors == [] and log.console_errors == [], (log.page_errors, log.console_errors)
        assert log.foreign_requests() == []
