"""The dashboard's tallies: kept by the services equal to what the domain tables count (awards,
consortia, payments made and undone, "do not publish" flagged and lifted, reports added, moved,
sent back and waived), the same as
the migration's backfill and a rebuild compute, and any drift is caught by the ledger check."""
import random
import statistics
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import delete, update
from sqlmodel import select

from factories import fund_with_money, make_call, make_fund, make_submitted_application, make_tier
from tests.grants.support import World
from tests.grants.test_concurrency import in_threads
from tests.grants.test_grant_pages import consortium_grant
from tests.ledger.test_flows import MIGRATIONS, load
from tests.reports.support import FINANCE, pay
from portal.accounts.models import User
from portal.applications.models import Application
from portal.dashboards import queries, speed as durations_module, tallies
from portal.dashboards.models import GrantTally, ReachTally, ReportTally, SpeedTally
from portal.grants.models import Grant
from portal.grants import disbursements
from portal.grants.publication_views import set_publication
from portal.grants.services import accept_agreement
from portal.ledger.invariants import check
from portal.reports import services as reports
from portal.reports.models import Report
from portal.review.decisions import approve


def busy_fund(db):
    """A consortium grant, both shares paid and one payment undone, its reports moved every way;
    then a second grant to the lead organisation (reached once, not twice)."""
    world, grant = consortium_grant(db)
    accept_agreement(db, grant=grant, actor=world.applicant, roles={"applicant"}, language="sw")
    lead, partner = grant.shares
    paid = pay(db, world, lead.tranches[0], lead)
    disbursements.mark_sent(db, disbursement=paid, actor=world.finance, roles=FINANCE, method="bank_transfer",
                            reference="T1")
    disbursements.confirm(db, disbursement=paid, actor=world.finance, roles=FINANCE)
    undone = pay(db, world, partner.tranches[0], partner)
    disbursements.undo(db, disbursement=undone, actor=world.finance, roles=FINANCE, action="cancel", reason="typo")
    final = db.exec(select(Report).where(Report.grant_id == grant.id)).one()
    reports.move_due_date(session=db, report=final, actor=world.manager, due_on=date.today() - timedelta(days=3))
    extra = reports.add_report(session=db, grant=grant, actor=world.manager, key="extra", due_on=date.today())
    reports.waive_report(session=db, report=extra, actor=world.manager, roles={"fund_manager"})
    again = make_submitted_application(db, tier=world.tier, organisation=world.organisation, applicant=world.applicant,
                                       requested_minor=200_000, status="in_review", written_language="fr",
                                       reference="MZ-AGAIN")
    approve(db, application=again, actor=world.manager, amount_minor=150_000, key="again")
    db.commit()
    return world, grant


def rows(db):
    """Every tally row without its id, leaving out rows counted back down to zero."""
    return {model.__tablename__: sorted(tuple(row)[1:] for row in db.execute(select(model.__table__)).all()
                                        if any(getattr(row, name) for name in counts))
            for model, _key, counts, _computed in tallies.TALLIES}


def test_the_services_keep_the_tallies_equal_to_the_domain_tables(db):
    world, grant = busy_fund(db)
    assert tallies.disagreements(db) == [] and check(db) == []
    groups = queries.grant_groups(db, world.fund.id)
    assert sum(group.grants for group in groups["country"]) == 2
    assert sum(group.awarded_minor for group in groups["tier"]) == 550_000
    assert sum(group.paid_minor for group in groups["language"]) == grant.shares[0].tranches[0].amount_minor
    assert queries.consortia(db, world.fund.id) == [queries.Consortia(2, 1, 300_000, 400_000)]
    assert queries.organisations_reached(db, world.fund.id).organisations == 2
    counts = queries.reports(db, world.fund.id)
    assert counts["waived"] == (1, 0) and counts["due"][1] == 1  # the final report, moved into the past
    decided, paid = durations_module.tier_medians(db, world.fund.id, (world.tier.id,))
    assert decided[world.tier.id].count == 2 and paid[world.tier.id] == durations_module.Median(1, Decimal("0.0"))


def test_rebuilding_gives_the_same_tallies(db):
    busy_fund(db)
    kept = rows(db)
    tallies.rebuild(db)
    assert rows(db) == kept and kept["report_tally"]


def test_the_migrations_backfill_computes_the_same_tallies(db):
    """The tallies' first migration fills them, the next one refills the two with a withheld side
    (here a paid grant of the busy fund is flagged "do not publish"): the code counts the same."""
    busy_fund(db)
    grant = db.exec(select(Grant).where(Grant.first_paid_at.is_not(None))).first()
    grant.do_not_publish = True
    db.add(grant)
    first, withheld = (load(next(MIGRATIONS.glob(f"*_{name}.py"))) for name in ("dashboard_tallies", "withheld_tallies"))
    db.execute(update(Grant).values(hours_to_payment=None))
    db.execute(first.HOURS_TO_PAYMENT[db.get_bind().dialect.name])
    assert db.exec(select(Grant.hours_to_payment).where(Grant.first_paid_at.is_not(None))).all() == [0]
    for model in (GrantTally, ReachTally, ReportTally, SpeedTally):
        db.execute(delete(model))
    for statement in (*first.BACKFILL, *withheld.REFILL):
        db.execute(statement)
    assert db.exec(select(GrantTally).where(GrantTally.withheld.is_(True))).all()
    assert tallies.disagreements(db) == []


