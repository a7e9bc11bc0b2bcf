"""The dashboard's figures about grants, organisations and reports: GROUP BY queries only.

The counts come from the tallies (dashboards.models, kept by the services), so each query reads
rows bounded by the number of categories (countries × tiers × themes × languages, report
statuses and due dates…), never by the number of grants, and the page stays fast at 100,000
applications and a million ledger entries. Money comes back as integer minor units of the fund's
currency; counts as integers. Suppression is applied later (`tables`), on these results.
"""
from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, case, func
from sqlmodel import select

from portal.accounts.models import Organisation
from portal.applications.models import Application
from portal.dashboards.models import GrantTally, ReachTally, ReportTally
from portal.db import total_of
from portal.funds.models import Call, Tier
from portal.grants.models import Grant
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


def _counted_grants(fund_id, published_only):
    """The fund's grant tally rows; `published_only` leaves out grants flagged "do not publish", as
    the open data does, so that a public figure less the published grants never gives one away."""
    where = [GrantTally.fund_id == fund_id]
    return where + [GrantTally.withheld.is_(False)] if published_only else where


def grant_groups(session, fund_id, published_only=False):
    """{dimension: [Group]} for country (the applying organisation's), tier, theme and written-in
    language, from the fund's grant tallies; Python only adds the grouped rows up."""
    rows = session.execute(
        select(GrantTally.country, GrantTally.tier_id, func.nullif(GrantTally.theme, ""), GrantTally.language,
               total_of(GrantTally.grants), total_of(GrantTally.awarded_minor), total_of(GrantTally.paid_minor))
        .where(*_counted_grants(fund_id, published_only))
        .group_by(GrantTally.country, GrantTally.tier_id, GrantTally.theme, GrantTally.language)
        .having(func.sum(GrantTally.grants) > 0)
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


def organisations_reached(session, fund_id, published_only=False):
    """How many organisations the fund reached, and how many of them got their first Mizani grant
    from it (their earliest grant anywhere is one of this fund's), are informal, are women-led;
    `published_only`: through a grant not flagged "do not publish"."""
    def having(condition):
        return total_of(case((condition, ReachTally.organisations), else_=0))

    row = session.execute(
        select(total_of(ReachTally.organisations), having(ReachTally.first_grant.is_(True)),
               having(ReachTally.registered.is_(False)), having(ReachTally.women_led.is_(True)))
        .where(ReachTally.fund_id == fund_id, *([ReachTally.withheld.is_(False)] if published_only else []))
    ).one()
    return Reach(*(int(value) for value in row))


@dataclass(frozen=True)
class Consortia:
    """Consortium grants with the same number of member organisations (lead included)."""

    members: int
    grants: int
    lead_minor: int
    total_minor: int


def consortia(session, fund_id, published_only=False):
    """Consortium grants by number of members: how many, their amount and the leads' part of it."""
    rows = session.execute(
        select(GrantTally.members, total_of(GrantTally.grants), total_of(GrantTally.lead_minor),
               total_of(GrantTally.awarded_minor))
        .where(*_counted_grants(fund_id, published_only), GrantTally.members > 1)
        .group_by(GrantTally.members).having(func.sum(GrantTally.grants) > 0).order_by(GrantTally.members)
    ).all()
    return [Consortia(*(int(value) for value in row)) for row in rows]


#: Report statuses in the order a report moves through them.
REPORT_ORDER = ("due", "submitted", "changes_requested", "accepted", "waived")


def reports(session, fund_id, today=None):
    """{status: (reports, of which overdue)} for the reports owed on the fund's grants."""
    today = today or date.today()
    late = and_(ReportTally.status.in_(("due", "changes_requested")), ReportTally.due_on < today)
    rows = session.execute(
        select(ReportTally.status, total_of(ReportTally.reports), total_of(case((late, ReportTally.reports), else_=0)))
        .where(ReportTally.fund_id == fund_id).group_by(ReportTally.status)
        .having(func.sum(ReportTally.reports) > 0)
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
