"""Keep the dashboard's tallies (dashboards.models) as applications are decided, grants awarded
and paid, and reports move.

Each public function here (`grant_awarded`, `grant_paid`, `grant_republished`, `decided`,
`grant_first_paid`, `reports_added`, `report_moved`) is called by the service that changes the domain rows, in the
same transaction, and adds to the tallies with one atomic upsert per row (`portal.db.add_to`),
so concurrent requests never lose a count. The `_computed_*` queries count the same rows from
the domain tables: the ledger check compares both (`disagreements`) and `rebuild` refills the
tallies after a bulk load, or a history written directly (the demo), that bypassed the services.
"""
from sqlalchemy import case, delete, func, insert, literal, select, union_all

from portal.accounts.models import Organisation
from portal.applications.models import Application
from portal.dashboards.models import GrantTally, ReachTally, ReportTally, SpeedTally
from portal.db import add_to, total_of
from portal.funds.models import Call, Tier
from portal.grants.models import Disbursement, Grant, GrantShare, Tranche
from portal.grants.states import MONEY_OUT
from portal.reports.models import Report
from portal.review.models import Decision

GRANT_KEY = ("fund_id", "country", "tier_id", "theme", "language", "members", "withheld")
REACH_KEY = ("fund_id", "registered", "women_led", "first_grant", "withheld")
REPORT_KEY = ("fund_id", "status", "due_on")
SPEED_KEY = ("fund_id", "tier_id", "measure", "hours")


def _grant_key(session, grant, members, withheld):
    application = session.get(Application, grant.application_id)
    country = session.get(Organisation, application.organisation_id).country
    return {"fund_id": grant.fund_id, "country": country, "tier_id": application.tier_id, "theme": grant.theme or "",
            "language": application.written_language, "members": members, "withheld": withheld}


def _reach_key(fund_id, organisation, grants, first_anywhere):
    """The reach row of an organisation holding shares of `grants` ({grant id: flagged "do not
    publish"}) in this fund, or None when she holds none; `first_anywhere`: her first grant id."""
    if not grants:
        return None
    return {"fund_id": fund_id, "registered": organisation.registered, "women_led": organisation.women_led,
            "first_grant": min(grants) == first_anywhere, "withheld": all(grants.values())}


def _move_reach(session, grant, organisation_ids, as_it_was):
    """Move each organisation to the reach row her grants in the fund now put her in, from the one
    `as_it_was(grants)` gave before the change. Her row is locked first, so that two awards, or an
    award and a change of "do not publish", at once never count her twice or lose her."""
    organisations = session.execute(select(Organisation).where(Organisation.id.in_(sorted(organisation_ids)))
                                    .order_by(Organisation.id).with_for_update()).scalars().all()
    for organisation in organisations:
        grants = dict(session.execute(
            select(Grant.id, Grant.do_not_publish).join(GrantShare, GrantShare.grant_id == Grant.id)
            .where(GrantShare.organisation_id == organisation.id, Grant.fund_id == grant.fund_id)).all())
        first = session.execute(select(func.min(GrantShare.grant_id))
                                .where(GrantShare.organisation_id == organisation.id)).scalar()
        before = _reach_key(grant.fund_id, organisation, as_it_was(grants), first)
        after = _reach_key(grant.fund_id, organisation, grants, first)
        if before != after:
            for key, change in ((before, -1), (after, 1)):
                if key is not None:
                    add_to(session, ReachTally.__table__, key, {"organisations": change})


def grant_awarded(session, *, grant, shares):
    """A new grant and its shares: one more grant in its category, and the organisations it
    reaches for the first time in this fund (or for the first time in public)."""
    lead = sum(share.amount_minor for share in shares if share.is_lead)
    add_to(session, GrantTally.__table__, _grant_key(session, grant, len(shares), grant.do_not_publish),
           {"grants": 1, "awarded_minor": grant.amount_minor, "lead_minor": lead, "paid_minor": 0})
    _move_reach(session, grant, {share.organisation_id for share in shares},
                lambda grants: {grant_id: flag for grant_id, flag in grants.items() if grant_id != grant.id})


