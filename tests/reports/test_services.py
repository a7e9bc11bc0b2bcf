"""Reports at the service level: the schedule, drafts that keep what was typed, sending,
acceptance that books the spend and releases the tranche waiting for it, changes, waivers."""
from datetime import date

import pytest
from sqlmodel import select

from tests.reports.support import paid_grant
from portal.domain import DomainError, InvalidTransition
from portal.grants.models import Tranche
from portal.ledger import accounts
from portal.ledger.invariants import check
from portal.ledger.models import LedgerTransaction
from portal.ledger.posting import balance
from portal.reports import services
from portal.reports.models import Report
from portal.reports.plan import add_months

MANAGER = {"fund_manager"}
LEAD = {"applicant"}


@pytest.fixture
def arranged(db):
    world, grant = paid_grant(db)
    interim, final = db.exec(select(Report).where(Report.grant_id == grant.id).order_by(Report.position)).all()
    return world, grant, interim, final


def write(db, world, grant, report, *, answers=None, spend=None, locale="en"):
    share = grant.shares[0]
    changes = services.ReportChanges(
        answers=answers if answers is not None else {"what_changed": "Tulifundisha wanawake 40."},
        spend={share.id: spend if spend is not None else {"activities": "1500", "transport": "500.50"}},
        written_language="sw", locale=locale)
    return services.save_report(session=db, report=report, actor=world.applicant, changes=changes, narrative=True,
                                share_ids={share.id})


def test_accepting_the_grant_schedules_the_tiers_reports_with_a_part_per_share(db, arranged):
    world, grant, interim, final = arranged
    accepted = grant.accepted_at.date()
    assert (interim.key, interim.due_on, interim.status) == ("interim", add_months(accepted, 6), "due")
    assert (final.key, final.due_on) == ("final", add_months(accepted, 12))
    assert [part.share_id for part in interim.parts] == [grant.shares[0].id]


@pytest.mark.parametrize("day, months, expected", [
    (date(2026, 1, 31), 1, date(2026, 2, 28)), (date(2024, 1, 31), 1, date(2024, 2, 29)),
    (date(2026, 11, 15), 3, date(2027, 2, 15)), (date(2026, 12, 2), 12, date(2027, 12, 2)),
])
def test_months_are_added_as_on_a_calendar(day, months, expected):
    assert add_months(day, months) == expected


def test_a_draft_keeps_what_was_typed_and_says_what_is_wrong(db, arranged):
    world, grant, interim, _final = arranged
    errors = write(db, world, grant, interim, answers={"what_changed": "é" * 1600, "challenges": "Mvua"},
                   spend={"activities": "1 500,25", "people": "a lot"}, locale="fr")
    share_id = grant.shares[0].id
    assert set(errors) == {"answer_what_changed", f"spend_{share_id}_people"}
    assert interim.answers == {"what_changed": "é" * 1600, "challenges": "Mvua"}
    assert interim.parts[0].spend == {"activities": 150_025}
    assert interim.written_language == "sw"


def test_a_report_is_not_sent_without_what_changed_and_nothing_is_lost(db, arranged):
    world, grant, interim, _final = arranged
    write(db, world, grant, interim, answers={"what_changed": "", "challenges": "Barabara mbovu"})
    with pytest.raises(services.ReportNotReady) as refused:
        services.submit_report(session=db, report=interim, grant=grant, actor=world.applicant, roles=LEAD)
    assert "answer_what_changed" in refused.value.details["problems"]
    db.refresh(interim)
    assert interim.status == "due" and interim.answers["challenges"] == "Barabara mbovu"


def test_spending_more_than_was_paid_cannot_be_sent(db, arranged):
    world, grant, interim, _final = arranged  # 60 % of 4,000.00 paid: 2,400.00
    write(db, world, grant, interim, spend={"activities": "2400.01"})
    with pytest.raises(services.ReportNotReady) as refused:
        services.submit_report(session=db, report=interim, grant=grant, actor=world.applicant, roles=LEAD)
    assert f"spend_{grant.shares[0].id}" in refused.value.details["problems"]


