"""The dashboard's figures about grants, organisations and reports: GROUP BY queries only.

Each function is one query whose result is bounded by the number of categories (countries ×
tiers × themes × languages, report statuses…), never by the number of grants, so the page
stays fast at 100,000 applications. Money comes back as integer minor units of the fund's
currency; counts as integers. Suppression is applied later (`tables`), on these results.
"""
from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, case, func
from sqlmodel import select

from portal.accounts.models import Organisation
from portal.db import total_of
from portal.applications.models import Application
from portal.funds.models import Call, Tier
from portal.grants.models import Disbursement, Grant, GrantShare, Tranche
from portal.ledger.invariants import MONEY_OUT
from portal.reports.models import Report

#: The dimensions grants are broken down by, in the order of the grouped query's columns.
DIMENSIONS = ("country", "tier", "theme", "language")


@dataclass(frozen=True)
class Group:
    """Grants of one category: how many, awarded and paid (minor units)."""

    key: object
    grants: int
    awarded_minor: int
    paid_minor: int


def _paid_per_grant(fund_id):
    """Paid per grant: payments whose money has moved (equal to the ledger's disbursed + spent
    accounts of its shares, which `ledger.invariants.disbursements` checks)."""
    return (select(GrantShare.grant_id.label("grant_id"), func.sum(Disbursement.amount_minor).label("paid"))
            .join(Grant, Grant.id == GrantShare.grant_id)
            .join(Tranche, Tranche.share_id == GrantShare.id)
            .join(Disbursement, Disbursement.tranche_id == Tranche.id)
            .where(Grant.fund_id == fund_id, Disbursement.status.in_(MONEY_OUT))
            .group_by(GrantShare.grant_id).subquery())


def grant_groups(session, fund_id):
    """{dimension: [Group]} for country (the applying organisation's), tier, theme and written-in
    language, from one query grouped by all four; Python only adds the grouped rows up."""
    paid = _paid_per_grant(fund_id)
    rows = session.execute(
        select(Organisation.country, Application.tier_id, Grant.theme, Application.written_language,
               func.count(Grant.id), total_of(Grant.amount_minor), total_of(func.coalesce(paid.c.paid, 0)))
        .select_from(Grant)
        .join(Application, Application.id == Grant.application_id)
        .join(Organisation, Organisation.id == Application.organisation_id)
        .outerjoin(paid, paid.c.grant_id == Grant.id)
        .where(Grant.fund_id == fund_id)
        .group_by(Organisation.country, Application.tier_id, Grant.theme, Application.written_language)
    ).all()
    return roll_up(rows, DIMENSIONS, Group)


def roll_up(rows, dimensions, make):
    """Rows grouped by several dimensions (one key each, then integer measures whose second is an
    amount) → {dimension: [make(key, *measures)]}, largest amount first.

    Adding the measures up per dimension is exact because every grant falls in one group."""
    totals = {dimension: {} for dimension in dimensions}
    for row in rows:
        keys, measures = row[:len(dimensions)], [int(value) for value in row[len(dimensions):]]
        for dimension, key in zip(dimensions, keys):
            current = totals[dimension].get(key, [0] * len(measures))
            totals[dimension][key] = [a + b for a, b in zip(current, measures)]
    return {dimension: [make(key, *values) for key, values in
                        sorted(groups.items(), key=lambda pair: (-pair[1][1], str(pair[0])))]
            for dimension, groups in totals.items()}


def tiers_of(session, fund_id):
    """{tier id: (Tier, Call)} for the fund's tiers, to label the tier breakdown and the speed table."""
    rows = session.execute(select(Tier, Call).join(Call, Call.id == Tier.call_id)
                           .where(Call.fund_id == fund_id).order_by(Call.id, Tier.position)).all()
    return {tier.id: (tier, call) for tier, call in rows}


@dataclass(frozen=True)
class Reach:
    """Organisations holding a share of the fund's grants."""

    organisations: int = 0
    first_grant: int = 0
    informal: int = 0
    women_led: int = 0


