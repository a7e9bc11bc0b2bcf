"""The ledger: balanced, append-only (enforced by the database), idempotent, never overdrawn."""
import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlmodel import select

from factories import make_fund, post_commitment, post_receipt
from portal.ledger import accounts
from portal.ledger.locking import money_transaction
from portal.ledger.models import LedgerEntry, LedgerTransaction
from portal.ledger.posting import InsufficientFunds, Leg, UnbalancedTransaction, balance, post, reverse


@pytest.fixture
def fund(db):
    fund = make_fund(db)
    db.commit()
    return fund


def test_balanced_posting_moves_balances(app, fund):
    with app.app_context():
        money_transaction(lambda s: post_receipt(s, fund, 10_000, "k1"))
        money_transaction(lambda s: post_commitment(s, fund, 7, 2_500, "k2"))
        check = money_transaction(lambda s: (balance(s, accounts.unallocated(fund).code),
                                             balance(s, accounts.committed(fund, 7).code),
                                             balance(s, accounts.donor_money("USD").code)))
    assert check == (7_500, 2_500, -10_000)


@pytest.mark.parametrize("legs", [
    [("USD", -100), ("USD", 99)],
    [("USD", -100), ("EUR", 100)],
    [],
])
def test_unbalanced_postings_are_refused(app, fund, legs):
    refs = {"USD": accounts.unallocated(fund), "EUR": accounts.donor_money("EUR")}
    with app.app_context(), pytest.raises(UnbalancedTransaction):
        money_transaction(lambda s: post(s, kind="x", idempotency_key="k",
                                         legs=[Leg(refs[currency], amount) for currency, amount in legs]))


def test_float_amounts_are_refused(app, fund):
    with app.app_context(), pytest.raises(UnbalancedTransaction):
        money_transaction(lambda s: post(s, kind="x", idempotency_key="k", legs=[
            Leg(accounts.donor_money("USD"), -1.5), Leg(accounts.unallocated(fund), 1.5)]))


def test_same_key_replays_the_first_transaction(app, fund):
    with app.app_context():
        first = money_transaction(lambda s: post_receipt(s, fund, 500, "same"))
        again = money_transaction(lambda s: post_receipt(s, fund, 900, "same"))
        assert again.id == first.id
        assert money_transaction(lambda s: balance(s, accounts.unallocated(fund).code)) == 500


def test_internal_accounts_never_go_negative(app, fund):
    with app.app_context():
        money_transaction(lambda s: post_receipt(s, fund, 1_000, "in"))
        with pytest.raises(InsufficientFunds):
            money_transaction(lambda s: post_commitment(s, fund, 1, 1_001, "too-much"))
        assert money_transaction(lambda s: balance(s, accounts.unallocated(fund).code)) == 1_000


def test_reversal_is_a_new_opposite_transaction_once(app, fund):
    with app.app_context():
        original = money_transaction(lambda s: post_receipt(s, fund, 1_000, "in"))
        undo = money_transaction(lambda s: reverse(s, transaction=s.get(LedgerTransaction, original.id), idempotency_key="undo"))
        again = money_transaction(lambda s: reverse(s, transaction=s.get(LedgerTransaction, original.id), idempotency_key="undo-2"))
        assert undo.reverses_id == original.id and again.id == undo.id
        assert money_transaction(lambda s: balance(s, accounts.unallocated(fund).code)) == 0


@pytest.mark.parametrize("statement", [
    "UPDATE ledger_entry SET amount_minor = amount_minor + 1",
    "DELETE FROM ledger_entry",
    "UPDATE ledger_transaction SET memo = 'changed'",
    "DELETE FROM ledger_transaction",
])
def test_the_database_refuses_to_change_ledger_rows(app, fund, statement):
    with app.app_context():
        money_transaction(lambda s: post_receipt(s, fund, 1_000, "in"))
        from portal.db import engine
        with pytest.raises(DBAPIError, match="append-only"):
            with engine().begin() as conn:
                conn.execute(text(statement))
        assert len(money_transaction(lambda s: s.exec(select(LedgerEntry)).all())) == 2


def test_a_key_reused_for_another_kind_of_movement_is_refused(app, fund):
    with app.app_context():
        money_transaction(lambda s: post_receipt(s, fund, 500, "same"))
        with pytest.raises(ValueError, match="already used"):
            money_transaction(lambda s: post_commitment(s, fund, 1, 100, "same"))