def test_acceptance_books_the_spend_and_releases_the_tranche_waiting_for_the_report(db, arranged):
    world, grant, interim, _final = arranged
    share = grant.shares[0]
    write(db, world, grant, interim)
    services.submit_report(session=db, report=interim, grant=grant, actor=world.applicant, roles=LEAD)
    waiting = db.exec(select(Tranche).where(Tranche.share_id == share.id, Tranche.after_report == "interim")).one()
    assert waiting.status == "waiting"
    services.accept_report(session=db, report=interim, grant=grant, actor=world.manager, roles=MANAGER)
    db.commit()
    assert interim.status == "accepted"
    assert balance(db, accounts.spent(world.fund, share.id).code) == 200_050
    assert balance(db, accounts.disbursed(world.fund, share.id).code) == 240_000 - 200_050
    db.refresh(waiting)
    assert waiting.status == "payable"
    assert db.exec(select(LedgerTransaction).where(LedgerTransaction.kind == "report.spend")).one().record_id == interim.id
    assert check(db) == []


def test_a_report_is_sent_once_and_accepted_once(db, arranged):
    world, grant, interim, _final = arranged
    write(db, world, grant, interim)
    services.submit_report(session=db, report=interim, grant=grant, actor=world.applicant, roles=LEAD)
    services.submit_report(session=db, report=interim, grant=grant, actor=world.applicant, roles=LEAD)  # a double click
    services.accept_report(session=db, report=interim, grant=grant, actor=world.manager, roles=MANAGER)
    with pytest.raises(InvalidTransition):
        services.accept_report(session=db, report=interim, grant=grant, actor=world.manager, roles=MANAGER)
    assert len(db.exec(select(LedgerTransaction).where(LedgerTransaction.kind == "report.spend")).all()) == 1


def test_only_a_fund_manager_accepts_and_only_the_lead_or_staff_send(db, arranged):
    world, grant, interim, _final = arranged
    write(db, world, grant, interim)
    with pytest.raises(InvalidTransition):
        services.submit_report(session=db, report=interim, grant=grant, actor=world.finance, roles={"finance_officer"})
    services.submit_report(session=db, report=interim, grant=grant, actor=world.applicant, roles=LEAD)
    with pytest.raises(InvalidTransition):
        services.accept_report(session=db, report=interim, grant=grant, actor=world.applicant, roles=LEAD)


def test_changes_asked_reopen_the_report_and_it_can_be_sent_again(db, arranged):
    world, grant, interim, _final = arranged
    write(db, world, grant, interim)
    services.submit_report(session=db, report=interim, grant=grant, actor=world.applicant, roles=LEAD)
    with pytest.raises(DomainError):
        services.request_changes(session=db, report=interim, actor=world.manager, roles=MANAGER, message="  ")
    services.request_changes(session=db, report=interim, actor=world.manager, roles=MANAGER,
                             message="Tafadhali ongeza gharama za usafiri.")
    assert interim.status == "changes_requested"
    write(db, world, grant, interim, spend={"activities": "1500", "transport": "800"})
    services.submit_report(session=db, report=interim, grant=grant, actor=world.applicant, roles=LEAD)
    assert interim.status == "submitted" and interim.parts[0].spent_minor == 230_000


def test_a_waived_report_releases_its_tranche_and_cannot_be_written(db, arranged):
    world, grant, interim, _final = arranged
    services.waive_report(session=db, report=interim, actor=world.manager, roles=MANAGER)
    tranche = db.exec(select(Tranche).where(Tranche.after_report == "interim")).one()
    assert (interim.status, tranche.status) == ("waived", "payable")
    with pytest.raises(InvalidTransition):
        write(db, world, grant, interim)


def test_a_manager_moves_a_due_date_and_adds_a_report(db, arranged):
    world, grant, interim, _final = arranged
    services.move_due_date(session=db, report=interim, actor=world.manager, due_on=date(2030, 1, 1))
    assert interim.due_on == date(2030, 1, 1)
    extra = services.add_report(session=db, grant=grant, actor=world.manager, key="closing_call", due_on=date(2030, 6, 1))
    assert [p.share_id for p in extra.parts] == [grant.shares[0].id] and extra.position == 3
    with pytest.raises(DomainError):
        services.add_report(session=db, grant=grant, actor=world.manager, key="interim", due_on=date(2030, 6, 1))
