"""Paying a grant through the pages: acceptance, payee details, four eyes, sent, confirmed or
failed; who may use which payment page."""
import re

import pytest
from sqlmodel import select

from factories import make_user
from helpers import post_form
from portal.audit import AuditEvent
from portal.grants.models import Tranche
from portal.ledger import accounts
from portal.ledger.invariants import check
from portal.ledger.posting import balance
from tests.finance.support import (BANK, MOBILE, PHONE, Browsers, accept, approved, give_payee, grant, html,
                                   payments, reread, schedule, step)


@pytest.fixture
def browsers(app, client):
    return Browsers(app)


@pytest.fixture
def payable(db, browsers):
    """An accepted grant whose first tranche is payable, with bank payee details given."""
    world, awarded = approved(db)
    applicant = browsers("amina@example.org")
    accept(applicant, awarded.id)
    give_payee(applicant, awarded.id, awarded.shares[0].id, "bank_transfer", BANK)
    return world, awarded, awarded.shares[0].tranches[0].id


def test_from_acceptance_to_confirmed_payment_with_four_eyes(db, browsers):
    world, awarded = approved(db)
    share = awarded.shares[0]
    first, second = share.tranches
    applicant, officer1, officer2 = (browsers(e) for e in ("amina@example.org", "finance1@example.org",
                                                           "finance2@example.org"))

    assert "I accept these terms on behalf of Mama Amani" in html(applicant.get(f"/grants/{awarded.id}"))
    assert accept(applicant, awarded.id).status_code == 302
    assert grant(db, awarded.id).status == "accepted"
    assert "Waiting for payment details" in html(officer1.get("/finance/"))
    response = give_payee(applicant, awarded.id, share.id, "mobile_money", MOBILE)
    assert response.status_code == 302

    assert schedule(officer1, first.id).status_code == 302
    payment, = payments(db, awarded.id)
    assert (payment.status, payment.scheduled_by_id, payment.amount_minor) == ("scheduled", world.finance.id, 240_000)
    page = html(officer1.get("/finance/"))
    assert "another finance officer must approve it" in page and f"/payments/{payment.id}/approve" not in page

    refused = step(officer1, payment.id, "approve")
    assert "another finance officer must approve it" in html(officer1.get(refused.headers["Location"]))
    assert payments(db, awarded.id)[0].status == "scheduled"
    assert balance(db, accounts.disbursed(world.fund, share.id).code) == 0

    assert f"/payments/{payment.id}/approve" in html(officer2.get("/finance/"))
    step(officer2, payment.id, "approve")
    assert payments(db, awarded.id)[0].approved_by_id == world.finance2.id
    assert balance(db, accounts.disbursed(world.fund, share.id).code) == 240_000
    step(officer1, payment.id, "send", {"method": "mobile_money", "reference": "MPESA-77"})
    step(officer1, payment.id, "confirm")
    done = payments(db, awarded.id)[0]
    assert (done.status, done.method, done.reference) == ("confirmed", "mobile_money", "MPESA-77")
    assert db.get(Tranche, first.id).status == "paid" and db.get(Tranche, second.id).status == "waiting"
    assert grant(db, awarded.id).first_paid_at is not None

    later = [html(who.get(url)) for who in (applicant, officer1, browsers("manager@example.org"))
             for url in (f"/grants/{awarded.id}", "/finance/", "/grants/")]
    for page in later:
        assert PHONE not in page and "812345678" not in page.replace(" ", "")
    assert "•••• 5678" in html(applicant.get(f"/grants/{awarded.id}"))
    assert "•••• 5678" in html(officer1.get(f"/grants/{awarded.id}"))
    assert "•••• 5678" not in html(browsers("manager@example.org").get(f"/grants/{awarded.id}"))
    assert check(reread(db)) == []


