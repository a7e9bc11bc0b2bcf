"""Ledger flows, the running sums a fund's statement reads: kept by every posting equal to the
entries (gifts in other currencies, refunds, grants, payments, reported spend), the same as the
migration's backfill computes, and any drift is caught by the ledger check."""
import importlib.util
from pathlib import Path

from sqlalchemy import delete, update
from sqlmodel import select

from factories import fund_with_money, make_donor
from tests.reports.support import paid_grant
from portal.donors.services import pledge, receive_in, refund_in
from portal.ledger import flows
from portal.ledger.invariants import check
from portal.ledger.models import LedgerFlow
from portal.reports import services as reports
from portal.reports.models import Report

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations" / "versions"


def busy_books(db):
    """A grant paid and reported on, a gift in euros at a rate, and a refunded gift."""
    world, grant = paid_grant(db)
    interim = db.exec(select(Report).where(Report.key == "interim")).one()
    share = grant.shares[0]
    reports.save_report(session=db, report=interim, actor=world.applicant, narrative=True, share_ids={share.id},
                        changes=reports.ReportChanges(answers={"what_changed": "x"}, spend={share.id: {"other": "100"}}))
    reports.submit_report(session=db, report=interim, grant=grant, actor=world.applicant, roles={"applicant"})
    reports.accept_report(session=db, report=interim, grant=grant, actor=world.manager, roles={"fund_manager"})
    donor = make_donor(db, name="Sida")
    euros = pledge(db, fund=world.fund, donor=donor, amount_minor=100_000, currency="EUR", source="bank_transfer",
                   pledge_key="eur")
    receive_in(db, contribution=euros, fx={"rate": "1.0850", "source": "ECB", "date": grant.awarded_at.date()})
    refunded = fund_with_money(db, world.fund, 5_000, donor=donor, key="to-refund")
    refund_in(db, contribution=refunded)
    db.commit()
    return world


def test_every_posting_keeps_the_flows_equal_to_the_entries(db):
    busy_books(db)
    assert flows.disagreements(db) == {} and check(db) == []
    kinds = set(db.exec(select(LedgerFlow.kind)).all())
    assert {"contribution.receive", "grant.commit", "disbursement.pay", "report.spend", "reversal"} <= kinds
    assert db.exec(select(LedgerFlow).where(LedgerFlow.reversed_kind == "contribution.receive")).first() is not None


def test_rebuilding_from_the_entries_gives_the_same_flows(db):
    busy_books(db)
    kept = without_ids(db)
    flows.rebuild(db)
    assert without_ids(db) == kept


def without_ids(db):
    return sorted(tuple(row)[1:] for row in db.execute(select(LedgerFlow.__table__)).all())


def test_the_migrations_backfill_computes_the_same_flows(db):
    busy_books(db)
    migration = load(next(MIGRATIONS.glob("*_ledger_flows.py")))
    kept = db.exec(select(LedgerFlow)).all()
    db.execute(delete(LedgerFlow))
    db.execute(migration.BACKFILL)
    assert flows.disagreements(db) == {} and len(db.exec(select(LedgerFlow)).all()) == len(kept)


def test_a_flow_that_drifts_from_its_entries_fails_the_ledger_check(db):
    busy_books(db)
    db.execute(update(LedgerFlow).where(LedgerFlow.kind == "disbursement.pay").values(amount_minor=LedgerFlow.amount_minor + 1))
    violations = check(db)
    assert violations and {violation.rule for violation in violations} == {"flows"}


def load(path):
    """A migration module, read from its file (migrations are not a package)."""
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
