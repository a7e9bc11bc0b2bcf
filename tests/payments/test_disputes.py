"""A dispute takes the money back (charge.dispute.created); a won dispute books it again once
(charge.dispute.closed, "won"), whatever order Stripe delivers the payment, the dispute and its
closing in, and however often; a lost dispute leaves the contribution refunded."""
import itertools
import random
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlmodel import Session, select

from payments.stripe_events import dispute_closed_event, dispute_event, refund_event, session_event
from portal.db import engine
from portal.donors.models import Contribution
from portal.ledger.invariants import check
from portal.ledger.models import LedgerTransaction
from portal.ledger.posting import balance
from portal.payments.models import StripeEvent

COMPLETED = "checkout.session.completed"
ORDERS = list(itertools.permutations(("paid", "dispute", "closed")))


def state(app, fund_id):
    with app.app_context(), Session(engine()) as session:
        contributions = {c.id: c for c in session.exec(select(Contribution)).all()}
        postings = {}
        for tx in session.exec(select(LedgerTransaction).order_by(LedgerTransaction.id)).all():
            postings.setdefault(tx.record_id, []).append(tx)
        outcomes = {e.event_id: e.outcome for e in session.exec(select(StripeEvent)).all()}
        return {"contributions": contributions, "postings": postings, "outcomes": outcomes,
                "unallocated": balance(session, f"fund:{fund_id}:unallocated"),
                "fees": balance(session, f"fund:{fund_id}:fees"), "violations": check(session)}


def gift_events(stripe_on, stripe_pledge, fund, name, amount, closed_status, currency="usd"):
    """A settled gift's payment, dispute and closing events, by name."""
    contribution_id = stripe_pledge(amount, f"cs_{name}", currency=currency.upper())
    intent = f"pi_{name}"
    if currency == "usd":
        stripe_on.settle(intent, amount, fee=100)
    else:
        stripe_on.settle(intent, amount, currency, settled=amount * 11 // 10, settled_currency="usd",
                         exchange_rate=1.1, fee=100)
    return contribution_id, {
        "paid": session_event(f"evt_{name}_paid", COMPLETED, contribution_id=contribution_id, session_id=f"cs_{name}",
                              amount=amount, currency=currency, intent=intent, fund_id=fund.id),
        "dispute": dispute_event(f"evt_{name}_dispute", intent=intent, amount=amount),
        "closed": dispute_closed_event(f"evt_{name}_closed", intent=intent, amount=amount, status=closed_status),
    }


@pytest.mark.parametrize("closed_status", ["won", "lost"])
def test_every_order_delivered_twice_ends_in_the_same_books(app, stripe_on, giving, stripe_pledge, deliver,
                                                            closed_status):
    fund = giving[0]
    gifts = {}
    for number, order in enumerate(ORDERS):
        contribution_id, events = gift_events(stripe_on, stripe_pledge, fund, f"g{number}", 1000 * (number + 1),
                                              closed_status)
        gifts[contribution_id] = order
        for name in order + order:  # in this order, then all of it again
            assert deliver(events[name]).status_code == 200
            assert state(app, fund.id)["violations"] == []

    books = state(app, fund.id)
    won = closed_status == "won"
    for contribution_id, order in gifts.items():
        contribution = books["contributions"][contribution_id]
        assert contribution.status == ("received" if won else "refunded"), order
        kinds = sorted(tx.kind for tx in books["postings"][contribution_id])
        assert kinds == sorted(["contribution.receive", "reversal"] + (["contribution.reinstate"] if won else []))
    assert books["unallocated"] == (sum(1000 * (n + 1) - 100 for n in range(len(ORDERS))) if won else 0)
    assert books["fees"] == (100 * len(ORDERS) if won else 0)
    closings = {outcome for event_id, outcome in books["outcomes"].items() if event_id.endswith("_closed")}
    assert closings == ({"reinstated", "applied_late"} if won else {"dispute_lost"})
    assert books["violations"] == []


@pytest.mark.parametrize("seed", [1, 2])
def test_won_disputes_delivered_five_times_shuffled_and_concurrently_book_the_money_back_once(
        app, stripe_on, giving, stripe_pledge, deliver, seed):
    fund = giving[0]
    usd_id, usd = gift_events(stripe_on, stripe_pledge, fund, "usd", 5000, "won")
    eur_id, eur = gift_events(stripe_on, stripe_pledge, fund, "eur", 4000, "won", currency="eur")
    lost_id, lost = gift_events(stripe_on, stripe_pledge, fund, "lost", 3000, "lost")
    deliveries = [*usd.values(), *eur.values(), *lost.values()] * 5
    random.Random(seed).shuffle(deliveries)
    with ThreadPoolExecutor(max_workers=8) as pool:
        responses = list(pool.map(deliver, deliveries))

    assert [r.status_code for r in responses] == [200] * len(deliveries)
    books = state(app, fund.id)
    assert {i: books["contributions"][i].status for i in (usd_id, eur_id, lost_id)} == {
        usd_id: "received", eur_id: "received", lost_id: "refunded"}
    for contribution_id in (usd_id, eur_id):
        kinds = sorted(tx.kind for tx in books["postings"][contribution_id])
        assert kinds == ["contribution.receive", "contribution.reinstate", "reversal"]
    receipt, *_ = books["postings"][eur_id]
    [reinstated] = [tx for tx in books["postings"][eur_id] if tx.kind == "contribution.reinstate"]
    assert (receipt.fx_rate, receipt.fx_source) == ("1.1", "Stripe balance transaction txn_pi_eur")
    assert (reinstated.fx_rate, reinstated.fx_source, reinstated.fx_date) == (
        receipt.fx_rate, receipt.fx_source, receipt.fx_date)
    assert books["unallocated"] == (5000 - 100) + (4400 - 100)
    assert books["violations"] == []


def test_a_refund_after_a_won_dispute_is_flagged_not_lost(app, stripe_on, giving, stripe_pledge, deliver):
    fund = giving[0]
    contribution_id, events = gift_events(stripe_on, stripe_pledge, fund, "later", 5000, "won")
    for name in ("paid", "dispute", "closed"):
        deliver(events[name])
    response = deliver(refund_event("evt_later_refund", intent="pi_later", contribution_id=contribution_id, amount=5000))

    assert response.json["outcome"] == "flagged"
    books = state(app, fund.id)
    contribution = books["contributions"][contribution_id]
    assert (contribution.status, contribution.flag) == ("received", "refund_after_dispute_won")
    assert books["unallocated"] == 4900 and books["violations"] == []


def test_a_won_dispute_on_a_refunded_charge_books_nothing(app, stripe_on, giving, stripe_pledge, deliver):
    fund = giving[0]
    contribution_id, events = gift_events(stripe_on, stripe_pledge, fund, "refunded", 5000, "won")
    deliver(events["paid"])
    deliver(refund_event("evt_refunded_refund", intent="pi_refunded", contribution_id=contribution_id, amount=5000))
    deliver(events["dispute"])

    assert deliver(events["closed"]).json["outcome"] == "ignored"
    books = state(app, fund.id)
    assert books["contributions"][contribution_id].status == "refunded"
    assert books["unallocated"] == 0 and books["violations"] == []
