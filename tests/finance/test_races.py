"""Races the payment pages can meet, on SQLite and PostgreSQL: a schedule form sent twice at the
same moment, and a plan adjusted while finance schedules one of its tranches."""
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import update
from sqlmodel import select

from portal.accounts.models import User
from portal.domain import DomainError
from portal.grants import disbursements
from portal.grants.models import Disbursement, Tranche
from portal.grants.payees import save_payee
from portal.grants.services import accept_agreement, adjust_plan
from portal.ledger.invariants import check
from portal.ledger.locking import money_transaction
from tests.finance.support import BANK, approved

FINANCE = {"finance_officer"}


def test_a_schedule_form_sent_ten_times_at_once_schedules_one_payment(app, db):
    world, awarded = approved(db)
    accept_agreement(db, grant=awarded, actor=world.applicant, roles={"applicant"}, language="en")
    save_payee(db, share=awarded.shares[0], method="bank_transfer", actor=world.applicant, details=BANK)
    db.commit()
    tranche_id, officer_id = awarded.shares[0].tranches[0].id, world.finance.id

    def one(_n):
        with app.app_context():
            try:
                return money_transaction(lambda session: disbursements.schedule(
                    session, tranche=session.get(Tranche, tranche_id), actor=session.get(User, officer_id),
                    roles=FINANCE, key="same-form").id)
            except DomainError as error:
                return f"refused: {error.message}"

    with ThreadPoolExecutor(max_workers=10) as pool:
        outcomes = list(pool.map(one, range(10)))
    db.rollback()
    assert len(set(outcomes)) == 1 and isinstance(outcomes[0], int), outcomes
    assert len(db.exec(select(Disbursement)).all()) == 1
    assert check(db) == []


def test_a_plan_adjusted_from_a_stale_page_leaves_a_tranche_being_paid_alone(db):
    world, awarded = approved(db, plan=[{"percent": 50, "after_report": None}, {"percent": 50, "after_report": None}])
    accept_agreement(db, grant=awarded, actor=world.applicant, roles={"applicant"}, language="en")
    share = awarded.shares[0]
    first, second = share.tranches
    db.execute(update(Tranche).where(Tranche.id == first.id).values(status="in_payment")
               .execution_options(synchronize_session=False))  # scheduled meanwhile; `first` still says payable
    with pytest.raises(DomainError, match="changed meanwhile"):
        adjust_plan(db, share=share, amounts={first.id: 100_000, second.id: 300_000}, actor=world.manager)
    db.rollback()
    db.expire_all()
    assert [t.amount_minor for t in db.exec(select(Tranche).order_by(Tranche.id)).all()] == [200_000, 200_000]
