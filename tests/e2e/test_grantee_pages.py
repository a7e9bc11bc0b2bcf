"""The grantee's new pages on a cheap phone: the grant (agreement, payment details) and the
messages from the fund team, without JavaScript, on a 320 px screen, in English and Arabic,
within the page-weight budget, with axe-core's 0 violations."""
import pytest

from e2e_support import BUDGET_BYTES, BUDGET_REQUESTS, PASSWORD, PHONE, phone_ready, press, sign_in, weight
from portal.review import clarification
from portal.review.decisions import approve
from tests.grants.support import World

pytestmark = pytest.mark.e2e


@pytest.fixture
def awarded(db):
    world = World(db)
    approve(db, application=world.application, actor=world.manager, amount_minor=400_000, key="k")
    grant = world.grant(db)
    db.commit()
    return world, grant


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_grant_page_on_a_phone_without_javascript(open_page, db, awarded, lang):
    world, grant = awarded
    page = open_page(locale=lang, viewport=PHONE, java_script_enabled=False)
    sign_in(page, world.applicant.email, PASSWORD)
    path = f"/grants/{grant.id}"
    page.goto(path)
    phone_ready(open_page, page, f"grant page, terms ({lang})")
    press(page, 'form[action$="/accept"]')
    page.select_option('select[name="method"]', "mobile_money")
    press(page, 'form[method="get"]')
    phone_ready(open_page, page, f"grant page, payment details form ({lang})")
    page.fill('input[name="account_holder"]', "Mama Amani")
    page.fill('input[name="phone_number"]', "+243 81 234 5678")
    page.fill('input[name="operator"]', "M-Pesa")
    press(page, 'form[action*="/payee"]')
    phone_ready(open_page, page, f"grant page, accepted ({lang})")
    total, requests, log = weight(open_page, page.context.storage_state(), path)
    print(f"\ngrant page ({lang}): {requests} requests, {total} bytes transferred")
    assert total <= BUDGET_BYTES and requests <= BUDGET_REQUESTS and log.foreign_requests() == []


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_messages_page_on_a_phone_without_javascript(open_page, db, lang):
    world = World(db)
    clarification.ask_applicant(db, application=world.application, actor=world.manager,
                                body="Could you say how many families the safe house will hold?", language="en")
    db.commit()
    page = open_page(locale=lang, viewport=PHONE, java_script_enabled=False)
    sign_in(page, world.applicant.email, PASSWORD)
    path = f"/applications/{world.application.id}/messages"
    page.goto(path)
    phone_ready(open_page, page, f"messages ({lang})")
    page.fill('textarea[name="body"]', "Familia nne, watu kumi na tano.")
    page.select_option('select[name="written_language"]', "sw")
    press(page, 'main form[method="post"]')
    assert "Familia nne" in page.content()
    phone_ready(open_page, page, f"messages after the answer ({lang})")
    total, requests, log = weight(open_page, page.context.storage_state(), path)
    print(f"\nmessages page ({lang}): {requests} requests, {total} bytes transferred")
    assert total <= BUDGET_BYTES and requests <= BUDGET_REQUESTS and log.foreign_requests() == []
