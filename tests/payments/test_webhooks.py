"""The Stripe webhook: only signed deliveries count, each event takes effect once, in any order,
and a payment that does not match its pledge is flagged, never booked."""
import json
import random
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func
from sqlmodel import Session, select

from payments.stripe_events import dispute_event, refund_event, session_event, sign
from portal.audit import AuditEvent
from portal.db import engine
from portal.donors.models import Contribution
from portal.ledger.invariants import check
from portal.ledger.models import LedgerTransaction
from portal.payments.models import StripeEvent

COMPLETED = "checkout.session.completed"


def snapshot(app):
    """Contributions, recorded events, ledger transactions per contribution and the invariants."""
    with app.app_context(), Session(engine()) as session:
        contributions = {c.id: c for c in session.exec(select(Contribution)).all()}
        events = {e.event_id: e for e in session.exec(select(StripeEvent)).all()}
        postings = {}
        for tx in session.exec(select(LedgerTransaction)).all():
            postings.setdefault(tx.record_id, []).append(tx.kind)
        audits = session.exec(select(func.count()).select_from(AuditEvent)).one()
        return {"contributions": contributions, "events": events, "postings": postings, "audits": audits,
                "violations": check(session)}


@pytest.mark.parametrize("seed", [1, 2])
def test_each_event_delivered_five_times_shuffled_and_concurrently_takes_effect_once(app, stripe_on, stripe_pledge,
                                                                                   deliver, seed):
    ids = {name: stripe_pledge(amount, f"cs_{name}") for name, amount in
           [("paid", 5000), ("async", 7000), ("declined", 900), ("expired", 1200), ("refund", 3000), ("dispute", 4000)]}
    for name, amount in [("paid", 5000), ("async", 7000), ("refund", 3000), ("dispute", 4000)]:
        stripe_on.settle(f"pi_{name}", amount, fee=amount // 40)

    def checkout(event_id, kind, name, amount, paid=True, intent=None):
        return session_event(event_id, kind, contribution_id=ids[name], session_id=f"cs_{name}", amount=amount,
                             paid=paid, intent=intent)

    fixtures = [
        checkout("evt_paid", COMPLETED, "paid", 5000, intent="pi_paid"),
        checkout("evt_async_wait", COMPLETED, "async", 7000, paid=False, intent="pi_async"),
        checkout("evt_async_ok", "checkout.session.async_payment_succeeded", "async", 7000, intent="pi_async"),
        checkout("evt_declined_wait", COMPLETED, "declined", 900, paid=False, intent="pi_declined"),
        checkout("evt_declined", "checkout.session.async_payment_failed", "declined", 900, paid=False,
                 intent="pi_declined"),
        checkout("evt_expired", "checkout.session.expired", "expired", 1200, paid=False),
        checkout("evt_refund_paid", COMPLETED, "refund", 3000, intent="pi_refund"),
        refund_event("evt_refund", intent="pi_refund", contribution_id=ids["refund"], amount=3000),
        checkout("evt_dispute_paid", COMPLETED, "dispute", 4000, intent="pi_dispute"),
        dispute_event("evt_dispute", intent="pi_dispute", amount=4000),
    ]
    deliveries = fixtures * 5
    random.Random(seed).shuffle(deliveries)
    with ThreadPoolExecutor(max_workers=8) as pool:
        responses = list(pool.map(deliver, deliveries))

    assert [r.status_code for r in responses] == [200] * len(deliveries)
    state = snapshot(app)
    assert set(state["events"]) == {f["id"] for f in fixtures}
    statuses = {name: state["contributions"][ids[name]].status for name in ids}
    assert statuses == {"paid": "received", "async": "received", "declined": "failed", "expired": "failed",
                        "refund": "refunded", "dispute": "refunded"}
    assert state["postings"].get(ids["paid"]) == ["contribution.receive"]
    assert state["postings"].get(ids["async"]) == ["contribution.receive"]
    # Stripe keeps its fee on a refund: the fund bears it when other gifts already cover it, else
    # finance is told (the order of deliveries decides which).
    refunded = state["contributions"][ids["refund"]]
    kept = ["contribution.fee_kept"] if refunded.flag is None else []
    assert refunded.flag in (None, "refund_fee_not_covered")
    assert sorted(state["postings"].get(ids["refund"])) == sorted(kept + ["contribution.receive", "reversal"])
    assert sorted(state["postings"].get(ids["dispute"])) == ["contribution.receive", "reversal"]
    assert ids["declined"] not in state["postings"] and ids["expired"] not in state["postings"]
    assert state["contributions"][ids["paid"]].stripe_payment_intent_id == "pi_paid"
    assert (state["contributions"][ids["paid"]].fee_minor, state["contributions"][ids["async"]].fee_minor) == (125, 175)
    assert state["violations"] == []


def test_refund_before_the_payment_is_deferred_then_applied_once(app, stripe_on, stripe_pledge, deliver):
    contribution_id = stripe_pledge(2500, "cs_early")
    stripe_on.settle("pi_early", 2500)
    refund = refund_event("evt_r", intent="pi_early", contribution_id=contribution_id, amount=2500)
    paid = session_event("evt_p", COMPLETED, contribution_id=contribution_id, session_id="cs_early", amount=2500,
                         intent="pi_early")

    assert deliver(refund).json["outcome"] == "deferred"
    assert snapshot(app)["contributions"][contribution_id].status == "pledged"
    assert deliver(paid).json["outcome"] == "received"
    for replay in (refund, paid, refund):
        assert deliver(replay).status_code == 200

    state = snapshot(app)
    assert state["contributions"][contribution_id].status == "refunded"
    assert state["events"]["evt_r"].outcome == "applied_late"
    assert sorted(state["postings"][contribution_id]) == ["contribution.receive", "reversal"]
    assert state["violations"] == []


@pytest.mark.parametrize("amount, currency", [(500, "usd"), (5000, "eur"), (5001, "usd")])
def test_amount_or_currency_mismatch_is_flagged_and_not_booked(app, stripe_on, stripe_pledge, deliver, amount,
                                                              currency):
    contribution_id = stripe_pledge(5000, "cs_mismatch")
    response = deliver(session_event("evt_m", COMPLETED, contribution_id=contribution_id, session_id="cs_mismatch",
                                     amount=amount, currency=currency, intent="pi_m"))
    assert response.json["outcome"] == "amount_mismatch"
    state = snapshot(app)
    contribution = state["contributions"][contribution_id]
    assert (contribution.status, contribution.flag) == ("pledged", "amount_mismatch")
    assert contribution_id not in state["postings"]
    assert state["violations"] == []


def test_event_for_another_checkout_session_of_the_pledge_books_nothing(app, stripe_on, stripe_pledge, deliver):
    contribution_id = stripe_pledge(5000, "cs_ours")
    response = deliver(session_event("evt_x", COMPLETED, contribution_id=contribution_id, session_id="cs_other",
                                     amount=5000, intent="pi_x"))
    assert response.json["outcome"] == "unmatched"
    assert snapshot(app)["contributions"][contribution_id].status == "pledged"


def _tampered(body):
    return {"body": body.replace("5000", "9000"), "headers": {"Stripe-Signature": sign(body)}}


@pytest.mark.parametrize("case", ["tampered body", "wrong secret", "missing header", "stale timestamp", "garbage"])
def test_unverified_delivery_is_refused_without_writing(app, stripe_on, stripe_pledge, deliver, case):
    contribution_id = stripe_pledge(5000, "cs_sig")
    payload = session_event("evt_sig", COMPLETED, contribution_id=contribution_id, session_id="cs_sig", amount=5000,
                            intent="pi_sig")
    body = json.dumps(payload)
    options = {
        "tampered body": _tampered(body),
        "wrong secret": {"secret": "whsec_someone_else"},
        "missing header": {"headers": {}},
        "stale timestamp": {"timestamp": int(time.time()) - 301},
        "garbage": {"headers": {"Stripe-Signature": "t=yesterday,v1=zz"}},
    }[case]
    before = snapshot(app)
    assert deliver(payload, **options).status_code == 400
    after = snapshot(app)
    assert (after["events"], after["postings"], after["audits"]) == ({}, {}, before["audits"])
    assert after["contributions"][contribution_id].model_dump() == before["contributions"][contribution_id].model_dump()


def test_crash_before_commit_leaves_nothing_and_redelivery_records_once(app, stripe_on, stripe_pledge, deliver,
                                                                       monkeypatch):
    import portal.donors.services as donor_services
    real_post, crashes = donor_services.post, []

    def post_crashing_once(*args, **kwargs):  # the ledger post, as the receiving service calls it
        if not crashes:
            crashes.append(True)
            raise RuntimeError("power cut")
        return real_post(*args, **kwargs)

    monkeypatch.setattr(donor_services, "post", post_crashing_once)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    contribution_id = stripe_pledge(5000, "cs_crash")
    stripe_on.settle("pi_crash", 5000)
    payload = session_event("evt_crash", COMPLETED, contribution_id=contribution_id, session_id="cs_crash",
                            amount=5000, intent="pi_crash")

    assert deliver(payload).status_code == 500
    state = snapshot(app)
    assert state["events"] == {} and state["postings"] == {}
    assert state["contributions"][contribution_id].stripe_payment_intent_id is None

    assert deliver(payload).json["outcome"] == "received"
    assert deliver(payload).json["outcome"] == "received"  # a redelivery answers with the first outcome
    state = snapshot(app)
    assert list(state["events"]) == ["evt_crash"]
    assert state["postings"][contribution_id] == ["contribution.receive"]
    assert state["violations"] == []


def test_unhandled_event_types_are_acknowledged_and_not_recorded(app, stripe_on, deliver):
    response = deliver({"id": "evt_other", "type": "customer.created", "data": {"object": {"id": "cus_1"}}})
    assert (response.status_code, response.json["outcome"]) == (200, "ignored")
    assert snapshot(app)["events"] == {}


def test_webhook_is_absent_while_stripe_is_not_configured(app, stripe_off, stripe_pledge, deliver):
    contribution_id = stripe_pledge(5000, "cs_off")
    payload = session_event("evt_off", COMPLETED, contribution_id=contribution_id, session_id="cs_off", amount=5000)
    assert deliver(payload).status_code == 404
    assert snapshot(app)["events"] == {}


def test_a_partial_dispute_is_flagged_not_reversed(app, stripe_on, stripe_pledge, deliver):
    contribution_id = stripe_pledge(3000, "cs_part")
    stripe_on.settle("pi_part", 3000)
    paid = session_event("evt_pp", COMPLETED, contribution_id=contribution_id, session_id="cs_part", amount=3000,
                         intent="pi_part")
    assert deliver(paid).json["outcome"] == "received"
    assert deliver(dispute_event("evt_pd", intent="pi_part", amount=1000)).json["outcome"] == "flagged"
    state = snapshot(app)
    contribution = state["contributions"][contribution_id]
    assert (contribution.status, contribution.flag) == ("received", "partial_dispute")
    assert state["postings"][contribution_id] == ["contribution.receive"] and state["violations"] == []