def test_a_failed_payment_is_reversed_and_its_tranche_can_be_paid_again(db, browsers, payable):
    world, awarded, tranche_id = payable
    officer1, officer2 = browsers("finance1@example.org"), browsers("finance2@example.org")
    schedule(officer1, tranche_id)
    payment, = payments(db, awarded.id)
    step(officer2, payment.id, "approve")
    step(officer1, payment.id, "send", {"method": "bank_transfer", "reference": "TT-1"})
    missing_reason = step(officer1, payment.id, "undo", {"action": "fail", "reason": ""})
    assert "Please say why" in html(missing_reason) and payments(db, awarded.id)[0].status == "sent"
    step(officer1, payment.id, "undo", {"action": "fail", "reason": "Account closed"})
    failed = payments(db, awarded.id)[0]
    assert (failed.status, failed.failure_reason) == ("failed", "Account closed")
    assert db.get(Tranche, tranche_id).status == "payable"
    assert balance(db, accounts.disbursed(world.fund, awarded.shares[0].id).code) == 0
    assert f"/finance/tranches/{tranche_id}/schedule" in html(officer1.get("/finance/"))
    assert schedule(officer1, tranche_id).status_code == 302
    assert [p.status for p in payments(db, awarded.id)] == ["failed", "scheduled"]
    assert check(reread(db)) == []


def test_a_scheduled_payment_may_be_cancelled_and_a_sent_one_needs_a_reference(db, browsers, payable):
    world, awarded, tranche_id = payable
    officer1, officer2 = browsers("finance1@example.org"), browsers("finance2@example.org")
    schedule(officer1, tranche_id)
    payment, = payments(db, awarded.id)
    step(officer2, payment.id, "approve")
    refused = step(officer1, payment.id, "send", {"method": "bank_transfer", "reference": ""})
    assert refused.status_code == 200 and "Please give the reference" in html(refused)
    assert payments(db, awarded.id)[0].status == "approved"
    step(officer1, payment.id, "undo", {"action": "cancel", "reason": ""})
    assert payments(db, awarded.id)[0].status == "cancelled" and db.get(Tranche, tranche_id).status == "payable"
    assert balance(db, accounts.committed(world.fund, awarded.shares[0].id).code) == 400_000
    confirm_cancelled = step(officer1, payment.id, "confirm")
    assert "not possible at this stage" in html(officer1.get(confirm_cancelled.headers["Location"]))
    assert check(reread(db)) == []


def test_a_double_submitted_schedule_form_schedules_once(db, browsers, payable):
    _world, awarded, tranche_id = payable
    officer = browsers("finance1@example.org")
    page = html(officer.get("/finance/"))
    key = re.search(r'name="key" value="([^"]+)"', page).group(1)
    for _ in range(2):
        response = post_form(officer, f"/finance/tranches/{tranche_id}/schedule", {"key": key}, page="/finance/")
        assert response.status_code == 302
    assert len(payments(db, awarded.id)) == 1
    assert len(reread(db).exec(select(AuditEvent).where(AuditEvent.action == "disbursement.schedule")).all()) == 1


def test_scheduling_without_payee_details_is_refused_with_a_message(db, browsers):
    _world, awarded = approved(db)
    accept(browsers("amina@example.org"), awarded.id)
    officer = browsers("finance1@example.org")
    tranche_id = awarded.shares[0].tranches[0].id
    assert f"/finance/tranches/{tranche_id}/schedule" not in html(officer.get("/finance/"))
    response = post_form(officer, f"/finance/tranches/{tranche_id}/schedule", {"key": "k"}, page="/finance/")
    assert "has not given payment details" in html(officer.get(response.headers["Location"]))
    assert payments(db, awarded.id) == []


# --- who may use the payment pages --------------------------------------------------------
def finance_routes(tranche_id, payment_id):
    return [("get", "/finance/"), ("get", "/finance/batches/export.csv"), ("get", "/finance/batches/import"),
            ("post", "/finance/batches/import"), ("post", f"/finance/tranches/{tranche_id}/schedule"),
            *(("post", f"/finance/payments/{payment_id}/{name}") for name in ("approve", "send", "stripe", "confirm",
                                                                                 "undo"))]


#: People the world already has; other roles get a new account.
EMAILS = {"applicant": "amina@example.org", "fund_manager": "manager@example.org"}


def someone(db, browsers, role):
    """A signed-in browser of someone holding `role`."""
    if role not in EMAILS:
        make_user(db, email=f"{role}@example.org", name=role.title(), roles=(role,))
        db.commit()
    return browsers(EMAILS.get(role, f"{role}@example.org"))


