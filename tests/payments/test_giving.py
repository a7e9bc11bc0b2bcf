"""Donor giving pages: one pledge and one Checkout Session per form, exact requests to Stripe,
and a clear explanation when card giving is off."""
import pytest
from sqlmodel import Session, select

from factories import make_donor, make_user
from helpers import csrf_token, sign_in
from payments.stripe_events import session_event
from portal.db import engine
from portal.donors.models import Contribution
from portal.payments.models import StripeEvent


def contributions(app):
    with app.app_context(), Session(engine()) as session:
        return session.exec(select(Contribution)).all()


def give_form_data(client, url, **fields):
    page = client.get(url).get_data(as_text=True)
    key = page.split('name="gift_key" type="hidden" value="')[1].split('"')[0]
    return {"csrf_token": csrf_token(client, url), "gift_key": key, "amount": "50.25", "currency": "USD",
            "earmark": "", **fields}


@pytest.mark.parametrize("currency, typed, minor", [("XOF", "5000", 5000), ("USD", "50.25", 5025),
                                                    ("KWD", "10.250", 10250)])
def test_give_sends_one_exact_checkout_request_and_redirects_to_stripe(app, client, stripe_on, giving, currency,
                                                                       typed, minor):
    fund, _donor, _user = giving
    sign_in(client, "donor@example.org")
    url = f"/payments/give/{fund.id}"
    data = give_form_data(client, url, amount=typed, currency=currency, earmark="country:CD")

    first = client.post(url, data=data)
    second = client.post(url, data=data)  # a double click, or the page submitted again

    [contribution] = contributions(app)
    assert (contribution.amount_minor, contribution.currency, contribution.source) == (minor, currency, "stripe")
    assert (contribution.earmark_kind, contribution.earmark_value, contribution.status) == ("country", "CD", "pledged")
    [(method, path, headers, params)] = stripe_on.created_sessions()
    assert headers["Idempotency-Key"] == f"checkout:{contribution.id}"
    assert params["line_items[0][price_data][unit_amount]"] == str(minor)
    assert params["line_items[0][price_data][currency]"] == currency.lower()
    assert {k: v for k, v in params.items() if "metadata" in k} == {
        "metadata[contribution_id]": str(contribution.id), "metadata[fund_id]": str(fund.id),
        "payment_intent_data[metadata][contribution_id]": str(contribution.id),
        "payment_intent_data[metadata][fund_id]": str(fund.id)}
    assert params["success_url"].endswith(f"/payments/thanks/{contribution.id}")
    assert contribution.stripe_session_id == "cs_test_0001"
    for response in (first, second):
        assert (response.status_code, response.headers["Location"]) == (303, "https://checkout.stripe.com/c/pay/cs_test_0001")


def test_kwd_amount_stripe_cannot_charge_is_refused_on_the_form(app, client, stripe_on, giving):
    fund = giving[0]
    sign_in(client, "donor@example.org")
    url = f"/payments/give/{fund.id}"
    response = client.post(url, data=give_form_data(client, url, amount="10.255", currency="KWD"))
    assert response.status_code == 200 and "rounder amount" in response.get_data(as_text=True)
    assert contributions(app) == [] and stripe_on.created_sessions() == []


def test_give_page_has_no_stripe_script_and_a_fresh_key(client, stripe_on, giving):
    sign_in(client, "donor@example.org")
    page = client.get(f"/payments/give/{giving[0].id}").get_data(as_text=True)
    assert "Continue to payment" in page and "<script" not in page and "stripe.com" not in page


def test_without_keys_the_page_explains_bank_transfer_and_creates_nothing(app, client, stripe_off, giving):
    sign_in(client, "donor@example.org")
    response = client.get(f"/payments/give/{giving[0].id}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Card giving is not configured" in page and "bank transfer" in page
    assert "Women Peacebuilders Fund" in page and 'name="amount"' not in page
    assert contributions(app) == []


@pytest.mark.parametrize("roles, member", [(("applicant",), False), (("donor",), False), (("finance_officer",), True)])
def test_only_donor_members_may_give(app, client, db, stripe_on, giving, roles, member):
    user = make_user(db, email="other@example.org", roles=roles)
    if member:
        from portal.donors.models import DonorMember
        db.add(DonorMember(donor_id=giving[1].id, user_id=user.id))
    db.commit()
    sign_in(client, "other@example.org")
    assert client.get(f"/payments/give/{giving[0].id}").status_code == 403


def test_signed_out_visitor_is_sent_to_sign_in(client, stripe_on, giving):
    response = client.get(f"/payments/give/{giving[0].id}")
    assert response.status_code == 302 and "/accounts/sign-in" in response.headers["Location"]


def test_thanks_page_says_we_are_confirming_and_records_nothing(app, client, db, stripe_on, giving, stripe_pledge):
    contribution_id = stripe_pledge(5000, "cs_thanks")
    sign_in(client, "donor@example.org")
    page = client.get(f"/payments/thanks/{contribution_id}").get_data(as_text=True)
    assert "We are confirming your payment" in page
    [contribution] = contributions(app)
    assert (contribution.status, contribution.stripe_payment_intent_id) == ("pledged", None)


def test_thanks_page_of_another_donor_is_not_found(app, client, db, stripe_on, giving, stripe_pledge):
    contribution_id = stripe_pledge(5000, "cs_private")
    other = make_user(db, email="other@example.org", roles=("donor",))
    from portal.donors.models import DonorMember
    db.add(DonorMember(donor_id=make_donor(db, name="Another donor").id, user_id=other.id))
    db.commit()
    sign_in(client, "other@example.org")
    assert client.get(f"/payments/thanks/{contribution_id}").status_code == 404


def test_reconcile_applies_missed_events_once_and_reports_paid_sessions_still_pledged(app, stripe_on, stripe_pledge):
    booked = stripe_pledge(5000, "cs_missed")
    stuck = stripe_pledge(7000, "cs_stuck")
    stripe_on.events = [session_event("evt_missed", "checkout.session.completed", contribution_id=booked,
                                      session_id="cs_missed", amount=5000, intent="pi_missed")]
    stripe_on.sessions["cs_stuck"] = {"id": "cs_stuck", "object": "checkout.session", "payment_status": "paid",
                                      "status": "complete", "amount_total": 7000, "currency": "usd", "metadata": {}}
    runner = app.test_cli_runner()

    unsettled = runner.invoke(args=["stripe", "reconcile"])  # Stripe has no balance transaction yet
    assert unsettled.exit_code == 0, unsettled.output
    assert "evt_missed checkout.session.completed: not applied" in unsettled.output
    assert "0 event(s) applied" in unsettled.output
    stripe_on.settle("pi_missed", 5000, fee=175)
    first = runner.invoke(args=["stripe", "reconcile"])
    second = runner.invoke(args=["stripe", "reconcile"])

    assert first.exit_code == 0, first.output
    assert "evt_missed checkout.session.completed: received" in first.output and "1 event(s) applied" in first.output
    assert f"paid on Stripe but not booked: contribution {stuck}" in first.output
    assert "already recorded" in second.output and "0 event(s) applied" in second.output
    statuses = {c.id: (c.status, c.fee_minor) for c in contributions(app)}
    assert statuses == {booked: ("received", 175), stuck: ("pledged", 0)}
    with app.app_context(), Session(engine()) as session:
        assert len(session.exec(select(StripeEvent)).all()) == 1
