"""Contributions by bank transfer: booked once, converted exactly, refunded by reversal."""
from datetime import date
from decimal import Decimal

import pytest
from sqlmodel import select

from factories import make_donor, make_fund, post_commitment
from portal.donors.models import Contribution
from portal.donors.services import ContributionRefused, record_bank_transfer, refund_in
from portal.ledger import accounts
from portal.ledger.invariants import check
from portal.ledger.locking import money_transaction
from portal.ledger.models import LedgerTransaction
from portal.ledger.posting import InsufficientFunds, balance


@pytest.fixture
def setup(app, db):
    fund, donor = make_fund(db, currency="USD"), make_donor(db)
    db.commit()
    return app, fund, donor


def transfer(setup, amount, currency="USD", key="bank:1", **kwargs):
    app, fund, donor = setup
    with app.app_context():
        return record_bank_transfer(fund_id=fund.id, donor_id=donor.id, amount=Decimal(amount), currency=currency,
                                    value_date=date(2026, 11, 2), bank_reference="REF-1", idempotency_key=key,
                                    actor_id=None, **kwargs)


def ledger(setup, work):
    app = setup[0]
    with app.app_context():
        return money_transaction(work)


def test_bank_transfer_is_booked_once_and_books_balance(setup):
    first = transfer(setup, "2500.00", fee=Decimal("12.50"))
    assert transfer(setup, "2500.00", fee=Decimal("12.50")) == first
    fund = setup[1]
    assert ledger(setup, lambda s: balance(s, accounts.unallocated(fund).code)) == 248_750
    assert ledger(setup, lambda s: balance(s, accounts.fees(fund).code)) == 1_250
    assert ledger(setup, check) == []


@pytest.mark.parametrize("amount, currency, rate, expected", [
    ("1000", "EUR", "1.08365", 108_365),
    ("1500000", "XOF", "0.0016598", 248_970),
    ("100.125", "KWD", "3.2571", 32_612),
])
def test_other_currencies_are_converted_with_rate_source_and_date(setup, amount, currency, rate, expected):
    transfer(setup, amount, currency, fx={"rate": rate, "source": "ECB reference rate", "date": date(2026, 11, 2)})
    fund = setup[1]
    assert ledger(setup, lambda s: balance(s, accounts.unallocated(fund).code)) == expected
    tx = ledger(setup, lambda s: s.exec(select(LedgerTransaction)).one())
    assert (tx.fx_rate, tx.fx_source, tx.fx_date) == (rate, "ECB reference rate", date(2026, 11, 2))
    assert ledger(setup, check) == []


def test_other_currency_without_a_rate_is_refused_and_nothing_is_written(setup):
    with pytest.raises(ContributionRefused):
        transfer(setup, "1000", "EUR")
    assert ledger(setup, lambda s: s.exec(select(Contribution)).all()) == []


def test_refund_reverses_the_receipt(setup):
    contribution_id = transfer(setup, "700")
    ledger(setup, lambda s: refund_in(s, contribution=s.get(Contribution, contribution_id)))
    fund = setup[1]
    assert ledger(setup, lambda s: balance(s, accounts.unallocated(fund).code)) == 0
    assert ledger(setup, lambda s: s.get(Contribution, contribution_id).status) == "refunded"
    assert ledger(setup, check) == []


def test_refund_refused_when_the_money_is_already_committed(setup):
    contribution_id = transfer(setup, "700")
    fund = setup[1]
    ledger(setup, lambda s: post_commitment(s, fund, 1, 50_000, "commit"))
    with pytest.raises(InsufficientFunds):
        ledger(setup, lambda s: refund_in(s, contribution=s.get(Contribution, contribution_id)))
    assert ledger(setup, lambda s: s.get(Contribution, contribution_id).status) == "received"


def test_ledger_check_command_reports_and_exits(setup):
    app = setup[0]
    transfer(setup, "10")
    result = app.test_cli_runner().invoke(args=["ledger", "check"])
    assert result.exit_code == 0 and "0 violation(s)" in result.output