@pytest.mark.parametrize("role", ["applicant", "reviewer", "donor", "fund_manager", "admin"])
def test_only_finance_officers_use_the_payment_pages(db, browsers, payable, role):
    _world, awarded, tranche_id = payable
    schedule(browsers("finance1@example.org"), tranche_id)
    payment, = payments(db, awarded.id)
    outsider = someone(db, browsers, role)
    for method, url in finance_routes(tranche_id, payment.id):
        if method == "get":
            response = outsider.get(url)
        else:
            response = post_form(outsider, url, {"key": "other", "method": "bank_transfer", "reference": "R",
                                                 "action": "cancel"}, page="/accounts/account")
        assert response.status_code == 403, (role, url)
    assert [p.status for p in payments(db, awarded.id)] == ["scheduled"]


def test_signed_out_visitors_are_sent_to_sign_in(client):
    for url in ("/finance/", "/finance/batches/export.csv", "/finance/batches/import"):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/sign-in" in response.headers["Location"]


def test_payment_pages_answer_404_for_unknown_records(db, browsers, payable):
    officer = browsers("finance1@example.org")
    assert post_form(officer, "/finance/tranches/999999/schedule", {"key": "k"}, page="/finance/").status_code == 404
    for name in ("approve", "confirm", "stripe"):
        assert step(officer, 999999, name).status_code == 404


def test_an_approved_payment_to_a_stripe_account_is_sent_from_the_page(app, db, browsers):
    from payments.stripe_double import StripeDouble
    from payments.stripe_events import WEBHOOK_SECRET
    _world, awarded = approved(db)
    applicant = browsers("amina@example.org")
    accept(applicant, awarded.id)
    give_payee(applicant, awarded.id, awarded.shares[0].id, "stripe_connect",
               {"account_holder": "Mama Amani", "stripe_account": "acct_1Grantee"})
    officer1 = browsers("finance1@example.org")
    schedule(officer1, awarded.shares[0].tranches[0].id)
    payment, = payments(db, awarded.id)
    step(browsers("finance2@example.org"), payment.id, "approve")
    assert f"/finance/payments/{payment.id}/stripe" in html(officer1.get("/finance/"))
    unconfigured = step(officer1, payment.id, "stripe")
    assert "Stripe is not configured" in html(officer1.get(unconfigured.headers["Location"]))
    with StripeDouble() as double:
        app.config.update(STRIPE_SECRET_KEY="sk_test_double", STRIPE_WEBHOOK_SECRET=WEBHOOK_SECRET,
                          STRIPE_API_BASE=double.url)
        step(officer1, payment.id, "stripe")
    sent = payments(db, awarded.id)[0]
    assert (sent.status, sent.method, sent.reference) == ("sent", "stripe_connect", "tr_0001")
    assert [t["destination"] for t in double.transfers] == ["acct_1Grantee"]


def test_the_grantee_hears_without_content_when_her_payment_is_confirmed(db, browsers, payable, mailbox):
    world, awarded, tranche_id = payable
    officer1, officer2 = browsers("finance1@example.org"), browsers("finance2@example.org")
    schedule(officer1, tranche_id)
    payment, = payments(db, awarded.id)
    step(officer2, payment.id, "approve")
    step(officer1, payment.id, "send", {"method": "bank_transfer", "reference": "TX-99"})
    assert list(mailbox) == []  # nothing to tell before the money arrived
    step(officer1, payment.id, "confirm")
    email, = mailbox
    text = email.get_content()
    assert email["To"] == "amina@example.org" and f"/grants/{awarded.id}" in text
    assert "TX-99" not in text and "4,000" not in text and "4000" not in text  # no content, no amount


def test_finance_hears_when_payment_details_are_replaced_and_not_under_a_payment(db, browsers, payable, mailbox):
    world, awarded, tranche_id = payable
    applicant = browsers("amina@example.org")
    assert list(mailbox) == []  # the first details are no news for finance
    give_payee(applicant, awarded.id, awarded.shares[0].id, "mobile_money", MOBILE)
    assert sorted(email["To"] for email in mailbox) == ["finance1@example.org", "finance2@example.org"]
    assert all(PHONE not in email.get_content() and "5678" not in email.get_content() for email in mailbox)
    schedule(browsers("finance1@example.org"), tranche_id)
    mailbox.clear()
    refused = html(give_payee(applicant, awarded.id, awarded.shares[0].id, "bank_transfer", BANK))
    assert "on its way" in refused and list(mailbox) == []
