"""Money under concurrency, on SQLite and PostgreSQL: the lock and the idempotency key hold.

The unprotected variant switches the lock off and shows the same race overdrawing the fund,
so these tests are known to be able to fail.
"""
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlmodel import select

from factories import make_fund, post_commitment, post_receipt
from portal.ledger import accounts, locking, posting
from portal.ledger.models import LedgerAccount
from portal.ledger.models import LedgerTransaction
from portal.ledger.posting import InsufficientFunds, balance, ensure_accounts


def run_concurrently(app, count, work):
    """`work(n)` in `count` threads at once, each in its own app context; returns outcomes."""

    def one(n):
        with app.app_context():
            try:
                return locking.money_transaction(lambda session: work(session, n)).id
            except InsufficientFunds:
                return "refused"

    with ThreadPoolExecutor(max_workers=25) as pool:
        return list(pool.map(one, range(count)))


@pytest.fixture
def fund(db):
    fund = make_fund(db)
    db.commit()
    return fund


def test_identical_requests_record_one_transaction(app, fund):
    outcomes = run_concurrently(app, 100, lambda session, n: post_receipt(session, fund, 1_000, "bank:ref-42"))
    assert len(set(outcomes)) == 1
    with app.app_context():
        assert len(locking.money_transaction(lambda s: s.exec(select(LedgerTransaction)).all())) == 1
        assert locking.money_transaction(lambda s: balance(s, accounts.unallocated(fund).code)) == 1_000


def test_commitments_never_exceed_what_the_fund_holds(app, fund):
    with app.app_context():
        locking.money_transaction(lambda s: post_receipt(s, fund, 20 * 500, "in"))
    outcomes = run_concurrently(app, 50, lambda session, n: post_commitment(session, fund, n, 500, f"commit-{n}"))
    assert outcomes.count("refused") == 30 and len(outcomes) - outcomes.count("refused") == 20
    with app.app_context():
        assert locking.money_transaction(lambda s: balance(s, accounts.unallocated(fund).code)) == 0


def test_without_the_lock_the_same_race_overdraws(app, fund, monkeypatch):
    """Evidence that the protection matters: no BEGIN IMMEDIATE / FOR UPDATE, and accounts that
    already exist (so nothing writes, and thereby locks, before the balance is read)."""
    with app.app_context():
        locking.money_transaction(lambda s: post_receipt(s, fund, 20 * 500, "in"))
        locking.money_transaction(lambda s: ensure_accounts(s, [accounts.committed(fund, n) for n in range(50)]))
    read_only = lambda session, refs: {a.code: a for a in session.exec(  # noqa: E731
        select(LedgerAccount).where(LedgerAccount.code.in_([ref.code for ref in refs])))}
    monkeypatch.setattr(locking, "_begin", lambda session: None)
    monkeypatch.setattr(locking, "lock_accounts", read_only)
    monkeypatch.setattr(posting, "ensure_accounts", read_only)
    outcomes = run_concurrently(app, 50, lambda session, n: post_commitment(session, fund, n, 500, f"commit-{n}"))
    with app.app_context():
        final = locking.money_transaction(lambda s: balance(s, accounts.unallocated(fund).code))
    assert final < 0 or len(outcomes) - outcomes.count("refused") > 20


def record_transfer(app, fund, donor, key):
    from datetime import date
    from decimal import Decimal

    from portal.donors.services import record_bank_transfer
    with app.app_context():
        return record_bank_transfer(fund_id=fund.id, donor_id=donor.id, amount=Decimal("1000.00"), currency="USD",
                                    value_date=date(2026, 11, 2), bank_reference="REF-7", idempotency_key=key,
                                    actor_id=None)


@pytest.mark.parametrize("application_check", [True, False], ids=["as-built", "database-key-only"])
def test_hundred_identical_bank_transfer_requests_book_once(app, db, fund, monkeypatch, application_check):
    """100 concurrent requests with one idempotency key: one contribution, one ledger transaction —
    also when the services' own look-ups are switched off and only the UNIQUE keys remain."""
    from factories import make_donor
    from portal.donors.models import Contribution
    donor = make_donor(db)
    db.commit()
    if not application_check:
        monkeypatch.setattr(posting, "find_transaction", lambda session, key: None)
    with ThreadPoolExecutor(max_workers=25) as pool:
        ids = list(pool.map(lambda n: record_transfer(app, fund, donor, "bank:REF-7"), range(100)))
    assert len(set(ids)) == 1
    with app.app_context():
        assert len(locking.money_transaction(lambda s: s.exec(select(Contribution)).all())) == 1
        assert len(locking.money_transaction(lambda s: s.exec(select(LedgerTransaction)).all())) == 1
        assert locking.money_transaction(lambda s: balance(s, accounts.unallocated(fund).code)) == 100_000


def test_without_idempotency_keys_the_same_requests_book_many_times(app, db, fund):
    """Evidence that the key matters: the same transfer sent with a fresh key each time is booked each time."""
    from factories import make_donor
    donor = make_donor(db)
    db.commit()
    with ThreadPoolExecutor(max_workers=25) as pool:
        list(pool.map(lambda n: record_transfer(app, fund, donor, f"bank:REF-7:{n}"), range(20)))
    with app.app_context():
        assert locking.money_transaction(lambda s: balance(s, accounts.unallocated(fund).code)) == 20 * 100_000