def _withheld_locked(session, grant):
    """The grant's "do not publish" flag, read with its row locked: a payment and a change of the
    flag at once then count the money in one row of the tally, not half in each."""
    return session.execute(select(Grant.do_not_publish).where(Grant.id == grant.id).with_for_update()).scalar_one()


def grant_paid(session, *, grant, amount_minor):
    """A payment's money moved (or, negative, a moved payment was undone)."""
    add_to(session, GrantTally.__table__, _grant_key(session, grant, len(grant.shares), _withheld_locked(session, grant)),
           {"grants": 0, "awarded_minor": 0, "lead_minor": 0, "paid_minor": amount_minor})


def grant_republished(session, *, grant, withheld_before):
    """The grant's "do not publish" flag changed (the grant row already locked by the caller):
    its counts move to the other side of the tallies, and so do the organisations it alone put
    there."""
    if withheld_before == grant.do_not_publish:
        return
    paid = session.execute(
        select(total_of(Disbursement.amount_minor)).select_from(GrantShare)
        .join(Tranche, Tranche.share_id == GrantShare.id).join(Disbursement, Disbursement.tranche_id == Tranche.id)
        .where(GrantShare.grant_id == grant.id, Disbursement.status.in_(MONEY_OUT))).scalar_one()
    counts = {"grants": 1, "awarded_minor": grant.amount_minor, "paid_minor": int(paid),
              "lead_minor": sum(share.amount_minor for share in grant.shares if share.is_lead)}
    for withheld, sign in ((withheld_before, -1), (grant.do_not_publish, 1)):
        add_to(session, GrantTally.__table__, _grant_key(session, grant, len(grant.shares), withheld),
               {name: sign * value for name, value in counts.items()})
    _move_reach(session, grant, {share.organisation_id for share in grant.shares},
                lambda grants: {**grants, grant.id: withheld_before})


def _add_duration(session, *, fund_id, tier_id, measure, hours):
    add_to(session, SpeedTally.__table__, {"fund_id": fund_id, "tier_id": tier_id, "measure": measure, "hours": hours},
           {"durations": 1})


def decided(session, *, application, decision):
    """One more decision (approval or decline) in the tier's time to decision."""
    if decision.hours_to_decision is not None:
        _add_duration(session, fund_id=application.tier.call.fund_id, tier_id=application.tier_id,
                      measure="decision", hours=decision.hours_to_decision)


def grant_first_paid(session, *, grant):
    """The grant's first payment arrived: one more in the tier's time from decision to money."""
    if grant.hours_to_payment is not None:
        tier_id = session.get(Application, grant.application_id).tier_id
        _add_duration(session, fund_id=grant.fund_id, tier_id=tier_id, measure="payment", hours=grant.hours_to_payment)


def _add_report(session, report, status, due_on, count):
    fund_id = session.get(Grant, report.grant_id).fund_id
    add_to(session, ReportTally.__table__, {"fund_id": fund_id, "status": status, "due_on": due_on}, {"reports": count})


def reports_added(session, reports):
    for report in reports:
        _add_report(session, report, report.status, report.due_on, 1)


def report_moved(session, report, *, status, due_on):
    """The report was `status` and due on `due_on` before its current status and due date."""
    if (status, due_on) != (report.status, report.due_on):
        _add_report(session, report, status, due_on, -1)
        _add_report(session, report, report.status, report.due_on, 1)


# --- the same figures computed from the domain tables -------------------------------------------

def _computed_grants():
    shares = (select(GrantShare.grant_id, func.count().label("members"),
                     total_of(case((GrantShare.is_lead.is_(True), GrantShare.amount_minor), else_=0)).label("lead"))
              .group_by(GrantShare.grant_id).subquery())
    paid = (select(GrantShare.grant_id, func.sum(Disbursement.amount_minor).label("paid"))
            .join(Tranche, Tranche.share_id == GrantShare.id)
            .join(Disbursement, Disbursement.tranche_id == Tranche.id)
            .where(Disbursement.status.in_(MONEY_OUT)).group_by(GrantShare.grant_id).subquery())
    key = (Grant.fund_id, Organisation.country, Application.tier_id, func.coalesce(Grant.theme, ""),
           Application.written_language, shares.c.members, Grant.do_not_publish)
    return (select(*key, func.count(), total_of(Grant.amount_minor), total_of(shares.c.lead),
                   total_of(func.coalesce(paid.c.paid, 0)))
            .select_from(Grant)
            .join(Application, Application.id == Grant.application_id)
            .join(Organisation, Organisation.id == Application.organisation_id)
            .join(shares, shares.c.grant_id == Grant.id)
            .outerjoin(paid, paid.c.grant_id == Grant.id)
            .group_by(*key))


