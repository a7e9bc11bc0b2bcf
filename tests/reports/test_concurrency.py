"""Accepting reports under concurrency, on SQLite and PostgreSQL: a hundred acceptances of one
report book its spend once and release its tranche once; two reports of one share never book
more spend than was paid to it."""
from sqlmodel import select

from tests.grants.test_concurrency import in_threads
from tests.reports.support import paid_grant
from portal.accounts.models import User
from portal.grants.models import Grant, Tranche
from portal.ledger import accounts
from portal.ledger.invariants import check
from portal.ledger.models import LedgerTransaction
from portal.ledger.posting import balance
from portal.reports import services
from portal.reports.models import Report

MANAGER = {"fund_manager"}


def sent(db, world, grant, report, spend):
    share = grant.shares[0]
    services.save_report(session=db, report=report, actor=world.applicant, narrative=True, share_ids={share.id},
                         changes=services.ReportChanges(answers={"what_changed": "Mengi"},
                                                        spend={share.id: {"activities": spend}}))
    services.submit_report(session=db, report=report, grant=grant, actor=world.applicant, roles={"applicant"})


def accept_in_threads(app, count, report_ids, manager_id):
    def accept(session, n):
        report = session.get(Report, report_ids[n % len(report_ids)])
        return services.accept_report(session=session, report=report, grant=session.get(Grant, report.grant_id),
                                      actor=session.get(User, manager_id), roles=MANAGER).id

    return in_threads(app, count, accept)


def test_a_hundred_acceptances_of_one_report_book_its_spend_once(app, db):
    world, grant = paid_grant(db)
    interim = db.exec(select(Report).where(Report.key == "interim")).one()
    sent(db, world, grant, interim, "1000")
    db.commit()
    outcomes = accept_in_threads(app, 100, [interim.id], world.manager.id)
    assert outcomes.count(interim.id) == 1
    assert all(o == interim.id or o.startswith("refused:") for o in outcomes)
    db.expire_all()
    assert len(db.exec(select(LedgerTransaction).where(LedgerTransaction.kind == "report.spend")).all()) == 1
    assert balance(db, accounts.spent(world.fund, grant.shares[0].id).code) == 100_000
    assert db.exec(select(Tranche.status).where(Tranche.after_report == "interim")).one() == "payable"
    assert check(db) == []


def test_two_reports_racing_never_book_more_spend_than_was_paid(app, db):
    world, grant = paid_grant(db)  # 2,400.00 paid to the share
    interim, final = db.exec(select(Report).order_by(Report.position)).all()
    sent(db, world, grant, interim, "1500")
    sent(db, world, grant, final, "1500")  # each fits alone; together they do not
    db.commit()
    outcomes = accept_in_threads(app, 40, [interim.id, final.id], world.manager.id)
    assert len({o for o in outcomes if isinstance(o, int)}) == 1
    db.expire_all()
    assert balance(db, accounts.spent(world.fund, grant.shares[0].id).code) == 150_000
    assert balance(db, accounts.disbursed(world.fund, grant.shares[0].id).code) == 90_000
    assert check(db) == []
