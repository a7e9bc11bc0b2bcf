"""Random sequences of money movements, checked against every invariant after every step.

A Hypothesis state machine pledges, receives (as the Stripe webhook does), records bank
transfers (with and without fee and FX), replays receipts and transfers, refunds, loses
disputes, commits to grant shares, disburses and reverses commitments, in 0-, 2- and
3-decimal currencies. After each step it runs `ledger.invariants.check` and compares every
account balance, every contribution status and the number of ledger transactions with a model
kept here in plain integers, so a refusal that writes half a movement, or a replay that books
twice, fails the run at the step that did it.

Each example gets a fresh database: a copy of an empty SQLite file, or the PostgreSQL test
database truncated. The number of operations run is printed in the terminal summary (see
tests/ledger/conftest.py); the budget per database is set in `budget()` below.
"""
import shutil
import time
from collections import Counter, defaultdict
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal, localcontext

import pytest
from hypothesis import HealthCheck, settings, strategies as st
from hypothesis.stateful import (RuleBasedStateMachine, initialize, invariant, precondition, rule,
                                 run_state_machine_as_test)
from sqlalchemy import func, text
from sqlmodel import Session, SQLModel, select

from factories import make_donor, make_fund, post_commitment
from portal import db as portal_db
from portal.db import build_engine
from portal.donors.models import Contribution, Donor
from portal.donors.services import ContributionRefused, pledge, receive_in, record_bank_transfer, refund_in
from portal.funds.models import Fund
from portal.ledger import accounts
from portal.ledger.invariants import account_balances, check
from portal.ledger.locking import lock_accounts, money_transaction
from portal.ledger.models import LedgerTransaction
from portal.ledger.posting import InsufficientFunds, Leg, balance, post, reverse

CURRENCIES = ("XOF", "USD", "KWD", "EUR")
EXPONENT = {"XOF": 0, "USD": 2, "KWD": 3, "EUR": 2}
RATES = st.decimals(min_value="0.0001", max_value="5000", places=6)
AMOUNTS = st.integers(min_value=1, max_value=10**9)
#: Mostly fees that fit, sometimes one larger than the contribution (refused).
FEES = st.sampled_from(["none", "none", "small", "small", "all", "over"])
#: Mostly with a rate; without one, a contribution in another currency is refused.
WITH_RATE = st.sampled_from([True, True, True, False])
VALUE_DATE = date(2026, 11, 2)

#: Operations executed, and those the portal refused as expected, by rule, over the whole session.
OPERATIONS, REFUSED = Counter(), Counter()


def expected_conversion(amount_minor, source, target, rate):
    """The oracle for FX: exact decimal arithmetic, rounded half-even to the target's minor unit."""
    with localcontext() as ctx:
        ctx.prec = 80
        exact = Decimal(amount_minor) * rate * Decimal(10) ** (EXPONENT[target] - EXPONENT[source])
        return int(exact.to_integral_value(rounding=ROUND_HALF_EVEN))


