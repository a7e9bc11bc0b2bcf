"""The staff's grant list: ledger figures per grant in a fixed number of queries, filters and pages."""
import pytest
from sqlalchemy import event

from factories import fund_with_money, make_applicant, make_call, make_fund, make_submitted_application, make_tier
from portal.grants import disbursements, listing
from portal.grants.listing import grants_page
from portal.grants.payees import save_payee
from portal.grants.services import accept_agreement
from portal.ledger import accounts
from portal.ledger.posting import balance
from portal.review.decisions import approve
from tests.finance.support import BANK, Browsers, approved, html

FINANCE = {"finance_officer"}


def more_grants(db, world, count, *, tier=None, prefix="g"):
    """`count` more approved grants of 100,000 each, to new organisations."""
    for n in range(count):
        applicant, organisation = make_applicant(db, email=f"{prefix}{n}@example.org", org_name=f"Group {prefix}{n}")
        application = make_submitted_application(db, tier=tier or world.tier, organisation=organisation,
                                                 applicant=applicant, requested_minor=100_000, status="in_review")
        approve(db, application=application, actor=world.manager, amount_minor=100_000, key=f"{prefix}{n}")
    db.commit()


def ledger_figures(db, fund, grant):
    """(committed, disbursed) of a grant's share accounts, read from the ledger."""
    return tuple(sum(balance(db, kind(fund, share.id).code) for share in grant.shares)
                 for kind in (accounts.committed, accounts.disbursed))


def test_each_grant_shows_what_the_ledger_holds_committed_and_disbursed(db):
    world, awarded = approved(db)
    share = awarded.shares[0]
    accept_agreement(db, grant=awarded, actor=world.applicant, roles={"applicant"}, language="en")
    save_payee(db, share=share, method="bank_transfer", actor=world.applicant, details=BANK)
    payment = disbursements.schedule(db, tranche=share.tranches[0], actor=world.finance, roles=FINANCE, key="s")
    more_grants(db, world, 1)
    assert [(r.committed_minor, r.disbursed_minor) for r in grants_page(db, {}, 1).rows] == [
        (100_000, 0), (400_000, 0)]
    disbursements.approve(db, disbursement=payment, actor=world.finance2, roles=FINANCE)
    page = grants_page(db, {}, 1)
    assert [(r.amount_minor, r.committed_minor, r.disbursed_minor) for r in page.rows] == [
        (100_000, 100_000, 0), (400_000, 160_000, 240_000)]
    assert (page.rows[1].committed_minor, page.rows[1].disbursed_minor) == ledger_figures(db, world.fund, awarded)
    assert (page.rows[1].organisation, page.rows[1].status, page.rows[1].shares) == ("Mama Amani", "accepted", 1)
    disbursements.mark_sent(db, disbursement=payment, actor=world.finance, roles=FINANCE, method="bank_transfer",
                            reference="T")
    disbursements.undo(db, disbursement=payment, actor=world.finance, roles=FINANCE, action="return", reason="closed")
    returned = grants_page(db, {}, 1).rows[1]
    figures = (returned.committed_minor, returned.disbursed_minor)
    assert figures == ledger_figures(db, world.fund, awarded) == (400_000, 0)


def test_the_list_takes_the_same_number_of_queries_for_any_number_of_grants(app, db):
    world, _awarded = approved(db)
    statements = []

    def count(*_args):
        statements.append(1)

    engine = db.get_bind()
    event.listen(engine, "before_cursor_execute", count)
    try:
        grants_page(db, {}, 1)
        few = len(statements)
        more_grants(db, world, 4)
        statements.clear()
        grants_page(db, {}, 1)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert len(statements) == few == 3


def test_grants_are_filtered_by_fund_and_status_and_paged(db, monkeypatch):
    world, awarded = approved(db)
    accept_agreement(db, grant=awarded, actor=world.applicant, roles={"applicant"}, language="en")
    other_fund = make_fund(db, code="f2")
    fund_with_money(db, other_fund, 1_000_000, key="f2-money")
    other_tier = make_tier(db, call=make_call(db, fund=other_fund, slug="f2-call"), max_minor=1_000_000)
    more_grants(db, world, 3, tier=other_tier, prefix="o")
    assert grants_page(db, {"fund_id": world.fund.id}, 1).total == 1
    assert grants_page(db, {"fund_id": other_fund.id}, 1).total == 3
    assert [r.id for r in grants_page(db, {"status": "accepted"}, 1).rows] == [awarded.id]
    assert grants_page(db, {"fund_id": other_fund.id, "status": "accepted"}, 1).total == 0
    monkeypatch.setattr(listing, "PAGE_SIZE", 3)
    first, second = grants_page(db, {}, 1), grants_page(db, {}, 2)
    assert (first.pages, len(first.rows), len(second.rows)) == (2, 3, 1)
    assert second.rows[0].id == awarded.id and grants_page(db, {}, 99).page == 2


@pytest.mark.parametrize("email", ["manager@example.org", "finance1@example.org"])
def test_staff_see_the_list_with_its_filters(app, client, db, email):
    world, awarded = approved(db)
    page = Browsers(app)(email).get(f"/grants/?fund={world.fund.id}&status=awarded")
    text = html(page)
    assert page.status_code == 200 and f"/grants/{awarded.id}" in text and "Mama Amani" in text
    assert "$4,000.00" in text and "Awarded: waiting for the grantee to accept" in text
    assert f"/grants/{awarded.id}" not in html(Browsers(app)(email).get("/grants/?status=accepted"))
    assert Browsers(app)(email).get("/grants/?fund=abc&status=nonsense&page=-4").status_code == 200
