"""The dashboard's figures about grants, organisations and reports: GROUP BY queries only.

The counts come from the tallies (dashboards.models, kept by the services), so each query reads
rows bounded by the number of categories (countries × tiers × themes × languages, report
statuses and due dates…), never by the number of grants, and the page stays fast at 100,000
applications and a million ledger entries. Money comes back as integer minor units of the fund's
currency; counts as integers. Suppression is applied later (`tables`), on these results.
"""
from dataclasses import astuple, dataclass
from datetime import date

from sqlalchemy import and_, case, func
from sqlmodel import select

from portal.accounts.models import Organisation
from portal.applications.models import Application
from portal.dashboards.models import GrantTally, ReachTally, ReportTally
from portal.dashboards.tallies import computed_grants
from portal.db import total_of
from portal.funds.models import Call, Tier
from portal.grants.models import Grant, GrantShare
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


def withheld_grants(session, fund_id):
    """The grant tally's rows for the fund's grants flagged "do not publish" (a handful at most).

    The public page takes them out of its breakdowns: the open data leaves these grants out, so
    a public figure that counted them would give a grant at risk away by difference (the page's
    total for a country less the grants published there)."""
    return session.execute(computed_grants(Grant.fund_id == fund_id, Grant.do_not_publish.is_(True))).all()


def _minus(rows, removed, width):
    """Grouped rows (`width` key columns, then counts, the number of grants first) less other
    rows of the same keys; a group left without grants is dropped."""
    groups = {tuple(row[:width]): [int(value) for value in row[width:]] for row in rows}
    for row in removed:
        key = tuple(row[:width])
        groups[key] = [kept - int(value) for kept, value in zip(groups.get(key, [0] * (len(row) - width)), row[width:])]
    return [(*key, *counts) for key, counts in groups.items() if counts[0] > 0]


def grant_groups(session, fund_id, less=()):
    """{dimension: [Group]} for country (the applying organisation's), tier, theme and written-in
    language, from the fund's grant tallies, less the `withheld_grants` rows given; Python only
    adds the grouped rows up."""
    rows = session.execute(
        select(GrantTally.country, GrantTally.tier_id, func.nullif(GrantTally.theme, ""), GrantTally.language,
               total_of(GrantTally.grants), total_of(GrantTally.awarded_minor), total_of(GrantTally.paid_minor))
        .where(GrantTally.fund_id == fund_id)
        .group_by(GrantTally.country, GrantTally.tier_id, GrantTally.theme, GrantTally.language)
        .having(func.sum(GrantTally.grants) > 0)
    ).all()
    removed = [(country, tier_id, theme or None, language, grants, awarded, paid)
               for _fund, country, tier_id, theme, language, _members, grants, awarded, _lead, paid in less]
    return roll_up(_minus(rows, removed, len(DIMENSIONS)), DIMENSIONS, Group)


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

    def less(self, other):
        return Reach(*(mine - theirs for mine, theirs in zip(astuple(self), astuple(other))))


def _counted(condition, count):
    return total_of(case((condition, count), else_=0))


def organisations_reached(session, fund_id):
    """How many organisations the fund reached, and how many of them got their first Mizani grant
    from it (their earliest grant anywhere is one of this fund's), are informal, are women-led."""
    row = session.execute(
        select(total_of(ReachTally.organisations), _counted(ReachTally.first_grant.is_(True), ReachTally.organisations),
               _counted(ReachTally.registered.is_(False), ReachTally.organisations),
               _counted(ReachTally.women_led.is_(True), ReachTally.organisations))
        .where(ReachTally.fund_id == fund_id)
    ).one()
    return Reach(*(int(value) for value in row))


def withheld_reach(session, fund_id):
    """The organisations the fund reached only through grants flagged "do not publish", counted
    like `organisations_reached`: the public page leaves them out (see `withheld_grants`)."""
    at_risk = (select(GrantShare.organisation_id).join(Grant, Grant.id == GrantShare.grant_id)
               .where(Grant.fund_id == fund_id, Grant.do_not_publish.is_(True)))
    here = (select(GrantShare.organisation_id, func.min(Grant.id).label("first_here"))
            .join(Grant, Grant.id == GrantShare.grant_id)
            .where(Grant.fund_id == fund_id, GrantShare.organisation_id.in_(at_risk))
            .group_by(GrantShare.organisation_id)
            .having(func.sum(case((Grant.do_not_publish.is_(True), 0), else_=1)) == 0).subquery())
    first_anywhere = (select(func.min(GrantShare.grant_id))
                      .where(GrantShare.organisation_id == here.c.organisation_id).scalar_subquery())
    row = session.execute(
        select(func.count(), _counted(here.c.first_here == first_anywhere, 1),
               _counted(Organisation.registered.is_(False), 1), _counted(Organisation.women_led.is_(True), 1))
        .select_from(here).join(Organisation, Organisation.id == here.c.organisation_id)
    ).one()
    return Reach(*(int(value) for value in row))


@dataclass(frozen=True)
class Consortia:
    """Consortium grants with the same number of member organisations (lead included)."""

    members: int
    grants: int
    lead_minor: int
    total_minor: int


def consortia(session, fund_id, less=()):
    """Consortium grants by number of members: how many, their amount and the leads' part of it
    (less the `withheld_grants` rows given)."""
    rows = session.execute(
        select(GrantTally.members, total_of(GrantTally.grants), total_of(GrantTally.lead_minor),
               total_of(GrantTally.awarded_minor))
        .where(GrantTally.fund_id == fund_id, GrantTally.members > 1)
        .group_by(GrantTally.members).having(func.sum(GrantTally.grants) > 0)
    ).all()
    removed = [(members, grants, lead, awarded)
               for _fund, _country, _tier, _theme, _language, members, grants, awarded, lead, _paid in less if members > 1]
    return [Consortia(*row) for row in sorted(_minus(rows, removed, 1))]


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
