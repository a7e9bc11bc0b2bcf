"""From approval to confirmed payment at the service level: grant, shares, tranches, the
ledger commitment and its attribution, four-eyes approval, failures reversed."""
import pytest
from sqlmodel import select

from tests.grants.support import World
from portal.domain import DomainError, InvalidTransition
from portal.grants import disbursements
from portal.grants.models import Disbursement, GrantFunding, Tranche
from portal.grants.payees import decrypt, save_payee
from portal.grants.services import accept_agreement, release_tranche
from portal.ledger import accounts
from portal.ledger.invariants import check
from portal.ledger.posting import balance
from portal.review.decisions import approve, decline

FINANCE = {"finance_officer"}


@pytest.fixture
def world(db):
    world = World(db, plan=[{"percent": 60, "after_report": None}, {"percent": 40, "after_report": "interim"}])
    db.commit()
    return world


def test_approval_commits_the_grant_from_unallocated_money_and_attributes_it(db, world):
    approve(db, application=world.application, actor=world.manager, amount_minor=400_000, key="k")
    grant = world.grant(db)
    share, = grant.shares
    assert (grant.amount_minor, share.amount_minor, grant.status) == (400_000, 400_000, "awarded")
    assert balance(db, accounts.committed(world.fund, share.id).code) == 400_000
    assert balance(db, accounts.unallocated(world.fund).code) == 10_000_000 - 400_000
    assert sum(f.amount_minor for f in db.exec(select(GrantFunding)).all()) == 400_000
    assert [t.amount_minor for t in share.tranches] == [240_000, 160_000]
    assert {t.status for t in share.tranches} == {"waiting"}
    assert world.application.status == "approved"
    assert check(db) == []


def test_a_replayed_approval_finds_the_first_decision(db, world):
    first = approve(db, application=world.application, actor=world.manager, amount_minor=400_000, key="k")
    again = approve(db, application=world.application, actor=world.manager, amount_minor=400_000, key="k")
    assert first.id == again.id and len(world.grant(db).shares) == 1


def test_approval_above_the_request_or_beyond_the_fund_is_refused(db, world):
    with pytest.raises(DomainError):
        approve(db, application=world.application, actor=world.manager, amount_minor=500_001, key="k")
    world.application.requested_minor = 50_000_000
    db.add(world.application)
    with pytest.raises(DomainError, match="does not hold enough"):
        approve(db, application=world.application, actor=world.manager, amount_minor=20_000_000, key="k2")


def test_declining_a_withdrawn_application_is_refused(db, world):
    world.application.status = "withdrawn"
    db.add(world.application)
    db.flush()
    with pytest.raises(InvalidTransition):
        decline(db, application=world.application, actor=world.manager, reason="outside_scope", key="k")


def test_the_whole_payment_path_with_four_eyes(db, world):
    approve(db, application=world.application, actor=world.manager, amount_minor=400_000, key="k")
    grant = world.grant(db)
    share = grant.shares[0]
    accept_agreement(db, grant=grant, actor=world.applicant, roles={"applicant"}, language="sw")
    first, second = share.tranches
    assert (first.status, second.status) == ("payable", "waiting")
    with pytest.raises(DomainError, match="payment details"):
        disbursements.schedule(db, tranche=first, actor=world.finance, roles=FINANCE, key="s1")
    payee = save_payee(db, share=share, method="mobile_money", actor=world.applicant,
                       details={"account_holder": "Mama Amani", "phone_number": "+243 81 234 5678", "operator": "M-Pesa"})
    assert payee.hint == "•••• 5678" and "5678" not in payee.details_encrypted
    assert decrypt(payee.details_encrypted)["phone_number"] == "+243 81 234 5678"
    payment = disbursements.schedule(db, tranche=first, actor=world.finance, roles=FINANCE, key="s1")
    assert disbursements.schedule(db, tranche=first, actor=world.finance, roles=FINANCE, key="s1").id == payment.id
    with pytest.raises(disbursements.FourEyes):
        disbursements.approve(db, disbursement=payment, actor=world.finance, roles=FINANCE)
    disbursements.approve(db, disbursement=payment, actor=world.finance2, roles=FINANCE)
    assert balance(db, accounts.disbursed(world.fund, share.id).code) == 240_000
    assert balance(db, accounts.committed(world.fund, share.id).code) == 160_000
    disbursements.mark_sent(db, disbursement=payment, actor=world.finance, roles=FINANCE, method="mobile_money",
                            reference="MPESA-123")
    disbursements.confirm(db, disbursement=payment, actor=world.finance, roles=FINANCE)
    assert db.get(Tranche, first.id).status == "paid" and world.grant(db).first_paid_at is not None
    assert check(db) == []