def test_a_tally_that_drifts_fails_the_ledger_check(db):
    busy_fund(db)
    db.execute(update(ReportTally).where(ReportTally.status == "waived").values(reports=ReportTally.reports + 1))
    violations = check(db)
    assert violations and {violation.rule for violation in violations} == {"tallies"}


def test_awards_at_once_to_one_organisation_from_two_funds_count_her_first_grant_once(app, db):
    """Each fund's awards queue on its own unallocated account, not on the other fund's: the
    organisation's row lock is what keeps "first grant" to one of them."""
    world = World(db)
    other_fund = make_fund(db, code="second")
    fund_with_money(db, other_fund, 10_000_000, key="second-money")
    other_tier = make_tier(db, call=make_call(db, fund=other_fund, slug="second-call"), max_minor=10_000_000)
    applications = [world.application] + [
        make_submitted_application(db, tier=tier, organisation=world.organisation, applicant=world.applicant,
                                   requested_minor=100_000, status="in_review", reference=f"MZ-RACE-{n}")
        for n, tier in enumerate([world.tier, other_tier] * 4)]
    db.commit()
    ids, manager_id = [application.id for application in applications], world.manager.id

    def decide(session, n):
        return approve(session, application=session.get(Application, ids[n]), actor=session.get(User, manager_id),
                       amount_minor=100_000, key=f"race-{n}").id

    assert all(isinstance(outcome, int) for outcome in in_threads(app, len(ids), decide))
    db.expire_all()
    assert tallies.disagreements(db) == [] and check(db) == []
    reach = [queries.organisations_reached(db, fund.id) for fund in (world.fund, other_fund)]
    assert [r.organisations for r in reach] == [1, 1] and sum(r.first_grant for r in reach) == 1


def test_medians_from_the_histogram_are_the_medians_of_the_durations(db):
    """Odd and even counts, ties, one duration: the running count finds the middle one(s)."""
    tier = make_tier(db, call=make_call(db, fund=make_fund(db)))
    db.flush()
    shuffled = random.Random(7)
    for durations in ([5], [5, 9], [1, 1, 1, 200], [3, 4, 4, 4, 90, 91, 92],
                      [shuffled.randrange(0, 400) for _ in range(301)], [shuffled.randrange(0, 50) for _ in range(64)]):
        db.execute(delete(SpeedTally))
        for hours in durations:
            tallies._add_duration(db, fund_id=tier.call.fund_id, tier_id=tier.id, measure="decision", hours=hours)
        decided, paid = durations_module.tier_medians(db, tier.call.fund_id, (tier.id,))
        expected = Decimal(str(statistics.median(durations))).quantize(Decimal("0.1"))
        assert decided == {tier.id: durations_module.Median(len(durations), expected)} and paid == {}


def test_do_not_publish_moves_a_grant_and_the_organisations_it_alone_reached_to_the_withheld_side(db):
    """The busy fund's consortium grant (paid) is flagged, then lifted: the lead organisation stays
    public through her second grant, the partner does not; staff and donors count both always."""
    world, grant = busy_fund(db)
    fund_id = world.fund.id

    def figures(published_only):
        groups = queries.grant_groups(db, fund_id, published_only=published_only)["country"]
        return (sum(g.grants for g in groups), sum(g.paid_minor for g in groups),
                queries.organisations_reached(db, fund_id, published_only=published_only).organisations,
                len(queries.consortia(db, fund_id, published_only=published_only)))

    everyone = figures(False)
    assert everyone[0] == 2 and everyone[1] > 0 and everyone[2:] == (2, 1) and figures(True) == everyone
    for flag, public in ((True, (1, 0, 1, 0)), (False, everyone)):
        set_publication(db, grant=grant, actor=world.manager, grantee=False, manager=True, do_not_publish=flag,
                        story_consent=False)
        db.commit()
        assert figures(True) == public and figures(False) == everyone
        assert tallies.disagreements(db) == []


def test_changes_of_do_not_publish_at_once_keep_the_tallies_right(app, db):
    """Twenty fund managers flag and lift the same grant at once: each change starts from the
    grant as the one before left it (its row locked), so the tallies move once per change."""
    world, grant = busy_fund(db)
    grant_id, manager_id = grant.id, world.manager.id  # threads must not touch `db`

    def flag(session, n):
        return set_publication(session, grant=session.get(Grant, grant_id), actor=session.get(User, manager_id),
                               grantee=False, manager=True, do_not_publish=n % 2 == 0, story_consent=False)

    in_threads(app, 20, flag)
    db.expire_all()
    assert tallies.disagreements(db) == [] and check(db) == []
