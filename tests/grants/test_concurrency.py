"""Paying grants under concurrency, on SQLite and PostgreSQL: a hundred identical approvals pay
once, and approvals against one share never pay more than was committed to it."""
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlmodel import select

from portal.accounts.models import User
from portal.applications.models import Application
from portal.domain import DomainError
from portal.grants import disbursements
from portal.grants.models import Disbursement, Grant, Payee, Tranche
from portal.grants.payees import save_payee
from portal.grants.services import accept_agreement
from portal.ledger import accounts
from portal.ledger.invariants import check
from portal.ledger.locking import money_transaction
from portal.ledger.models import LedgerTransaction
from portal.ledger.posting import balance
from portal.review.decisions import approve
from tests.grants.support import World

FINANCE = {"finance_officer"}


def in_threads(app, count, work):
    """`work(session, n)` in `count` threads at once, each in its own money transaction; returns
    each outcome, or the refusal's message (never an exception that would be an error page)."""

    def one(n):
        with app.app_context():
            try:
                return money_transaction(lambda session: work(session, n))
            except DomainError as error:
                return f"refused: {error.message}"

    with ThreadPoolExecutor(max_workers=25) as pool:
        return list(pool.map(one, range(count)))


def accepted_grant(db, world, amount_minor):
    approve(db, application=world.application, actor=world.manager, amount_minor=amount_minor, key="decide")
    grant = world.grant(db)
    accept_agreement(db, grant=grant, actor=world.applicant, roles={"applicant"}, language="fr")
    save_payee(db, share=grant.shares[0], method="bank_transfer", actor=world.applicant,
               details={"account_holder": "Mama Amani", "account_number": "CD0012345678", "bank_name": "Rawbank",
                        "bank_code": "RAW"})
    return grant


def test_a_hundred_identical_approvals_make_one_decision_one_grant_one_commitment(app, db):
    world = World(db)
    db.commit()
    application_id, manager_id = world.application.id, world.manager.id  # threads must not touch `db`

    def decide(session, n):
        application = session.get(Application, application_id)
        return approve(session, application=application, actor=session.get(User, manager_id),
                       amount_minor=300_000, key="same-form").id

    outcomes = in_threads(app, 100, decide)
    assert len(set(outcomes)) == 1 and isinstance(outcomes[0], int)
    db.expire_all()
    assert len(db.exec(select(Grant)).all()) == 1
    assert len(db.exec(select(LedgerTransaction).where(LedgerTransaction.kind == "grant.commit")).all()) == 1
    assert check(db) == []


def test_a_hundred_identical_approvals_of_one_payment_pay_once(app, db):
    world = World(db)
    grant = accepted_grant(db, world, 300_000)
    payment = disbursements.schedule(db, tranche=grant.shares[0].tranches[0], actor=world.finance, roles=FINANCE, key="s")
    db.commit()
    payment_id, officer_id = payment.id, world.finance2.id  # threads must not touch `db`

    def second_eyes(session, n):
        return disbursements.approve(session, disbursement=session.get(Disbursement, payment_id),
                                     actor=session.get(User, officer_id), roles=FINANCE).status

    outcomes = in_threads(app, 100, second_eyes)
    assert outcomes == ["approved"] * 100
    db.expire_all()
    assert len(db.exec(select(LedgerTransaction).where(LedgerTransaction.kind == "disbursement.pay")).all()) == 1
    assert balance(db, accounts.disbursed(world.fund, grant.shares[0].id).code) == 300_000
    assert check(db) == []


def test_a_hundred_payments_against_a_share_with_room_for_fifty(app, db):
    """The share holds 50 × 1,000; a hundred tranches of 1,000 (as if the plan had been mis-set)
    are scheduled and approved at once: exactly fifty pay, fifty are refused with a message."""
    world = World(db)
    grant = accepted_grant(db, world, 50_000)
    share = grant.shares[0]
    for tranche in share.tranches:
        db.delete(tranche)
    db.flush()
    payments = []
    for n in range(100):
        tranche = Tranche(share_id=share.id, position=n + 1, amount_minor=1_000, status="payable")
        db.add(tranche)
        db.flush()
        payments.append(disbursements.schedule(db, tranche=tranche, actor=world.finance, roles=FINANCE, key=f"s{n}").id)
    db.commit()
    officer_id = world.finance2.id  # threads must not touch `db`

    def second_eyes(session, n):
        return disbursements.approve(session, disbursement=session.get(Disbursement, payments[n]),
                                     actor=session.get(User, officer_id), roles=FINANCE).status

    outcomes = in_threads(app, 100, second_eyes)
    assert outcomes.count("approved") == 50
    refusals = [o for o in outcomes if o != "approved"]
    assert len(refusals) == 50 and all(o.startswith("refused: ") and "committed" in o for o in refusals)
    db.expire_all()
    assert balance(db, accounts.disbursed(world.fund, share.id).code) == 50_000
    assert balance(db, accounts.committed(world.fund, share.id).code) == 0
    assert db.exec(select(Payee)).first() is not None
    assert len(db.exec(select(Disbursement).where(Disbursement.status == "approved")).all()) == 50


@pytest.mark.parametrize("tamper", ["share amount", "second active payment", "paid tranche without payment"])
def test_the_invariant_check_sees_broken_grants(db, tamper):
    """The checks can fail: each tampering below is reported."""
    world = World(db)
    grant = accepted_grant(db, world, 300_000)
    share, tranche = grant.shares[0], grant.shares[0].tranches[0]
    if tamper == "share amount":
        share.amount_minor += 1
        db.add(share)
    elif tamper == "second active payment":
        disbursements.schedule(db, tranche=tranche, actor=world.finance, roles=FINANCE, key="a")
        db.add(Disbursement(tranche_id=tranche.id, amount_minor=1, currency="USD", schedule_key="b",
                            scheduled_by_id=world.finance.id))
    else:
        tranche.status = "paid"
        db.add(tranche)
    db.flush()
    assert check(db), tamper
