""""Your contribution": what one donor's money in a fund reached, from the attribution rows.

Each grant records which contributions paid for it (`GrantFunding`, earmarks first, then pro
rata). So a donor's money in a fund is exactly: what her contributions brought in net of fees
= attributed to grants + still unallocated. Only her own donors' contributions are ever read
here: another donor's attribution never reaches her page.
"""
from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import select

from portal.accounts.models import Organisation
from portal.applications.models import Application
from portal.dashboards.queries import roll_up
from portal.db import total_of
from portal.donors.models import Contribution
from portal.grants.models import Grant, GrantFunding


@dataclass(frozen=True)
class Earmarked:
    """The donor's received contributions with one earmark (None: pooled), in the fund's currency."""

    kind: str | None
    value: str | None
    contributions: int
    net_minor: int
    attributed_minor: int

    @property
    def unallocated_minor(self):
        return self.net_minor - self.attributed_minor


def by_earmark(session, fund_id, donor_ids):
    """[Earmarked] for the donors' received contributions: net of fees, attributed, unallocated."""
    used = (select(GrantFunding.contribution_id.label("cid"), func.sum(GrantFunding.amount_minor).label("used"))
            .join(Contribution, Contribution.id == GrantFunding.contribution_id)
            .where(Contribution.fund_id == fund_id, Contribution.donor_id.in_(donor_ids))
            .group_by(GrantFunding.contribution_id).subquery())
    rows = session.execute(
        select(Contribution.earmark_kind, Contribution.earmark_value, func.count(),
               total_of(Contribution.fund_amount_minor - Contribution.fee_minor), total_of(func.coalesce(used.c.used, 0)))
        .outerjoin(used, used.c.cid == Contribution.id)
        .where(Contribution.fund_id == fund_id, Contribution.donor_id.in_(donor_ids), Contribution.status == "received")
        .group_by(Contribution.earmark_kind, Contribution.earmark_value)
        .order_by(Contribution.earmark_kind, Contribution.earmark_value)
    ).all()
    return [Earmarked(kind, value, int(n), int(net), int(attributed)) for kind, value, n, net, attributed in rows]


@dataclass(frozen=True)
class Reached:
    """Grants of one category the donor's money helped pay for, and how much of it went there."""

    key: object
    grants: int
    attributed_minor: int


#: The categories of "where your money went", in the grouped query's column order.
REACHED_BY = ("country", "theme", "tier")


def reached(session, fund_id, donor_ids):
    """{dimension: [Reached]}: one query grouped by country, theme and tier; a grant has one of
    each, so the per-dimension sums add up exactly to what was attributed."""
    rows = session.execute(
        select(Organisation.country, Grant.theme, Application.tier_id,
               func.count(func.distinct(Grant.id)), total_of(GrantFunding.amount_minor))
        .select_from(GrantFunding)
        .join(Contribution, Contribution.id == GrantFunding.contribution_id)
        .join(Grant, Grant.id == GrantFunding.grant_id)
        .join(Application, Application.id == Grant.application_id)
        .join(Organisation, Organisation.id == Application.organisation_id)
        .where(Contribution.fund_id == fund_id, Contribution.donor_id.in_(donor_ids))
        .group_by(Organisation.country, Grant.theme, Application.tier_id)
    ).all()
    return roll_up(rows, REACHED_BY, Reached)