def organisations_reached(session, fund_id):
    """How many organisations the fund reached, and how many of them got their first Mizani grant
    from it (their earliest grant anywhere is one of this fund's), are informal, are women-led.

    One pass over the shares: per organisation, its first grant here and anywhere."""
    per_org = (select(GrantShare.organisation_id.label("org"),
                      func.min(case((Grant.fund_id == fund_id, Grant.id))).label("first_here"),
                      func.min(Grant.id).label("first_any"))
               .join(Grant, Grant.id == GrantShare.grant_id).group_by(GrantShare.organisation_id).subquery())
    row = session.execute(
        select(func.count(), total_of(case((per_org.c.first_here == per_org.c.first_any, 1), else_=0)),
               total_of(case((Organisation.registered.is_(False), 1), else_=0)),
               total_of(case((Organisation.women_led.is_(True), 1), else_=0)))
        .select_from(per_org).join(Organisation, Organisation.id == per_org.c.org)
        .where(per_org.c.first_here.is_not(None))
    ).one()
    return Reach(*(int(value) for value in row))


@dataclass(frozen=True)
class Consortia:
    """Consortium grants with the same number of member organisations (lead included)."""

    members: int
    grants: int
    lead_minor: int
    total_minor: int


def consortia(session, fund_id):
    """Consortium grants by number of members: how many, their amount and the leads' part of it."""
    per_grant = (select(GrantShare.grant_id, func.count().label("members"),
                        total_of(case((GrantShare.is_lead.is_(True), GrantShare.amount_minor), else_=0)).label("lead"),
                        total_of(GrantShare.amount_minor).label("total"))
                 .join(Grant, Grant.id == GrantShare.grant_id).where(Grant.fund_id == fund_id)
                 .group_by(GrantShare.grant_id).having(func.count() > 1).subquery())
    rows = session.execute(
        select(per_grant.c.members, func.count(), total_of(per_grant.c.lead), total_of(per_grant.c.total))
        .group_by(per_grant.c.members).order_by(per_grant.c.members)
    ).all()
    return [Consortia(*(int(value) for value in row)) for row in rows]


#: Report statuses in the order a report moves through them.
REPORT_ORDER = ("due", "submitted", "changes_requested", "accepted", "waived")


def reports(session, fund_id, today=None):
    """{status: (reports, of which overdue)} for the reports owed on the fund's grants."""
    today = today or date.today()
    late = and_(Report.status.in_(("due", "changes_requested")), Report.due_on < today)
    rows = session.execute(
        select(Report.status, func.count(), total_of(case((late, 1), else_=0)))
        .join(Grant, Grant.id == Report.grant_id).where(Grant.fund_id == fund_id).group_by(Report.status)
    ).all()
    return {status: (int(count), int(overdue)) for status, count, overdue in rows}


@dataclass(frozen=True)
class Story:
    """A grant whose grantee agreed to share her story with donors (never a do-not-publish one)."""

    organisation: str
    country: str
    theme: str | None
    amount_minor: int
    #: What changed, in her words, from her latest accepted report ("" before the first one).
    text: str
    language: str | None


def stories(session, fund_id, limit=10):
    """The newest shared stories: consent given and the grant not flagged "do not publish"."""
    latest = (select(Report.grant_id, func.max(Report.id).label("report_id"))
              .where(Report.status == "accepted").group_by(Report.grant_id).subquery())
    rows = session.execute(
        select(Organisation.name, Organisation.country, Grant.theme, Grant.amount_minor, Report.answers,
               Report.written_language)
        .select_from(Grant)
        .join(Application, Application.id == Grant.application_id)
        .join(Organisation, Organisation.id == Application.organisation_id)
        .outerjoin(latest, latest.c.grant_id == Grant.id)
        .outerjoin(Report, Report.id == latest.c.report_id)
        .where(Grant.fund_id == fund_id, Grant.story_consent.is_(True), Grant.do_not_publish.is_(False))
        .order_by(Grant.id.desc()).limit(limit)
    ).all()
    return [Story(name, country, theme, int(amount), str((answers or {}).get("what_changed", "")), language)
            for name, country, theme, amount, answers, language in rows]