def test_ledger_check_finds_a_contribution_without_its_posting(setup, db):
    app, fund, donor = setup
    db.add(Contribution(fund_id=fund.id, donor_id=donor.id, status="received", source="bank_transfer",
                        amount_minor=100, currency="USD", fund_amount_minor=100))
    db.commit()
    result = app.test_cli_runner().invoke(args=["ledger", "check"])
    assert result.exit_code == 1 and "one posting per payment" in result.output and "fund equation" in result.output


def test_bank_credit_differing_from_the_rate_books_the_difference_as_fx_rounding(setup):
    fx = {"rate": "1.08365", "source": "ECB", "date": date(2026, 11, 2), "credited": Decimal("1083.66")}
    transfer(setup, "1000", "EUR", fx=fx)
    fund = setup[1]
    assert ledger(setup, lambda s: balance(s, accounts.unallocated(fund).code)) == 108_366
    assert ledger(setup, lambda s: balance(s, accounts.rounding(fund).code)) == -1
    assert ledger(setup, lambda s: s.exec(select(Contribution)).one().fund_amount_minor) == 108_366
    assert ledger(setup, check) == []


def test_bank_credit_far_from_the_rate_is_refused(setup):
    fx = {"rate": "1.08365", "source": "ECB", "date": date(2026, 11, 2), "credited": Decimal("1200.00")}
    with pytest.raises(ContributionRefused):
        transfer(setup, "1000", "EUR", fx=fx)
    assert ledger(setup, lambda s: s.exec(select(Contribution)).all()) == []


def test_refund_after_a_won_dispute_reverses_the_reinstatement(setup):
    from portal.donors.services import reinstate_in
    contribution_id = transfer(setup, "100", fee=Decimal("3.00"))
    ledger(setup, lambda s: refund_in(s, contribution=s.get(Contribution, contribution_id), reason="dispute"))
    ledger(setup, lambda s: reinstate_in(s, s.get(Contribution, contribution_id), f"contribution:{contribution_id}:dispute_won"))
    fund = setup[1]
    assert ledger(setup, lambda s: balance(s, accounts.unallocated(fund).code)) == 9_700
    ledger(setup, lambda s: refund_in(s, contribution=s.get(Contribution, contribution_id)))
    assert ledger(setup, lambda s: balance(s, accounts.unallocated(fund).code)) == 0
    assert ledger(setup, lambda s: s.get(Contribution, contribution_id).status) == "refunded"
    assert ledger(setup, check) == []


def test_statement_after_a_won_dispute_matches_the_books(setup):
    from portal.donors.services import reinstate_in
    from portal.funds.models import Fund
    from portal.funds.statement import fund_statement
    contribution_id = transfer(setup, "100", fee=Decimal("3.00"))
    ledger(setup, lambda s: refund_in(s, contribution=s.get(Contribution, contribution_id), reason="dispute"))
    ledger(setup, lambda s: reinstate_in(s, s.get(Contribution, contribution_id), f"contribution:{contribution_id}:dispute_won"))
    statement = ledger(setup, lambda s: fund_statement(s, s.get(Fund, setup[1].id)))
    assert statement.net_minor == statement.balance_minor == 9_700


def test_a_refund_that_keeps_the_processors_fee_leaves_the_fee_spent(setup):
    transfer(setup, "50", key="bank:other")
    contribution_id = transfer(setup, "100", fee=Decimal("3.20"))
    ledger(setup, lambda s: refund_in(s, contribution=s.get(Contribution, contribution_id), keep_fee=True))
    fund = setup[1]
    assert ledger(setup, lambda s: balance(s, accounts.unallocated(fund).code)) == 5_000 - 320
    assert ledger(setup, lambda s: balance(s, accounts.fees(fund).code)) == 320
    assert ledger(setup, check) == []


def test_a_kept_fee_the_fund_cannot_bear_is_flagged_and_the_refund_still_booked(setup):
    contribution_id = transfer(setup, "100", fee=Decimal("3.20"))
    ledger(setup, lambda s: refund_in(s, contribution=s.get(Contribution, contribution_id), keep_fee=True))
    contribution = ledger(setup, lambda s: s.get(Contribution, contribution_id))
    assert (contribution.status, contribution.flag) == ("refunded", "refund_fee_not_covered")
    assert ledger(setup, lambda s: balance(s, accounts.unallocated(setup[1]).code)) == 0
    assert ledger(setup, check) == []