def fee_for(choice, fund_amount):
    return {"none": 0, "small": fund_amount // 50, "all": fund_amount, "over": fund_amount + 1}[choice]


class Environment:
    """The app and a way to give each Hypothesis example an empty database."""

    def __init__(self, app, tmp_path, pg_engine=None):
        self.app, self.tmp_path, self.pg_engine, self.examples = app, tmp_path, pg_engine, 0
        if pg_engine is None:
            self.template = tmp_path / "template.sqlite"
            engine = build_engine(f"sqlite:///{self.template}")
            SQLModel.metadata.create_all(engine)
            engine.dispose()
            self.truncate = None
        else:
            tables = ", ".join(f'"{t.name}"' for t in SQLModel.metadata.sorted_tables)
            self.truncate = text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")

    def fresh_database(self):
        self.examples += 1
        if self.pg_engine is not None:
            with self.pg_engine.begin() as conn:
                conn.execute(self.truncate)
            return
        old = self.app.extensions["db_engine"]
        old.dispose()
        if getattr(self, "current", None) is not None:
            for suffix in ("", "-wal", "-shm"):
                self.current.with_name(self.current.name + suffix).unlink(missing_ok=True)
        self.current = self.tmp_path / f"example-{self.examples}.sqlite"
        shutil.copyfile(self.template, self.current)
        self.app.extensions["db_engine"] = build_engine(f"sqlite:///{self.current}")


class LedgerMachine(RuleBasedStateMachine):
    """Money movements against a model of every account balance, in integer minor units."""

    env: Environment = None

    def __init__(self):
        super().__init__()
        self.env.fresh_database()
        self.context = self.env.app.app_context()
        self.context.push()
        self.funds = []          # [(fund id, currency)]
        self.donors = []
        self.contributions = {}  # id → dict(fund, currency, amount, status, fund_amount, fee, fx)
        self.transfers = []      # (key, kwargs, contribution id) of recorded bank transfers
        self.commitments = []    # dict(fund, share, amount, tx, key, reversed)
        self.balances = defaultdict(int)  # account code → expected balance
        self.transactions = 0
        self.serial = 0

    def teardown(self):
        self.context.pop()

    # --- helpers -------------------------------------------------------------------------------
    def key(self, prefix):
        self.serial += 1
        return f"{prefix}:{self.serial}"

    def count(self, name):
        self.rule = name
        OPERATIONS[name] += 1

    def fund_ref(self, index):
        fund_id, currency = self.funds[index % len(self.funds)]
        return Fund(id=fund_id, currency=currency)

    def pick(self, index, status):
        ids = sorted(cid for cid, c in self.contributions.items() if c["status"] == status)
        return ids[index % len(ids)] if ids else None

    def has(self, status):
        return any(c["status"] == status for c in self.contributions.values())

    def book_receipt(self, contribution_id, fund, currency, amount, fund_amount, fee, fx):
        """Model of receive_in's legs (and, with sign -1, of their reversal)."""
        entry = self.contributions[contribution_id]
        entry.update(status="received", fund_amount=fund_amount, fee=fee, fx=fx, fund=fund.id)
        self.apply_receipt(entry, fund, +1)
        self.transactions += 1

    def apply_receipt(self, entry, fund, sign):
        currency, amount, fund_amount, fee = entry["currency"], entry["amount"], entry["fund_amount"], entry["fee"]
        if entry["fx"]:
            self.balances[accounts.donor_money(currency).code] -= sign * amount
            self.balances[accounts.fx(currency, fund.currency, currency).code] += sign * amount
            self.balances[accounts.fx(currency, fund.currency, fund.currency).code] -= sign * fund_amount
        else:
            self.balances[accounts.donor_money(currency).code] -= sign * fund_amount
        self.balances[accounts.unallocated(fund).code] += sign * (fund_amount - fee)
        self.balances[accounts.fees(fund).code] += sign * fee

    def refused(self, error_type, work):
        """The portal must refuse with a domain error; the invariant then shows nothing changed."""
        with pytest.raises(error_type):
            money_transaction(work)
        REFUSED[self.rule] += 1

    # --- setup ---------------------------------------------------------------------------------
    @initialize(currencies=st.lists(st.sampled_from(CURRENCIES), min_size=1, max_size=2))
    def create_funds(self, currencies):
        def work(session):
            funds = [make_fund(session, code=f"f{n}", currency=currency) for n, currency in enumerate(currencies)]
            donors = [make_donor(session, name="Ministry"), make_donor(session, name="Foundation", kind="foundation")]
            return [(f.id, f.currency) for f in funds], [d.id for d in donors]
        self.funds, self.donors = money_transaction(work)

    # --- contributions -------------------------------------------------------------------------
    @rule(fund=st.integers(0, 1), donor=st.integers(0, 1), currency=st.sampled_from(CURRENCIES), amount=AMOUNTS)
    def pledge(self, fund, donor, currency, amount):
        self.count("pledge")
        fund_id, donor_id, key = self.funds[fund % len(self.funds)][0], self.donors[donor], self.key("pledge")
        contribution_id = money_transaction(lambda s: pledge(
            s, fund=s.get(Fund, fund_id), donor=s.get(Donor, donor_id),
            amount_minor=amount, currency=currency, source="stripe", pledge_key=key).id)
        self.contributions[contribution_id] = dict(fund=fund_id, currency=currency, amount=amount, status="pledged",
                                                   fund_amount=None, fee=0, fx=False, pledge_key=key)

    @precondition(lambda self: self.has("pledged"))
    @rule(index=st.integers(0, 10**6), fee=FEES, with_rate=WITH_RATE, rate=RATES)
    def receive(self, index, fee, with_rate, rate):
        """As the webhook does: receive_in inside money_transaction, converting when needed."""
        self.count("receive")
        contribution_id = self.pick(index, "pledged")
        entry = self.contributions[contribution_id]
        fund = Fund(id=entry["fund"], currency=dict(self.funds)[entry["fund"]])
        needs_fx = entry["currency"] != fund.currency
        fx = {"rate": str(rate), "source": "ECB reference rate", "date": VALUE_DATE} if with_rate else None
        fund_amount = (expected_conversion(entry["amount"], entry["currency"], fund.currency, rate)
                       if needs_fx else entry["amount"])
        fee_minor = fee_for(fee, fund_amount)
        work = lambda s: receive_in(s, contribution=s.get(Contribution, contribution_id), fee_minor=fee_minor, fx=fx)  # noqa: E731
        if (needs_fx and not with_rate) or fee == "over":
            return self.refused(ContributionRefused, work)
        money_transaction(work)
        self.book_receipt(contribution_id, fund, entry["currency"], entry["amount"], fund_amount, fee_minor, needs_fx)

    @rule(fund=st.integers(0, 1), donor=st.integers(0, 1), currency=st.sampled_from(CURRENCIES), amount=AMOUNTS,
          fee=FEES, with_rate=WITH_RATE, rate=RATES)
    def bank_transfer(self, fund, donor, currency, amount, fee, with_rate, rate):
        self.count("bank_transfer")
        fund_ref = self.fund_ref(fund)
        needs_fx = currency != fund_ref.currency
        fund_amount = expected_conversion(amount, currency, fund_ref.currency, rate) if needs_fx else amount
        fee_minor = fee_for(fee, fund_amount)
        kwargs = dict(fund_id=fund_ref.id, donor_id=self.donors[donor], amount=Decimal(amount).scaleb(-EXPONENT[currency]),
                      currency=currency, value_date=VALUE_DATE, bank_reference=f"REF-{self.serial}",
                      idempotency_key=self.key("bank"), actor_id=None,
                      fee=Decimal(fee_minor).scaleb(-EXPONENT[fund_ref.currency]),
                      fx={"rate": str(rate), "source": "bank statement", "date": VALUE_DATE} if with_rate else None)
        if (needs_fx and not with_rate) or fee == "over":
            with pytest.raises(ContributionRefused):
                record_bank_transfer(**kwargs)
            REFUSED[self.rule] += 1
            return
        contribution_id = record_bank_transfer(**kwargs)
        assert contribution_id not in self.contributions
        self.contributions[contribution_id] = dict(fund=fund_ref.id, currency=currency, amount=amount, status="pledged",
                                                   fund_amount=None, fee=0, fx=False)
        self.book_receipt(contribution_id, fund_ref, currency, amount, fund_amount, fee_minor, needs_fx)
        self.transfers.append((kwargs["idempotency_key"], kwargs, contribution_id))

    @precondition(lambda self: self.transfers)
    @rule(index=st.integers(0, 10**6), change_amount=st.booleans())
    def replay_bank_transfer(self, index, change_amount):
        """The same key (a double-submitted form) returns the first contribution and moves nothing."""
        self.count("replay_bank_transfer")
        _key, kwargs, contribution_id = self.transfers[index % len(self.transfers)]
        if change_amount:
            kwargs = {**kwargs, "amount": kwargs["amount"] * 2, "fee": Decimal(0)}
        assert record_bank_transfer(**kwargs) == contribution_id

    @precondition(lambda self: self.has("received") or self.has("refunded"))
    @rule(index=st.integers(0, 10**6), refunded=st.booleans(), fee=st.integers(0, 100))
    def replay_receipt(self, index, refunded, fee):
        """A replayed webhook: a received contribution is returned as is; a refunded one is refused."""
        self.count("replay_receipt")
        status = "refunded" if (refunded and self.has("refunded")) or not self.has("received") else "received"
        contribution_id = self.pick(index, status)
        fx = {"rate": "1.5", "source": "replay", "date": VALUE_DATE}
        work = lambda s: receive_in(s, contribution=s.get(Contribution, contribution_id), fee_minor=fee, fx=fx)  # noqa: E731
        if status == "refunded":
            return self.refused(ContributionRefused, work)
        assert money_transaction(lambda s: work(s).fund_amount_minor) == self.contributions[contribution_id]["fund_amount"]

    @precondition(lambda self: self.has("received"))
    @rule(index=st.integers(0, 10**6), reason=st.sampled_from(["refund", "dispute"]))
    def refund(self, index, reason):
        """A refund or a lost dispute reverses the receipt, if the fund still holds the money."""
        self.count(reason)
        contribution_id = self.pick(index, "received")
        entry = self.contributions[contribution_id]
        fund = Fund(id=entry["fund"], currency=dict(self.funds)[entry["fund"]])
        work = lambda s: refund_in(s, contribution=s.get(Contribution, contribution_id), reason=reason)  # noqa: E731
        if self.balances[accounts.unallocated(fund).code] < entry["fund_amount"] - entry["fee"]:
            return self.refused(InsufficientFunds, work)
        money_transaction(work)
        self.apply_receipt(entry, fund, -1)
        entry["status"] = "refunded"
        self.transactions += 1

    @precondition(lambda self: self.has("refunded"))
    @rule(index=st.integers(0, 10**6), reason=st.sampled_from(["refund", "dispute"]))
    def refund_again(self, index, reason):
        self.count("refund_again")
        contribution_id = self.pick(index, "refunded")
        money_transaction(lambda s: refund_in(s, contribution=s.get(Contribution, contribution_id), reason=reason))

    @precondition(lambda self: self.has("pledged"))
    @rule(index=st.integers(0, 10**6), reason=st.sampled_from(["refund", "dispute"]))
    def refund_not_received(self, index, reason):
        self.count("refund_not_received")
        contribution_id = self.pick(index, "pledged")
        self.refused(ContributionRefused,
                     lambda s: refund_in(s, contribution=s.get(Contribution, contribution_id), reason=reason))

    # --- grants --------------------------------------------------------------------------------
    @rule(fund=st.integers(0, 1), share=st.integers(1, 4), how=st.sampled_from(["part", "part", "all", "over", "fixed"]),
          percent=st.integers(1, 99), fixed=st.integers(1, 10**6))
    def commit(self, fund, share, how, percent, fixed):
        self.count("commit")
        funded = [n for n in range(len(self.funds)) if self.balances[accounts.unallocated(self.fund_ref(n)).code]]
        fund_ref = self.fund_ref(funded[fund % len(funded)] if funded and how != "over" else fund)
        available = self.balances[accounts.unallocated(fund_ref).code]
        amount = {"part": max(1, available * percent // 100), "all": max(1, available), "over": available + fixed,
                  "fixed": fixed}[how]
        key = self.key("commit")
        work = lambda s: post_commitment(s, fund_ref, share, amount, key).id  # noqa: E731
        if amount > available:
            return self.refused(InsufficientFunds, work)
        tx = money_transaction(work)
        self.balances[accounts.unallocated(fund_ref).code] -= amount
        self.balances[accounts.committed(fund_ref, share).code] += amount
        self.transactions += 1
        self.commitments.append(dict(fund=fund_ref, share=share, amount=amount, tx=tx, key=key, reversed=False))

    @precondition(lambda self: self.commitments)
    @rule(index=st.integers(0, 10**6), amount=AMOUNTS)
    def replay_commitment(self, index, amount):
        self.count("replay_commitment")
        c = self.commitments[index % len(self.commitments)]
        assert money_transaction(lambda s: post_commitment(s, c["fund"], c["share"], amount, c["key"]).id) == c["tx"]

    @precondition(lambda self: self.commitments)
    @rule(index=st.integers(0, 10**6), how=st.sampled_from(["part", "part", "all", "over"]), percent=st.integers(1, 99))
    def disburse(self, index, how, percent):
        """Pay part of what a share was committed: committed → disbursed, never more than remains."""
        self.count("disburse")
        open_shares = [c for c in self.commitments if self.balances[accounts.committed(c["fund"], c["share"]).code]]
        choices = open_shares or self.commitments
        c = choices[index % len(choices)]
        fund, share = c["fund"], c["share"]
        remaining = self.balances[accounts.committed(fund, share).code]
        amount = {"part": max(1, remaining * percent // 100), "all": max(1, remaining), "over": remaining + 1}[how]
        legs = [Leg(accounts.committed(fund, share), -amount), Leg(accounts.disbursed(fund, share), amount)]
        key = self.key("disburse")

        def work(session):
            lock_accounts(session, [leg.account for leg in legs])
            return post(session, kind="tranche.disburse", legs=legs, idempotency_key=key)

        if amount > remaining:
            return self.refused(InsufficientFunds, work)
        money_transaction(work)
        self.balances[accounts.committed(fund, share).code] -= amount
        self.balances[accounts.disbursed(fund, share).code] += amount
        self.transactions += 1

    @precondition(lambda self: self.commitments)
    @rule(index=st.integers(0, 10**6))
    def reverse_commitment(self, index):
        """Undo a commitment; refused when part of the share's money was already paid out."""
        self.count("reverse_commitment")
        c = self.commitments[index % len(self.commitments)]
        fund, share = c["fund"], c["share"]

        def work(session):
            original = session.get(LedgerTransaction, c["tx"])
            lock_accounts(session, [accounts.unallocated(fund), accounts.committed(fund, share)])
            return reverse(session, transaction=original, idempotency_key=f"reverse:{c['tx']}").reverses_id

        if c["reversed"]:
            assert money_transaction(work) == c["tx"]
            return
        if self.balances[accounts.committed(fund, share).code] < c["amount"]:
            return self.refused(InsufficientFunds, work)
        assert money_transaction(work) == c["tx"]
        self.balances[accounts.committed(fund, share).code] -= c["amount"]
        self.balances[accounts.unallocated(fund).code] += c["amount"]
        self.transactions += 1
        c["reversed"] = True

    # --- after every step ----------------------------------------------------------------------
    @invariant()
    def books_are_right(self):
        with Session(portal_db.engine()) as session:
            assert check(session) == []
            for fund_id, currency in self.funds:
                code = accounts.unallocated(Fund(id=fund_id, currency=currency)).code
                assert balance(session, code) == self.balances[code]
            actual = {code: total for code, (_kind, _fund, total) in account_balances(session).items() if total}
            assert actual == {code: total for code, total in self.balances.items() if total}
            statuses = dict(session.exec(select(Contribution.id, Contribution.status)).all())
            assert statuses == {cid: c["status"] for cid, c in self.contributions.items()}
            assert session.exec(select(func.count()).select_from(LedgerTransaction)).one() == self.transactions


def budget(on_postgres):
    """(examples, steps per example) of one batch, and the operations a CI run must execute:
    ≥ 10,000 on SQLite, ≥ 2,000 on PostgreSQL (Hypothesis chooses sequence lengths, so batches
    repeat until the target is met, at most MAX_BATCHES times)."""
    return ((25, 200), 2_000) if on_postgres else ((80, 200), 10_000)


MAX_BATCHES = 4


def test_random_money_movements_keep_every_invariant(app, tmp_path, request, record_property):
    on_postgres = app.config["DATABASE_URL"].startswith("postgresql")
    LedgerMachine.env = Environment(app, tmp_path, request.getfixturevalue("pg_engine") if on_postgres else None)
    (examples, steps), target = budget(on_postgres)
    before, started = sum(OPERATIONS.values()), time.perf_counter()
    try:
        for _batch in range(MAX_BATCHES):
            run_state_machine_as_test(LedgerMachine, settings=settings(
                max_examples=examples, stateful_step_count=steps, deadline=None, derandomize=False,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large]))
            if sum(OPERATIONS.values()) - before >= target:
                break
    finally:
        executed = sum(OPERATIONS.values()) - before
        elapsed = time.perf_counter() - started
        record_property("stateful_operations", executed)
        record_property("stateful_examples", LedgerMachine.env.examples)
        record_property("stateful_seconds", round(elapsed, 1))
        record_property("stateful_breakdown", {name: (OPERATIONS[name], REFUSED[name]) for name in sorted(OPERATIONS)})
        print(f"\nstateful ledger: {executed} operations in {LedgerMachine.env.examples} examples, {elapsed:.1f}s")
    assert executed >= target, f"only {executed} operations ran; the target per run is {target}"