def _computed_reach():
    """Per fund and organisation its first grant there, and whether all its grants there are
    flagged "do not publish"; first anywhere: the earliest grant of all."""
    here = (select(Grant.fund_id, GrantShare.organisation_id, func.min(Grant.id).label("first_here"),
                   func.min(case((Grant.do_not_publish.is_(True), 1), else_=0)).label("all_withheld"))
            .join(Grant, Grant.id == GrantShare.grant_id)
            .group_by(Grant.fund_id, GrantShare.organisation_id).subquery())
    anywhere = (select(GrantShare.organisation_id, func.min(GrantShare.grant_id).label("first_any"))
                .group_by(GrantShare.organisation_id).subquery())
    key = (here.c.fund_id, Organisation.registered, Organisation.women_led,
           case((here.c.first_here == anywhere.c.first_any, True), else_=False),
           case((here.c.all_withheld == 1, True), else_=False))
    return (select(*key, func.count())
            .select_from(here)
            .join(anywhere, anywhere.c.organisation_id == here.c.organisation_id)
            .join(Organisation, Organisation.id == here.c.organisation_id)
            .group_by(*key))


def _computed_speed():
    decisions = (select(Call.fund_id, Application.tier_id, literal("decision"), Decision.hours_to_decision, func.count())
                 .select_from(Decision)
                 .join(Application, Application.id == Decision.application_id)
                 .join(Tier, Tier.id == Application.tier_id).join(Call, Call.id == Tier.call_id)
                 .where(Decision.hours_to_decision.is_not(None))
                 .group_by(Call.fund_id, Application.tier_id, Decision.hours_to_decision))
    payments = (select(Grant.fund_id, Application.tier_id, literal("payment"), Grant.hours_to_payment, func.count())
                .join(Application, Application.id == Grant.application_id)
                .where(Grant.hours_to_payment.is_not(None))
                .group_by(Grant.fund_id, Application.tier_id, Grant.hours_to_payment))
    return union_all(decisions, payments)


def _computed_reports():
    key = (Grant.fund_id, Report.status, Report.due_on)
    return select(*key, func.count()).join(Grant, Grant.id == Report.grant_id).group_by(*key)


#: (table, key columns, count columns, SELECT computing them from the domain tables).
TALLIES = (
    (GrantTally, GRANT_KEY, ("grants", "awarded_minor", "lead_minor", "paid_minor"), _computed_grants),
    (ReachTally, REACH_KEY, ("organisations",), _computed_reach),
    (ReportTally, REPORT_KEY, ("reports",), _computed_reports),
    (SpeedTally, SPEED_KEY, ("durations",), _computed_speed),
)


def rebuild(session):
    """Recompute every tally from the domain tables (after a bulk load that bypassed the services)."""
    for model, key, counts, computed in TALLIES:
        session.execute(delete(model))
        session.execute(insert(model).from_select([*key, *counts], computed()))


def disagreements(session):
    """[(table, key, kept, computed)] for every tally row that differs from the domain tables
    (a row kept at zero counts the same as no row)."""
    found = []
    for model, key, counts, computed in TALLIES:
        width = len(key)
        kept = _as_dict(session.execute(select(*(getattr(model, name) for name in (*key, *counts)))).all(), width)
        actual = _as_dict(session.execute(computed()).all(), width)
        found += [(model.__tablename__, row_key, kept.get(row_key), actual.get(row_key))
                  for row_key in sorted(kept.keys() | actual.keys(), key=str) if kept.get(row_key) != actual.get(row_key)]
    return found


def _as_dict(rows, width):
    return {tuple(row[:width]): values for row in rows
            if any(values := tuple(int(value) for value in row[width:]))}
