"""A Stripe payment is booked with what Stripe settled: its fee on the fund's fees account and,
for a gift in another currency, Stripe's exchange rate, with the exact read of the PaymentIntent
(expanded to its balance transaction) asserted on the local double."""
from concurrent.futures import ThreadPoolExecutor
from datetime import date

from sqlmodel import Session, select

from payments.stripe_events import session_event
from portal.db import engine
from portal.donors.models import Contribution
from portal.ledger.invariants import check
from portal.ledger.models import LedgerTransaction
from portal.ledger.posting import balance
from portal.payments.models import StripeEvent

COMPLETED = "checkout.session.completed"
EXPANDED = {"expand[0]": "latest_charge.balance_transaction"}
NEW_YEAR_2026 = 1767225600  # 2026-01-01T00:00:00Z


def books(app, fund_id, contribution_id):
    """The contribution, its ledger transactions, the fund's balances by account and the invariants."""
    with app.app_context(), Session(engine()) as session:
        contribution = session.get(Contribution, contribution_id)
        transactions = session.exec(select(LedgerTransaction).where(
            LedgerTransaction.record_id == contribution_id).order_by(LedgerTransaction.id)).all()
        balances = {kind: balance(session, f"fund:{fund_id}:{kind}") for kind in ("unallocated", "fees", "fx_rounding")}
        return contribution, transactions, balances, check(session)


def test_usd_gift_books_the_stripe_fee_on_the_funds_fees_account(app, stripe_on, giving, stripe_pledge, deliver):
    fund = giving[0]
    contribution_id = stripe_pledge(5000, "cs_fee")
    stripe_on.settle("pi_fee", 5000, fee=175)
    paid = session_event("evt_fee", COMPLETED, contribution_id=contribution_id, session_id="cs_fee", amount=5000,
                         intent="pi_fee", fund_id=fund.id)

    assert deliver(paid).json["outcome"] == "received"
    assert deliver(paid).json["outcome"] == "received"  # a redelivery reads nothing and books nothing

    assert stripe_on.intent_reads() == [("/v1/payment_intents/pi_fee", EXPANDED)]
    contribution, transactions, balances, violations = books(app, fund.id, contribution_id)
    assert (contribution.status, contribution.fund_amount_minor, contribution.fee_minor) == ("received", 5000, 175)
    assert [tx.kind for tx in transactions] == ["contribution.receive"]
    assert transactions[0].fx_rate is None
    assert balances == {"unallocated": 4825, "fees": 175, "fx_rounding": 0}
    assert violations == []


def test_eur_gift_to_a_usd_fund_settled_in_usd_is_booked_at_stripes_rate(app, stripe_on, giving, stripe_pledge,
                                                                         deliver):
    fund = giving[0]
    contribution_id = stripe_pledge(5000, "cs_eur", currency="EUR")
    # 50.00 EUR × 1.08412 = 54.206 USD → 54.21 at the rate; Stripe credited 54.20, fee 1.87 USD.
    stripe_on.settle("pi_eur", 5000, "eur", settled=5420, settled_currency="usd", exchange_rate=1.08412, fee=187,
                     created=NEW_YEAR_2026 + 3600, txn="txn_1SeurXYZ")
    paid = session_event("evt_eur", COMPLETED, contribution_id=contribution_id, session_id="cs_eur", amount=5000,
                         currency="eur", intent="pi_eur", fund_id=fund.id)

    with ThreadPoolExecutor(max_workers=4) as pool:  # delivered five times at once: booked once
        responses = list(pool.map(deliver, [paid] * 5))

    assert [r.status_code for r in responses] == [200] * 5
    assert {r.json["outcome"] for r in responses} == {"received"}
    reads = stripe_on.intent_reads()
    assert 1 <= len(reads) <= 5 and all(read == ("/v1/payment_intents/pi_eur", EXPANDED) for read in reads)
    contribution, transactions, balances, violations = books(app, fund.id, contribution_id)
    assert (contribution.status, contribution.amount_minor, contribution.currency) == ("received", 5000, "EUR")
    assert (contribution.fund_amount_minor, contribution.fee_minor) == (5420, 187)
    assert (contribution.fx_rate, contribution.fx_source, contribution.fx_date) == (
        "1.08412", "Stripe balance transaction txn_1SeurXYZ", date(2026, 1, 1))
    [receipt] = transactions
    assert (receipt.kind, receipt.fx_rate, receipt.fx_source, receipt.fx_date) == (
        "contribution.receive", "1.08412", "Stripe balance transaction txn_1SeurXYZ", date(2026, 1, 1))
    assert balances == {"unallocated": 5420 - 187, "fees": 187, "fx_rounding": 1}
    assert violations == []


def test_settlement_in_a_third_currency_is_flagged_and_not_booked(app, stripe_on, giving, stripe_pledge, deliver):
    fund = giving[0]
    contribution_id = stripe_pledge(5000, "cs_gbp")
    stripe_on.settle("pi_gbp", 5000, "usd", settled=3950, settled_currency="gbp", exchange_rate=0.79, fee=140)
    paid = session_event("evt_gbp", COMPLETED, contribution_id=contribution_id, session_id="cs_gbp", amount=5000,
                         intent="pi_gbp", fund_id=fund.id)

    assert deliver(paid).json["outcome"] == "flagged"
    contribution, transactions, _balances, violations = books(app, fund.id, contribution_id)
    assert (contribution.status, contribution.flag, transactions) == ("pledged", "fx_needed", [])
    assert violations == []


def test_unreadable_settlement_writes_nothing_and_stripe_delivers_again(app, stripe_on, giving, stripe_pledge,
                                                                       deliver):
    fund = giving[0]
    contribution_id = stripe_pledge(5000, "cs_later")
    paid = session_event("evt_later", COMPLETED, contribution_id=contribution_id, session_id="cs_later", amount=5000,
                         intent="pi_later", fund_id=fund.id)

    assert deliver(paid).status_code == 503  # the double does not know pi_later yet
    stripe_on.settle("pi_later", 5000, fee=175)
    stripe_on.payment_intents["pi_later"]["latest_charge"]["balance_transaction"] = None  # not settled yet
    assert deliver(paid).status_code == 503
    with app.app_context(), Session(engine()) as session:
        assert session.exec(select(StripeEvent)).all() == []
        assert session.get(Contribution, contribution_id).stripe_payment_intent_id is None

    stripe_on.settle("pi_later", 5000, fee=175)
    assert deliver(paid).json["outcome"] == "received"
    contribution, transactions, balances, violations = books(app, fund.id, contribution_id)
    assert balances["fees"] == 175
    assert (contribution.status, contribution.fee_minor, len(transactions)) == ("received", 175, 1)
    assert violations == []