def test_a_failed_payment_is_reversed_and_the_tranche_reopens(db, world):
    approve(db, application=world.application, actor=world.manager, amount_minor=400_000, key="k")
    grant = world.grant(db)
    share = grant.shares[0]
    accept_agreement(db, grant=grant, actor=world.applicant, roles={"applicant"}, language="en")
    save_payee(db, share=share, method="bank_transfer", actor=world.applicant,
               details={"account_holder": "A", "account_number": "000123456789", "bank_name": "Equity", "bank_code": "EQ"})
    release_tranche(db, tranche=share.tranches[1], actor=world.manager, roles={"fund_manager"})
    payment = disbursements.schedule(db, tranche=share.tranches[1], actor=world.finance, roles=FINANCE, key="s")
    disbursements.approve(db, disbursement=payment, actor=world.finance2, roles=FINANCE)
    disbursements.mark_sent(db, disbursement=payment, actor=world.finance, roles=FINANCE, method="bank_transfer", reference="T1")
    disbursements.undo(db, disbursement=payment, actor=world.finance, roles=FINANCE, action="fail", reason="closed account")
    assert db.get(Disbursement, payment.id).status == "failed"
    assert db.get(Tranche, share.tranches[1].id).status == "payable"
    assert balance(db, accounts.disbursed(world.fund, share.id).code) == 0
    assert balance(db, accounts.committed(world.fund, share.id).code) == 400_000
    with pytest.raises(InvalidTransition):  # a failed payment cannot be confirmed afterwards
        disbursements.confirm(db, disbursement=payment, actor=world.finance, roles=FINANCE)
    assert check(db) == []


def test_money_earmarked_elsewhere_is_not_used_and_the_refusal_says_so(db, world):
    """The fund holds enough, but part of it is earmarked for another country."""
    from factories import fund_with_money
    fund_with_money(db, world.fund, 5_000_000, key="for-lebanon", earmark=("country", "LB"))
    world.application.requested_minor = 14_000_000
    db.add(world.application)
    with pytest.raises(DomainError, match="earmarked"):
        approve(db, application=world.application, actor=world.manager, amount_minor=14_000_000, key="k")


def test_unapproved_tranches_and_payments_cannot_be_paid(db, world):
    """A tranche still waiting for its report cannot be scheduled; a payment nobody approved cannot
    be sent or confirmed, and no money moves."""
    approve(db, application=world.application, actor=world.manager, amount_minor=400_000, key="k")
    grant = world.grant(db)
    share = grant.shares[0]
    accept_agreement(db, grant=grant, actor=world.applicant, roles={"applicant"}, language="en")
    save_payee(db, share=share, method="other", actor=world.applicant,
               details={"account_holder": "A", "instructions": "Cash at the office in Goma"})
    with pytest.raises(InvalidTransition, match="not possible at this stage"):
        disbursements.schedule(db, tranche=share.tranches[1], actor=world.finance, roles=FINANCE, key="early")
    payment = disbursements.schedule(db, tranche=share.tranches[0], actor=world.finance, roles=FINANCE, key="s")
    for step in (lambda: disbursements.mark_sent(db, disbursement=payment, actor=world.finance2, roles=FINANCE,
                                                 method="other", reference="R"),
                 lambda: disbursements.confirm(db, disbursement=payment, actor=world.finance2, roles=FINANCE)):
        with pytest.raises(InvalidTransition):
            step()
    with pytest.raises(InvalidTransition, match="not allowed"):  # a fund manager cannot approve payments
        disbursements.approve(db, disbursement=payment, actor=world.manager, roles={"fund_manager"})
    assert balance(db, accounts.disbursed(world.fund, share.id).code) == 0
    assert db.get(Disbursement, payment.id).status == "scheduled" and check(db) == []


def test_payment_details_cannot_change_under_a_payment_on_its_way(db, world):
    """Two officers approved paying these details: a taken-over account must not redirect it."""
    approve(db, application=world.application, actor=world.manager, amount_minor=400_000, key="k")
    grant = world.grant(db)
    share = grant.shares[0]
    accept_agreement(db, grant=grant, actor=world.applicant, roles={"applicant"}, language="en")
    first = {"account_holder": "Mama Amani", "phone_number": "+243812345678", "operator": "M-Pesa"}
    save_payee(db, share=share, method="mobile_money", actor=world.applicant, details=first)
    payment = disbursements.schedule(db, tranche=share.tranches[0], actor=world.finance, roles=FINANCE, key="s")
    other = {**first, "phone_number": "+243999999999"}
    for step in (None, "approve", "send"):
        if step == "approve":
            disbursements.approve(db, disbursement=payment, actor=world.finance2, roles=FINANCE)
        elif step == "send":
            disbursements.mark_sent(db, disbursement=payment, actor=world.finance, roles=FINANCE, method="mobile_money",
                                    reference="MP-1")
        with pytest.raises(DomainError, match="on its way"):
            save_payee(db, share=share, method="mobile_money", actor=world.applicant, details=other)
    disbursements.confirm(db, disbursement=payment, actor=world.finance, roles=FINANCE)
    assert save_payee(db, share=share, method="mobile_money", actor=world.applicant, details=other).hint == "•••• 9999"
